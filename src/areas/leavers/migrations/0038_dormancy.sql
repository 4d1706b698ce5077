-- 0021_dormancy.sql — leavers: the warning emailed to an account unused for
-- HAVEN_DORMANT_DAYS (90 by default). An account still unused a warning
-- period (14 days) after its warning is disabled; signing in again before
-- then makes the warning stale, and it is removed.
CREATE TABLE dormancy_warnings (
	user_id INTEGER PRIMARY KEY REFERENCES users (id),
	warned_at INTEGER NOT NULL              -- Unix seconds
) STRICT;
