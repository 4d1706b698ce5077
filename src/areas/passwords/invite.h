/*
 * invite.h (passwords) — inviting a person, for this area's invitations
 * and other areas' (an agency administrator's, `haven user add --invite` in
 * the admin area): the account, its one-time link and the invitation email
 * in one unit of work (store.h has the rest; invite.c makes the link), and
 * what a page says of that email: on its way, or waiting for a mail relay.
 * Also disabling an account for every area that does (passwords_disable),
 * since the links and emails it was sent die with it.
 */
#ifndef HAVEN_PASSWORDS_INVITE_H
#define HAVEN_PASSWORDS_INVITE_H

#include <jansson.h>
#include <stdbool.h>
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
 * of work. HAVEN_ERR_CONFLICT for an email already used (and for nothing
 * else), HAVEN_ERR_NOT_FOUND for an unknown agency, HAVEN_ERR_DENIED and
 * HAVEN_ERR_INVALID for roles refused, as auth_store_user_create says; a
 * constraint on the link or the email queued is HAVEN_ERR_DB. Nothing is
 * kept unless HAVEN_OK. Sets *id.
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

/*
 * Disables account `id` as `actor` (auth_write_disable: signed out everywhere, `reason` in the audit
 * row; `by_administrator`: only an administrator enables it again) and, in the same unit of work,
 * cancels the invitation and password reset emails to it still queued (passwords_cancel_link_emails),
 * whose links died with it. Statuses as auth_write_disable's: HAVEN_ERR_NOT_FOUND if there is no such
 * active account, HAVEN_ERR_CONFLICT for the last active administrator. What every form, API and
 * command that disables an account calls.
 */
enum haven_status passwords_disable(long long id, const struct actor *actor, int64_t now, const char *reason,
                                    bool by_administrator) HAVEN_MUST_CHECK;

/*
 * In the caller's unit of work `tx`: cancels the invitation and password reset emails to account
 * `user_id` still queued (mail_cancel_queued), once their links are dead (a password chosen, the
 * account disabled), so nobody is sent a link that answers 410. HAVEN_OK also when there are none.
 */
enum haven_status passwords_cancel_link_emails(struct store_tx *tx, long long user_id) HAVEN_MUST_CHECK;

/* Why an account cannot be sent an invitation again (passwords_reinvite, store.h). */
enum reinvite_refusal { REINVITE_DISABLED, REINVITE_HAS_PASSWORD };

/*
 * What the success banner says once a form has invited a person (a literal, as response_success wants):
 * with a mail relay set (mail_relay_set), that the email is on its way; without one, that it waits in
 * the outbox until one is set, where an administrator sets it (the set-up checklist says how) and an
 * agency administrator asks Haven's administrators. The link lasts 72 hours either way.
 */
const char *invitation_sent_message(bool administrator);
#define INVITATION_SENT "The invitation is on its way by email: its link works for 72 hours."
#define INVITATION_WAITING                                                                                   \
	"The invitation is waiting in Haven's outbox: no mail relay is set, so the email goes once one is "  \
	"(setting up the partnership says how). Its link works for 72 hours from now."
#define INVITATION_WAITING_AGENCY                                                                            \
	"The invitation is waiting in Haven's outbox: no mail relay is set, so the email goes once Haven's " \
	"administrators set one. Its link works for 72 hours from now."

/*
 * Adds to a page's model whether an invitation's email would wait in the outbox ("mail_waits": no mail
 * relay is set), for the forms that invite and the page a new invitation leads to.
 */
void invitation_mail_model(json_t *model);

/* What the success banner says once a person is sent a new invitation: never shown, the sign for the page it
 * leads to, which names them and says whether the email went (invitation_mail_model). */
#define INVITATION_RESENT "Invitation sent"

#endif
