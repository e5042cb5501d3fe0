-- The spatial indexes again, on the tables V3 rebuilt with row keys.
CREATE SPATIAL INDEX events_geom ON events(geom);
CREATE SPATIAL INDEX violations_geom ON violations(geom);
