-- Drafts: determinations a reviewer has written but not released. Only the agency side sees
-- them; they are not records and not in the log until released (released_as names the record).
CREATE TABLE draft (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('determination')),
    program     TEXT NOT NULL,
    author      INTEGER NOT NULL REFERENCES account(id),
    body        TEXT NOT NULL,   -- the request as the API received it (JSON)
    summary     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    released_as TEXT NOT NULL DEFAULT ''
) STRICT;
