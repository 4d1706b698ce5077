-- 0164_links_end_with_disable.sql — disabling an account cancels its open links (an invitation, a
-- password reset) for good. Before, a disabled account's links were refused only while it stayed
-- disabled, so enabling it again brought an old invitation link back to life, for whoever kept the
-- email. A trigger, so that every way an account is disabled (an administrator, an agency
-- administrator, `haven user disable`, the dormant accounts' rule; all of them auth's, which may not
-- write this area's table) cancels them in the same unit of work; after enabling, the person is sent
-- a new invitation or asks for a reset.
CREATE TRIGGER account_links_end_with_disable AFTER UPDATE OF disabled_at ON users
WHEN OLD.disabled_at IS NULL AND NEW.disabled_at IS NOT NULL
BEGIN
	UPDATE account_links SET cancelled_at = unixepoch()
	WHERE user_id = NEW.id AND used_at IS NULL AND cancelled_at IS NULL;
END;

-- the links of accounts disabled already are cancelled now
UPDATE account_links SET cancelled_at = unixepoch()
WHERE used_at IS NULL AND cancelled_at IS NULL AND user_id IN (SELECT id FROM users WHERE disabled_at IS NOT NULL);
