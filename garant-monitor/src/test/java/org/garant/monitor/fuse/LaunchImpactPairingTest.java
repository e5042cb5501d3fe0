package org.garant.monitor.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.garant.geo.LatLon;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;
import org.junit.jupiter.api.Test;

/** Launch–impact pairing on crafted events: the best fit over the window, and MLRS ripples. */
class LaunchImpactPairingTest {
    private static Event event(String id, double tS, double x, double y, KindHint kind) {
        return new Event(id, (long) (tS * 1e9), new LatLon(48, 37), x, y, 1, 0, 1, kind, null, List.of(), 0, 1, null);
    }

    private static Map<String, Event> pair(Event... events) {
        List<Event> out = new ArrayList<>();
        LaunchImpactPairing pairing = new LaunchImpactPairing(out::add, 100);
        for (Event e : events) {
            pairing.accept(e);
        }
        pairing.flush();
        assertThat(out).extracting(Event::id).containsExactly(List.of(events).stream().map(Event::id).toArray(String[]::new));
        return out.stream().collect(Collectors.toMap(Event::id, Function.identity()));
    }

    @Test
    void anImpactGoesToTheLaunchItFitsBestEvenIfAnEarlierLaunchFitsIt() {
        // a gun's flight over 20 km is 52 s: the impact is 1.5 s late for the first launch (z 2.4, a possible pair)
        // and on time for the second, fired 1.5 s later from 500 m away (z 0.03)
        Map<String, Event> e = pair(
                event("L1", 0, 0, 0, KindHint.LAUNCH),
                event("L2", 1.5, 0, 500, KindHint.LAUNCH),
                event("I", 53.5, 20_000, 0, KindHint.IMPACT));
        assertThat(e.get("I").pairedWith()).isEqualTo("L2");
        assertThat(e.get("L2").pairedWith()).isEqualTo("I");
        assertThat(e.get("I").weaponClass()).isEqualTo(WeaponClass.TUBE_ARTILLERY);
        assertThat(e.get("L1").pairedWith()).isNull();
    }

    @Test
    void aLaunchWithAnotherFromTheSamePlaceWithinThreeSecondsIsARocketOfARipple() {
        // the impact's 52 s flight over 20 km fits a gun; a second launch 100 m away 2 s later makes both rockets,
        // whose flight would be 35 s: no pair. 1 km away it is no ripple, and the gun pair stands.
        Map<String, Event> ripple = twoLaunchesAndAnImpact(100, 52);
        assertThat(ripple.get("I").pairedWith()).isNull();
        Map<String, Event> apart = twoLaunchesAndAnImpact(1_000, 52);
        assertThat(apart.get("I").pairedWith()).isEqualTo("A");
        assertThat(apart.get("I").weaponClass()).isEqualTo(WeaponClass.TUBE_ARTILLERY);
        // a rocket's flight: the ripple's first launch pairs as MLRS
        Map<String, Event> rocket = twoLaunchesAndAnImpact(100, 2 + 20_000 / 600.0);
        assertThat(rocket.get("I").pairedWith()).isEqualTo("A");
        assertThat(rocket.get("I").weaponClass()).isEqualTo(WeaponClass.MLRS);
    }

    /** Launch A at the origin at 0 s, launch B {@code apartM} east of it 2 s later, impact I 20 km east at {@code impactS}. */
    private static Map<String, Event> twoLaunchesAndAnImpact(double apartM, double impactS) {
        return pair(
                event("A", 0, 0, 0, KindHint.LAUNCH),
                event("B", 2, apartM, 0, KindHint.LAUNCH),
                event("I", impactS, 20_000, 0, KindHint.IMPACT));
    }

    @Test
    void aBurstHeldAtOnceKeepsEveryPair() {
        // 600 events held at once: launches 50 km apart, each impact 20 km on and
        // a gun's 52 s later (the next launch, 30 km away, would fit a rocket's flight at z 0.16: the gun's z 0 wins)
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            events.add(event("L" + k, k * 0.1, k * 50_000.0, 0, KindHint.LAUNCH));
        }
        for (int k = 0; k < 300; k++) {
            events.add(event("I" + k, k * 0.1 + 52, k * 50_000.0 + 20_000, 0, KindHint.IMPACT));
        }
        Map<String, Event> e = pair(events.toArray(new Event[0]));
        for (int k = 0; k < 300; k++) {
            assertThat(e.get("I" + k).pairedWith()).as("impact %d", k).isEqualTo("L" + k);
            assertThat(e.get("I" + k).weaponClass()).isEqualTo(WeaponClass.TUBE_ARTILLERY);
        }
    }
}
