-- Orders can be corrected without losing what was first recorded: an
-- edit keeps the earlier version in order_revisions, a void is a flag
-- with a reason and time (reversible), and every void and restoration is
-- kept in order_voids, as conversation_retractions does for conversations.

ALTER TABLE orders ADD COLUMN revised_at TEXT;      -- when the current version was written (NULL: created_at)
ALTER TABLE orders ADD COLUMN voided_at TEXT;       -- set while voided
ALTER TABLE orders ADD COLUMN void_reason TEXT;

-- Earlier versions of an order, each with when it had been written.
CREATE TABLE order_revisions (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    ordered_at  TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    note        TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE INDEX order_revisions_by_order ON order_revisions (order_id, id);

CREATE TABLE order_voids (
    id        INTEGER PRIMARY KEY,
    order_id  INTEGER NOT NULL REFERENCES orders (id),
    action    TEXT NOT NULL CHECK (action IN ('void', 'restore')),
    reason    TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX order_voids_by_order ON order_voids (order_id, id);

CREATE INDEX conversation_retractions_by_conversation
    ON conversation_retractions (conversation_id, id);

-- Which plans an account was given, so a second application is a choice,
-- not an accident. Backfilled from the follow-ups plans made.
CREATE TABLE plan_applications (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    start_on    TEXT,                 -- YYYY-MM-DD the offsets counted from (NULL: unknown, backfilled)
    at          TEXT NOT NULL
);
CREATE INDEX plan_applications_by_account ON plan_applications (account_id, plan_id);
INSERT INTO plan_applications (plan_id, account_id, start_on, at)
    SELECT plan_id, account_id, NULL, min(created_at) FROM follow_ups
     WHERE plan_id IS NOT NULL GROUP BY plan_id, account_id;
