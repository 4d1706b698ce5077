/*
 * store_sqlite.c (mail) — the outbox table (migrations 0008 and 0162) in
 * SQLite: mail_enqueue and mail_cancel_queued for other areas' units of
 * work, and the sender's and commands' queries (store.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "areas/mail/compose.h"
#include "areas/mail/mail.h"
#include "areas/mail/sender.h"
#include "areas/mail/store.h"
#include "core/alloc.h"
#include "store/db.h"
#include "store/expired_rows_sqlite.h"

long mail_backoff_seconds(int attempts)
{
	if (attempts < 1)
		return 30;
	long delay = 30;
	for (int i = 1; i < attempts && delay < 3600; i++)
		delay *= 2;
	return delay > 3600 ? 3600 : delay;
}

/* A plain addr-spec: local@domain, printable ASCII, nothing a header could be broken with. */
static bool address_valid(const char *s)
{
	size_t len = strlen(s), at = 0, ats = 0;
	if (len < 3 || len > MAIL_ADDRESS_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || strchr("<>()[],;:\"\\", c))
			return false;
		if (c == '@')
			at = i, ats++;
	}
	return ats == 1 && at > 0 && at + 1 < len && s[len - 1] != '.';
}

static int64_t now_seconds(void)
{
	return (int64_t)time(NULL);
}

enum haven_status mail_enqueue(struct store_tx *tx, const struct mail *m)
{
	db_conn *db = db_tx_conn(tx);
	if (!db || !m || !mail_template_exists(m->kind) || !m->to || !m->subject || !m->body_text ||
	    !address_valid(m->to) || strlen(m->subject) > MAIL_SUBJECT_MAX || strpbrk(m->subject, "\r\n") ||
	    strlen(m->body_text) > MAIL_BODY_MAX)
		return HAVEN_ERR_INVALID;
	bool has_attachment = m->attachment != NULL;
	if (has_attachment &&
	    (!m->attachment_name || !*m->attachment_name || !m->attachment_type || !*m->attachment_type ||
	     m->attachment_len > MAIL_ATTACHMENT_MAX || strpbrk(m->attachment_name, "\r\n\"\\/") ||
	     strpbrk(m->attachment_type, "\r\n")))
		return HAVEN_ERR_INVALID;
	if (!has_attachment && (m->attachment_name || m->attachment_type || m->attachment_len))
		return HAVEN_ERR_INVALID;
	/* each text and the attachment are the caller's, alive until this returns (the statement's step) */
	enum haven_status rc = db_exec_with(
	    db,
	    "INSERT INTO mail_outbox (to_address, subject, body_text, attachment_name, attachment_type,"
	    " attachment, created_at, next_attempt_at, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
	    DB_TEXT(m->to), DB_TEXT(m->subject), DB_TEXT(m->body_text),
	    DB_TEXT(has_attachment ? m->attachment_name : NULL),
	    DB_TEXT(has_attachment ? m->attachment_type : NULL),
	    /* an empty attachment is a zero-length blob (its bytes are not NULL), not NULL */
	    has_attachment ? DB_BLOB(m->attachment, m->attachment_len) : DB_NULL, DB_INT(now_seconds()),
	    DB_TEXT(m->kind));
	if (rc == HAVEN_OK)
		mail_sender_wake(); /* the commit follows; the sender also polls each second */
	return rc;
}

enum haven_status mail_cancel_queued(struct store_tx *tx, const char *kind, const char *to)
{
	db_conn *db = db_tx_conn(tx);
	if (!db || !kind || !to)
		return HAVEN_ERR_INVALID;
	return db_exec_with(
	    db, "DELETE FROM mail_outbox WHERE status = 'queued' AND to_address = ?1 AND kind = ?2",
	    DB_TEXT(to), DB_TEXT(kind));
}

void mail_row_free(struct mail_row *row)
{
	free(row->kind);
	free(row->to);
	free(row->subject);
	free(row->body_text);
	free(row->attachment_name);
	free(row->attachment_type);
	free(row->attachment);
	memset(row, 0, sizeof *row);
}

static char *column_dup(db_stmt *st, int col)
{
	const char *t = db_column_text(st, col);
	return t ? xstrdup(t) : NULL;
}

enum haven_status mail_store_due(int64_t now, struct mail_row *rows, size_t max, size_t *count)
{
	*count = 0;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	db_stmt *st = db_prepare(db, "SELECT id, attempts, to_address, subject, body_text, attachment_name, "
	                             "attachment_type, attachment, kind FROM mail_outbox "
	                             "WHERE status = 'queued' AND next_attempt_at <= ?1 "
	                             "ORDER BY next_attempt_at, id LIMIT ?2");
	if (!db_bind(st, DB_INT(now), DB_INT((long long)max)))
		return HAVEN_ERR_DB;
	/* stepped by hand: the sender polls each second, and each row fills a C mail_row it owns */
	enum db_step step = DB_STEP_DONE;
	while (*count < max && (step = db_step(st)) == DB_STEP_ROW) {
		struct mail_row *r = &rows[*count];
		memset(r, 0, sizeof *r);
		r->id = db_column_int(st, 0);
		r->attempts = (int)db_column_int(st, 1);
		r->to = column_dup(st, 2);
		r->subject = column_dup(st, 3);
		r->body_text = column_dup(st, 4);
		r->attachment_name = column_dup(st, 5);
		r->attachment_type = column_dup(st, 6);
		r->kind = column_dup(st, 8);
		if (!db_column_is_null(st, 7)) {
			const void *b = db_column_blob(st, 7, &r->attachment_len);
			r->attachment = xmalloc(r->attachment_len + 1);
			if (r->attachment_len)
				memcpy(r->attachment, b, r->attachment_len);
		}
		(*count)++;
	}
	db_done(st);
	if (*count < max && step != DB_STEP_DONE) {
		for (size_t i = 0; i < *count; i++)
			mail_row_free(&rows[i]);
		*count = 0;
		return HAVEN_ERR_DB;
	}
	return HAVEN_OK;
}

