-- Deals: sales in progress through the configured stages to won or lost.
-- Nothing is deleted; every change of a deal's fields is on record in
-- deal_changes (as account_changes does for accounts). Stage keys are the
-- configuration's, so they are not fixed here.

CREATE TABLE deals (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts (id),
    contact_id         INTEGER REFERENCES contacts (id),
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    value              INTEGER NOT NULL CHECK (value >= 0),
    stage              TEXT NOT NULL CHECK (length(stage) > 0),
    probability        INTEGER CHECK (probability IS NULL OR probability BETWEEN 0 AND 100),
    expected_close_on  TEXT,                          -- YYYY-MM-DD, local calendar
    rank               TEXT NOT NULL DEFAULT 'B' CHECK (rank IN ('A', 'B', 'C')),
    next_step          TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    lost_reason        TEXT CHECK (lost_reason IS NULL OR lost_reason IN
                           ('price', 'timing', 'competitor', 'no_budget', 'no_response', 'other')),
    lost_note          TEXT NOT NULL DEFAULT '',
    closed_at          TEXT,
    order_id           INTEGER REFERENCES orders (id),
    stage_entered_at   TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX deals_by_status ON deals (status, stage);
CREATE INDEX deals_by_account ON deals (account_id, status);

CREATE TABLE deal_changes (
    id         INTEGER PRIMARY KEY,
    deal_id    INTEGER NOT NULL REFERENCES deals (id),
    field      TEXT NOT NULL CHECK (field IN ('stage', 'value', 'probability',
                   'expected_close_on', 'rank', 'status', 'title', 'next_step', 'contact',
                   'lost_reason', 'lost_note', 'closed_at', 'order')),
    old_value  TEXT,
    new_value  TEXT,
    at         TEXT NOT NULL
);
CREATE INDEX deal_changes_by_deal ON deal_changes (deal_id, id);

-- A conversation may be about one deal of its account.
ALTER TABLE conversations ADD COLUMN deal_id INTEGER REFERENCES deals (id);
CREATE INDEX conversations_by_deal ON conversations (deal_id, happened_at)
    WHERE deal_id IS NOT NULL;
