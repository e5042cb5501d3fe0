package org.garant.store;

/**
 * What a user may do. Reading is open to every role (subject to releasability); writing is by role: monitors submit
 * observations and sightings, analysts verify or reject them and load sensors and detections, planners edit
 * coalition data and plans, administrators manage users, tokens and the theatre. Officials read.
 */
public enum Role { PLANNER, MONITOR, ANALYST, OFFICIAL, ADMIN }
