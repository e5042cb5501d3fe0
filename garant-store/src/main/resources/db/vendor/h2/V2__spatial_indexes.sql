-- H2's own R-tree spatial index (needs JTS on the classpath).
CREATE SPATIAL INDEX events_geom ON events(geom);
CREATE SPATIAL INDEX violations_geom ON violations(geom);
