/*
 * mail.h — Haven's email outbox: every email Haven sends is first a row in
 * the database (table mail_outbox), written in the same transaction as the
 * change that causes it, and a sender thread in `haven serve` delivers the
 * rows through the configured SMTP relay, retrying with backoff. So an email
 * is never lost once the change that caused it is acknowledged, and a mail
 * outage only delays it. See docs/architecture.md ("The email outbox") and
 * docs/operations.md ("Email").
 *
 * NO PERSONAL DATA IN EMAILS. Email is not a secure channel: the subject and
 * body must never say anything about a child, a family, an incident or a
 * case — no names, dates of birth, addresses, schools or circumstances.
 * Callers compose the text from the area's email template (compose.h), and
 * pass generic text that sends the reader to Haven, for example:
 *   subject   "New notification in Haven"
 *   body_text "You have a new notification in Haven. Sign in to read it."
 * The recipient's own address is the only personal data an email holds.
 * A training booking may carry the course title, date and venue (an
 * iCalendar attachment, see ical.h): that is about the session, not a person.
 * The sender logs counts, SMTP status codes and an email's kind (its
 * template's name) only, never an address, subject or body; last_error
 * holds SMTP/curl codes only.
 */
#ifndef HAVEN_AREAS_MAIL_MAIL_H
#define HAVEN_AREAS_MAIL_MAIL_H

#include <stddef.h>

#include "core/status.h"
#include "store/store.h"

/* Limits checked by mail_enqueue (HAVEN_ERR_INVALID beyond them). */
#define MAIL_ADDRESS_MAX 254
#define MAIL_SUBJECT_MAX 200
#define MAIL_BODY_MAX (64 * 1024)
#define MAIL_ATTACHMENT_MAX (1024 * 1024)

/* One email to queue. Strings are UTF-8, borrowed for the call. */
struct mail {
	const char *kind;      /* the email template it was composed from: "training/booked" (compose.h) */
	const char *to;        /* one address: "name@example.org" (no display name) */
	const char *subject;   /* one line, no CR/LF; generic (see above) */
	const char *body_text; /* plain text; generic (see above) */
	/* An optional attachment: all NULL/0 for none. */
	const char *attachment_name; /* "session.ics" */
	const char *attachment_type; /* "text/calendar; method=PUBLISH; charset=UTF-8" */
	const void *attachment;
	size_t attachment_len;
};

/*
 * Queues `m` in the outbox in `tx`, which must be the unit of work of
 * a db_write unit (call it from your db_write_fn), so the email
 * commits or rolls back with the caller's change. Due at once. Checks the
 * kind (a built-in email template's name), the address (one '@', no spaces
 * or control characters, at most MAIL_ADDRESS_MAX), the subject (no CR/LF)
 * and the limits above: HAVEN_ERR_INVALID if one fails, HAVEN_ERR_DB if the
 * insert fails. Wakes the sender (cheaply) so the email goes within about a
 * second. An area composing from a template calls mail_enqueue_one or
 * mail_enqueue_each (compose.h), which set the kind; mail_enqueue itself is
 * for an email they cannot make (one with an attachment).
 */
enum haven_status mail_enqueue(struct store_tx *tx, const struct mail *m) HAVEN_MUST_CHECK;

/*
 * Cancels, in the unit of work `tx`, the emails of kind `kind` ("passwords/invitation") to the one address
 * `to` still queued (not sent, nor failed): they leave the outbox, so an email made out of date by a newer
 * one (an invitation sent again) never goes. Emails of other kinds, and other addresses', stay; what the
 * subject says does not matter. HAVEN_ERR_INVALID without a kind or address, HAVEN_ERR_DB if the delete
 * fails.
 */
enum haven_status mail_cancel_queued(struct store_tx *tx, const char *kind, const char *to) HAVEN_MUST_CHECK;

/* The delay before retry number `attempts` (1, 2, ...): 30 s, 60 s, 120 s, ... capped at 3600 s. */
long mail_backoff_seconds(int attempts);

/* After this many failed attempts a message is marked failed and listed by `haven mail list`. */
#define MAIL_MAX_ATTEMPTS 10

#endif
