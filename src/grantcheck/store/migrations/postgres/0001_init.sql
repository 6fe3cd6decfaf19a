-- grantcheck schema (PostgreSQL): the same tables and columns as the SQLite schema after its
-- migrations 0001-0008, so that one mapping (store/sql) serves both and rows copy across.
-- Lists of short strings are one TEXT joined by U+001F; booleans are 0/1 integers; hashes and
-- files are BYTEA. Foreign keys are DEFERRABLE: a command's records may reference each other
-- in any order, and are checked at commit (SET CONSTRAINTS ALL DEFERRED).

CREATE TABLE source (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL DEFAULT '',
    date        TEXT,
    reliability TEXT NOT NULL DEFAULT ''
);

CREATE TABLE jurisdiction (
    geoid        TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('nation','state','district','territory','county','city')),
    name         TEXT NOT NULL,
    state_geoid  TEXT NOT NULL DEFAULT '',
    county_geoid TEXT NOT NULL DEFAULT '',
    usps         TEXT NOT NULL DEFAULT '',
    ocd_id       TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE program (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    agency             TEXT NOT NULL DEFAULT '',
    assistance_listing TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    confidence         TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT ''
);

CREATE TABLE vocabulary (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('provision', 'exception')),
    description TEXT NOT NULL
);

CREATE TABLE condition (
    id              TEXT PRIMARY KEY,
    program         TEXT NOT NULL REFERENCES program(id) DEFERRABLE,
    fiscal_years    TEXT NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    statute         TEXT NOT NULL DEFAULT '',
    evidence        TEXT NOT NULL DEFAULT '',
    award_condition TEXT NOT NULL DEFAULT '',
    confidence      TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    applies_from    TEXT,
    applies_until   TEXT,
    recipient_kinds TEXT NOT NULL DEFAULT ''
);

CREATE TABLE condition_clause (
    condition_id TEXT NOT NULL REFERENCES condition(id) DEFERRABLE,
    position     BIGINT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('breach', 'comply')),
    provision    TEXT NOT NULL REFERENCES vocabulary(id) DEFERRABLE,
    unless       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (condition_id, position)
);

CREATE TABLE designation_list (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    basis        TEXT NOT NULL DEFAULT '',
    stated_count BIGINT,
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE list_version (
    list_id   TEXT NOT NULL REFERENCES designation_list(id) DEFERRABLE,
    version   BIGINT NOT NULL,
    published TEXT NOT NULL,
    withdrawn TEXT,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (list_id, version)
);

CREATE TABLE list_member (
    list_id      TEXT NOT NULL,
    version      BIGINT NOT NULL,
    position     BIGINT NOT NULL,
    jurisdiction TEXT REFERENCES jurisdiction(geoid) DEFERRABLE,
    as_named     TEXT NOT NULL,
    candidates   TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (list_id, version, position),
    FOREIGN KEY (list_id, version) REFERENCES list_version(list_id, version) DEFERRABLE
);
CREATE INDEX list_member_jurisdiction ON list_member(jurisdiction);

CREATE TABLE notice (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL,
    date               TEXT NOT NULL,
    sender             TEXT NOT NULL DEFAULT '',
    signer             TEXT NOT NULL DEFAULT '',
    program            TEXT REFERENCES program(id) DEFERRABLE,
    title              TEXT NOT NULL,
    summary            TEXT NOT NULL DEFAULT '',
    deadline           TEXT,
    deliverables       TEXT NOT NULL DEFAULT '',
    conditions         TEXT NOT NULL DEFAULT '',
    confidence         TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT '',
    responses_complete BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE notice_recipient (
    notice_id      TEXT NOT NULL REFERENCES notice(id) DEFERRABLE,
    position       BIGINT NOT NULL,
    jurisdiction   TEXT NOT NULL REFERENCES jurisdiction(geoid) DEFERRABLE,
    addressee      TEXT NOT NULL DEFAULT '',
    finding        TEXT NOT NULL DEFAULT '',
    confidence     TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    reasons        TEXT NOT NULL DEFAULT '',
    relied_on      TEXT NOT NULL DEFAULT '',
    funding_action TEXT NOT NULL DEFAULT '',
    award          TEXT NOT NULL DEFAULT '',
    amount_cents   BIGINT,
    PRIMARY KEY (notice_id, position)
);
CREATE INDEX notice_recipient_jurisdiction ON notice_recipient(jurisdiction);

CREATE TABLE notice_amendment (
    notice_id     TEXT NOT NULL REFERENCES notice(id) DEFERRABLE,
    position      BIGINT NOT NULL,
    date          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('extension', 'withdrawal')),
    deadline      TEXT,
    jurisdictions TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    sources       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, position)
);

