package org.garant.monitor.sense;

/** What a sensor is. Acoustic sensors report arrival times (arrays also a bearing); radar and cameras come later. */
public enum SensorKind {
    ACOUSTIC_ARRAY, MICROPHONE, RADAR, CAMERA
}
