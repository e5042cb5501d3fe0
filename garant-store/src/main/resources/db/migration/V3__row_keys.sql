-- Events and violations get a numeric row key, seq, as their primary key (the id stays unique): H2 then keeps its rows
-- in seq order and reads a page of them by key (see Located). New rows take seq from a sequence (1, 2, …); rows already
-- stored are numbered -1, -2, … from the newest back, so seq follows time for them too.
CREATE SEQUENCE events_seq START WITH 1;
CREATE TABLE events_v3 (
    seq         BIGINT       PRIMARY KEY,
    id          VARCHAR(128) NOT NULL UNIQUE,
    time_ns     BIGINT       NOT NULL,
    lon         DOUBLE PRECISION NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    geom        ${point}     NOT NULL,
    cell        INT          NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    side        VARCHAR(16)  NOT NULL,
    body        ${text}      NOT NULL,
    rel         VARCHAR(400) NOT NULL
);
INSERT INTO events_v3 (seq, id, time_ns, lon, lat, geom, cell, kind, side, body, rel)
    SELECT -ROW_NUMBER() OVER (ORDER BY time_ns DESC, id), id, time_ns, lon, lat, geom, cell, kind, side, body, rel FROM events;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
CREATE INDEX events_time ON events(time_ns);
CREATE INDEX events_cell_time ON events(cell, time_ns, lon, lat, rel);

CREATE SEQUENCE violations_seq START WITH 1;
CREATE TABLE violations_v3 (
    seq         BIGINT       PRIMARY KEY,
    id          VARCHAR(160) NOT NULL UNIQUE,
    rule        VARCHAR(40)  NOT NULL,
    alert       BOOLEAN      NOT NULL,
    time_ns     BIGINT       NOT NULL,
    lon         DOUBLE PRECISION NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    geom        ${point}     NOT NULL,
    cell        INT          NOT NULL,
    side        VARCHAR(16)  NOT NULL,
    body        ${text}      NOT NULL,
    rel         VARCHAR(400) NOT NULL
);
INSERT INTO violations_v3 (seq, id, rule, alert, time_ns, lon, lat, geom, cell, side, body, rel)
    SELECT -ROW_NUMBER() OVER (ORDER BY time_ns DESC, id), id, rule, alert, time_ns, lon, lat, geom, cell, side, body, rel FROM violations;
DROP TABLE violations;
ALTER TABLE violations_v3 RENAME TO violations;
CREATE INDEX violations_time ON violations(time_ns);
CREATE INDEX violations_cell_time ON violations(cell, time_ns, lon, lat, rel);
