/*
 * store.h (auth) — the database side of accounts, sessions, throttling,
 * relationships and break-glass grants. Every change here writes its audit
 * row in the same transaction (auth/store_sqlite.c).
 */
#ifndef HAVEN_AUTH_STORE_H
#define HAVEN_AUTH_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/actor.h"
#include "auth/audit.h"
#include "auth/totp.h"
#include "auth/user.h"
#include "core/status.h"

/* An account as sign-in needs it. */
struct account {
	struct user user; /* id, agency, names, roles (no session yet) */
	char password_hash[160];
	bool disabled;
	bool has_totp;
	unsigned char totp_secret[TOTP_SECRET_SIZE];
	uint64_t totp_last_step; /* codes for this step or earlier are spent */
	bool totp_required;      /* one of the user's roles requires a second factor */
	/* when the invitation they have not yet accepted expires (Unix seconds); 0 when they are not waiting
	 * to accept one (auth/roles.h, account_state_to_json) */
	int64_t invitation_expires_at;
	bool disabled_by_administrator; /* disabled, by an administrator: only one enables it again */
};

/* Finds an account by (lower-case) email; HAVEN_ERR_NOT_FOUND if none. */
enum haven_status auth_store_account_by_email(const char *email, struct account *out) HAVEN_MUST_CHECK;
enum haven_status auth_store_account_by_id(long long id, struct account *out) HAVEN_MUST_CHECK;

/* Stores a new password hash (rehash after a parameter change). */
enum haven_status auth_store_set_password_hash(long long user_id, const char *hash) HAVEN_MUST_CHECK;

struct new_session {
	const unsigned char *token_hash; /* TOKEN_HASH_SIZE bytes */
	const char *csrf_token;
	const char *client_address;
	const char *user_agent;
	bool second_factor_done;
	int64_t now;
};

/* Creates a session for `account` and audits the sign-in; sets *session_id. */
enum haven_status auth_store_session_create(const struct account *account, const struct new_session *s,
                                            long long *session_id) HAVEN_MUST_CHECK;

/*
 * Finds the live session for a token hash: not ended, seen within
 * `idle` seconds and created within `absolute` seconds of `now`. Fills
 * `user` (with roles, session id, CSRF token). HAVEN_ERR_NOT_FOUND if there
 * is none or it has expired. Sets *last_seen for the caller to decide
 * whether to record activity.
 */
enum haven_status auth_store_session_find(const unsigned char *token_hash, int64_t now, int64_t idle,
                                          int64_t absolute, struct user *user,
                                          int64_t *last_seen) HAVEN_MUST_CHECK;

/* Records that a session was used at `now` (so the idle timeout restarts). */
enum haven_status auth_store_session_touch(long long session_id, int64_t now) HAVEN_MUST_CHECK;

/* Marks the second factor as done for a session with the code of TOTP step `step`, audited. */
enum haven_status auth_store_session_second_factor(const struct user *user, const struct actor *actor,
                                                   int64_t now, uint64_t step) HAVEN_MUST_CHECK;

/* Keeps a TOTP secret being set up with the session until its first code is confirmed. */
enum haven_status auth_store_set_pending_totp(long long session_id,
                                              const unsigned char secret[TOTP_SECRET_SIZE]) HAVEN_MUST_CHECK;
/* The session's pending TOTP secret; HAVEN_ERR_NOT_FOUND if none. */
enum haven_status auth_store_pending_totp(long long session_id,
                                          unsigned char secret[TOTP_SECRET_SIZE]) HAVEN_MUST_CHECK;

/*
 * Seals every second-factor secret still stored in clear (by a Haven from
 * before sealing), in one unit, and counts in *unopened those that do not
 * open with the loaded key (another database's key file, or a changed row).
 * Run by `haven serve` at start-up, after keys_load. Sets *sealed.
 */
enum haven_status auth_store_seal_secrets(unsigned *sealed, unsigned *unopened) HAVEN_MUST_CHECK;

