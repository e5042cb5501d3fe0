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
