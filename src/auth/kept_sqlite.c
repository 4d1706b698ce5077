/*
 * kept_sqlite.c — forms kept when their session had ended, in SQLite
 * (contract in kept.h; the table is migration 0090, kept for each session since 0163).
 */
#include "auth/kept.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/keys.h"
#include "auth/session.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "store/db.h"
#include "store/expired_rows_sqlite.h"

/* The seal's context: the browser's token itself (never stored), the person and the address. */
static char *seal_context(const char *kept_token, long long user_id, const char *path)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "kept_forms:%s:%lld:%s", kept_token, user_id, path);
	return buf_steal(&b, NULL);
}

struct keep {
	const char *session_token, *csrf_token, *path, *fields, *client_address;
	int64_t now;
	char *kept_token;
};

static enum haven_status write_keep(db_conn *db, void *ctx)
{
	struct keep *k = ctx;
	const struct auth_settings *settings = auth_get_settings();
	unsigned char session_hash[TOKEN_HASH_SIZE];
	token_hash(k->session_token, session_hash);
	/* a session that timed out: not ended by its owner, its owner not disabled */
	json_t *session = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT s.id, s.user_id, u.agency_id, s.csrf_token"
	                " FROM sessions s JOIN users u ON u.id = s.user_id"
	                " WHERE s.token_hash = ? AND s.ended_at IS NULL"
	                " AND u.disabled_at IS NULL"
	                " AND (s.last_seen_at <= ? OR s.created_at <= ?)",
	                &session, DB_BLOB(session_hash, TOKEN_HASH_SIZE),
	                DB_INT(k->now - settings->idle_timeout), DB_INT(k->now - settings->absolute_timeout));
	if (st != HAVEN_OK)
		return st;
	long long session_id = json_integer_value(json_object_get(session, "id"));
	long long user_id = json_integer_value(json_object_get(session, "user_id"));
	long long agency_id = json_integer_value(json_object_get(session, "agency_id"));
	const char *csrf = json_string_value(json_object_get(session, "csrf_token"));
	bool from_its_page = csrf && k->csrf_token && token_equal(csrf, k->csrf_token);
	json_decref(session);
	if (!from_its_page)
		return HAVEN_ERR_NOT_FOUND;

	/* one kept form a session (a browser: another computer's session keeps its own): the newest;
	 * and none past its time */
	st = db_exec_with(db, "DELETE FROM kept_forms WHERE session_id = ? OR kept_until <= ?",
	                  DB_INT(session_id), DB_INT(k->now));
	if (st != HAVEN_OK)
		return st;
	token_new(k->kept_token);
	unsigned char kept_hash[TOKEN_HASH_SIZE];
	token_hash(k->kept_token, kept_hash);
	size_t len = strlen(k->fields);
	unsigned char *sealed = xmalloc(len + KEYS_SEAL_OVERHEAD);
	char *context = seal_context(k->kept_token, user_id, k->path);
	keys_seal_kept((const unsigned char *)k->fields, len, context, sealed);
	free(context);
	st = db_exec_with(db,
	                  "INSERT INTO kept_forms (token_hash, user_id, session_id, path, sealed, kept_until)"
	                  " VALUES (?, ?, ?, ?, ?, ?)",
	                  DB_BLOB(kept_hash, TOKEN_HASH_SIZE), DB_INT(user_id), DB_INT(session_id),
	                  DB_TEXT(k->path), DB_BLOB(sealed, len + KEYS_SEAL_OVERHEAD),
	                  DB_INT(k->now + KEPT_FORM_SECONDS));
	free(sealed);
	if (st != HAVEN_OK)
		return st;
	struct audit_event e = {
	    .user_id = user_id,
	    .agency_id = agency_id,
	    .action = "form.kept",
	    .resource_type = "form",
	    .resource_id = k->path,
	    .client_address = k->client_address,
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status kept_form_keep(const char *session_token, const char *csrf_token, const char *path,
                                 const char *fields, const char *client_address, int64_t now,
                                 char kept_token[TOKEN_TEXT_SIZE])
{
	if (strlen(fields) > KEPT_FORM_MAX_BYTES)
		return HAVEN_ERR_TOO_LARGE;
	struct keep k = {session_token, csrf_token, path, fields, client_address, now, kept_token};
	return db_write(write_keep, &k);
}

enum haven_status kept_form_until(const char *kept_token, int64_t now, int64_t *until)
{
	unsigned char hash[TOKEN_HASH_SIZE];
	token_hash(kept_token, hash);
	long long found = 0;
	enum haven_status st = db_integer_with(
	    db_reader(), "SELECT kept_until FROM kept_forms WHERE token_hash = ? AND kept_until > ?", &found,
	    DB_BLOB(hash, TOKEN_HASH_SIZE), DB_INT(now));
	if (st == HAVEN_OK)
		*until = found;
	return st;
}

enum haven_status kept_form_path(const char *kept_token, long long user_id, int64_t now, char **path)
{
	unsigned char hash[TOKEN_HASH_SIZE];
	token_hash(kept_token, hash);
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db_reader(),
	                "SELECT path FROM kept_forms WHERE token_hash = ? AND user_id = ? AND kept_until > ?",
	                &row, DB_BLOB(hash, TOKEN_HASH_SIZE), DB_INT(user_id), DB_INT(now));
	if (st == HAVEN_OK)
		*path = xstrdup(json_string_value(json_object_get(row, "path")));
	json_decref(row);
	return st;
}

