-- 0164_links_end_with_disable.pg.sql — PostgreSQL's twin of 0164_links_end_with_disable.sql:
-- disabling an account cancels its open links (an invitation, a password reset) for good, by
-- whichever way it is disabled, so enabling it again brings no old link back to life.
CREATE FUNCTION account_links_end_with_disable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE account_links SET cancelled_at = floor(extract(epoch FROM now()))::bigint
	WHERE user_id = NEW.id AND used_at IS NULL AND cancelled_at IS NULL;
	RETURN NULL;
END $$;
CREATE TRIGGER account_links_end_with_disable AFTER UPDATE OF disabled_at ON users FOR EACH ROW
WHEN (OLD.disabled_at IS NULL AND NEW.disabled_at IS NOT NULL)
EXECUTE FUNCTION account_links_end_with_disable();

-- the links of accounts disabled already are cancelled now
UPDATE account_links SET cancelled_at = floor(extract(epoch FROM now()))::bigint
WHERE used_at IS NULL AND cancelled_at IS NULL AND user_id IN (SELECT id FROM users WHERE disabled_at IS NOT NULL);
