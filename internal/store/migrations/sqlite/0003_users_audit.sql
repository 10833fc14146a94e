-- 0003: users and the append-only, hash-chained audit log.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    display       TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- Who did what, when, from where; never personal data. hash chains every
-- row to the one before (auth.ChainHash), so edits and deletions show.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        BIGINT  NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    object    TEXT    NOT NULL DEFAULT '',
    object_id TEXT    NOT NULL DEFAULT '',
    address   TEXT    NOT NULL DEFAULT '',
    outcome   TEXT    NOT NULL,
    hash      BLOB    NOT NULL
);
