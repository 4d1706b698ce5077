/*
 * store_sqlite.c (auth) — SQLite queries behind auth/store.h for accounts
 * (found by email or id, made, their password, disabled, re-enabled, their
 * roles and agency changed) and sessions (begun, found, kept alive, ended).
 *
 * Changes run as db_write units and append their audit row inside the same
 * unit, so a change and its record commit together or not at all.
 *
 * Throttling sign-in is in throttle_sqlite.c; relationships, break glass
 * and the audit trail in access_sqlite.c; the list of accounts in
 * user_list_sqlite.c; the second factor (its sealed secrets, which roles
 * need one) in second_factor_sqlite.c, which opens an account's secret for
 * this file.
 */
#include "auth/store.h"
#include "auth/account_write.h"

#include <string.h>

#include "auth/second_factor_sqlite.h"
#include "core/log.h"
#include "store/db.h"

/* Copies text, cutting (if it must) at a character boundary so the result stays valid UTF-8. */
static void copy_text(char *dst, size_t size, const unsigned char *src)
{
	size_t len = src ? strlen((const char *)src) : 0;
	if (len >= size) {
		len = size - 1;
		while (len > 0 && (src[len] & 0xc0) == 0x80)
			len--; /* src[len] would start the cut-off part: back up to a lead byte */
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Sets user->roles from user_roles. */
static enum haven_status load_roles(sqlite3 *db, struct user *user)
{
	sqlite3_stmt *stmt = db_prepare(db, "SELECT role FROM user_roles WHERE user_id = ?");
	if (!db_bind(stmt, DB_INT(user->id)))
		return HAVEN_ERR_DB;
	user->roles = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		user->roles |= (unsigned)role_from_name((const char *)sqlite3_column_text(stmt, 0));
	db_done(stmt);
	return rc == SQLITE_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

static enum haven_status account_where(const char *sql_email, const char *sql_id, const char *email,
                                       long long id, struct account *out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare_registered(db, email ? sql_email : sql_id) : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	if (email)
		sqlite3_bind_text(stmt, 1, email, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(stmt, 1, id);
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		db_done(stmt);
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	}
	memset(out, 0, sizeof *out);
	out->user.id = sqlite3_column_int64(stmt, 0);
	copy_text(out->user.email, sizeof out->user.email, sqlite3_column_text(stmt, 1));
	copy_text(out->user.name, sizeof out->user.name, sqlite3_column_text(stmt, 2));
	out->user.agency_id = sqlite3_column_int64(stmt, 3);
	copy_text(out->user.agency_name, sizeof out->user.agency_name, sqlite3_column_text(stmt, 4));
	copy_text(out->password_hash, sizeof out->password_hash, sqlite3_column_text(stmt, 5));
	out->disabled = sqlite3_column_type(stmt, 6) != SQLITE_NULL;
	enum secret_found secret =
	    second_factor_read_secret(stmt, 7, "users.totp_secret", out->user.id, out->totp_secret);
	out->has_totp = secret == SECRET_OK;
	out->totp_last_step = (uint64_t)sqlite3_column_int64(stmt, 8);
	db_done(stmt);
	if (secret == SECRET_UNOPENED) {
		/* Fail closed: going on without the second factor would let a password alone in. */
		log_error("auth: user %lld's second-factor secret does not open with the key file",
		          out->user.id);
		return HAVEN_ERR_INTERNAL;
	}
	unsigned required = 0;
	enum haven_status st = load_roles(db, &out->user);
	if (st == HAVEN_OK)
		st = second_factor_required_roles(db, &required);
	out->totp_required = (out->user.roles & required) != 0;
	return st;
}

#define ACCOUNT_COLUMNS                                                                                      \
	"SELECT u.id, u.email, u.name, u.agency_id, a.name, u.password_hash, u.disabled_at, u.totp_secret,"  \
	" u.totp_last_step"                                                                                  \
	" FROM users u JOIN agencies a ON a.id = u.agency_id "

enum haven_status auth_store_account_by_email(const char *email, struct account *out)
{
	return account_where(DB_SQL(ACCOUNT_COLUMNS "WHERE u.email = ?"),
	                     DB_SQL(ACCOUNT_COLUMNS "WHERE u.id = ?"), email, 0, out);
}

enum haven_status auth_store_account_by_id(long long id, struct account *out)
{
	return account_where(DB_SQL(ACCOUNT_COLUMNS "WHERE u.email = ?"),
	                     DB_SQL(ACCOUNT_COLUMNS "WHERE u.id = ?"), NULL, id, out);
}

/* ---- small write units ---- */

struct password_change {
	long long user_id;
	const char *hash;
};

static enum haven_status write_password_hash(sqlite3 *db, void *ctx)
{
	struct password_change *c = ctx;
	return db_exec_with(db, "UPDATE users SET password_hash = ? WHERE id = ?", DB_TEXT(c->hash),
	                    DB_INT(c->user_id));
}

enum haven_status auth_store_set_password_hash(long long user_id, const char *hash)
{
	struct password_change c = {user_id, hash};
	return db_write(write_password_hash, &c);
}

struct session_insert {
	const struct account *account;
	const struct new_session *s;
	long long id;
};

static enum haven_status write_session(sqlite3 *db, void *ctx)
{
	struct session_insert *w = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, "
	                                    "created_at, last_seen_at, second_factor_at,"
	                                    " client_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_blob(stmt, 1, w->s->token_hash, TOKEN_HASH_SIZE, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, w->account->user.id);
	sqlite3_bind_text(stmt, 3, w->s->csrf_token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, w->s->now);
	sqlite3_bind_int64(stmt, 5, w->s->now);
	if (w->s->second_factor_done)
		sqlite3_bind_int64(stmt, 6, w->s->now);
	else
		sqlite3_bind_null(stmt, 6);
	sqlite3_bind_text(stmt, 7, w->s->client_address, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, w->s->user_agent ? w->s->user_agent : "", -1, SQLITE_STATIC);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	w->id = sqlite3_last_insert_rowid(db);
	struct audit_event e = {
	    .user_id = w->account->user.id,
	    .agency_id = w->account->user.agency_id,
	    .action = w->s->second_factor_done ? "sign_in" : "sign_in_password",
	    .client_address = w->s->client_address,
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status auth_store_session_create(const struct account *account, const struct new_session *s,
                                            long long *session_id)
{
	struct session_insert w = {account, s, 0};
	enum haven_status st = db_write(write_session, &w);
	*session_id = w.id;
	return st;
}

enum haven_status auth_store_session_find(const unsigned char *token_hash, int64_t now, int64_t idle,
                                          int64_t absolute, struct user *user, int64_t *last_seen)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt =
	    db ? db_prepare(
	             db,
	             "SELECT s.id, s.csrf_token, s.second_factor_at IS NULL, s.last_seen_at,"
	             " u.id, u.email, u.name, u.agency_id, a.name, s.created_at"
	             " FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id"
	             " WHERE s.token_hash = ? AND s.ended_at IS NULL AND u.disabled_at IS NULL"
	             " AND s.last_seen_at > ? AND s.created_at > ?")
	       : NULL;
	if (!db_bind(stmt, DB_BLOB(token_hash, TOKEN_HASH_SIZE), DB_INT(now - idle), DB_INT(now - absolute)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		db_done(stmt);
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	}
	memset(user, 0, sizeof *user);
	user->session_id = sqlite3_column_int64(stmt, 0);
	copy_text(user->csrf_token, sizeof user->csrf_token, sqlite3_column_text(stmt, 1));
	user->second_factor_pending = sqlite3_column_int(stmt, 2) != 0;
	*last_seen = sqlite3_column_int64(stmt, 3);
	user->id = sqlite3_column_int64(stmt, 4);
	copy_text(user->email, sizeof user->email, sqlite3_column_text(stmt, 5));
	copy_text(user->name, sizeof user->name, sqlite3_column_text(stmt, 6));
	user->agency_id = sqlite3_column_int64(stmt, 7);
	copy_text(user->agency_name, sizeof user->agency_name, sqlite3_column_text(stmt, 8));
	user->session_started_at = sqlite3_column_int64(stmt, 9);
	db_done(stmt);
	return load_roles(db, user);
}

struct touch {
	long long session_id;
	int64_t now;
};

static enum haven_status write_touch(sqlite3 *db, void *ctx)
{
	struct touch *t = ctx;
	return db_exec_with(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
	                    DB_INT(t->now), DB_INT(t->session_id), DB_INT(t->now));
}

enum haven_status auth_store_session_touch(long long session_id, int64_t now)
{
	struct touch t = {session_id, now};
	return db_write(write_touch, &t);
}

struct session_end {
	long long session_id, user_id;
	const struct actor *actor;
	const char *action;
	int64_t now;
};

static enum haven_status write_session_end(sqlite3 *db, void *ctx)
{
	struct session_end *e = ctx;
	enum haven_status st = db_exec_with(
	    db, "UPDATE sessions SET ended_at = ? WHERE id = ? AND user_id = ? AND ended_at IS NULL",
	    DB_INT(e->now), DB_INT(e->session_id), DB_INT(e->user_id));
	if (st != HAVEN_OK)
		return st;
	if (sqlite3_changes(db) == 0)
		return HAVEN_ERR_NOT_FOUND;
	return audit_record(db_tx(db), e->actor, e->action, "session", e->session_id, NULL);
}

enum haven_status auth_store_session_end(long long session_id, long long user_id, const struct actor *actor,
                                         const char *action, int64_t now)
{
	struct session_end e = {session_id, user_id, actor, action, now};
	return db_write(write_session_end, &e);
}

enum haven_status auth_store_sessions_of(long long user_id, int64_t now, int64_t idle, int64_t absolute,
                                         json_t **out)
{
	sqlite3 *db = db_reader();
	*out =
	    db_rows_with(db,
	                 "SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created_at,"
	                 " strftime('%Y-%m-%dT%H:%M:%SZ', last_seen_at, 'unixepoch') AS last_seen_at,"
	                 " client_address, user_agent FROM sessions"
	                 " WHERE user_id = ? AND ended_at IS NULL AND last_seen_at > ? AND created_at > ?"
	                 " ORDER BY created_at DESC, id DESC",
	                 DB_INT(user_id), DB_INT(now - idle), DB_INT(now - absolute));
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

/* ---- accounts ---- */

struct user_insert {
	const struct new_user *u;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_user(sqlite3 *db, void *ctx);

enum haven_status auth_write_user(struct store_tx *tx, const struct new_user *u, const struct actor *actor,
                                  long long *id)
{
	sqlite3 *db = db_tx_conn(tx);
	struct user_insert w = {u, actor, 0};
	sqlite3_stmt *taken = db_prepare(db, "SELECT 1 FROM users WHERE email = ?");
	if (!db_bind(taken, DB_TEXT(u->email)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(taken);
	db_done(taken);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? HAVEN_ERR_CONFLICT : HAVEN_ERR_DB;
	enum haven_status st = write_user(db, &w);
	*id = w.id;
	return st;
}

/* Ends every open session of `user_id` at `now` (a password changed, an account disabled). */
static enum haven_status end_sessions(sqlite3 *db, long long user_id, int64_t now)
{
	return db_exec_with(db, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
	                    DB_INT(now), DB_INT(user_id));
}

enum haven_status auth_write_password(struct store_tx *tx, long long user_id, const char *hash, int64_t now)
{
	sqlite3 *db = db_tx_conn(tx);
	enum haven_status st = db_exec_with(db, "UPDATE users SET password_hash = ? WHERE id = ?",
	                                    DB_TEXT(hash), DB_INT(user_id));
	if (st != HAVEN_OK)
		return st;
	return end_sessions(db, user_id, now);
}

static enum haven_status write_user(sqlite3 *db, void *ctx)
{
	struct user_insert *w = ctx;
	enum haven_status st = db_exec_with(db,
	                                    "INSERT INTO users (email, name, agency_id, password_hash)"
	                                    " SELECT ?, ?, id, ? FROM agencies WHERE slug = ?",
	                                    DB_TEXT(w->u->email), DB_TEXT(w->u->name),
	                                    DB_TEXT(w->u->password_hash), DB_TEXT(w->u->agency_slug));
	if (st != HAVEN_OK)
		return st;
	if (sqlite3_changes(db) == 0)
		return HAVEN_ERR_NOT_FOUND;
	w->id = sqlite3_last_insert_rowid(db);
	sqlite3_stmt *role = db_prepare(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
	if (!role)
		return HAVEN_ERR_DB;
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1) {
		if (!(w->u->roles & r))
			continue;
		sqlite3_bind_int64(role, 1, w->id);
		sqlite3_bind_text(role, 2, role_name((enum role)r), -1, SQLITE_STATIC);
		st = db_exec_stmt(role);
		if (st != HAVEN_OK)
			return st;
	}
	return audit_record(db_tx(db), w->actor, "user.create", "user", w->id, NULL);
}

enum haven_status auth_store_user_create(const struct new_user *u, const struct actor *actor, long long *id)
{
	struct user_insert w = {u, actor, 0};
	enum haven_status st = db_write(write_user, &w);
	*id = w.id;
	return st;
}

struct user_disable {
	const char *email;
	const struct actor *actor;
	int64_t now;
};

/* 1 if an active account other than `user_id` holds the admin role, 0 if none, -1 on error. */
static int another_admin(sqlite3 *db, long long user_id)
{
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id"
	                   " WHERE r.role = 'admin' AND u.disabled_at IS NULL AND u.id <> ? LIMIT 1");
	if (!db_bind(stmt, DB_INT(user_id)))
		return -1;
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * HAVEN_ERR_CONFLICT if `user_id` is an administrator and no other active
 * account is one: the partnership never loses its last administrator.
 */
static enum haven_status not_the_last_admin(sqlite3 *db, long long user_id)
{
	struct user u = {.id = user_id};
	enum haven_status st = load_roles(db, &u);
	if (st != HAVEN_OK || !(u.roles & ROLE_ADMIN))
		return st;
	int other = another_admin(db, user_id);
	return other < 0 ? HAVEN_ERR_DB : other == 0 ? HAVEN_ERR_CONFLICT : HAVEN_OK;
}

enum haven_status auth_write_disable(struct store_tx *tx, long long user_id, const struct actor *actor,
                                     int64_t now, const char *reason)
{
	sqlite3 *db = db_tx_conn(tx);
	enum haven_status st = not_the_last_admin(db, user_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db,
	                       "UPDATE users SET disabled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
	                       " WHERE id = ? AND disabled_at IS NULL",
	                       DB_INT(user_id))) != HAVEN_OK)
		return st;
	if (sqlite3_changes(db) == 0)
		return HAVEN_ERR_NOT_FOUND;
	if ((st = end_sessions(db, user_id, now)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), actor, "user.disable", "user", user_id, reason);
}

static enum haven_status write_disable(sqlite3 *db, void *ctx)
{
	struct user_disable *d = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "UPDATE users SET disabled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
	                   " WHERE email = ? AND disabled_at IS NULL RETURNING id");
	if (!db_bind(stmt, DB_TEXT(d->email)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	long long id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	/* the last administrator refused: the unit is undone */
	enum haven_status st = not_the_last_admin(db, id);
	if (st == HAVEN_OK)
		st = end_sessions(db, id, d->now);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), d->actor, "user.disable", "user", id, NULL);
}

enum haven_status auth_store_user_disable(const char *email, const struct actor *actor, int64_t now)
{
	struct user_disable d = {email, actor, now};
	return db_write(write_disable, &d);
}

struct disable_why {
	long long id;
	const struct actor *actor;
	int64_t now;
	const char *reason;
};

static enum haven_status write_disable_why(sqlite3 *db, void *ctx)
{
	struct disable_why *d = ctx;
	return auth_write_disable(db_tx(db), d->id, d->actor, d->now, d->reason);
}

enum haven_status auth_store_user_disable_why(long long id, const struct actor *actor, int64_t now,
                                              const char *reason)
{
	struct disable_why d = {id, actor, now, reason};
	return db_write(write_disable_why, &d);
}

struct user_enable {
	const char *email, *reason;
	const struct actor *actor;
};

static enum haven_status write_enable(sqlite3 *db, void *ctx)
{
	struct user_enable *e = ctx;
	sqlite3_stmt *stmt = db_prepare(
	    db,
	    "UPDATE users SET disabled_at = NULL WHERE email = ? AND disabled_at IS NOT NULL RETURNING id");
	if (!db_bind(stmt, DB_TEXT(e->email)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	long long id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	return audit_record(db_tx(db), e->actor, "user.enable", "user", id, e->reason);
}

enum haven_status auth_store_user_enable(const char *email, const struct actor *actor, const char *reason)
{
	struct user_enable e = {email, reason, actor};
	return db_write(write_enable, &e);
}

struct user_change {
	long long id;
	unsigned roles;          /* 0: unchanged */
	const char *agency_slug; /* NULL: unchanged */
	const char *reason;
	const struct actor *actor;
};

static enum haven_status write_user_change(sqlite3 *db, void *ctx)
{
	struct user_change *c = ctx;
	struct user u = {.id = c->id};
	enum haven_status st = load_roles(db, &u);
	if (st != HAVEN_OK)
		return st;
	if (c->roles && c->roles != u.roles) {
		if ((u.roles & ROLE_ADMIN) && !(c->roles & ROLE_ADMIN)) {
			int other = another_admin(db, c->id);
			if (other < 0)
				return HAVEN_ERR_DB;
			if (!other)
				return HAVEN_ERR_CONFLICT; /* the last administrator stays one */
		}
		if ((st = db_exec_with(db, "DELETE FROM user_roles WHERE user_id = ?", DB_INT(c->id))) !=
		    HAVEN_OK)
			return st;
		sqlite3_stmt *role = db_prepare(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
		if (!role)
			return HAVEN_ERR_DB;
		for (unsigned r = 1; r <= ROLE_ALL; r <<= 1) {
			if (!(c->roles & r))
				continue;
			sqlite3_bind_int64(role, 1, c->id);
			sqlite3_bind_text(role, 2, role_name((enum role)r), -1, SQLITE_STATIC);
			if ((st = db_exec_stmt(role)) != HAVEN_OK)
				return st;
		}
		if ((st = audit_record(db_tx(db), c->actor, "user.roles", "user", c->id, c->reason)) !=
		    HAVEN_OK)
			return st;
	}
	if (c->agency_slug) {
		sqlite3_stmt *move = db_prepare(
		    db,
		    "UPDATE users SET agency_id = a.id FROM agencies a WHERE a.slug = ?1 AND users.id = ?2"
		    " AND users.agency_id <> a.id");
		sqlite3_stmt *known = db_prepare(db, "SELECT 1 FROM agencies WHERE slug = ?");
		if (!move || !known)
			return HAVEN_ERR_DB;
		sqlite3_bind_text(known, 1, c->agency_slug, -1, SQLITE_STATIC);
		int rc = sqlite3_step(known);
		db_done(known);
		if (rc != SQLITE_ROW)
			return rc == SQLITE_DONE ? HAVEN_ERR_INVALID : HAVEN_ERR_DB;
		sqlite3_bind_text(move, 1, c->agency_slug, -1, SQLITE_STATIC);
		sqlite3_bind_int64(move, 2, c->id);
		if ((st = db_exec_stmt(move)) != HAVEN_OK)
			return st;
		if (sqlite3_changes(db) && (st = audit_record(db_tx(db), c->actor, "user.agency", "user",
		                                              c->id, c->reason)) != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

enum haven_status auth_store_user_change(long long id, unsigned roles, const char *agency_slug,
                                         const struct actor *actor, const char *reason)
{
	struct user_change c = {id, roles, agency_slug, reason, actor};
	return db_write(write_user_change, &c);
}
