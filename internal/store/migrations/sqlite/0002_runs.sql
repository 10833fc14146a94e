-- 0002: classification schemes, runs and their snapshots.
-- A scheme is data: its definition is JSON, versioned by (name, version).
CREATE TABLE schemes (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    definition TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    builtin    INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT  NOT NULL,
    UNIQUE (name, version)
);

-- A run is one classification as of a date. status: running, done, failed.
-- A running row whose heartbeat stopped is marked failed by the next
-- process that looks (a killed run never stays "running").
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    as_of        TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    owner        TEXT    NOT NULL DEFAULT '',
    started_at   BIGINT  NOT NULL,
    heartbeat_at BIGINT  NOT NULL,
    finished_at  BIGINT,
    customers    INTEGER NOT NULL DEFAULT 0,
    fields       TEXT    NOT NULL DEFAULT '[]',
    summary      TEXT    NOT NULL DEFAULT '{}',
    error        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX runs_as_of ON runs (as_of, status);

-- The schemes a run applied, in position order, with the thresholds it
-- used (so that every reason can be re-derived from the snapshot).
CREATE TABLE run_schemes (
    run        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    scheme     INTEGER NOT NULL REFERENCES schemes (id),
    params     TEXT    NOT NULL DEFAULT '{}',
    stats      TEXT    NOT NULL DEFAULT '[]',
    PRIMARY KEY (run, position)
);

-- The snapshot, columnar in chunks of consecutive customers: customers is
-- little-endian int64 internal ids (ascending), classes little-endian
-- uint16 class indexes (scheme-major: all customers of scheme 0, then
-- scheme 1 …; 65535 = no class), metrics little-endian float64 values
-- (field-major, fields listed in runs.fields; NaN = missing).
CREATE TABLE run_chunks (
    run            INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    chunk          INTEGER NOT NULL,
    first_customer BIGINT  NOT NULL,
    last_customer  BIGINT  NOT NULL,
    n              INTEGER NOT NULL,
    customers      BLOB    NOT NULL,
    classes        BLOB    NOT NULL,
    metrics        BLOB    NOT NULL,
    PRIMARY KEY (run, chunk)
);
CREATE INDEX run_chunks_customer ON run_chunks (run, last_customer);