CREATE TABLE legal_case (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    court      TEXT NOT NULL,
    docket     TEXT NOT NULL DEFAULT '',
    judge      TEXT NOT NULL DEFAULT '',
    filed      TEXT,
    outcome    TEXT NOT NULL DEFAULT '',
    confidence TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE case_party (
    case_id      TEXT NOT NULL REFERENCES legal_case(id) DEFERRABLE,
    position     BIGINT NOT NULL,
    jurisdiction TEXT REFERENCES jurisdiction(geoid) DEFERRABLE,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
);

CREATE TABLE court_order (
    id                  TEXT PRIMARY KEY,
    case_id             TEXT NOT NULL REFERENCES legal_case(id) DEFERRABLE,
    position            BIGINT NOT NULL,
    date                TEXT NOT NULL,
    kind                TEXT NOT NULL,
    court               TEXT NOT NULL DEFAULT '',
    summary             TEXT NOT NULL DEFAULT '',
    citation            TEXT NOT NULL DEFAULT '',
    conditions          TEXT NOT NULL DEFAULT '',
    scope_kind          TEXT NOT NULL,
    scope_jurisdictions TEXT NOT NULL DEFAULT '',
    scope_association   TEXT NOT NULL DEFAULT '',
    scope_description   TEXT NOT NULL DEFAULT '',
    affects             TEXT NOT NULL DEFAULT '',
    confidence          TEXT NOT NULL,
    note                TEXT NOT NULL DEFAULT ''
);

CREATE TABLE award (
    id           TEXT PRIMARY KEY,
    program      TEXT NOT NULL REFERENCES program(id) DEFERRABLE,
    fiscal_year  BIGINT NOT NULL,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(geoid) DEFERRABLE,
    amount_cents BIGINT CHECK (amount_cents IS NULL OR amount_cents >= 0),
    approximate  BIGINT NOT NULL DEFAULT 0,
    amount_text  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX award_jurisdiction ON award(jurisdiction);

CREATE TABLE response (
    id           TEXT PRIMARY KEY,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(geoid) DEFERRABLE,
    notice       TEXT NOT NULL REFERENCES notice(id) DEFERRABLE,
    date         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    signer       TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE policy (
    id           TEXT PRIMARY KEY,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(geoid) DEFERRABLE,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    citation     TEXT NOT NULL DEFAULT '',
    adopted      TEXT,
    effective    TEXT,
    repealed     TEXT,
    in_force_by  TEXT,
    text_in_hand BIGINT NOT NULL DEFAULT 0,
    summary      TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX policy_jurisdiction ON policy(jurisdiction);

CREATE TABLE provision (
    policy_id  TEXT NOT NULL REFERENCES policy(id) DEFERRABLE,
    position   BIGINT NOT NULL,
    id         TEXT NOT NULL,
    type       TEXT NOT NULL REFERENCES vocabulary(id) DEFERRABLE,
    exceptions TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    citation   TEXT NOT NULL DEFAULT '',
    confidence TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (policy_id, position),
    UNIQUE (policy_id, id)
);

CREATE TABLE citation (
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    position    BIGINT NOT NULL,
    source_id   TEXT NOT NULL REFERENCES source(id) DEFERRABLE,
    PRIMARY KEY (record_kind, record_id, position)
);

CREATE TABLE alternative (
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    position    BIGINT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    sources     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (record_kind, record_id, position)
);

-- Every applied command, in commit order; seq is assigned under the write lock (no gaps).
CREATE TABLE journal (
    seq         BIGINT PRIMARY KEY,
    command     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    summary     TEXT NOT NULL
);

-- The append-only log (RFC 9162 Merkle tree): entries, every complete subtree hash, and the
-- signed checkpoints.
CREATE TABLE log_entry (
    idx       BIGINT PRIMARY KEY,
    seq       BIGINT NOT NULL UNIQUE REFERENCES journal(seq) DEFERRABLE,
    leaf_hash BYTEA NOT NULL,
    entry     BYTEA NOT NULL
);

CREATE TABLE log_node (
    level BIGINT NOT NULL,
    idx   BIGINT NOT NULL,
    hash  BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE log_checkpoint (
    size       BIGINT PRIMARY KEY,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Which log entry last changed each record.
CREATE TABLE record_entry (
    kind      TEXT NOT NULL,
    id        TEXT NOT NULL,
    line_hash BYTEA NOT NULL,
    log_index BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Full-text search over what people look for, rebuilt by every command that replaces the
-- records (the title weighs more than the body).
CREATE TABLE search_index (
    kind  TEXT NOT NULL,
    id    TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body  TEXT NOT NULL,
    doc   TSVECTOR GENERATED ALWAYS AS (
              setweight(to_tsvector('english', title), 'A') ||
              setweight(to_tsvector('english', body), 'B')) STORED
);
CREATE INDEX search_index_doc ON search_index USING GIN (doc);

-- Accounts, sessions and tokens (secrets only as hashes), evidence files, webhooks, drafts:
-- beside the records, not in the public log.
CREATE TABLE account (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'certifier')),
    scope         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled      BIGINT NOT NULL DEFAULT 0,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until  TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
-- As SQLite's COLLATE NOCASE: one account per address, whatever its case.
CREATE UNIQUE INDEX account_email ON account (lower(email));

CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES account(id) DEFERRABLE,
    csrf       TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_token (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES account(id) DEFERRABLE,
    name       TEXT NOT NULL,
    scope      TEXT NOT NULL DEFAULT '',
    expires_at TEXT NOT NULL,
    revoked    BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE evidence (
    sha256      TEXT PRIMARY KEY,
    size        BIGINT NOT NULL,
    content     BYTEA NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES account(id) DEFERRABLE,
    uploaded_at TEXT NOT NULL
);

CREATE TABLE webhook (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    active     BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE webhook_delivery (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    webhook_id   BIGINT NOT NULL REFERENCES webhook(id) DEFERRABLE,
    event_key    TEXT NOT NULL,
    payload      TEXT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    next_attempt TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error   TEXT NOT NULL DEFAULT '',
    delivered_at TEXT NOT NULL DEFAULT '',
    UNIQUE (webhook_id, event_key)
);
CREATE INDEX webhook_delivery_pending ON webhook_delivery(status, next_attempt);

CREATE TABLE draft (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('determination')),
    program     TEXT NOT NULL,
    author      BIGINT NOT NULL REFERENCES account(id) DEFERRABLE,
    body        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    released_as TEXT NOT NULL DEFAULT ''
);

CREATE TABLE award_resolution (
    award_key   TEXT PRIMARY KEY,
    geoid       TEXT NOT NULL,
    resolved_at TEXT NOT NULL
);
