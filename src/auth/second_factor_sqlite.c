/*
 * second_factor_sqlite.c (auth) — the second factor's SQLite queries behind
 * auth/store.h: a session's sign-in completed by a code (each TOTP step
 * spent once), a secret set up (pending with the session until its first
 * code is right), which roles need a second factor, and sealing the secrets
 * an older Haven stored in clear.
 *
 * Second-factor secrets (users.totp_secret, sessions.pending_totp_secret)
 * are stored sealed with the key file's key (auth/keys.h), bound to their
 * column and row, so the database alone holds none of them in clear. Only
 * this file sees the sealed form: store.h deals in plain secrets, and
 * store_sqlite.c opens a user's through second_factor_sqlite.h.
 */
#include "auth/second_factor_sqlite.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/keys.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "store/changed_row_sqlite.h"

/* ---- sealed second-factor secrets ---- */

#define SEALED_SECRET_SIZE (TOTP_SECRET_SIZE + KEYS_SEAL_OVERHEAD)

/* What a sealed secret is bound to: its column and row ("users.totp_secret:42"). */
static void secret_context(char *out, size_t size, const char *column, long long id)
{
	snprintf(out, size, "%s:%lld", column, id);
}

enum secret_found second_factor_read_secret(db_stmt *stmt, int col, const char *column, long long id,
                                            unsigned char out[TOTP_SECRET_SIZE])
{
	if (db_column_is_null(stmt, col))
		return SECRET_NONE;
	size_t bytes;
	const unsigned char *blob = db_column_blob(stmt, col, &bytes);
	if (bytes == TOTP_SECRET_SIZE) {
		/* from a Haven before sealing, until auth_store_seal_secrets runs at start-up */
		memcpy(out, blob, TOTP_SECRET_SIZE);
		return SECRET_OK;
	}
	char context[64];
	secret_context(context, sizeof context, column, id);
	if (bytes == SEALED_SECRET_SIZE && keys_open(blob, SEALED_SECRET_SIZE, context, out))
		return SECRET_OK;
	return SECRET_UNOPENED;
}

/* Seals `secret` for its column and row into `sealed`, which the caller binds. */
static void seal_secret(const unsigned char secret[TOTP_SECRET_SIZE], const char *column, long long id,
                        unsigned char sealed[SEALED_SECRET_SIZE])
{
	char context[64];
	secret_context(context, sizeof context, column, id);
	keys_seal(secret, TOTP_SECRET_SIZE, context, sealed);
}

/* ---- the roles that need a second factor ---- */

/* Stepped by hand, as auth's roles are: a sign-in reads them into a bitmask, no JSON needed. */
enum haven_status second_factor_required_roles(db_conn *db, unsigned *roles)
{
	db_stmt *stmt = db_prepare(db, "SELECT role FROM role_settings WHERE require_totp = 1");
	if (!stmt)
		return HAVEN_ERR_DB;
	*roles = 0;
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW)
		*roles |= (unsigned)role_from_name(db_column_text(stmt, 0));
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

/* ---- a session's second factor: set up, and each sign-in's code ---- */

struct audited_change {
	const struct user *user;
	const struct actor *actor;
	int64_t now;
	const unsigned char *secret;
	uint64_t step;
};

/*
 * Spends a TOTP step so its code cannot be used again: HAVEN_ERR_CONFLICT
 * if a concurrent sign-in spent this step first (this use is a replay).
 */
static enum haven_status spend_step(db_conn *db, long long user_id, uint64_t step)
{
	return exec_changed_or(db, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
	                       HAVEN_ERR_CONFLICT, DB_INT((long long)step), DB_INT(user_id),
	                       DB_INT((long long)step));
}

static enum haven_status write_second_factor(db_conn *db, void *ctx)
{
	struct audited_change *c = ctx;
	enum haven_status st = spend_step(db, c->user->id, c->step);
	if (st == HAVEN_OK) /* HAVEN_ERR_NOT_FOUND: the session ended meanwhile, nothing was completed */
		st = exec_changed_or(
		    db, "UPDATE sessions SET second_factor_at = ? WHERE id = ? AND ended_at IS NULL",
		    HAVEN_ERR_NOT_FOUND, DB_INT(c->now), DB_INT(c->user->session_id));
	return st == HAVEN_OK ? audit_record(db_tx(db), c->actor, "sign_in", NULL, 0, NULL) : st;
}

enum haven_status auth_store_session_second_factor(const struct user *user, const struct actor *actor,
                                                   int64_t now, uint64_t step)
{
	struct audited_change c = {user, actor, now, NULL, step};
	return db_write(write_second_factor, &c);
}

struct pending {
	long long session_id;
	const unsigned char *secret;
};

static enum haven_status write_pending(db_conn *db, void *ctx)
{
	struct pending *p = ctx;
	unsigned char sealed[SEALED_SECRET_SIZE];
	seal_secret(p->secret, "sessions.pending_totp_secret", p->session_id, sealed);
	return db_exec_with(db, "UPDATE sessions SET pending_totp_secret = ? WHERE id = ?",
	                    DB_BLOB(sealed, SEALED_SECRET_SIZE), DB_INT(p->session_id));
}

