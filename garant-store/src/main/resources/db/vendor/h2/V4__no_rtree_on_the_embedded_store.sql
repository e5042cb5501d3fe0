-- The embedded store drops H2's R-trees on events and violations: it answers every box, of any size, and the map's
-- points from its in-memory index by cell and time (PlaceTimeIndex), and keeping the R-trees up to date cost about
-- 30 % of the durable ingest rate (every fused event is inserted while the store's one writer waits), BENCHMARKS.md,
-- server, sixth session. PostgreSQL keeps its GiST indexes (its larger boxes use them, and GIS clients query a
-- deployment's database directly).
DROP INDEX events_geom;
DROP INDEX violations_geom;
