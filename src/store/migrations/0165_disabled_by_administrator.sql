-- 0165_disabled_by_administrator.sql — whether an administrator disabled the account (1), rather than
-- an agency administrator or the dormant accounts' rule (0). An agency administrator may not undo an
-- administrator's suspension: only an administrator enables such an account again (auth/store.h,
-- auth_store_user_enable). Enabling clears it. Accounts disabled before this are taken as not.
ALTER TABLE users ADD COLUMN disabled_by_administrator INTEGER NOT NULL DEFAULT 0 CHECK (disabled_by_administrator IN (0, 1));