struct update {
	int64_t id;
	int64_t now;
	int attempts;
	const char *error;
	int gave_up;
	size_t count;
};

static enum haven_status write_sent(db_conn *db, void *ctx)
{
	struct update *u = ctx;
	return db_exec_with(db,
	                    "UPDATE mail_outbox SET status = 'sent', sent_at = ?2, "
	                    "attempts = attempts + 1, last_error = NULL WHERE id = ?1 AND status = 'queued'",
	                    DB_INT(u->id), DB_INT(u->now));
}

enum haven_status mail_store_sent(int64_t id, int64_t now)
{
	struct update u = {.id = id, .now = now};
	return db_write(write_sent, &u);
}

static enum haven_status write_retry(db_conn *db, void *ctx)
{
	struct update *u = ctx;
	u->gave_up = u->attempts >= MAIL_MAX_ATTEMPTS;
	return db_exec_with(db,
	                    "UPDATE mail_outbox SET attempts = ?2, next_attempt_at = ?3, "
	                    "last_error = ?4, status = ?5 WHERE id = ?1 AND status = 'queued'",
	                    DB_INT(u->id), DB_INT(u->attempts),
	                    DB_INT(u->now + mail_backoff_seconds(u->attempts)), DB_TEXT(u->error),
	                    DB_TEXT(u->gave_up ? "failed" : "queued"));
}

enum haven_status mail_store_retry(int64_t id, int attempts, int64_t now, const char *error, int *gave_up)
{
	struct update u = {.id = id, .now = now, .attempts = attempts, .error = error};
	enum haven_status rc = db_write(write_retry, &u);
	*gave_up = u.gave_up;
	return rc;
}

json_t *mail_store_summary(void)
{
	db_conn *db = db_reader();
	if (!db)
		return NULL;
	json_t *counts =
	    db_rows(db_prepare(db, "SELECT status, count(*) AS n FROM mail_outbox GROUP BY status"));
	json_t *failed =
	    db_rows(db_prepare(db, "SELECT id, kind, attempts, created_at, last_error FROM mail_outbox"
	                           " WHERE status = 'failed' ORDER BY id"));
	if (!counts || !failed) {
		json_decref(counts);
		json_decref(failed);
		return NULL;
	}
	json_t *out = json_pack("{s:i, s:i, s:i}", "queued", 0, "sent", 0, "failed", 0);
	size_t i;
	json_t *row;
	json_array_foreach(counts, i, row)
	{
		json_object_set(out, json_string_value(json_object_get(row, "status")),
		                json_object_get(row, "n"));
	}
	json_decref(counts);
	json_object_set_new(out, "failed_messages", failed);
	return out;
}

static enum haven_status write_requeue(db_conn *db, void *ctx)
{
	struct update *u = ctx;
	long long requeued = 0;
	enum haven_status rc =
	    db_exec_changed_with(db,
	                         "UPDATE mail_outbox SET status = 'queued', attempts = 0, "
	                         "next_attempt_at = ?2 WHERE status = 'failed' AND (?1 = 0 OR id = ?1)",
	                         &requeued, DB_INT(u->id), DB_INT(u->now));
	u->count = (size_t)requeued;
	return rc;
}

enum haven_status mail_store_requeue(int64_t id, int64_t now, size_t *count)
{
	struct update u = {.id = id, .now = now};
	enum haven_status rc = db_write(write_requeue, &u);
	*count = u.count;
	return rc;
}

/* Sent email goes by when it was sent; failed email by next_attempt_at, its last attempt plus the last
 * backoff: when it failed, near enough. */
static const char remove_sent[] = "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox"
                                  " WHERE status = 'sent' AND sent_at < ?1 ORDER BY id LIMIT ?2)";
static const char remove_failed[] = "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox"
                                    " WHERE status = 'failed' AND next_attempt_at < ?1 ORDER BY id LIMIT ?2)";
DB_REGISTER(remove_sent);
DB_REGISTER(remove_failed);

enum haven_status mail_store_remove_sent(int64_t before, int limit, long long *removed)
{
	return expired_rows_remove(remove_sent, before, limit, removed);
}

enum haven_status mail_store_remove_failed(int64_t before, int limit, long long *removed)
{
	return expired_rows_remove(remove_failed, before, limit, removed);
}
