-- Garant store schema, common to H2 (embedded default) and PostgreSQL/PostGIS.
-- Placeholders: ${text} a long text type, ${point} a WGS84 point geometry type. Times are ns since the epoch (UTC).
-- Every record users read carries rel: 'COALITION' or ',ISO3,ISO3,' (REL TO those nations, sorted).

CREATE TABLE users (
    name          VARCHAR(64) PRIMARY KEY,
    nation        CHAR(3)      NOT NULL,
    roles         VARCHAR(200) NOT NULL,
    password_hash VARCHAR(300),
    created_ns    BIGINT       NOT NULL
);

CREATE TABLE tokens (
    token_hash  CHAR(64)    PRIMARY KEY,
    id          VARCHAR(32) NOT NULL UNIQUE,
    user_name   VARCHAR(64) NOT NULL REFERENCES users(name),
    label       VARCHAR(200) NOT NULL,
    created_ns  BIGINT      NOT NULL,
    revoked_ns  BIGINT
);

-- Versioned documents: theatre versions, sites, sensors, sightings, coalition data, scenarios, plans.
-- A new version never overwrites an old one.
CREATE TABLE documents (
    kind        VARCHAR(32)  NOT NULL,
    id          VARCHAR(128) NOT NULL,
    version     INT          NOT NULL,
    body        ${text}      NOT NULL,
    rel         VARCHAR(400) NOT NULL,
    author      VARCHAR(64)  NOT NULL,
    created_ns  BIGINT       NOT NULL,
    PRIMARY KEY (kind, id, version)
);

CREATE TABLE detections (
    id          VARCHAR(128) PRIMARY KEY,
    sensor_id   VARCHAR(128) NOT NULL,
    arrival_ns  BIGINT       NOT NULL,
    body        ${text}      NOT NULL,
    rel         VARCHAR(400) NOT NULL,
    ingested_ns BIGINT       NOT NULL
);

-- Monitors' observations: a row is never edited; a correction is a new version that names the one it corrects.
CREATE TABLE observations (
    id          VARCHAR(128) NOT NULL,
    version     INT          NOT NULL,
    corrects    INT,
    from_ns     BIGINT       NOT NULL,
    lon         DOUBLE PRECISION NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    body        ${text}      NOT NULL,
    body_sha256 CHAR(64)     NOT NULL,
    rel         VARCHAR(400) NOT NULL,
    author      VARCHAR(64)  NOT NULL,
    created_ns  BIGINT       NOT NULL,
    PRIMARY KEY (id, version)
);

-- Analysts' decisions on observations (verify or reject, with a reason); appended, never edited.
CREATE TABLE reviews (
    observation_id VARCHAR(128) NOT NULL,
    version        INT          NOT NULL,
    seq            INT          NOT NULL,
    decision       VARCHAR(16)  NOT NULL,
    reason         VARCHAR(1000) NOT NULL,
    reviewer       VARCHAR(64)  NOT NULL,
    created_ns     BIGINT       NOT NULL,
    PRIMARY KEY (observation_id, version, seq)
);

CREATE TABLE events (
    id          VARCHAR(128) PRIMARY KEY,
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
CREATE INDEX events_time ON events(time_ns);
-- place and time together: a 0.25° grid cell, then time; lon, lat and rel so that the conditions are
-- checked in the index and only matching rows are read (see Located.cell)
CREATE INDEX events_cell_time ON events(cell, time_ns, lon, lat, rel);

-- Violations and force-protection alerts (alert = TRUE).
CREATE TABLE violations (
    id          VARCHAR(160) PRIMARY KEY,
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
CREATE INDEX violations_time ON violations(time_ns);
CREATE INDEX violations_cell_time ON violations(cell, time_ns, lon, lat, rel);

-- The audit log: every change, hash-chained (hash = SHA-256 over the previous hash and this entry's fields),
-- marked like the change it records (an entry names record ids, so it is shown only where the record may be).
CREATE TABLE audit_log (
    seq          BIGINT       PRIMARY KEY,
    at_ns        BIGINT       NOT NULL,
    actor        VARCHAR(64)  NOT NULL,
    action       VARCHAR(64)  NOT NULL,
    entity       VARCHAR(32)  NOT NULL,
    entity_id    VARCHAR(200) NOT NULL,
    payload_hash CHAR(64)     NOT NULL,
    rel          VARCHAR(400) NOT NULL,
    prev_hash    CHAR(64)     NOT NULL,
    hash         CHAR(64)     NOT NULL
);
-- One row, locked by every appender (SELECT ... FOR UPDATE) so that entries chain in commit order.
CREATE TABLE audit_head (
    id    INT      PRIMARY KEY,
    seq   BIGINT   NOT NULL,
    hash  CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
