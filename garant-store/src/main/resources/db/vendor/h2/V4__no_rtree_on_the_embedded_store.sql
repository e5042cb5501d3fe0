-- The embedded store drops H2's R-trees on events and violations. Its box queries are answered by cell and time
-- (PlaceTimeIndex in memory; the cell_time indexes), larger boxes and the map's points by the time index with the
-- box tested on each row; keeping the R-trees up to date cost about 30 % of the durable ingest rate (every fused event
-- is inserted while the store's one writer waits), BENCHMARKS.md, server, sixth session. PostgreSQL keeps its GiST
-- indexes (GIS clients query a deployment's database directly).
DROP INDEX events_geom;
DROP INDEX violations_geom;
