-- PostGIS GiST indexes.
CREATE INDEX events_geom ON events USING GIST (geom);
CREATE INDEX violations_geom ON violations USING GIST (geom);
