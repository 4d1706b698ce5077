/*
 * store.h (mail) — the outbox's queries, used by the sender and the
 * `haven mail` commands (mail_enqueue and mail_cancel_queued, in mail.h, are
 * the writes other areas use). Times are Unix seconds.
 */
#ifndef HAVEN_AREAS_MAIL_STORE_H
#define HAVEN_AREAS_MAIL_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* One queued email as the sender needs it. */
struct mail_row {
	int64_t id;
	int attempts;
	char *kind; /* the email template's name (mail.h); NULL for an email queued before kinds were kept */
	char *to;
	char *subject;
	char *body_text;
	char *attachment_name; /* NULL when there is none */
	char *attachment_type;
	void *attachment;
	size_t attachment_len;
};

void mail_row_free(struct mail_row *row);

/*
 * Up to `max` queued emails due at `now` (next_attempt_at <= now), oldest
 * due first, into rows (caller frees each with mail_row_free). Reads on this
 * thread's connection.
 */
enum haven_status mail_store_due(int64_t now, struct mail_row *rows, size_t max,
                                 size_t *count) HAVEN_MUST_CHECK;

/* Marks an email sent at `now`. */
enum haven_status mail_store_sent(int64_t id, int64_t now) HAVEN_MUST_CHECK;

/*
 * Records a failed attempt (the attempt count becomes `attempts`): retried
 * at now + mail_backoff_seconds(attempts), or marked failed once attempts
 * reaches MAIL_MAX_ATTEMPTS. `error` holds codes only ("curl 7", "smtp 451").
 * *gave_up says which happened.
 */
enum haven_status mail_store_retry(int64_t id, int attempts, int64_t now, const char *error,
                                   int *gave_up) HAVEN_MUST_CHECK;

/*
 * The outbox at a glance: {"queued": n, "sent": n, "failed": n,
 * "failed_messages": [{"id", "kind", "attempts", "created_at", "last_error"}, ...]}
 * (no addresses or subjects; kind is null when not known). NULL on a database error.
 */
json_t *mail_store_summary(void);

/* Queues failed emails again, due now with attempts reset: one (id > 0) or all (id == 0). *count is how many.
 */
enum haven_status mail_store_requeue(int64_t id, int64_t now, size_t *count) HAVEN_MUST_CHECK;

/*
 * For the retention schedule (src/areas/retention): removes up to `limit`
 * emails sent before `before` (address, subject and body with them), or
 * failed with their last attempt before `before`; *removed says how many, so
 * fewer than `limit` means none is left. Queued email is never removed.
 */
enum haven_status mail_store_remove_sent(int64_t before, int limit, long long *removed) HAVEN_MUST_CHECK;
enum haven_status mail_store_remove_failed(int64_t before, int limit, long long *removed) HAVEN_MUST_CHECK;

#endif
