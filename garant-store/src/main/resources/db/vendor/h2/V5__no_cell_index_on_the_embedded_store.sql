-- The embedded store answers every box from its in-memory index by cell and time (PlaceTimeIndex), so the SQL index
-- by cell, time, lon, lat and marking is read only by PostgreSQL's union of cells: on H2 it was one more B-tree entry,
-- five columns wide and in cell order (scattered pages on every commit), for every fused event and violation stored.
DROP INDEX events_cell_time;
DROP INDEX violations_cell_time;
