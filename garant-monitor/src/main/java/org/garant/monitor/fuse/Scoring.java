package org.garant.monitor.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.simulate.TruthRecord;

/**
 * Scores fused events against the simulator's truth. Events are matched one-to-one to true launches and impacts
 * within 500 m and 5 s, greedily by the normalised cost √((d/500 m)² + (Δt/5 s)²), lowest first (time matters:
 * the rockets of a ripple leave from one spot a second apart).
 * <ul>
 *   <li>precision = matched / events; recall = matched / true launches and impacts; f1 their harmonic mean;</li>
 *   <li>rmse_m and cep50_m (median error) over matched events;</li>
 *   <li>crlb_ratio = rmse of matched events / root-mean of their CRLB position σ (√trace);</li>
 *   <li>pairing_accuracy: among matched impacts whose true launch was also matched, the share paired with exactly
 *       that launch's event;</li>
 *   <li>gospa: the generalised OSPA (c = 500 m, p = 2, α = 2) over the whole run, normalised per object:
 *       √((Σ d² + c²/2 · (missed + false)) / max(true, events));</li>
 *   <li>ellipse_coverage_95: among matched events, the share whose truth lies within the event's own 95 % error
 *       ellipse (squared Mahalanobis distance under its reported covariance ≤ 5.99): 0.95 when the reported
 *       uncertainty is honest, less when the ellipses are too small.</li>
 * </ul>
 */
public final class Scoring {
    public static final double MATCH_M = 500;
    public static final double MATCH_S = 5;

    public record Score(long events, long truth, long matched, double precision, double recall, double f1, double rmseM,
                        double cep50M, double crlbRatio, double pairingAccuracy, long pairable, double gospa,
                        double ellipseCoverage95) {
    }

    /** χ² with two degrees of freedom at 95 %: a truth within the event's 95 % error ellipse has d² ≤ this. */
    static final double CHI2_2DOF_95 = -2 * Math.log(0.05);

    private Scoring() {
    }

