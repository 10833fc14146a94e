-- 0004: login sessions (only the SHA-256 of the session id is stored).
CREATE TABLE sessions (
    id_hash    TEXT   PRIMARY KEY,
    user_name  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);