struct take {
	const char *kept_token, *path, *client_address;
	long long user_id, agency_id;
	int64_t now;
	char *fields;
};

static enum haven_status write_take(db_conn *db, void *ctx)
{
	struct take *t = ctx;
	unsigned char hash[TOKEN_HASH_SIZE];
	token_hash(t->kept_token, hash);
	/* stepped by hand: the sealed form is a blob, which a row as JSON cannot hold */
	db_stmt *stmt = db_prepare(db, "SELECT id, sealed FROM kept_forms WHERE token_hash = ?"
	                               " AND user_id = ? AND path = ? AND kept_until > ?");
	if (!db_bind(stmt, DB_BLOB(hash, TOKEN_HASH_SIZE), DB_INT(t->user_id), DB_TEXT(t->path),
	             DB_INT(t->now)))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	if (step != DB_STEP_ROW) {
		db_done(stmt);
		return step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	}
	long long id = db_column_int(stmt, 0);
	size_t sealed_len;
	const unsigned char *sealed = db_column_blob(stmt, 1, &sealed_len);
	bool opened = false;
	if (sealed && sealed_len >= KEYS_SEAL_OVERHEAD) {
		size_t len = sealed_len - KEYS_SEAL_OVERHEAD;
		t->fields = xmalloc(len + 1);
		char *context = seal_context(t->kept_token, t->user_id, t->path);
		opened = keys_open_kept(sealed, sealed_len, context, (unsigned char *)t->fields);
		free(context);
		t->fields[len] = '\0';
	}
	db_done(stmt);
	/* shown once: gone whether it opened or not */
	enum haven_status st = db_exec_with(db, "DELETE FROM kept_forms WHERE id = ?", DB_INT(id));
	if (st != HAVEN_OK || !opened)
		return st != HAVEN_OK ? st : HAVEN_ERR_NOT_FOUND;
	struct audit_event e = {
	    .user_id = t->user_id,
	    .agency_id = t->agency_id,
	    .action = "form.restored",
	    .resource_type = "form",
	    .resource_id = t->path,
	    .client_address = t->client_address,
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status kept_form_take(const char *kept_token, long long user_id, long long agency_id,
                                 const char *path, const char *client_address, int64_t now, char **fields)
{
	struct take t = {kept_token, path, client_address, user_id, agency_id, now, NULL};
	enum haven_status st = db_write(write_take, &t);
	if (st != HAVEN_OK) {
		free(t.fields);
		return st;
	}
	*fields = t.fields;
	return HAVEN_OK;
}

static const char remove_expired[] = "DELETE FROM kept_forms WHERE id IN (SELECT id FROM kept_forms"
                                     " WHERE kept_until <= ?1 ORDER BY id LIMIT ?2)";
DB_REGISTER(remove_expired);

enum haven_status kept_forms_remove_expired(int64_t now, int limit, long long *removed)
{
	return expired_rows_remove(remove_expired, now, limit, removed);
}
