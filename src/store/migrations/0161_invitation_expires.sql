-- 0161_invitation_expires.sql — whether an account is still waiting for its person to accept an
-- invitation is auth's own data, on users (issue 12: auth reads no area's table): when the newest
-- invitation expires (Unix seconds), set when the passwords area sends one and cleared when a
-- password is chosen (auth/account_write.h); NULL for an account not waiting on an invitation.
-- Existing accounts get what the passwords area's links said: their newest invitation's expiry,
-- while none of their links (an invitation or a password reset) has been used.
ALTER TABLE users ADD COLUMN invitation_expires_at INTEGER;
UPDATE users SET invitation_expires_at = (
	SELECT max(inv.expires_at) FROM account_links inv
	WHERE inv.user_id = users.id AND inv.purpose = 'invitation'
	AND NOT EXISTS (SELECT 1 FROM account_links spent WHERE spent.user_id = users.id AND spent.used_at IS NOT NULL));
