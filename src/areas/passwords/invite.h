/*
 * invite.h (passwords) — inviting a person, for this area's invitations
 * and other areas' (an agency administrator's, `haven user add --invite` in
 * the admin area): the account, its one-time link and the invitation email
 * in one unit of work (store.h has the rest; invite.c makes the link).
 */
#ifndef HAVEN_PASSWORDS_INVITE_H
#define HAVEN_PASSWORDS_INVITE_H

#include <stdint.h>

#include "auth/store.h"
#include "auth/token.h"
#include "core/status.h"

/* A new link: its token (for the email) and when it is made (Unix seconds). */
struct new_link {
	const char *token; /* TOKEN_TEXT_SIZE - 1 characters, from token_new */
	int64_t now;
};

/*
 * Creates the account `u` (its password_hash is ignored: the account gets
 * the hash of a secret nobody knows, so it cannot sign in until the person
 * chooses their password) and an invitation link (72 hours), queues the
 * invitation email, audited ("user.create", "user.invite"), all in one unit
 * of work. HAVEN_ERR_CONFLICT for an email already used, HAVEN_ERR_NOT_FOUND
 * for an unknown agency. Sets *id.
 */
enum haven_status passwords_invite(const struct new_user *u, const struct actor *actor,
                                   const struct new_link *link, long long *id) HAVEN_MUST_CHECK;

/*
 * As passwords_invite, with a new link made now: its token drawn
 * (token_new) and wiped from memory once the unit of work is done, so no
 * caller keeps one. What every form and command that invites a person calls.
 */
enum haven_status passwords_invite_now(const struct new_user *u, const struct actor *actor,
                                       long long *id) HAVEN_MUST_CHECK;

/* Why an account cannot be sent an invitation again (passwords_reinvite, store.h). */
enum reinvite_refusal { REINVITE_DISABLED, REINVITE_HAS_PASSWORD };

/* What the success banner says once a form has invited a person: the email is queued, the link lasts 72
 * hours. */
#define INVITATION_SENT "The invitation is on its way by email: its link works for 72 hours"

/* What the success banner says once a person is sent a new invitation; the page it leads to names them. */
#define INVITATION_RESENT "Invitation sent"

#endif
