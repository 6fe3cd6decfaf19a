-- grantcheck schema, version 1 (SQLite).
-- Lists of short strings (candidates, deliverables, condition ids, fiscal years, GEOIDs) are
-- stored as one TEXT joined by the unit separator U+001F, which no such value contains.
-- Provenance: every record has confidence and note columns; its sources are rows of `citation`
-- and its conflicting values rows of `alternative`, keyed by (record_kind, record_id).

CREATE TABLE source (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL DEFAULT '',
    date        TEXT,
    reliability TEXT NOT NULL DEFAULT ''
) STRICT;

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
) STRICT;

CREATE TABLE program (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    agency             TEXT NOT NULL DEFAULT '',
    assistance_listing TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    confidence         TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE condition (
    id              TEXT PRIMARY KEY,
    program         TEXT NOT NULL REFERENCES program(id),
    fiscal_years    TEXT NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    statute         TEXT NOT NULL DEFAULT '',
    evidence        TEXT NOT NULL DEFAULT '',
    award_condition TEXT NOT NULL DEFAULT '',
    confidence      TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE designation_list (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    basis        TEXT NOT NULL DEFAULT '',
    stated_count INTEGER,
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE list_version (
    list_id   TEXT NOT NULL REFERENCES designation_list(id),
    version   INTEGER NOT NULL,
    published TEXT NOT NULL,
    withdrawn TEXT,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (list_id, version)
) STRICT;

CREATE TABLE list_member (
    list_id      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    jurisdiction TEXT REFERENCES jurisdiction(geoid),
    as_named     TEXT NOT NULL,
    candidates   TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (list_id, version, position),
    FOREIGN KEY (list_id, version) REFERENCES list_version(list_id, version)
) STRICT;
CREATE INDEX list_member_jurisdiction ON list_member(jurisdiction);

CREATE TABLE notice (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    date         TEXT NOT NULL,
    sender       TEXT NOT NULL DEFAULT '',
    signer       TEXT NOT NULL DEFAULT '',
    program      TEXT REFERENCES program(id),
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    deadline     TEXT,
    deliverables TEXT NOT NULL DEFAULT '',
    conditions   TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE notice_recipient (
    notice_id    TEXT NOT NULL REFERENCES notice(id),
    position     INTEGER NOT NULL,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(geoid),
    addressee    TEXT NOT NULL DEFAULT '',
    finding      TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, position)
) STRICT;
CREATE INDEX notice_recipient_jurisdiction ON notice_recipient(jurisdiction);

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
) STRICT;

CREATE TABLE case_party (
    case_id      TEXT NOT NULL REFERENCES legal_case(id),
    position     INTEGER NOT NULL,
    jurisdiction TEXT REFERENCES jurisdiction(geoid),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
) STRICT;

CREATE TABLE court_order (
    id                  TEXT PRIMARY KEY,
    case_id             TEXT NOT NULL REFERENCES legal_case(id),
    position            INTEGER NOT NULL,
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
) STRICT;

CREATE TABLE award (
    id           TEXT PRIMARY KEY,
    program      TEXT NOT NULL REFERENCES program(id),
    fiscal_year  INTEGER NOT NULL,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(geoid),
    amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
    approximate  INTEGER NOT NULL DEFAULT 0,
    amount_text  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    confidence   TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX award_jurisdiction ON award(jurisdiction);

CREATE TABLE citation (
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    source_id   TEXT NOT NULL REFERENCES source(id),
    PRIMARY KEY (record_kind, record_id, position)
) STRICT;

CREATE TABLE alternative (
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    sources     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (record_kind, record_id, position)
) STRICT;

-- Every applied command, in commit order. The ledger (Merkle log) builds on this.
CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    command     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    summary     TEXT NOT NULL
) STRICT;
