-- Today ranks the quiet accounts with no follow-up planned and counts
-- them. Those numbers (last touch, usual interval) in an index of their
-- own are read without the accounts table (~450 MB at 1M accounts), and
-- without the text of every quiet account: `today` at 1M read all ~380k
-- quiet rows whole to show 20.
CREATE INDEX accounts_quiet_unplanned
    ON accounts (last_touch_at, interval_days, learned_interval_days)
    WHERE archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL
      AND next_follow_up_on IS NULL;
