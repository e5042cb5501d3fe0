package org.garant.monitor.sense;

/** What a detection sounds like to the sensor's classifier: a launch (muzzle blast), an impact, or unknown. */
public enum KindHint {
    LAUNCH, IMPACT, UNKNOWN
}
