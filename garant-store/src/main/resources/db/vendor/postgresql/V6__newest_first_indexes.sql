-- Every list of events and violations is newest first with ties by id (ORDER BY time_ns DESC, id, then LIMIT): indexes
-- in exactly that order let PostgreSQL read a page and stop. With the order only by time it had to fetch every row in
-- the window and sort them for the tie-break: the newest 100 of a year took 0.3 s over 300,000 events, the newest 100
-- of a war day in a box 52 ms (BENCHMARKS.md, server). The embedded store answers boxes from PlaceTimeIndex and its
-- time index already serves this order (H2 reads it backwards with the tie-break among equal times), so this is
-- PostgreSQL's alone.
DROP INDEX events_time;
CREATE INDEX events_time ON events (time_ns DESC, id);
DROP INDEX events_cell_time;
CREATE INDEX events_cell_time ON events (cell, time_ns DESC, id, lon, lat, rel);
DROP INDEX violations_time;
CREATE INDEX violations_time ON violations (time_ns DESC, id);
DROP INDEX violations_cell_time;
CREATE INDEX violations_cell_time ON violations (cell, time_ns DESC, id, lon, lat, rel);
