/*
 * refusals.h — a user who keeps asking for records they have no
 * relationship to is stopped for a while, and the partnership is told.
 *
 * Each refused attempt on a record (a 404 or break-glass 403 from the
 * policy) already leaves an `access_refused` audit row. After writing one,
 * the server calls refusals_note(): when the user has been refused more than
 * `limit` different records in the last `window_seconds`, they are stopped for
 * `block_seconds` (refusals_blocked() says so, and the server answers 429 to
 * their requests for audited data), and an `access_refused_alert` row is
 * written for the partnership's information governance review, once each
 * time they are stopped.
 *
 * Different records, not attempts: someone trying ids in turn is looking
 * for records, while a link followed again (an old bookmark, a page
 * reloaded) is not, and the matrix of who may do what (tests/http/
 * access-matrix.test.mjs) asks each route about the same few records.
 *
 * The count comes from the audit trail, so it survives a restart; who is
 * stopped is kept in memory. After a restart, a user still over the limit
 * is stopped again at their next refused attempt (with a new alert).
 */
#ifndef HAVEN_AUTH_REFUSALS_H
#define HAVEN_AUTH_REFUSALS_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/user.h"
#include "core/status.h"

struct refusal_limits {
	unsigned limit;          /* different records refused in the window; one more stops the user */
	unsigned window_seconds; /* how far back refusals count */
	unsigned block_seconds;  /* how long a stopped user's requests are answered 429 */
};

/* The defaults: more than 20 different records refused in 10 minutes stops a user for 15 minutes. */
#define REFUSALS_DEFAULT_LIMIT 20
#define REFUSALS_DEFAULT_WINDOW_SECONDS 600
#define REFUSALS_DEFAULT_BLOCK_SECONDS 900

/*
 * Sets the limits from HAVEN_REFUSALS_LIMIT, HAVEN_REFUSALS_WINDOW_SECONDS
 * and HAVEN_REFUSALS_BLOCK_SECONDS where they are set (whole numbers from 1
 * to 1,000,000), the defaults otherwise. HAVEN_ERR_INVALID, with the
 * problem logged and nothing changed, for a value that is not. Call before
 * serving (the governance area's start hook); not thread-safe.
 */
enum haven_status refusals_configure_from_env(void) HAVEN_MUST_CHECK;

/* The limits in force. */
struct refusal_limits refusals_limits(void);

/*
 * Called after an access_refused row for `user` was written, at `now`:
 * counts their refusals in the window and, past the limit, stops them and
 * (if they were not stopped already) writes the alert row. HAVEN_ERR_DB if
 * the trail cannot be read or the alert written. Thread-safe.
 */
enum haven_status refusals_note(const struct user *user, const char *client_address,
                                int64_t now) HAVEN_MUST_CHECK;

/* True if user `user_id` is stopped at `now`, with the seconds left in *retry_after. Thread-safe. */
bool refusals_blocked(long long user_id, int64_t now, int64_t *retry_after);

#endif
