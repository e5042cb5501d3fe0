package org.garant.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.garant.geo.demo.DemoTheatre;
import org.garant.plan.io.CoalitionCsv;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad coalition files get errors naming file, line, column and value. */
class CoalitionCsvTest {
    @TempDir
    Path dir;

    @BeforeEach
    void good() throws IOException {
        Files.writeString(dir.resolve("nations.csv"), "iso3,name\nGBR,United Kingdom\n");
        Files.writeString(dir.resolve("conditions.csv"), "id,description\nUS_BACKSTOP,backstop\n");
        Files.writeString(dir.resolve("sites.csv"), "id,name,kind,oblast,capacity,lat,lon\nKYIV,Kyiv,CITY,Kyiv City,5000,50.45,30.52\n");
        Files.writeString(dir.resolve("requirements.csv"), "id,capability,quantity,site,from_month,to_month,priority\n"
                + "R1,INFANTRY_BATTALION,2,KYIV,1,24,1\n");
        Files.writeString(dir.resolve("pledges.csv"), "id,nation,unit,capability,personnel,readiness,days_to_deploy,from_month,to_month,max_tour_months,conditions\n"
                + "P1,GBR,1st Bn,INFANTRY_BATTALION,600,R1,20,1,24,6,US_BACKSTOP\n");
        Files.writeString(dir.resolve("caveats.csv"), "pledge,type,value\nP1,MIN_DISTANCE_KM,100\n");
    }

    @Test
    void aGoodFolderReads() {
        CoalitionCsv.Result r = CoalitionCsv.read(dir, DemoTheatre.theatre());
        assertThat(r.coalition().pledges()).singleElement().satisfies(p -> assertThat(p.caveats()).hasSize(1));
        assertThat(r.warnings()).isEmpty();
        assertThat(r.coalition().sites().get(0).distanceKm()).isGreaterThan(300);
    }

    @Test
    void theSameCoalitionAsOneJsonDocument() throws IOException {
        Path json = dir.resolve("coalition.json");
        Files.writeString(json, "{\"nations\":[{\"iso3\":\"GBR\",\"name\":\"United Kingdom\"}],"
                + "\"conditions\":[{\"id\":\"US_BACKSTOP\",\"description\":\"backstop\"}],"
                + "\"sites\":[{\"id\":\"KYIV\",\"name\":\"Kyiv\",\"kind\":\"CITY\",\"oblast\":\"Kyiv City\",\"capacity\":5000,\"lat\":50.45,\"lon\":30.52}],"
                + "\"requirements\":[{\"id\":\"R1\",\"capability\":\"INFANTRY_BATTALION\",\"quantity\":2,\"site\":\"KYIV\",\"from_month\":1,\"to_month\":24,\"priority\":1}],"
                + "\"pledges\":[{\"id\":\"P1\",\"nation\":\"GBR\",\"unit\":\"1st Bn\",\"capability\":\"INFANTRY_BATTALION\",\"personnel\":600,"
                + "\"readiness\":\"R1\",\"days_to_deploy\":20,\"from_month\":1,\"to_month\":24,\"max_tour_months\":6,\"conditions\":[\"US_BACKSTOP\"]},"
                + "{\"id\":\"P2\",\"nation\":\"FRA\",\"unit\":\"x\",\"capability\":\"INFANTRY_BATTALION\",\"personnel\":600,"
                + "\"readiness\":\"R1\",\"days_to_deploy\":20,\"from_month\":1,\"to_month\":24,\"max_tour_months\":6,\"conditions\":[]}],"
                + "\"caveats\":[]}");
        assertThatThrownBy(() -> CoalitionCsv.read(json, DemoTheatre.theatre()))
                .hasMessageContaining("coalition.json#pledges.csv: line 3, column 'nation'").hasMessageContaining("'FRA'");
        Files.writeString(json, Files.readString(json).replace(",{\"id\":\"P2\",\"nation\":\"FRA\",\"unit\":\"x\",\"capability\":\"INFANTRY_BATTALION\",\"personnel\":600,"
                + "\"readiness\":\"R1\",\"days_to_deploy\":20,\"from_month\":1,\"to_month\":24,\"max_tour_months\":6,\"conditions\":[]}", ""));
        CoalitionCsv.Result r = CoalitionCsv.read(json, DemoTheatre.theatre());
        assertThat(r.coalition().pledges()).singleElement().satisfies(p -> assertThat(p.conditions()).containsExactly("US_BACKSTOP"));
    }

    @Test
    void unknownCapability() throws IOException {
        Files.writeString(dir.resolve("requirements.csv"), "id,capability,quantity,site,from_month,to_month,priority\nR1,DRAGONS,2,KYIV,1,24,1\n");
        assertThatThrownBy(() -> CoalitionCsv.read(dir, DemoTheatre.theatre()))
                .hasMessageContaining("requirements.csv: line 2, column 'capability'").hasMessageContaining("'DRAGONS'");
    }

    @Test
    void unknownNationAndSiteAndNegativeQuantity() throws IOException {
        Files.writeString(dir.resolve("pledges.csv"), "id,nation,unit,capability,personnel,readiness,days_to_deploy,from_month,to_month,max_tour_months,conditions\n"
                + "P1,XYZ,1st Bn,INFANTRY_BATTALION,600,R1,20,1,24,6,\n");
        assertThatThrownBy(() -> CoalitionCsv.read(dir, DemoTheatre.theatre())).hasMessageContaining("pledges.csv: line 2, column 'nation'");
        good();
        Files.writeString(dir.resolve("requirements.csv"), "id,capability,quantity,site,from_month,to_month,priority\nR1,INFANTRY_BATTALION,2,MARS,1,24,1\n");
        assertThatThrownBy(() -> CoalitionCsv.read(dir, DemoTheatre.theatre())).hasMessageContaining("column 'site'").hasMessageContaining("'MARS'");
        Files.writeString(dir.resolve("requirements.csv"), "id,capability,quantity,site,from_month,to_month,priority\nR1,INFANTRY_BATTALION,-2,KYIV,1,24,1\n");
        assertThatThrownBy(() -> CoalitionCsv.read(dir, DemoTheatre.theatre())).hasMessageContaining("column 'quantity'").hasMessageContaining("'-2'");
    }

    @Test
    void undefinedConditionIsAnErrorAndAnImpossibleCaveatAWarning() throws IOException {
        Files.writeString(dir.resolve("pledges.csv"), "id,nation,unit,capability,personnel,readiness,days_to_deploy,from_month,to_month,max_tour_months,conditions\n"
                + "P1,GBR,1st Bn,INFANTRY_BATTALION,600,R1,20,1,24,6,UN_MANDATE\n");
        assertThatThrownBy(() -> CoalitionCsv.read(dir, DemoTheatre.theatre())).hasMessageContaining("column 'conditions'")
                .hasMessageContaining("undefined condition 'UN_MANDATE'");
        good();
        Files.writeString(dir.resolve("caveats.csv"), "pledge,type,value\nP1,SITE_KINDS,PORT\n");
        assertThat(CoalitionCsv.read(dir, DemoTheatre.theatre()).warnings()).singleElement().asString()
                .contains("pledge P1").contains("allow no site");
    }
}
