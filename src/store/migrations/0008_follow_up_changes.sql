-- A follow-up edited after it was scheduled keeps every earlier value:
-- one row per changed field (as account_changes does for accounts). A
-- cancel undone (reopened) is recorded here too: state, reason and time
-- it was closed, so the cancellation stays on record.

CREATE TABLE follow_up_changes (
    id            INTEGER PRIMARY KEY,
    follow_up_id  INTEGER NOT NULL REFERENCES follow_ups (id),
    field         TEXT NOT NULL CHECK (field IN ('due_on', 'due_time', 'kind', 'contact',
                      'note', 'state', 'cancel_reason', 'closed_at')),
    old_value     TEXT,
    new_value     TEXT,
    at            TEXT NOT NULL
);
CREATE INDEX follow_up_changes_by_follow_up ON follow_up_changes (follow_up_id, id);

-- A snooze undone is a new snooze back to where the undone one started,
-- pointing at it.
ALTER TABLE follow_up_snoozes ADD COLUMN undoes INTEGER REFERENCES follow_up_snoozes (id);

-- The Agenda lists what was logged today: by the time it was logged (a
-- call from yesterday written up this morning counts as done today).
CREATE INDEX conversations_by_logged ON conversations (logged_at);
