-- Core workbench: accounts, contacts, conversations (append-only), orders,
-- drafts, and the change log that keeps every earlier value.

CREATE TABLE accounts (
    id                    INTEGER PRIMARY KEY,
    code                  TEXT UNIQUE,
    name                  TEXT NOT NULL CHECK (length(trim(name)) > 0),
    reading               TEXT,
    kind                  TEXT NOT NULL DEFAULT 'company' CHECK (kind IN ('company', 'person')),
    status                TEXT NOT NULL DEFAULT 'prospect'
                              CHECK (status IN ('prospect', 'customer', 'lapsed', 'lost')),
    phone                 TEXT,
    email                 TEXT,
    address               TEXT,
    tags                  TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    note                  TEXT NOT NULL DEFAULT '',
    interval_days         INTEGER CHECK (interval_days IS NULL OR interval_days > 0),
    learned_interval_days REAL,                          -- kept current on write
    last_touch_at         TEXT,                          -- RFC 3339 UTC, kept current on write
    search_key            TEXT NOT NULL DEFAULT '',      -- folded on write
    archived              INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX accounts_by_last_touch ON accounts (archived, last_touch_at);

CREATE TABLE account_changes (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    changed_at  TEXT NOT NULL
);
CREATE INDEX account_changes_by_account ON account_changes (account_id, id);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    reading     TEXT,
    role        TEXT,
    phone       TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX contacts_by_account ON contacts (account_id);

-- A conversation row is never updated except for its retraction state;
-- text edits append to conversation_revisions.
CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    contact_id      INTEGER REFERENCES contacts (id),
    kind            TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'visit', 'note')),
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    happened_at     TEXT NOT NULL,
    summary         TEXT NOT NULL,
    body            TEXT NOT NULL,
    outcome         TEXT,
    logged_at       TEXT NOT NULL,
    retracted_at    TEXT,
    retract_reason  TEXT
);
CREATE INDEX conversations_by_account ON conversations (account_id, happened_at);

CREATE TABLE conversation_revisions (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    summary          TEXT NOT NULL,
    body             TEXT NOT NULL,
    outcome          TEXT,
    revised_at       TEXT NOT NULL
);
CREATE INDEX revisions_by_conversation ON conversation_revisions (conversation_id, id);

-- Every retraction and restoration, so undoing one keeps its trace.
CREATE TABLE conversation_retractions (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    action           TEXT NOT NULL CHECK (action IN ('retract', 'restore')),
    reason           TEXT NOT NULL,
    at               TEXT NOT NULL
);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    ordered_at  TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX orders_by_account ON orders (account_id, ordered_at);

-- One draft per account: the log form as last typed.
CREATE TABLE drafts (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts (id),
    kind        TEXT NOT NULL,
    direction   TEXT NOT NULL,
    contact     TEXT NOT NULL,
    happened    TEXT NOT NULL,
    summary     TEXT NOT NULL,
    body        TEXT NOT NULL,
    saved_at    TEXT NOT NULL
);
