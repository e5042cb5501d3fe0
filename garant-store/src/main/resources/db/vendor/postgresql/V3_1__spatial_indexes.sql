-- The GiST indexes again, on the tables V3 rebuilt with row keys.
CREATE INDEX events_geom ON events USING GIST (geom);
CREATE INDEX violations_geom ON violations USING GIST (geom);