/* Stores a user's new TOTP secret once its first code is right, completing the session's sign-in; audited. */
enum haven_status auth_store_set_totp_secret(const struct user *user, const struct actor *actor,
                                             const unsigned char secret[TOTP_SECRET_SIZE],
                                             uint64_t step) HAVEN_MUST_CHECK;

/*
 * Ends session `session_id` if it belongs to `user_id` (audited as
 * `action`: "sign_out" or "session.end"). HAVEN_ERR_NOT_FOUND otherwise.
 */
enum haven_status auth_store_session_end(long long session_id, long long user_id, const struct actor *actor,
                                         const char *action, int64_t now) HAVEN_MUST_CHECK;

/* A user's live sessions, newest first: [{id, created_at, last_seen_at, client_address, user_agent}]. */
enum haven_status auth_store_sessions_of(long long user_id, int64_t now, int64_t idle, int64_t absolute,
                                         json_t **out) HAVEN_MUST_CHECK;

/* ---- throttling of failed sign-ins ---- */

/*
 * The latest time any of `keys` (NULL-terminated, e.g. "email:x", "address:y", "device:z")
 * is locked or must wait until; 0 if none.
 */
enum haven_status auth_store_throttle_until(const char *const *keys, int64_t now,
                                            int64_t *until) HAVEN_MUST_CHECK;

/*
 * Records a failed attempt for each key and audits it (as `action`, say
 * "sign_in_failed", or "sign_in_locked" when this failure locks a key);
 * sets *until to when the next attempt may be made (0: at once).
 */
enum haven_status auth_store_throttle_failure(const char *const *keys, const struct actor *actor,
                                              const char *action, int64_t now,
                                              int64_t *until) HAVEN_MUST_CHECK;

/* Forgets failures for keys after a successful sign-in. */
enum haven_status auth_store_throttle_clear(const char *const *keys) HAVEN_MUST_CHECK;

/*
 * Whether `address` is the client address user `user_id` last completed a
 * sign-in from (*known), compared as a limit counts addresses (an IPv6
 * client's /64: core/limit_address.h): how an API client, which keeps no
 * device marker, is known (session.c). Not once that sign-in's address was
 * blanked (unused for 30 days: auth_store_blank_old_session_details).
 */
enum haven_status auth_store_signed_in_last_from(long long user_id, const char *address,
                                                 bool *known) HAVEN_MUST_CHECK;

/* ---- relationships and break glass ---- */

/*
 * True in *related if the user's agency has a relationship to the record, or, when `with_grant` (the action
 * is one the policy lets the user take by breaking glass: reading the record, never changing it), an
 * unexpired break-glass grant on it.
 */
enum haven_status auth_store_related(const struct user *user, const char *type, long long id, bool with_grant,
                                     bool *related) HAVEN_MUST_CHECK;

/*
 * The record that record `type` `id` belongs to (auth/records.h's `owner`):
 * its type (copied into owner_type, `size` bytes) and id. HAVEN_ERR_NOT_FOUND
 * if there is no such record or its type has no owner.
 */
enum haven_status auth_store_owner(const char *type, long long id, char *owner_type, size_t size,
                                   long long *owner_id) HAVEN_MUST_CHECK;

/* The most break-glass grants one person is given in an hour: a person who needs more is not breaking
 * glass in an emergency, and one who takes them to read record after record is stopped. */
#define BREAK_GLASS_PER_HOUR 20

/*
 * Grants `user` access to one record for `seconds`, with the reason, audited ("break_glass"). A record that
 * does not exist (auth/records.h's `exists`) gets no grant, never one ahead of it, but the attempt is
 * audited and HAVEN_OK as for one that does, so the answer tells nothing. HAVEN_ERR_BUSY, nothing written,
 * with the seconds until one more is allowed in *wait, if the user broke glass BREAK_GLASS_PER_HOUR times
 * (audited attempts) in the hour before `now`.
 */
