/*
 * kept.h — forms kept when their session had ended (issue 16).
 *
 * Someone left idle past the session timeout who then sends a form would
 * lose what they typed (an incident, a rapid review). Instead the server
 * keeps the form's fields here, asks them to sign in again, and afterwards
 * shows them the same form filled in, once. A kept form:
 *   - is kept only for a session that timed out (not one its owner ended by
 *     signing out) and only when the form carries that session's CSRF token,
 *     so another site cannot plant one;
 *   - waits KEPT_FORM_SECONDS, sealed under its own subkey (auth/keys.h) and
 *     bound to the browser's token, so it opens only with the cookie that
 *     browser holds: the database keeps the token's hash, never the token;
 *   - is one a session (the newest), so each browser's own is kept;
 *   - is shown again only to the person whose session it was, at the address
 *     it was sent to, and is deleted when it is (or when it expires).
 * Keeping and taking are audited ("form.kept", "form.restored"): the audit
 * trail names the person and the address, never what was typed.
 *
 * Thread-safe; the writes go through the store's writer.
 */
#ifndef HAVEN_AUTH_KEPT_H
#define HAVEN_AUTH_KEPT_H

#include <stdint.h>

#include "auth/token.h"
#include "core/status.h"

/*
 * Where a page's script asks, when its clock says the session has run out,
 * whether it has (and has its form kept if so): http/kept_forms.c answers it
 * itself, before identifying anyone, so asking never uses the session.
 */
#define SESSION_KEEP_PATH "/session/keep"

/* How long a form is kept for its owner to sign in again: 30 minutes. */
#define KEPT_FORM_SECONDS (30 * 60)
/* The largest form kept (its fields as JSON); a larger one is not kept. */
#define KEPT_FORM_MAX_BYTES (64 * 1024)

/*
 * Keeps `fields` (a JSON object's text, the form's fields without secrets
 * or its CSRF token) sent to `path` by the browser whose ended session had
 * the token `session_token`, if that session timed out at or before `now`
 * (its owner did not sign out, and is not disabled) and `csrf_token` is
 * that session's. Any form kept before for the same session goes (one a
 * session: a person whose sessions on two computers time out keeps a form
 * for each, in the browser it was typed in). On
 * success fills `kept_token`, the browser's new token for its cookie.
 * HAVEN_ERR_NOT_FOUND: nothing kept (no such timed-out session, another
 * CSRF token); HAVEN_ERR_TOO_LARGE: over KEPT_FORM_MAX_BYTES.
 */
enum haven_status kept_form_keep(const char *session_token, const char *csrf_token, const char *path,
                                 const char *fields, const char *client_address, int64_t now,
                                 char kept_token[TOKEN_TEXT_SIZE]) HAVEN_MUST_CHECK;

/* When the form kept for `kept_token` stops being kept (*until); HAVEN_ERR_NOT_FOUND if none is. */
enum haven_status kept_form_until(const char *kept_token, int64_t now, int64_t *until) HAVEN_MUST_CHECK;

/*
 * The address of the form kept for `kept_token` by `user_id`, in *path (a
 * new string; caller frees). HAVEN_ERR_NOT_FOUND if none is kept for them.
 */
enum haven_status kept_form_path(const char *kept_token, long long user_id, int64_t now,
                                 char **path) HAVEN_MUST_CHECK;

/*
 * Takes the form kept for `kept_token` by `user_id` at `path`: opens it
 * into *fields (the JSON text given to kept_form_keep; a new string, caller
 * frees) and deletes it, audited as "form.restored". HAVEN_ERR_NOT_FOUND
 * if there is none (or it does not open).
 */
enum haven_status kept_form_take(const char *kept_token, long long user_id, long long agency_id,
                                 const char *path, const char *client_address, int64_t now,
                                 char **fields) HAVEN_MUST_CHECK;

/*
 * For the retention schedule (src/areas/retention): removes up to `limit`
 * forms whose time ran out by `now` (the sealed fields with them); *removed
 * says how many.
 */
enum haven_status kept_forms_remove_expired(int64_t now, int limit, long long *removed) HAVEN_MUST_CHECK;

#endif
