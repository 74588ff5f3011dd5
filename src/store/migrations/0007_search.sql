-- Search over what was said: each conversation's current text (its latest
-- revision, else what was first logged) in an FTS5 table with the trigram
-- tokenizer, so any 3+ character substring is found, Japanese included.
-- Shorter queries scan the same table (trigram cannot match them).
-- rowid = conversations.id; a retracted conversation has no row. Triggers
-- keep it current on every path that writes conversations (the TUI, the
-- CLI, imports, restores).

CREATE VIRTUAL TABLE conversation_text USING fts5 (
    summary, body, outcome,
    tokenize = 'trigram'
);

CREATE TRIGGER conversation_text_on_log AFTER INSERT ON conversations
WHEN new.retracted_at IS NULL
BEGIN
    INSERT INTO conversation_text (rowid, summary, body, outcome)
    VALUES (new.id, new.summary, new.body, new.outcome);
END;

CREATE TRIGGER conversation_text_on_revision AFTER INSERT ON conversation_revisions
BEGIN
    DELETE FROM conversation_text WHERE rowid = new.conversation_id;
    INSERT INTO conversation_text (rowid, summary, body, outcome)
    SELECT c.id, new.summary, new.body, new.outcome FROM conversations c
     WHERE c.id = new.conversation_id AND c.retracted_at IS NULL;
END;

CREATE TRIGGER conversation_text_on_retraction AFTER UPDATE OF retracted_at ON conversations
BEGIN
    DELETE FROM conversation_text WHERE rowid = new.id;
    INSERT INTO conversation_text (rowid, summary, body, outcome)
    SELECT new.id, coalesce(r.summary, new.summary), coalesce(r.body, new.body),
           CASE WHEN r.id IS NULL THEN new.outcome ELSE r.outcome END
      FROM (SELECT 1) LEFT JOIN (SELECT id, summary, body, outcome FROM conversation_revisions
                                  WHERE conversation_id = new.id ORDER BY id DESC LIMIT 1) r
     WHERE new.retracted_at IS NULL;
END;

INSERT INTO conversation_text (rowid, summary, body, outcome)
SELECT c.id, coalesce(r.summary, c.summary), coalesce(r.body, c.body),
       CASE WHEN r.id IS NULL THEN c.outcome ELSE r.outcome END
  FROM conversations c
  LEFT JOIN conversation_revisions r
         ON r.id = (SELECT max(id) FROM conversation_revisions WHERE conversation_id = c.id)
 WHERE c.retracted_at IS NULL;

-- Newest first across all accounts: a short query scans from the newest
-- conversation and stops once it has enough hits.
CREATE INDEX conversations_by_time ON conversations (happened_at, id);
