package org.garant.monitor.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.garant.geo.LatLon;
import org.garant.geo.Side;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;
import org.garant.monitor.simulate.TruthRecord;
import org.junit.jupiter.api.Test;

class ScoringTest {
    /**
     * Ten impacts, each located by an event with an ellipse elongated east–west (σ 20 m east, 5 m north, no
     * correlation) and the truth 30 m off: east of the event the truth is 1.5σ away (inside the 95 % ellipse,
     * d² 2.25 ≤ 5.99), north of it 6σ away (outside). Seven east and three north: coverage 0.7, though every error is
     * the same 30 m. A singular covariance never covers.
     */
    @Test
    void ellipseCoverageCountsTruthsInsideTheEventsOwnNinetyFivePercentEllipse() {
        List<Event> events = new ArrayList<>();
        List<TruthRecord> truth = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t = i * 60_000_000_000L;
            double x = i * 10_000;
            events.add(new Event("e" + i, t, new LatLon(48, 37), x, 0, 400, 0, 25, KindHint.IMPACT, null, List.of("d" + i),
                    0.001, 5, null));
            boolean east = i < 7;
            truth.add(new TruthRecord(i, KindHint.IMPACT, Side.OCCUPIED, WeaponClass.TUBE_ARTILLERY, t, x + (east ? 30 : 0),
                    east ? 0 : 30));
        }
        Scoring.Score s = Scoring.score(events, truth);
        assertThat(s.matched()).isEqualTo(10);
        assertThat(s.rmseM()).isCloseTo(30, within(1e-9));
        assertThat(s.ellipseCoverage95()).isCloseTo(0.7, within(1e-12));
        Event singular = new Event("s", 0, new LatLon(48, 37), 0, 0, 0, 0, 0, KindHint.IMPACT, null, List.of("d"), 0, 0, null);
        assertThat(Scoring.mahalanobis2(singular, 0, 0)).isInfinite();
    }
}
