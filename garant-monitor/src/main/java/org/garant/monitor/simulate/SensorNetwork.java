package org.garant.monitor.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.garant.geo.LatLon;
import org.garant.geo.Theatre;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.sense.SensorKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Places a monitoring network along the contact line: rows of sensors at given depths on both sides, a sensor
 * every {@code spacingM} along each row. A row is the offset curve of the line at its depth (the boundary of the
 * line's buffer) clipped to its side and kept 2 km inside Ukraine, so rows follow the line's bends.
 * The middle row is acoustic arrays (time and bearing); the others are microphones (time only).
 */
public final class SensorNetwork {
    /** Placement and sensor parameters. Defaults: rows at 3, 9 and 15 km on each side, a sensor every 5 km. */
    public record Options(double spacingM, double[] depthsM, double clockSigmaS, double arrayClockSigmaS,
                          double bearingSigmaDeg, double rangeM, double pdNear, double falseAlarmsPerHour) {
        public static Options defaults() {
            return new Options(5_000, new double[] {3_000, 9_000, 15_000}, 0.002, 0.001, 2.0, 20_000, 0.95, 0.5);
        }
    }

    private SensorNetwork() {
    }

    public static List<Sensor> place(Theatre theatre, Options o) {
        Geometry line = theatre.contactLineProjected();
        Geometry inside = theatre.ukraineProjected().buffer(-2_000);
        Geometry[] sides = {theatre.heldProjected(), theatre.occupiedProjected()};
        String[] sideCode = {"U", "O"};
        List<Sensor> out = new ArrayList<>();
        for (int row = 0; row < o.depthsM().length; row++) {
            double depth = o.depthsM()[row];
            boolean array = row == o.depthsM().length / 2;
            Geometry offset = line.buffer(depth, 16).getBoundary();
            for (int s = 0; s < 2; s++) {
                Geometry rowLine = OverlayNGRobust.overlay(OverlayNGRobust.overlay(offset, sides[s], OverlayNG.INTERSECTION),
                        inside, OverlayNG.INTERSECTION);
                int k = 0;
                for (Object part : LinearComponentExtracter.getLines(rowLine)) {
                    LineString ls = (LineString) part;
                    LengthIndexedLine lil = new LengthIndexedLine(ls);
                    for (double at = o.spacingM() / 2; at < ls.getLength(); at += o.spacingM()) {
                        Coordinate c = lil.extractPoint(at);
                        double[] ll = new double[2];
                        TheatreProjection.inverse(c.x, c.y, ll);
                        String id = String.format(Locale.ROOT, "%s%d-%04d", sideCode[s], row + 1, k++);
                        out.add(Sensor.of(id, new LatLon(ll[1], ll[0]),
                                array ? SensorKind.ACOUSTIC_ARRAY : SensorKind.MICROPHONE,
                                array ? o.arrayClockSigmaS() : o.clockSigmaS(), o.rangeM(), o.pdNear(),
                                o.falseAlarmsPerHour(), array ? o.bearingSigmaDeg() : Double.NaN));
                    }
                }
            }
        }
        return out;
    }
}
