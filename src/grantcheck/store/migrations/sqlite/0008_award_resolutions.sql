-- What a person decided for an imported award whose recipient did not match one jurisdiction:
-- the jurisdiction it is (geoid), or '' to leave it out. `grantcheck awards resolve` writes it.
CREATE TABLE award_resolution (
    award_key   TEXT PRIMARY KEY,   -- the award's FAIN
    geoid       TEXT NOT NULL,
    resolved_at TEXT NOT NULL
) STRICT;
