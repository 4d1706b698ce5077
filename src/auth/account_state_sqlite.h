/*
 * account_state_sqlite.h (auth) — an account's state as SQL, written once for
 * every query that shows or narrows by it (the account, the list of accounts
 * and its status filter, an invitation sent again, the partnership's set-up
 * counts, a setting's Key Adults). It reads users alone: whether an account is still
 * waiting for its person to accept an invitation is auth's own column,
 * users.invitation_expires_at (migration 0161), which the passwords area sets
 * when it sends an invitation and choosing a password clears
 * (auth/account_write.h). Private to the SQLite backend.
 */
#ifndef HAVEN_AUTH_ACCOUNT_STATE_BACKEND_H
#define HAVEN_AUTH_ACCOUNT_STATE_BACKEND_H

/*
 * When the invitation of the account whose users row is the alias `U`
 * expires (Unix seconds, its newest invitation's), while it has chosen no
 * password: accepting an invitation, or using a password reset (an invited
 * person may ask for one), is when a person first chooses one. NULL once
 * they have, and for an account made with a first password, which was never
 * invited.
 */
#define ACCOUNT_INVITATION_EXPIRES(U) U ".invitation_expires_at"

/*
 * The state of the account whose users row is the alias `U`: 'disabled',
 * 'invited' (not yet accepted, expired or not) or 'active', as auth/roles.h
 * names them (account_states).
 */
#define ACCOUNT_STATE(U)                                                                                     \
	"CASE WHEN " U ".disabled_at IS NOT NULL THEN 'disabled' WHEN " ACCOUNT_INVITATION_EXPIRES(          \
	    U) " IS NOT NULL THEN 'invited' ELSE 'active' END"

#endif
