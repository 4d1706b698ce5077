-- 0162_mail_kind.sql — what kind of email each outbox row is: the name of the
-- email template it was composed from ("passwords/invitation",
-- src/areas/mail/compose.h), set by mail_enqueue. mail_cancel_queued removes
-- the queued emails of one kind to one address (an invitation sent again)
-- by it, where it once compared subjects; `haven mail list` and the
-- sender's log lines name a failed email's kind (never its address).
-- Rows queued before: every template's subject names nothing from its model
-- and no two are alike, so a row's subject says which template made it; the
-- kind is derived from the subjects of the templates of this migration's
-- time. A subject none of them has (a template reworded since) leaves NULL:
-- not known, never guessed.
ALTER TABLE mail_outbox ADD COLUMN kind TEXT CHECK (length(kind) BETWEEN 3 AND 100);
UPDATE mail_outbox SET kind = CASE subject
	WHEN 'A self-assessment is overdue' THEN 'assurance/overdue'
	WHEN 'Reminder: a self-assessment is due' THEN 'assurance/reminder'
	WHEN 'An Operation Encompass notification is waiting for your setting' THEN 'encompass/late-key-adults'
	WHEN 'An Operation Encompass notification has not been acknowledged' THEN 'encompass/late-local-authority'
	WHEN 'A household in your area has repeat domestic abuse incidents' THEN 'households/repeat'
	WHEN 'New Operation Encompass notification in Haven' THEN 'incidents/encompass-notification'
	WHEN 'A child from a domestic abuse incident is still waiting to be matched' THEN 'incidents/waiting-escalation'
	WHEN 'Your Haven account will be disabled if unused' THEN 'leavers/dormancy-warning'
	WHEN 'Your Haven account' THEN 'passwords/invitation'
	WHEN 'Reset your Haven password' THEN 'passwords/reset'
	WHEN 'New Operation Provide referral in Haven' THEN 'provide/referral'
	WHEN 'A decision has been made on your request for support' THEN 'support/decision'
	WHEN 'Your training booking has an update' THEN 'training/approval-decided'
	WHEN 'A training booking needs your approval' THEN 'training/approval-request'
	WHEN 'Your training place is booked' THEN 'training/booked'
	WHEN 'Your training place is cancelled' THEN 'training/cancelled'
	WHEN 'Has your training made a difference?' THEN 'training/follow-up'
	WHEN 'A training place is now yours' THEN 'training/place-from-waiting-list'
	WHEN 'Reminder: your training session' THEN 'training/reminder'
	WHEN 'Work is waiting for you in Haven' THEN 'work/alert'
	WHEN 'Your daily summary of work waiting in Haven' THEN 'work/digest'
END;
