-- grantcheck schema, version 3 (SQLite): the append-only log (RFC 9162 Merkle tree).
-- Each command appends one entry in the same transaction as its change. log_node keeps every
-- complete aligned subtree hash, so any root or proof takes O(log n) reads.

CREATE TABLE log_entry (
    idx       INTEGER PRIMARY KEY,
    seq       INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
    leaf_hash BLOB NOT NULL,
    entry     BLOB NOT NULL
) STRICT;

CREATE TABLE log_node (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE log_checkpoint (
    size       INTEGER PRIMARY KEY,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
