-- 0006: API tokens for integrations ("strata_<token_id>_<secret>"). Only
-- the SHA-256 of the secret is stored; a token acts as its user with at most the role it was given.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    token_id    TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    user_name   TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    secret_hash TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT,
    last_used   BIGINT,
    revoked_at  BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);