enum haven_status auth_store_set_pending_totp(long long session_id,
                                              const unsigned char secret[TOTP_SECRET_SIZE])
{
	struct pending p = {session_id, secret};
	return db_write(write_pending, &p);
}

enum haven_status auth_store_pending_totp(long long session_id, unsigned char secret[TOTP_SECRET_SIZE])
{
	/* stepped by hand: the secret is a blob, opened straight from the row and never copied elsewhere */
	db_stmt *stmt = db_prepare(db_reader(), "SELECT pending_totp_secret FROM sessions WHERE id = ?");
	if (!db_bind(stmt, DB_INT(session_id)))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	/* one that does not open is as good as none: set-up starts again with a new one */
	bool found = step == DB_STEP_ROW && second_factor_read_secret(stmt, 0, "sessions.pending_totp_secret",
	                                                              session_id, secret) == SECRET_OK;
	db_done(stmt);
	if (step == DB_STEP_ERROR)
		return HAVEN_ERR_DB;
	return found ? HAVEN_OK : HAVEN_ERR_NOT_FOUND;
}

static enum haven_status write_totp_secret(db_conn *db, void *ctx)
{
	struct audited_change *c = ctx;
	/* only a first secret: two set-ups racing must not replace each other */
	unsigned char sealed[SEALED_SECRET_SIZE];
	seal_secret(c->secret, "users.totp_secret", c->user->id, sealed);
	enum haven_status st =
	    exec_changed_or(db, "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret IS NULL",
	                    HAVEN_ERR_CONFLICT, DB_BLOB(sealed, SEALED_SECRET_SIZE), DB_INT(c->user->id));
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db,
	                  "UPDATE sessions SET pending_totp_secret = NULL, second_factor_at = ? WHERE id = ?",
	                  DB_INT(c->now), DB_INT(c->user->session_id));
	if (st == HAVEN_OK)
		st = spend_step(db, c->user->id, c->step);
	return st == HAVEN_OK ? audit_record(db_tx(db), c->actor, "second_factor.set_up", NULL, 0, NULL) : st;
}

enum haven_status auth_store_set_totp_secret(const struct user *user, const struct actor *actor,
                                             const unsigned char secret[TOTP_SECRET_SIZE], uint64_t step)
{
	struct audited_change c = {user, actor, (int64_t)time(NULL), secret, step};
	return db_write(write_totp_secret, &c);
}

enum haven_status auth_store_totp_roles(unsigned *roles)
{
	db_conn *db = db_reader();
	return db ? second_factor_required_roles(db, roles) : HAVEN_ERR_DB;
}

struct totp_roles {
	unsigned roles;
	const struct actor *actor;
	const struct session_window *window;
	long long signed_out; /* people whose sessions were ended */
};

/*
 * Ends the live sessions of the people in `role`, now required to use a second factor, that were not
 * made with one (their sign-in completed, and they have no second factor set up: a person who has one
 * gives its code at every sign-in), each audited with the reason; counts the people in t->signed_out.
 */
static enum haven_status end_sessions_without_factor(db_conn *db, struct totp_roles *t, enum role role)
{
	const struct session_window *w = t->window;
	json_t *rows =
	    db_rows_with(db,
	                 "SELECT s.id, s.user_id FROM sessions s JOIN users u ON u.id = s.user_id"
	                 " JOIN user_roles r ON r.user_id = s.user_id AND r.role = ?"
	                 " WHERE s.ended_at IS NULL AND s.second_factor_at IS NOT NULL"
	                 " AND u.totp_secret IS NULL AND s.last_seen_at > ? AND s.created_at > ?"
	                 " ORDER BY s.user_id, s.id",
	                 DB_TEXT(role_name(role)), DB_INT(w->now - w->idle), DB_INT(w->now - w->absolute));
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	long long last_user = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		long long id = json_integer_value(json_object_get(row, "id"));
		long long user_id = json_integer_value(json_object_get(row, "user_id"));
		st = db_exec_with(db, "UPDATE sessions SET ended_at = ? WHERE id = ?", DB_INT(w->now),
		                  DB_INT(id));
		if (st == HAVEN_OK)
			st = audit_record(db_tx(db), t->actor, "session.end", "session", id,
			                  "A second factor is now required for their role");
		if (st != HAVEN_OK)
			break;
		t->signed_out += user_id != last_user;
		last_user = user_id;
	}
	json_decref(rows);
	return st;
}

static enum haven_status write_totp_roles(db_conn *db, void *ctx)
{
	struct totp_roles *t = ctx;
	unsigned before = 0;
	enum haven_status st = second_factor_required_roles(db, &before);
	if (st != HAVEN_OK)
		return st;
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1) {
		st = db_exec_with(db,
		                  "INSERT INTO role_settings (role, require_totp) VALUES (?, ?)"
		                  " ON CONFLICT (role) DO UPDATE SET require_totp = excluded.require_totp",
		                  DB_TEXT(role_name((enum role)r)), DB_INT((t->roles & r) ? 1 : 0));
		if (st != HAVEN_OK)
			return st;
	}
	st = audit_record(db_tx(db), t->actor, "settings.second_factor", NULL, 0, NULL);
	/* a session ended for one role is not found again for the next: ended_at is set */
	for (unsigned r = 1; st == HAVEN_OK && r <= ROLE_ALL; r <<= 1)
		if ((t->roles & r) && !(before & r))
			st = end_sessions_without_factor(db, t, (enum role)r);
	return st;
}

