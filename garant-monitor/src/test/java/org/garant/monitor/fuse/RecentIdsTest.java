package org.garant.monitor.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine's duplicate-id set: an open-addressing table with backward-shift removal, against a HashSet. */
class RecentIdsTest {
    @Test
    void aDuplicateIsRefusedUntilItsArrivalIsForgotten() {
        FusionEngine.RecentIds ids = new FusionEngine.RecentIds();
        assertThat(ids.add("d1", 10)).isTrue();
        assertThat(ids.add("d2", 20)).isTrue();
        assertThat(ids.add(new String("d1"), 30)).isFalse();
        ids.forgetBefore(15);
        assertThat(ids.size()).isEqualTo(1);
        assertThat(ids.add("d1", 40)).isTrue();
        assertThat(ids.add("d2", 50)).isFalse();
    }

    @Test
    void agreesWithAHashSetThroughGrowthCollisionsAndRemovals() {
        // ids that follow each other (hashes one apart) and ids of equal hash ("Aa" and "BB" hash alike), added and
        // forgotten in a sliding window that grows the table three times and then narrows again; every answer checked
        FusionEngine.RecentIds ids = new FusionEngine.RecentIds();
        Set<String> known = new HashSet<>();
        ArrayDeque<String> order = new ArrayDeque<>();
        ArrayDeque<Long> times = new ArrayDeque<>();
        Random random = new Random(5);
        long t = 0;
        for (int k = 0; k < 200_000; k++) {
            t++;
            String id = switch (random.nextInt(4)) {
                case 0 -> "d" + k;
                case 1 -> (random.nextBoolean() ? "Aa" : "BB") + (k % 5000);
                case 2 -> "d" + Math.max(0, k - random.nextInt(6000));
                default -> "s" + random.nextInt(3000) + "-" + (k / 7);
            };
            boolean fresh = known.add(id);
            assertThat(ids.add(id, t)).as("id %s at %d", id, k).isEqualTo(fresh);
            if (fresh) {
                order.add(id);
                times.add(t);
            }
            // a window of 1,000 steps at first, 5,000 in the middle, 500 at the end
            long window = k < 50_000 ? 1_000 : k < 150_000 ? 5_000 : 500;
            ids.forgetBefore(t - window);
            while (!times.isEmpty() && times.peekFirst() < t - window) {
                times.pollFirst();
                known.remove(order.pollFirst());
            }
            assertThat(ids.size()).isEqualTo(known.size());
        }
    }
}
