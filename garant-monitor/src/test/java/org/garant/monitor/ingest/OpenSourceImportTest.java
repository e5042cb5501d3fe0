package org.garant.monitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSourceImportTest {
    @TempDir
    Path dir;

    static Path shared(String rel) {
        Path p = Path.of(System.getProperty("garant.sharedData", "../../shared/data")).resolve(rel);
        assumeThat(Files.isRegularFile(p)).as("skipped: ../shared/data absent").isTrue();
        return p;
    }

    @Test
    void firmsRowsBecomeReportsWithPixelUncertaintyAndBadRowsAreNamed() throws IOException {
        Path f = dir.resolve("firms.csv");
        Files.writeString(f, "latitude,longitude,brightness,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_t31,frp,daynight\n"
                + "47.62075,35.71787,344.94,0.52,0.5,2023-02-24,1106,N,VIIRS,n,2.0NRT,269.52,7.75,D\n"
                + "47.6,abc,344.94,0.52,0.5,2023-02-24,1106,N,VIIRS,n,2.0NRT,269.52,7.75,D\n"
                + "47.6,35.7,344.94,0.52,0.5,2023-02-24,2575,N,VIIRS,n,2.0NRT,269.52,7.75,D\n"
                + "47.6,35.7,344.94,0.52,0.5,24.02.2023,1106,N,VIIRS,n,2.0NRT,269.52,7.75,D\n");
        List<Report> good = new ArrayList<>();
        List<OpenSourceImport.Rejected> bad = new ArrayList<>();
        OpenSourceImport.firms(f, good::add, bad::add);
        assertThat(good).singleElement().satisfies(r -> {
            assertThat(r.uncertaintyM()).isCloseTo(500 * Math.hypot(0.52, 0.5), org.assertj.core.api.Assertions.within(1e-6));
            assertThat(java.time.Instant.ofEpochSecond(0, r.timeNs())).hasToString("2023-02-24T11:06:00Z");
        });
        assertThat(bad).extracting(OpenSourceImport.Rejected::line).containsExactly(3L, 4L, 5L);
        assertThat(bad.get(0).reason()).contains("'lon'").contains("'abc'");
        assertThat(bad.get(1).reason()).contains("acq_time");
        assertThat(bad.get(2).reason()).contains("acq_date");
    }

    @Test
    void realFilesImportWithEveryRejectionReported() {
        List<Report> good = new ArrayList<>();
        List<OpenSourceImport.Rejected> bad = new ArrayList<>();
        OpenSourceImport.cirBellingcat(shared("events/cir_bellingcat_eyes_on_russia_events.csv"), good::add, bad::add);
        assertThat(good.size() + bad.size()).isEqualTo(6650);
        assertThat(bad).allSatisfy(b -> assertThat(b.reason()).isNotBlank());
        good.clear();
        bad.clear();
        OpenSourceImport.civilianHarm(shared("events/bellingcat_civharm_export_events.json"), good::add, bad::add);
        assertThat(good).hasSize(1159);
        good.clear();
        OpenSourceImport.firms(shared("firms-viirs/fire_nrt_SV-C2_400448.csv"), good::add, bad::add);
        assertThat(good).hasSize(42415);
    }
}
