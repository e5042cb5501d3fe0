package org.garant.geo.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.garant.geo.SharedData;
import org.garant.geo.Site;
import org.garant.geo.demo.DemoTheatre;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteImportTest {
    @TempDir
    Path dir;

    @Test
    void badRowsAreRejectedWithLineAndColumn_andTheRestKept() throws IOException {
        Path p = dir.resolve("cities.csv");
        Files.writeString(p, "name,population,lat,lon\n"
                + "Kyiv,2952000,50.45,30.52\n"
                + "\"Nowhere, Big\",10,,\n"
                + "Badlat,10,95,30\n"
                + "Badpop,many,48,30\n"
                + "\"Odesa\",\"1,011,000\",46.48,30.72\n");
        SiteImport.Result r = SiteImport.cities(p);
        assertThat(r.sites()).extracting(Site::name).containsExactly("Kyiv", "Odesa");
        assertThat(r.sites().get(1).population()).isEqualTo(1_011_000);
        assertThat(r.rejected()).hasSize(3);
        assertThat(r.rejected().get(0)).contains("cities.csv: line 3, column 'lat'").contains("no coordinates for 'Nowhere, Big'");
        assertThat(r.rejected().get(1)).contains("line 4, column 'lat'").contains("out of range");
        assertThat(r.rejected().get(2)).contains("line 5, column 'population'").contains("'many'");
    }

    @Test
    void aFileWithoutTheNeededColumnsIsRefused() throws IOException {
        Path p = dir.resolve("x.csv");
        Files.writeString(p, "city,people\nKyiv,1\n");
        assertThatThrownBy(() -> SiteImport.cities(p)).hasMessageContaining("line 1: no column 'name'");
    }

    @Test
    void controlCitiesFileReadsAsItIs() {
        SiteImport.Result r = SiteImport.cities(SharedData.file("cities-boundaries/controlCities_latest_2024-08-17.csv"));
        assertThat(r.sites().size() + r.rejected().size()).isEqualTo(534);
        assertThat(r.rejected()).hasSize(24); // the 24 rows without Lat/Lon, each reported
        assertThat(r.sites()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("Kyiv");
            assertThat(s.controlStatus()).isEqualTo("Ukraine");
        });
    }

    @Test
    void demoCitiesAreAllValid() {
        SiteImport.Result r = DemoTheatre.cities();
        assertThat(r.rejected()).isEmpty();
        assertThat(r.sites()).hasSizeGreaterThan(50);
        assertThat(r.sites()).allSatisfy(s -> assertThat(DemoTheatre.theatre().locate(s.position()).side())
                .isNotEqualTo(org.garant.geo.Side.OUTSIDE));
    }
}
