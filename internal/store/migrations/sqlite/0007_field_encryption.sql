-- 0007: personal data encrypted at rest. phone, email, address and the new
-- id_number hold "v1:<key id>:<nonce|ciphertext>" (AES-256-GCM); the
-- *_bidx columns hold a keyed HMAC of the normalised value (blind index)
-- for exact lookup, NULL when the value is empty. Rows written before this
-- migration are still plain text: the store encrypts them on the first
-- open with a key, which field_crypto records (plaintext = 0) together with
-- the key whose HMAC key made the blind indexes (index_key), so that an
-- interrupted key rotation is finished on the next open.
ALTER TABLE customers ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN phone_bidx TEXT;
ALTER TABLE customers ADD COLUMN email_bidx TEXT;
ALTER TABLE customers ADD COLUMN id_number_bidx TEXT;
CREATE INDEX customers_phone_bidx ON customers (phone_bidx) WHERE phone_bidx IS NOT NULL;
CREATE INDEX customers_email_bidx ON customers (email_bidx) WHERE email_bidx IS NOT NULL;
CREATE INDEX customers_id_number_bidx ON customers (id_number_bidx) WHERE id_number_bidx IS NOT NULL;
CREATE TABLE field_crypto (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    index_key TEXT    NOT NULL,
    plaintext INTEGER NOT NULL
);
INSERT INTO field_crypto (id, index_key, plaintext) VALUES (1, '', 1);
