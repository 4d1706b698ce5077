/*
 * store.h (passwords) — one-time links by email: invitations, password
 * resets, and changing one's password. Each change is one unit of work
 * with its audit row and its email (through the mail outbox), so an email
 * is queued exactly when its link is saved. Tokens are made by the caller
 * (auth/token.h); only their hash reaches the database.
 */
#ifndef HAVEN_PASSWORDS_STORE_H
#define HAVEN_PASSWORDS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "areas/passwords/invite.h"
#include "auth/store.h"
#include "auth/token.h"
#include "core/status.h"

#define INVITATION_SECONDS (72 * 3600)
#define RESET_SECONDS 3600
/* At most this many reset emails to one account an hour (more are silently not sent). */
#define RESET_EMAILS_PER_HOUR 3

enum link_purpose { LINK_INVITATION, LINK_PASSWORD_RESET };

/* What a link is now. */
enum link_state {
	LINK_VALID,
	LINK_UNKNOWN, /* never made, or altered: tampered with or mistyped */
	LINK_EXPIRED,
	LINK_USED, /* used already, or replaced by a newer link */
};

/*
 * Invites `count` people in one unit of work, as passwords_invite does each
 * (`links[i]` for `users[i]`): all or none. What only the database knows
 * (an email that already has an account, an unknown agency) is appended to
 * `problems` as {index, field, message} for every person, and answered
 * HAVEN_ERR_INVALID, inviting nobody. A role the database refuses
 * (account_role_refused, on "roles") stops the checks at that person: the
 * unit can go no further on PostgreSQL.
 */
enum haven_status passwords_invite_many(const struct new_user *users, const struct new_link *links,
                                        size_t count, const struct actor *actor,
                                        json_t *problems) HAVEN_MUST_CHECK;

/*
 * A new invitation for account `user_id`, which is waiting to accept one
 * (invited, expired or not, and no password chosen yet:
 * auth/account_state_sqlite.h): its older links cancelled, the account
 * waiting on the new one (auth_write_invitation), the earlier invitation
 * emails to it still queued cancelled (mail_cancel_queued) and the new one
 * queued as the first was, audited ("user.invite"), in one unit of work.
 * HAVEN_ERR_NOT_FOUND if there is no such
 * account; HAVEN_ERR_CONFLICT, with *refusal saying why, if it is disabled
 * or has chosen its password.
 */
enum haven_status passwords_reinvite(long long user_id, const struct actor *actor,
                                     const struct new_link *link,
                                     enum reinvite_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * What the link of `token` is now, and whose: *name, the person's name, for
 * the page; *user_id (when not NULL), their account, for checking a new
 * password against their name and email.
 */
enum haven_status passwords_link_state(const char *token, enum link_purpose purpose, int64_t now,
                                       enum link_state *state, char name[512],
                                       long long *user_id) HAVEN_MUST_CHECK;

/*
 * Uses the link: sets the person's password to `hash`, ends all their
 * sessions, marks the link used and cancels their other open links (of
 * either purpose: the password they were for is chosen), audited ("invitation.accept" or "password.reset") as
 * done by them. *state says why nothing changed when it is not LINK_VALID.
 */
enum haven_status passwords_use_link(const char *token, enum link_purpose purpose, const char *hash,
                                     int64_t now, const char *client_address,
                                     enum link_state *state) HAVEN_MUST_CHECK;

/*
 * A password reset asked for `email`, queued for the writer and not waited
 * for: if it is an active account with fewer than RESET_EMAILS_PER_HOUR
 * links in the last hour, the writer makes the link of `token` and queues
 * the email, audited ("password.reset_request"); otherwise nothing. The
 * caller answers at once and the same for every address, so neither the
 * answer nor its time says whether the address has an account (waiting for
 * the link's commit took longer than doing nothing). A failure to save is
 * logged; the person asks again, as for an email that does not come.
 */
enum haven_status passwords_request_reset(const char *email, const char *token, int64_t now,
                                          const char *client_address) HAVEN_MUST_CHECK;

/*
 * Sets a signed-in person's new password, ends all their sessions and cancels their open links,
 * audited ("password.change").
 */
enum haven_status passwords_change(const struct actor *actor, const char *hash, int64_t now) HAVEN_MUST_CHECK;

/*
 * For the retention schedule (src/areas/retention): removes up to `limit`
 * links that ended (expired, were used or were cancelled) before `before`;
 * *removed says how many. A link removed is answered as one never made.
 */
enum haven_status passwords_remove_ended_links(int64_t before, int limit,
                                               long long *removed) HAVEN_MUST_CHECK;

#endif
