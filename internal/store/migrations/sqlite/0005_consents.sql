-- 0005: consent per customer and purpose (e.g. marketing). The latest
-- record per (customer, purpose) is in force; history is kept.
CREATE TABLE consents (
    id       INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    purpose  TEXT    NOT NULL,
    granted  INTEGER NOT NULL,
    at       BIGINT  NOT NULL,
    source   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX consents_customer ON consents (customer, purpose, id);
