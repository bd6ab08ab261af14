-- The first answer given for each Idempotency-Key (API.md section 4), replayed while it is
-- retained. Portable between H2 and PostgreSQL.
CREATE TABLE idempotency_key (
    -- SHA-256 (hex) of "<API key name> <Idempotency-Key>": keys are scoped per API key.
    key_hash     CHAR(64)     NOT NULL PRIMARY KEY,
    -- SHA-256 (hex) of the request the key was first used for: action, run, dry_run.
    request_hash CHAR(64)     NOT NULL,
    claimed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The answer; all three stay null while the first request is in flight.
    status       INTEGER,
    problem      BOOLEAN,
    body         TEXT
);

CREATE INDEX idempotency_key_claimed ON idempotency_key (claimed_at);
