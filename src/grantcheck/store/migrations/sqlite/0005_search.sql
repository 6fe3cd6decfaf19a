-- grantcheck schema, version 5 (SQLite): full-text search (FTS5) over what people look for:
-- jurisdictions, policies and their provisions, notices, court cases and orders, lists, sources.
-- Rebuilt by every command from the records it stores.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    id UNINDEXED,
    state UNINDEXED,
    title,
    body,
    tokenize = 'porter unicode61'
);
