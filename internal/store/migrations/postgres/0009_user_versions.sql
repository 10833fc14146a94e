-- 0009: a version per user for optimistic concurrency (ETag / If-Match on
-- PATCH /api/v1/users/{name}).
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
