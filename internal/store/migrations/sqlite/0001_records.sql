-- 0001: the customer record (客户档案) and its child records.
-- Times are BIGINT unix seconds UTC; money is BIGINT minor units; NULL = unknown.
CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    ext_id        TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL DEFAULT '',
    gender        TEXT    NOT NULL DEFAULT '',
    birth_date    BIGINT,
    age           INTEGER,
    phone         TEXT    NOT NULL DEFAULT '',
    email         TEXT    NOT NULL DEFAULT '',
    occupation    TEXT    NOT NULL DEFAULT '',
    income_band   TEXT    NOT NULL DEFAULT '',
    region        TEXT    NOT NULL DEFAULT '',
    city          TEXT    NOT NULL DEFAULT '',
    address       TEXT    NOT NULL DEFAULT '',
    registered_at BIGINT,
    owner         TEXT    NOT NULL DEFAULT '',
    source        TEXT    NOT NULL DEFAULT '',
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_owner ON customers (owner);

CREATE TABLE customer_tags (
    customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    tag      TEXT    NOT NULL,
    PRIMARY KEY (customer, tag)
);
CREATE INDEX customer_tags_tag ON customer_tags (tag);

CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    order_id     TEXT    NOT NULL,
    line         INTEGER NOT NULL,
    customer     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    ordered_at   BIGINT  NOT NULL,
    quantity     REAL    NOT NULL DEFAULT 0,
    unit_price   BIGINT  NOT NULL DEFAULT 0,
    amount       BIGINT  NOT NULL,
    cost         BIGINT,
    discount     BIGINT  NOT NULL DEFAULT 0,
    sku          TEXT    NOT NULL DEFAULT '',
    product_name TEXT    NOT NULL DEFAULT '',
    category     TEXT    NOT NULL DEFAULT '',
    channel      TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'paid'
);
-- Named indexes (not table constraints) so that a bulk load into an empty
-- table can drop and rebuild them; store/bulkload.go lists them again.
CREATE UNIQUE INDEX orders_key ON orders (order_id, line);
CREATE INDEX orders_customer ON orders (customer, ordered_at);

CREATE TABLE interactions (
    id         INTEGER PRIMARY KEY,
    ext_id     TEXT    NOT NULL,
    customer   INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    at         BIGINT  NOT NULL,
    channel    TEXT    NOT NULL,
    staff      TEXT    NOT NULL DEFAULT '',
    outcome    TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX interactions_key ON interactions (ext_id);
CREATE INDEX interactions_customer ON interactions (customer, at);

CREATE TABLE surveys (
    id         INTEGER PRIMARY KEY,
    ext_id     TEXT    NOT NULL UNIQUE,
    customer   INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    at         BIGINT  NOT NULL,
    csat       INTEGER,
    nps        INTEGER,
    preference TEXT    NOT NULL DEFAULT '',
    comment    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX surveys_customer ON surveys (customer, at);

CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY,
    ext_id       TEXT    NOT NULL UNIQUE,
    customer     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    opened_at    BIGINT  NOT NULL,
    closed_at    BIGINT,
    category     TEXT    NOT NULL DEFAULT '',
    severity     TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL,
    satisfaction INTEGER
);
CREATE INDEX tickets_customer ON tickets (customer, opened_at);
