package org.garant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedBodiesTest {
    @TempDir
    Path dir;

    @Test
    void bodiesReadBackAcrossSegmentsAndTheFileIsNeverLeftBehind() throws Exception {
        List<String> written = new ArrayList<>();
        List<long[]> where = new ArrayList<>();
        try (MappedBodies bodies = new MappedBodies(dir)) {
            // the scratch file is unlinked as soon as it is open
            try (var files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
            // 20 MB bodies: the fourth does not fit in the first 64 MB segment and starts the second
            for (int i = 0; i < 5; i++) {
                String body = "{\"n\":" + i + ",\"pad\":\"" + "абв".repeat((20 << 20) / 6) + "\"}";
                byte[] b = MappedBodies.encode(body);
                long at = bodies.append(b);
                written.add(body);
                where.add(new long[] {at, b.length});
            }
            assertThat(where.get(3)[0]).isEqualTo(MappedBodies.SEGMENT);
            for (int i = 0; i < 5; i++) {
                assertThat(bodies.read(where.get(i)[0], (int) where.get(i)[1])).isEqualTo(written.get(i));
            }
            long small = bodies.append(MappedBodies.encode("{}"));
            assertThat(bodies.read(small, 2)).isEqualTo("{}");
        }
    }

    @Test
    void aBodyLargerThanASegmentIsRefusedBeforeAnythingIsStored() {
        String huge = "x".repeat(MappedBodies.SEGMENT + 1);
        assertThatThrownBy(() -> MappedBodies.encode(huge)).isInstanceOf(StoreException.class).hasMessageContaining("larger than");
    }
}
