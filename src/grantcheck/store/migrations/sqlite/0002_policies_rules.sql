-- grantcheck schema, version 2 (SQLite): what status evaluation needs.
-- Conditions gain when they apply, to whom, and their rule; notices gain amendments and whether
-- every response is recorded; jurisdictions' policies with typed provisions; responses to
-- notices; the vocabulary of provision types and exceptions.

ALTER TABLE condition ADD COLUMN applies_from TEXT;
ALTER TABLE condition ADD COLUMN applies_until TEXT;
ALTER TABLE condition ADD COLUMN recipient_kinds TEXT NOT NULL DEFAULT '';

CREATE TABLE condition_clause (
    condition_id TEXT NOT NULL REFERENCES condition(id),
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('breach', 'comply')),
    provision    TEXT NOT NULL REFERENCES vocabulary(id),
    unless       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (condition_id, position)
) STRICT;

ALTER TABLE notice ADD COLUMN responses_complete INTEGER NOT NULL DEFAULT 1;

CREATE TABLE notice_amendment (
    notice_id     TEXT NOT NULL REFERENCES notice(id),
    position      INTEGER NOT NULL,
    date          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('extension', 'withdrawal')),
    deadline      TEXT,
    jurisdictions TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    sources       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, position)
) STRICT;

CREATE TABLE response (
    id           TEXT PRIMARY KEY,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(geoid),
    notice       TEXT NOT NULL REFERENCES notice(id),
    date         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE vocabulary (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('provision', 'exception')),
    description TEXT NOT NULL
) STRICT;

CREATE TABLE policy (
    id           TEXT PRIMARY KEY,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(geoid),
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    citation     TEXT NOT NULL DEFAULT '',
    adopted      TEXT,
    effective    TEXT,
    repealed     TEXT,
    in_force_by  TEXT,
    text_in_hand INTEGER NOT NULL DEFAULT 0,
    summary      TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX policy_jurisdiction ON policy(jurisdiction);

CREATE TABLE provision (
    policy_id  TEXT NOT NULL REFERENCES policy(id),
    position   INTEGER NOT NULL,
    id         TEXT NOT NULL,
    type       TEXT NOT NULL REFERENCES vocabulary(id),
    exceptions TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    citation   TEXT NOT NULL DEFAULT '',
    confidence TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (policy_id, position),
    UNIQUE (policy_id, id)
) STRICT;
