-- Contact plans can be edited: a changed plan keeps its earlier steps
-- (retired, not deleted) and every change is on record.

ALTER TABLE plan_steps ADD COLUMN retired_at TEXT;

CREATE TABLE plan_changes (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans (id),
    field     TEXT NOT NULL CHECK (field IN ('name', 'auto_on_first_order', 'steps')),
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX plan_changes_by_plan ON plan_changes (plan_id, id);
