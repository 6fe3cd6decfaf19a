-- grantcheck schema, version 4 (SQLite).
-- Which log entry last changed each record (kind, id): what pages cite as "recorded in entry N".
CREATE TABLE record_entry (
    kind      TEXT NOT NULL,
    id        TEXT NOT NULL,
    line_hash BLOB NOT NULL,
    log_index INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;