enum haven_status auth_store_break_glass(const struct user *user, const struct actor *actor, const char *type,
                                         long long id, const char *reason, int64_t now, int64_t seconds,
                                         int64_t *wait) HAVEN_MUST_CHECK;

/* Break-glass grants for review, newest first, with user and agency names. */
enum haven_status auth_store_break_glass_list(json_t **out) HAVEN_MUST_CHECK;

/* ---- the audit trail ---- */

/* Appends one audit row in its own unit of work (for reads, which change nothing else). */
enum haven_status auth_store_audit(const struct audit_event *event) HAVEN_MUST_CHECK;

/* How an audit row queued by auth_store_audit_async ended: HAVEN_OK once it is durable. */
typedef void (*auth_audit_done_fn)(enum haven_status result, void *ctx);

/*
 * auth_store_audit without waiting for the disk: the event is copied and
 * queued for the writer (store/db.h, db_write_async), and `then(result,
 * then_ctx)` is called once, on the writer thread, when the row is durable
 * or has failed. HAVEN_ERR_DB, and `then` never called, if the store is
 * closing.
 */
enum haven_status auth_store_audit_async(const struct audit_event *event, auth_audit_done_fn then,
                                         void *then_ctx) HAVEN_MUST_CHECK;

/* How many different records user `user_id` was refused (access_refused rows) at or after `since` (Unix
 * seconds). */
enum haven_status auth_store_refusals_since(long long user_id, int64_t since,
                                            long long *count) HAVEN_MUST_CHECK;

/* ---- accounts, for admins and the command line ---- */

struct new_user {
	const char *email, *name, *agency_slug;
	unsigned roles;
	const char *password_hash;
};

/*
 * Creates a user, audited. HAVEN_ERR_CONFLICT if the email is taken (and
 * for nothing else: a caller may say so), HAVEN_ERR_NOT_FOUND if the agency
 * is unknown, HAVEN_ERR_DENIED if its type may not hold one of the roles
 * (checked in the same unit of work, so an agency's type changed meanwhile
 * is seen), HAVEN_ERR_INVALID if the database refuses one of the roles (a
 * constraint on user_roles: its schema does not list the role). Nothing is
 * kept unless HAVEN_OK. Sets *id.
 */
enum haven_status auth_store_user_create(const struct new_user *u, const struct actor *actor,
                                         long long *id) HAVEN_MUST_CHECK;

/* What a list of users is narrowed to; each part left NULL narrows nothing. */
struct auth_user_filter {
	const char *agency_slug; /* the people of this agency */
	const char *role;        /* the people with this role (a name of roles_choices) */
	const char *status;      /* "active", "invited" or "disabled" accounts (account_states) */
	const char *search;      /* a part of the name or email address, in any case (ASCII letters) */
};

/*
 * A page of users, by name: [{id, email, name, agency_slug, agency_name,
 * roles:[...], disabled}], narrowed by `filter` (may be NULL), `fetch` rows
 * after the user with id `cursor` (0: from the start), or before it in
 * reverse order when `backward`: read as router/page.h says. *total: how
 * many such users, counted up to `count_cap`. An agency is read through
 * users_by_agency; a role, status or search narrows the rows read by name.
 */
enum haven_status auth_store_user_list(const struct auth_user_filter *filter, long long cursor, bool backward,
                                       long long fetch, json_t **out, long long *total,
                                       long long count_cap) HAVEN_MUST_CHECK;

/* The agencies that have accounts, by name: [{slug, name}], for the list of accounts' agency filter. */
enum haven_status auth_store_user_agencies(json_t **out) HAVEN_MUST_CHECK;

/* As auth_store_user_list, of the people in agency `agency_id` only (filter's agency_slug unused). */
enum haven_status auth_store_agency_user_list(long long agency_id, const struct auth_user_filter *filter,
                                              long long cursor, bool backward, long long fetch, json_t **out,
                                              long long *total, long long count_cap) HAVEN_MUST_CHECK;

