-- The verification queue lists the latest version of each observation newest first (ties by id), a page at a time:
-- with this index the database reads a page and stops, where it used to read every version in the window (the whole
-- table for a year: 0.3-0.7 s per page over 50,000 observations, growing with the mission; BENCHMARKS.md, server).
CREATE INDEX observations_from ON observations (from_ns DESC, id);