    /**
     * The one-to-one matching used by {@link #score}: for each event, the index into {@code truth} of the true
     * launch or impact it matches, or -1.
     */
    public static int[] match(List<Event> events, List<TruthRecord> truth) {
        TruthRecord[] ts = truth.toArray(new TruthRecord[0]);
        Integer[] order = new Integer[ts.length];
        for (int i = 0; i < ts.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> ts[i].timeNs()));
        List<TruthRecord> sorted = new ArrayList<>();
        for (Integer i : order) {
            sorted.add(ts[i]);
        }
        int[] m = matchSorted(events, sorted.toArray(new TruthRecord[0]));
        for (int i = 0; i < m.length; i++) {
            m[i] = m[i] < 0 ? -1 : order[m[i]];
        }
        return m;
    }

    private static int[] matchSorted(List<Event> events, TruthRecord[] ts) {
        long[] times = new long[ts.length];
        for (int i = 0; i < ts.length; i++) {
            times[i] = ts[i].timeNs();
        }
        record Pair(int e, int t, double cost) {
        }
        List<Pair> pairs = new ArrayList<>();
        long window = (long) (MATCH_S * 1e9);
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            int from = Arrays.binarySearch(times, e.timeNs() - window);
            from = from < 0 ? -from - 1 : from;
            while (from > 0 && times[from - 1] >= e.timeNs() - window) {
                from--;
            }
            for (int j = from; j < ts.length && times[j] <= e.timeNs() + window; j++) {
                double d = Math.hypot(e.x() - ts[j].x(), e.y() - ts[j].y());
                if (d <= MATCH_M) {
                    pairs.add(new Pair(i, j, Math.hypot(d / MATCH_M, (e.timeNs() - times[j]) / 1e9 / MATCH_S)));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::cost));
        int[] eventToTruth = new int[events.size()];
        boolean[] used = new boolean[ts.length];
        Arrays.fill(eventToTruth, -1);
        for (Pair p : pairs) {
            if (eventToTruth[p.e()] < 0 && !used[p.t()]) {
                eventToTruth[p.e()] = p.t();
                used[p.t()] = true;
            }
        }
        return eventToTruth;
    }

    public static Score score(List<Event> events, List<TruthRecord> truth) {
        TruthRecord[] ts = truth.toArray(new TruthRecord[0]);
        Arrays.sort(ts, Comparator.comparingLong(TruthRecord::timeNs));
        int[] eventToTruth = matchSorted(events, ts);
        int[] truthToEvent = new int[ts.length];
        Arrays.fill(truthToEvent, -1);
        List<Double> errors = new ArrayList<>();
        double sumSq = 0;
        double sumCrlb = 0;
        long inside = 0;
        for (int i = 0; i < eventToTruth.length; i++) {
            int t = eventToTruth[i];
            if (t < 0) {
                continue;
            }
            truthToEvent[t] = i;
            double d = Math.hypot(events.get(i).x() - ts[t].x(), events.get(i).y() - ts[t].y());
            errors.add(d);
            sumSq += d * d;
            double cr = events.get(i).crlbSigmaM();
            sumCrlb += cr * cr;
            if (mahalanobis2(events.get(i), ts[t].x(), ts[t].y()) <= CHI2_2DOF_95) {
                inside++;
            }
        }
        long matched = errors.size();
        double precision = events.isEmpty() ? 0 : matched / (double) events.size();
        double recall = ts.length == 0 ? 0 : matched / (double) ts.length;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double rmse = matched == 0 ? Double.NaN : Math.sqrt(sumSq / matched);
        errors.sort(Double::compare);
        double cep50 = matched == 0 ? Double.NaN : errors.get((int) (matched / 2));
        double crlbRatio = matched == 0 ? Double.NaN : rmse / Math.sqrt(sumCrlb / matched);
        // pairing
        Map<String, Integer> eventIndex = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            eventIndex.put(events.get(i).id(), i);
        }
        Map<Long, Integer> launchTruthByRound = new HashMap<>();
        for (int j = 0; j < ts.length; j++) {
            if (ts[j].kind() == KindHint.LAUNCH) {
                launchTruthByRound.put(ts[j].roundId(), j);
            }
        }
        long pairable = 0;
        long correct = 0;
        for (int i = 0; i < events.size(); i++) {
            int t = eventToTruth[i];
            if (t < 0 || ts[t].kind() != KindHint.IMPACT) {
                continue;
            }
            Integer launchTruth = launchTruthByRound.get(ts[t].roundId());
            if (launchTruth == null || truthToEvent[launchTruth] < 0) {
                continue;
            }
            pairable++;
            String partner = events.get(i).pairedWith();
            if (partner != null && eventIndex.containsKey(partner) && eventIndex.get(partner) == truthToEvent[launchTruth]) {
                correct++;
            }
        }
        double pairing = pairable == 0 ? Double.NaN : correct / (double) pairable;
        double c2 = MATCH_M * MATCH_M;
        long missed = ts.length - matched;
        long falses = events.size() - matched;
        long norm = Math.max(1, Math.max(ts.length, events.size()));
        double gospa = Math.sqrt((sumSq + c2 / 2 * (missed + falses)) / norm);
        double coverage = matched == 0 ? Double.NaN : inside / (double) matched;
        return new Score(events.size(), ts.length, matched, precision, recall, f1, rmse, cep50, crlbRatio, pairing, pairable, gospa,
                coverage);
    }

    /** Squared Mahalanobis distance of (x, y) from the event under its reported position covariance; ∞ if singular. */
    static double mahalanobis2(Event e, double x, double y) {
        double dx = x - e.x();
        double dy = y - e.y();
        double det = e.cxx() * e.cyy() - e.cxy() * e.cxy();
        if (!(det > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return (e.cyy() * dx * dx - 2 * e.cxy() * dx * dy + e.cxx() * dy * dy) / det;
    }
}
