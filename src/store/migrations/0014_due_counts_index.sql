-- The Today counts (due today / overdue, listed accounts only) read every
-- open follow-up due by today and its account: with the account in the
-- index they never touch the table (105k row lookups, ~0.3 s at 1M
-- accounts, of the first frame's 258 ms budget).
DROP INDEX follow_ups_open_by_due;
CREATE INDEX follow_ups_open_by_due ON follow_ups (state, due_on, due_time, account_id);
