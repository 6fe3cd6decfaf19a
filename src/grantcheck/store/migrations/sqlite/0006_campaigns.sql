-- Campaigns: what certifiers submit and what reviewers decide, and the accounts that do it.

-- A certification's signer and the evidence files (SHA-256 of each, in order) it delivered.
ALTER TABLE response ADD COLUMN signer TEXT NOT NULL DEFAULT '';
ALTER TABLE response ADD COLUMN signer_title TEXT NOT NULL DEFAULT '';
ALTER TABLE response ADD COLUMN evidence TEXT NOT NULL DEFAULT '';

-- A determination's reasons, the records relied on, and its funding action against an award.
ALTER TABLE notice_recipient ADD COLUMN reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE notice_recipient ADD COLUMN relied_on TEXT NOT NULL DEFAULT '';
ALTER TABLE notice_recipient ADD COLUMN funding_action TEXT NOT NULL DEFAULT '';
ALTER TABLE notice_recipient ADD COLUMN award TEXT NOT NULL DEFAULT '';
ALTER TABLE notice_recipient ADD COLUMN amount_cents INTEGER;

-- Accounts are not part of the public log: they hold password hashes and say nothing about
-- grants. Changes to them are journaled (who, when, what) without secrets.
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'certifier')),
    scope         TEXT NOT NULL DEFAULT '',   -- program id (reviewer) or GEOIDs (certifier)
    password_hash TEXT NOT NULL,              -- argon2id, libsodium's encoded string
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;

-- Sessions and API tokens are stored as the SHA-256 of their secret, never the secret.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    csrf       TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE TABLE api_token (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES account(id),
    name       TEXT NOT NULL,
    scope      TEXT NOT NULL DEFAULT '',   -- narrower than the account's, or empty for all of it
    expires_at TEXT NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) STRICT;

-- Evidence files, content-addressed.
CREATE TABLE evidence (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    content     BLOB NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES account(id),
    uploaded_at TEXT NOT NULL
) STRICT;

CREATE TABLE webhook (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1
) STRICT;

-- One row per (webhook, published event): its payload, attempts and outcome.
CREATE TABLE webhook_delivery (
    id           INTEGER PRIMARY KEY,
    webhook_id   INTEGER NOT NULL REFERENCES webhook(id),
    event_key    TEXT NOT NULL,   -- the idempotency key the receiver sees
    payload      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error   TEXT NOT NULL DEFAULT '',
    delivered_at TEXT NOT NULL DEFAULT '',
    UNIQUE (webhook_id, event_key)
) STRICT;
CREATE INDEX webhook_delivery_pending ON webhook_delivery(status, next_attempt);
