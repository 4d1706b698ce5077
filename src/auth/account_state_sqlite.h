/*
 * account_state_sqlite.h (auth) — whether an account is still waiting for
 * its person to accept an invitation, as SQL, written once for every query
 * that shows or narrows by an account's state (the account, the list of
 * accounts and its status filter, an invitation sent again). The invitation
 * links are the passwords area's (account_links, read only here).
 * Private to the SQLite backend.
 */
#ifndef HAVEN_AUTH_ACCOUNT_STATE_BACKEND_H
#define HAVEN_AUTH_ACCOUNT_STATE_BACKEND_H

/*
 * When the invitation of the account whose id is the SQL expression `ID`
 * expires (Unix seconds, its newest invitation's), while none of its links
 * has been used: accepting an invitation, or using a password reset (an
 * invited person may ask for one), is when a person first chooses a
 * password. NULL once one has been, and for an account made with a first
 * password, which was never invited.
 */
#define ACCOUNT_INVITATION_EXPIRES(ID)                                                                       \
	"(SELECT max(inv.expires_at) FROM account_links inv WHERE inv.user_id = " ID                         \
	" AND inv.purpose = 'invitation' AND NOT EXISTS (SELECT 1 FROM account_links spent"                  \
	" WHERE spent.user_id = " ID " AND spent.used_at IS NOT NULL))"

/*
 * The state of the account whose id is `ID` and whose disabled_at is
 * `DISABLED_AT` (SQL expressions): 'disabled', 'invited' (not yet accepted,
 * expired or not) or 'active', as auth/roles.h names them (account_states).
 */
#define ACCOUNT_STATE(ID, DISABLED_AT)                                                                       \
	"CASE WHEN " DISABLED_AT " IS NOT NULL THEN 'disabled' WHEN " ACCOUNT_INVITATION_EXPIRES(            \
	    ID) " IS NOT NULL THEN 'invited' ELSE 'active' END"

#endif