/*
 * Disables a user (by email) as an administrator and ends their sessions, audited "user.disable" with
 * `reason` (may be NULL), in a unit of its own: auth's tests' way. Every form, API and command disables
 * through the passwords area's passwords_disable (areas/passwords/invite.h), which also cancels the
 * person's queued emails carrying links in the same unit. HAVEN_ERR_CONFLICT (nothing changed) if they
 * are the last active administrator.
 */
enum haven_status auth_store_user_disable(const char *email, const struct actor *actor, int64_t now,
                                          const char *reason) HAVEN_MUST_CHECK;

/*
 * Re-enables a disabled user (by email), audited as "user.enable" with the
 * reason (required: who asked, and why); `administrator`: whether the one
 * enabling it is one. HAVEN_ERR_NOT_FOUND if there is no such account or it
 * is not disabled; HAVEN_ERR_DENIED (nothing changed) if an administrator
 * disabled it and `administrator` is false. Their old sessions stay ended,
 * and the links they were sent stay cancelled (a new invitation or reset is needed).
 */
enum haven_status auth_store_user_enable(const char *email, const struct actor *actor, const char *reason,
                                         bool administrator) HAVEN_MUST_CHECK;

/*
 * Changes a user's roles (`roles` a set of enum role; 0 leaves them) and
 * moves them to another agency (`agency_slug`; NULL leaves it), in one unit
 * of work, each change audited ("user.roles", "user.agency") with `reason`
 * (who asked, and why). The caller checks the roles (policy_roles_problem).
 * HAVEN_ERR_CONFLICT if the change would leave no active administrator;
 * HAVEN_ERR_INVALID if the agency is unknown; HAVEN_ERR_DENIED if the
 * agency's type (as it is in the same unit of work) may not hold one of the
 * roles they would then hold; nothing changes then. Takes
 * effect at the person's next request (roles and agency are read with the
 * session).
 */
enum haven_status auth_store_user_change(long long id, unsigned roles, const char *agency_slug,
                                         const struct actor *actor, const char *reason) HAVEN_MUST_CHECK;

/* Which roles require a second factor (a set of enum role). */
enum haven_status auth_store_totp_roles(unsigned *roles) HAVEN_MUST_CHECK;

/* When sessions are live: seen within `idle` seconds of `now`, begun within `absolute`. */
struct session_window {
	int64_t now, idle, absolute;
};

/*
 * Sets which roles require a second factor, audited. The live sessions of
 * the people in a role newly required that were made without one (they
 * have none set up) are ended in the same unit, each audited "session.end"
 * with the reason, so no one goes on for hours on a sign-in the setting now
 * refuses; *signed_out says how many people that was.
 */
enum haven_status auth_store_set_totp_roles(unsigned roles, const struct actor *actor,
                                            const struct session_window *window,
                                            long long *signed_out) HAVEN_MUST_CHECK;

/*
 * For the retention schedule (src/areas/retention), each removing up to
 * `limit` rows and saying how many in *removed (fewer than `limit`: none is
 * left). Sessions last used before `before` (long ended or timed out), but
 * never an account's last used one (the leavers' job reads when an account
 * was last used from it), its last completed sign-in (read by
 * auth_store_signed_in_last_from) nor one with a kept form. Sign-in failures
 * forgotten by `now` (past their window, and any lock over).
 */
enum haven_status auth_store_remove_old_sessions(int64_t before, int limit,
                                                 long long *removed) HAVEN_MUST_CHECK;
/*
 * The sessions last used before `before` that the removal above keeps lose their client address and
 * browser (both become ''), up to `limit` of them, *blanked saying how many: kept for the leavers' job
 * and the throttle's "last completed sign-in", they need neither past the month.
 */
enum haven_status auth_store_blank_old_session_details(int64_t before, int limit,
                                                       long long *blanked) HAVEN_MUST_CHECK;
enum haven_status auth_store_throttle_remove_forgotten(int64_t now, int limit,
                                                       long long *removed) HAVEN_MUST_CHECK;

#endif
