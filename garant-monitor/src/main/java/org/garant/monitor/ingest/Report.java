package org.garant.monitor.ingest;

import org.garant.geo.LatLon;

/**
 * A report of something that happened, from a real open source (CIR/Bellingcat, Bellingcat civilian harm, NASA
 * FIRMS VIIRS), normalised: when, where with how much positional uncertainty, what, and where it came from.
 *
 * @param id            the source's own id (or {@code file:line} when it has none)
 * @param source        the source's name, e.g. {@code CIR/Bellingcat}
 * @param timeNs        when, ns since the epoch (midnight UTC when the source gives only a date)
 * @param position      where
 * @param uncertaintyM  radius of the positional uncertainty, metres
 * @param kind          what, in the source's words (event group, fire, civilian harm category)
 * @param description   free text
 * @param line          the line (or array index) in the source file
 */
public record Report(String id, String source, long timeNs, LatLon position, double uncertaintyM, String kind,
                     String description, long line) {
}
