-- The daily triage loop: follow-ups, contact plans, why a customer
-- stopped, and per-account facts kept current on write so the Quiet and
-- Today screens never scan history.

ALTER TABLE accounts ADD COLUMN lapse_reason TEXT
    CHECK (lapse_reason IS NULL OR lapse_reason IN ('life_changed', 'something_wrong', 'no_value', 'unknown'));
ALTER TABLE accounts ADD COLUMN last_touch_kind TEXT;     -- a conversation kind, or 'order'
ALTER TABLE accounts ADD COLUMN last_touch_summary TEXT;
ALTER TABLE accounts ADD COLUMN last_order_at TEXT;
ALTER TABLE accounts ADD COLUMN last_order_amount INTEGER;
ALTER TABLE accounts ADD COLUMN next_follow_up_on TEXT;   -- earliest open follow-up, YYYY-MM-DD

CREATE TABLE plans (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    auto_on_first_order  INTEGER NOT NULL DEFAULT 0 CHECK (auto_on_first_order IN (0, 1)),
    created_at           TEXT NOT NULL
);

CREATE TABLE plan_steps (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans (id),
    position     INTEGER NOT NULL,
    offset_days  INTEGER NOT NULL CHECK (offset_days >= 0),
    kind         TEXT NOT NULL DEFAULT 'call' CHECK (kind IN ('call', 'email', 'meeting', 'visit', 'note')),
    note         TEXT NOT NULL
);
CREATE INDEX plan_steps_by_plan ON plan_steps (plan_id, position);

CREATE TABLE follow_ups (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id),
    contact_id       INTEGER REFERENCES contacts (id),
    kind             TEXT NOT NULL DEFAULT 'call' CHECK (kind IN ('call', 'email', 'meeting', 'visit', 'note')),
    due_on           TEXT NOT NULL,              -- YYYY-MM-DD, operator's calendar
    due_time         TEXT,                       -- HH:MM, optional
    note             TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
    created_at       TEXT NOT NULL,
    closed_at        TEXT,
    conversation_id  INTEGER REFERENCES conversations (id),
    cancel_reason    TEXT,
    plan_id          INTEGER REFERENCES plans (id),
    plan_step        INTEGER
);
CREATE INDEX follow_ups_open_by_due ON follow_ups (state, due_on, due_time);
CREATE INDEX follow_ups_by_account ON follow_ups (account_id, state, due_on);
CREATE INDEX follow_ups_closed ON follow_ups (state, closed_at);

-- Every snooze, so the original due date is never lost.
CREATE TABLE follow_up_snoozes (
    id            INTEGER PRIMARY KEY,
    follow_up_id  INTEGER NOT NULL REFERENCES follow_ups (id),
    from_on       TEXT NOT NULL,
    from_time     TEXT,
    to_on         TEXT NOT NULL,
    to_time       TEXT,
    at            TEXT NOT NULL
);

-- Backfill the new per-account facts from what a version-1 file holds.
UPDATE accounts SET
    last_order_at = (SELECT max(ordered_at) FROM orders o WHERE o.account_id = accounts.id),
    last_order_amount = (SELECT o.amount FROM orders o WHERE o.account_id = accounts.id
                         ORDER BY o.ordered_at DESC, o.id DESC LIMIT 1);
UPDATE accounts SET
    last_touch_kind = (
        SELECT k FROM (
            SELECT c.happened_at AS t, c.kind AS k, c.id AS i, 1 AS p FROM conversations c
             WHERE c.account_id = accounts.id AND c.retracted_at IS NULL
            UNION ALL
            SELECT o.ordered_at, 'order', o.id, 0 FROM orders o WHERE o.account_id = accounts.id
        ) ORDER BY t DESC, p DESC, i DESC LIMIT 1),
    last_touch_summary = (
        SELECT s FROM (
            SELECT c.happened_at AS t, coalesce((SELECT r.summary FROM conversation_revisions r
                    WHERE r.conversation_id = c.id ORDER BY r.id DESC LIMIT 1), c.summary) AS s,
                   c.id AS i, 1 AS p FROM conversations c
             WHERE c.account_id = accounts.id AND c.retracted_at IS NULL
            UNION ALL
            SELECT o.ordered_at, o.note, o.id, 0 FROM orders o WHERE o.account_id = accounts.id
        ) ORDER BY t DESC, p DESC, i DESC LIMIT 1)
WHERE last_touch_at IS NOT NULL;
