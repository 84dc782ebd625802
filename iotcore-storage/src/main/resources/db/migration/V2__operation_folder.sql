-- The folder an operation's resource lived in, so that a folder-scoped token can be checked on
-- GET /operations/{id} even after the resource itself has been deleted.
ALTER TABLE operations ADD COLUMN folder_id VARCHAR(64);
