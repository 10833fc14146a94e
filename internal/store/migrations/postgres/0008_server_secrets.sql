-- 0008: random secrets shared by every replica on one database (e.g. the
-- key that signs CSRF tokens), created once on first use.
CREATE TABLE server_secrets (
    name       TEXT   PRIMARY KEY,
    secret     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