enum haven_status auth_store_set_totp_roles(unsigned roles, const struct actor *actor,
                                            const struct session_window *window, long long *signed_out)
{
	struct totp_roles t = {roles, actor, window, 0};
	enum haven_status st = db_write(write_totp_roles, &t);
	*signed_out = st == HAVEN_OK ? t.signed_out : 0;
	return st;
}

/* ---- sealing secrets stored in clear by an older Haven ---- */

struct seal_counts {
	unsigned sealed, unopened;
};

/*
 * Seals every secret of one column still in clear, and counts those that
 * do not open. `select` gives each row's id and secret; `update` sets the
 * secret (?1) of row ?2; `column` names them for the seal's context.
 * Stepped by hand: the secrets are blobs, kept only in memory this function
 * wipes.
 */
static enum haven_status seal_column(db_stmt *select, db_stmt *update, const char *column,
                                     struct seal_counts *counts)
{
	if (!select || !update)
		return HAVEN_ERR_DB;
	/* Read them all first: rows updated while a SELECT walks the table may be met again. */
	size_t count = 0, size = 16;
	struct clear {
		long long id;
		unsigned char secret[TOTP_SECRET_SIZE];
	} *clear = xmalloc(size * sizeof *clear);
	enum db_step step;
	while ((step = db_step(select)) == DB_STEP_ROW) {
		long long id = db_column_int(select, 0);
		size_t bytes;
		const void *secret = db_column_blob(select, 1, &bytes);
		if (bytes == TOTP_SECRET_SIZE) {
			if (count == size)
				clear = xrealloc(clear, (size *= 2) * sizeof *clear);
			clear[count].id = id;
			memcpy(clear[count++].secret, secret, TOTP_SECRET_SIZE);
		} else {
			unsigned char plain[TOTP_SECRET_SIZE];
			if (second_factor_read_secret(select, 1, column, id, plain) != SECRET_OK)
				counts->unopened++;
			sodium_memzero(plain, sizeof plain);
		}
	}
	db_done(select);
	enum haven_status st = step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
	for (size_t i = 0; i < count && st == HAVEN_OK; i++) {
		unsigned char sealed[SEALED_SECRET_SIZE];
		seal_secret(clear[i].secret, column, clear[i].id, sealed);
		st = db_exec_values(update,
		                    DB_VALUES(DB_BLOB(sealed, SEALED_SECRET_SIZE), DB_INT(clear[i].id)));
	}
	if (st == HAVEN_OK)
		counts->sealed += (unsigned)count;
	sodium_memzero(clear, count * sizeof *clear);
	free(clear);
	return st;
}

/* Steps a PRAGMA statement from db_prepare and reads its one integer answer, if it has one. */
static enum haven_status pragma(db_stmt *stmt, int *value)
{
	long long answer = 0;
	enum haven_status st = db_integer_values(stmt, &answer, NULL, 0);
	if (st == HAVEN_OK && value)
		*value = (int)answer;
	return st == HAVEN_OK || st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : HAVEN_ERR_DB;
}

static enum haven_status write_seal(db_conn *db, void *ctx)
{
	struct seal_counts *c = ctx;
	/* secure_delete overwrites the bytes an update frees, so the clear secrets do not linger in the
	 * file's free space. */
	int secure = 0;
	enum haven_status st = pragma(db_prepare(db, "PRAGMA secure_delete"), &secure);
	if (st == HAVEN_OK)
		st = pragma(db_prepare(db, "PRAGMA secure_delete = ON"), NULL);
	if (st == HAVEN_OK)
		st = seal_column(
		    db_prepare(db, "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL"),
		    db_prepare(db, "UPDATE users SET totp_secret = ? WHERE id = ?"), "users.totp_secret", c);
	if (st == HAVEN_OK)
		st = seal_column(db_prepare(db, "SELECT id, pending_totp_secret FROM sessions"
		                                " WHERE pending_totp_secret IS NOT NULL"),
		                 db_prepare(db, "UPDATE sessions SET pending_totp_secret = ? WHERE id = ?"),
		                 "sessions.pending_totp_secret", c);
	/* as it was, whatever happened: the rest of the writer's work is not ours to change */
	enum haven_status restored = secure ? pragma(db_prepare(db, "PRAGMA secure_delete = ON"), NULL)
	                                    : pragma(db_prepare(db, "PRAGMA secure_delete = OFF"), NULL);
	return st == HAVEN_OK ? restored : st;
}

enum haven_status auth_store_seal_secrets(unsigned *sealed, unsigned *unopened)
{
	struct seal_counts c = {0, 0};
	enum haven_status st = db_write(write_seal, &c);
	*sealed = st == HAVEN_OK ? c.sealed : 0;
	*unopened = c.unopened;
	return st;
}
