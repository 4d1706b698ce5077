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

#include "auth/account_state_sqlite.h"
#include "auth/policy.h"
#include "auth/seconds_sqlite.h"
#include "auth/second_factor_sqlite.h"
#include "core/log.h"
#include "core/utf8.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"
#include "store/expired_rows_sqlite.h"
#include "store/row_found_sqlite.h"

/*
 * Accounts and sessions are read into struct user and struct account, not
 * JSON: each request finds its session, so those reads step by hand
 * (db_step, db_column_*) rather than building objects to copy out of.
 */

/* Sets user->roles from user_roles. */
static enum haven_status load_roles(db_conn *db, struct user *user)
{
	db_stmt *stmt = db_prepare(db, "SELECT role FROM user_roles WHERE user_id = ?");
	if (!db_bind(stmt, DB_INT(user->id)))
		return HAVEN_ERR_DB;
	user->roles = 0;
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW)
		user->roles |= (unsigned)role_from_name(db_column_text(stmt, 0));
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

static enum haven_status account_where(const char *sql_email, const char *sql_id, const char *email,
                                       long long id, struct account *out)
{
	db_conn *db = db_reader();
	db_stmt *stmt = db_prepare_registered(db, email ? sql_email : sql_id); /* NULL with db NULL */
	if (!db_bind(stmt, email ? DB_TEXT(email) : DB_INT(id)))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	if (step != DB_STEP_ROW) {
		db_done(stmt);
		return step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	}
	memset(out, 0, sizeof *out);
	out->user.id = db_column_int(stmt, 0);
	utf8_copy(out->user.email, sizeof out->user.email, db_column_text(stmt, 1));
	utf8_copy(out->user.name, sizeof out->user.name, db_column_text(stmt, 2));
	out->user.agency_id = db_column_int(stmt, 3);
	utf8_copy(out->user.agency_name, sizeof out->user.agency_name, db_column_text(stmt, 4));
	utf8_copy(out->password_hash, sizeof out->password_hash, db_column_text(stmt, 5));
	out->disabled = !db_column_is_null(stmt, 6);
	enum secret_found secret =
	    second_factor_read_secret(stmt, 7, "users.totp_secret", out->user.id, out->totp_secret);
	out->has_totp = secret == SECRET_OK;
	out->totp_last_step = (uint64_t)db_column_int(stmt, 8);
	out->invitation_expires_at = db_column_int(stmt, 9); /* 0 for NULL: not waiting */
	out->disabled_by_administrator = out->disabled && db_column_int(stmt, 10);
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
	" u.totp_last_step, " ACCOUNT_INVITATION_EXPIRES(                                                    \
	    "u") ", u.disabled_by_administrator FROM users u JOIN agencies a ON a.id = u.agency_id "

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

/* Sets an account's password hash (`hash` as auth/password.h makes it). */
static enum haven_status store_password_hash(db_conn *db, long long user_id, const char *hash)
{
	return db_exec_with(db, "UPDATE users SET password_hash = ? WHERE id = ?", DB_TEXT(hash),
	                    DB_INT(user_id));
}

static enum haven_status write_password_hash(db_conn *db, void *ctx)
{
	struct password_change *c = ctx;
	return store_password_hash(db, c->user_id, c->hash);
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

static enum haven_status write_session(db_conn *db, void *ctx)
{
	struct session_insert *w = ctx;
	enum haven_status st =
	    db_integer_with(db,
	                    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
	                    "last_seen_at, second_factor_at,"
	                    " client_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    &w->id, DB_BLOB(w->s->token_hash, TOKEN_HASH_SIZE), DB_INT(w->account->user.id),
	                    DB_TEXT(w->s->csrf_token), DB_INT(w->s->now), DB_INT(w->s->now),
	                    w->s->second_factor_done ? DB_INT(w->s->now) : DB_NULL,
	                    DB_TEXT(w->s->client_address), DB_TEXT(w->s->user_agent ? w->s->user_agent : ""));
	if (st != HAVEN_OK)
		return st;
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
	/* one row for each of the user's roles (one with none if they have none): a single read */
	db_stmt *stmt = db_prepare(
	    db_reader(),
	    "SELECT s.id, s.csrf_token, s.second_factor_at IS NULL, s.last_seen_at,"
	    " u.id, u.email, u.name, u.agency_id, a.name, s.created_at, r.role"
	    " FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id"
	    " LEFT JOIN user_roles r ON r.user_id = u.id"
	    " WHERE s.token_hash = ? AND s.ended_at IS NULL AND u.disabled_at IS NULL"
	    " AND s.last_seen_at > ? AND s.created_at > ?");
	if (!db_bind(stmt, DB_BLOB(token_hash, TOKEN_HASH_SIZE), DB_INT(now - idle), DB_INT(now - absolute)))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	if (step != DB_STEP_ROW) {
		db_done(stmt);
		return step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	}
	memset(user, 0, sizeof *user);
	user->session_id = db_column_int(stmt, 0);
	utf8_copy(user->csrf_token, sizeof user->csrf_token, db_column_text(stmt, 1));
	user->second_factor_pending = db_column_int(stmt, 2) != 0;
	*last_seen = db_column_int(stmt, 3);
	user->id = db_column_int(stmt, 4);
	utf8_copy(user->email, sizeof user->email, db_column_text(stmt, 5));
	utf8_copy(user->name, sizeof user->name, db_column_text(stmt, 6));
	user->agency_id = db_column_int(stmt, 7);
	utf8_copy(user->agency_name, sizeof user->agency_name, db_column_text(stmt, 8));
	user->session_started_at = db_column_int(stmt, 9);
	do {
		const char *role = db_column_text(stmt, 10);
		if (role)
			user->roles |= (unsigned)role_from_name(role);
	} while ((step = db_step(stmt)) == DB_STEP_ROW);
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

struct touch {
	long long session_id;
	int64_t now;
};

static enum haven_status write_touch(db_conn *db, void *ctx)
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

static enum haven_status write_session_end(db_conn *db, void *ctx)
{
	struct session_end *e = ctx;
	enum haven_status st = exec_changed_or(
	    db, "UPDATE sessions SET ended_at = ? WHERE id = ? AND user_id = ? AND ended_at IS NULL",
	    HAVEN_ERR_NOT_FOUND, DB_INT(e->now), DB_INT(e->session_id), DB_INT(e->user_id));
	if (st != HAVEN_OK)
		return st;
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
	enum haven_status st =
	    db_read_rows(out,
	                 "SELECT id, created_at, last_seen_at, client_address, user_agent FROM sessions"
	                 " WHERE user_id = ? AND ended_at IS NULL AND last_seen_at > ? AND created_at > ?"
	                 " ORDER BY created_at DESC, id DESC",
	                 DB_INT(user_id), DB_INT(now - idle), DB_INT(now - absolute));
	static const char *const times[] = {"created_at", "last_seen_at", NULL};
	auth_rows_seconds_as_text(*out, times);
	return st;
}

/* ---- accounts ---- */

struct user_insert {
	const struct new_user *u;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_user(db_conn *db, void *ctx);

/* write_user after checking in the unit that the email is free: HAVEN_ERR_CONFLICT when it is taken. */
static enum haven_status write_user_checked(db_conn *db, void *ctx)
{
	struct user_insert *w = ctx;
	enum haven_status st =
	    row_found_with(db, "SELECT 1 FROM users WHERE email = ?", DB_TEXT(w->u->email));
	if (st != HAVEN_ERR_NOT_FOUND)
		return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st;
	return write_user(db, w);
}

enum haven_status auth_write_user(struct store_tx *tx, const struct new_user *u, const struct actor *actor,
                                  long long *id)
{
	struct user_insert w = {u, actor, 0};
	enum haven_status st = write_user_checked(db_tx_conn(tx), &w);
	*id = w.id;
	return st;
}

/* Ends every open session of `user_id` at `now` (a password changed, an account disabled). */
static enum haven_status end_sessions(db_conn *db, long long user_id, int64_t now)
{
	return db_exec_with(db, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
	                    DB_INT(now), DB_INT(user_id));
}

enum haven_status auth_write_password(struct store_tx *tx, long long user_id, const char *hash, int64_t now)
{
	db_conn *db = db_tx_conn(tx);
	enum haven_status st = store_password_hash(db, user_id, hash);
	/* a password chosen, by whichever link, ends the invitation they were waiting on, if any */
	if (st == HAVEN_OK)
		st = db_exec_with(db,
		                  "UPDATE users SET invitation_expires_at = NULL WHERE id = ?"
		                  " AND invitation_expires_at IS NOT NULL",
		                  DB_INT(user_id));
	if (st != HAVEN_OK)
		return st;
	return end_sessions(db, user_id, now);
}

enum haven_status auth_write_invitation(struct store_tx *tx, long long user_id, int64_t expires_at)
{
	return db_exec_with(db_tx_conn(tx), "UPDATE users SET invitation_expires_at = ? WHERE id = ?",
	                    DB_INT(expires_at), DB_INT(user_id));
}

/* Gives `user_id` each of `roles` (its rows in user_roles; none are removed). */
static enum haven_status insert_roles(db_conn *db, long long user_id, unsigned roles)
{
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1) {
		if (!(roles & r))
			continue;
		enum haven_status st =
		    db_exec_with(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", DB_INT(user_id),
		                 DB_TEXT(role_name((enum role)r)));
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

/*
 * Whether user `id`'s agency may hold the roles they now hold
 * (policy_role_agency_problem), read at the end of the unit of work that
 * gave them: HAVEN_OK, or HAVEN_ERR_DENIED so the unit undoes it. The
 * handlers check it before; this holds it against the agency's type
 * changing meanwhile, which checks its people's roles in its own unit
 * (auth_agency_roles): whichever runs second sees the other.
 */
static enum haven_status roles_fit_agency(db_conn *db, long long id)
{
	struct user u = {.id = id};
	json_t *agency = NULL;
	enum haven_status st = load_roles(db, &u);
	if (st == HAVEN_OK)
		/* the agency's row held until the unit ends, as auth_agency_roles holds it: on PostgreSQL a
		 * type change in another process waits for this unit, or this one reads the type it made */
		st = db_row_with(
		    db,
		    "UPDATE agencies SET type = type WHERE id = (SELECT agency_id FROM users WHERE id = ?)"
		    " RETURNING type",
		    &agency, DB_INT(id));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_ERR_DB : st;
	const char *problem =
	    policy_role_agency_problem(u.roles, json_string_value(json_object_get(agency, "type")));
	json_decref(agency);
	return problem ? HAVEN_ERR_DENIED : HAVEN_OK;
}

static enum haven_status write_user(db_conn *db, void *ctx)
{
	struct user_insert *w = ctx;
	/* no row when no agency has the slug */
	enum haven_status st =
	    db_integer_with(db,
	                    "INSERT INTO users (email, name, agency_id, password_hash)"
	                    " SELECT ?, ?, id, ? FROM agencies WHERE slug = ? RETURNING id",
	                    &w->id, DB_TEXT(w->u->email), DB_TEXT(w->u->name), DB_TEXT(w->u->password_hash),
	                    DB_TEXT(w->u->agency_slug));
	/* the users row's one constraint a caller can break is the unique email: checked before, so its
	 * CONFLICT is the address taken by another process meanwhile (PostgreSQL) */
	if (st != HAVEN_OK)
		return st;
	/* a constraint on a role's row is the schema's list of roles refusing one */
	if ((st = insert_roles(db, w->id, w->u->roles)) == HAVEN_ERR_CONFLICT)
		return HAVEN_ERR_INVALID;
	if (st == HAVEN_OK)
		st = roles_fit_agency(db, w->id);
	if (st == HAVEN_OK)
		st = audit_record(db_tx(db), w->actor, "user.create", "user", w->id, NULL);
	/* any other constraint is no fault of what was given, and no taken email address */
	return st == HAVEN_ERR_CONFLICT ? HAVEN_ERR_DB : st;
}

enum haven_status auth_store_user_create(const struct new_user *u, const struct actor *actor, long long *id)
{
	struct user_insert w = {u, actor, 0};
	enum haven_status st = db_write(write_user_checked, &w);
	*id = w.id;
	return st;
}

struct user_disable {
	const char *email;
	const struct actor *actor;
	int64_t now;
	const char *reason;
};

/* HAVEN_OK if an active account other than `user_id` holds the admin role, HAVEN_ERR_NOT_FOUND if none. */
static enum haven_status another_admin(db_conn *db, long long user_id)
{
	return row_found_with(db,
	                      "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id"
	                      " WHERE r.role = 'admin' AND u.disabled_at IS NULL AND u.id <> ? LIMIT 1",
	                      DB_INT(user_id));
}

/*
 * HAVEN_ERR_CONFLICT if `user_id` is an administrator and no other active
 * account is one: the partnership never loses its last administrator.
 */
static enum haven_status not_the_last_admin(db_conn *db, long long user_id)
{
	struct user u = {.id = user_id};
	enum haven_status st = load_roles(db, &u);
	if (st != HAVEN_OK || !(u.roles & ROLE_ADMIN))
		return st;
	st = another_admin(db, user_id);
	return st == HAVEN_ERR_NOT_FOUND ? HAVEN_ERR_CONFLICT : st;
}

enum haven_status auth_write_disable(struct store_tx *tx, long long user_id, const struct actor *actor,
                                     int64_t now, const char *reason, bool by_administrator)
{
	db_conn *db = db_tx_conn(tx);
	enum haven_status st = not_the_last_admin(db, user_id);
	if (st != HAVEN_OK)
		return st;
	char at[DB_TIME_SIZE];
	db_now_text(at);
	/* an invitation it was waiting on ends now (its link is cancelled: migration 0164), so once enabled
	 * again the account shows its invitation expired and offers to send a new one; an administrator's
	 * disable of an account an agency administrator disabled marks it as the administrator's (only one
	 * enables it again), keeping when it was disabled */
	if ((st = exec_changed_or(db,
	                          "UPDATE users SET disabled_at = COALESCE(disabled_at, ?1),"
	                          " disabled_by_administrator = CASE WHEN ?4 = 1 THEN 1"
	                          " ELSE disabled_by_administrator END,"
	                          " invitation_expires_at = CASE WHEN invitation_expires_at > ?3 THEN ?3"
	                          " ELSE invitation_expires_at END WHERE id = ?2 AND (disabled_at IS NULL"
	                          " OR (?4 = 1 AND disabled_by_administrator = 0))",
	                          HAVEN_ERR_NOT_FOUND, DB_TEXT(at), DB_INT(user_id), DB_INT(now),
	                          DB_INT(by_administrator))) != HAVEN_OK ||
	    (st = end_sessions(db, user_id, now)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), actor, "user.disable", "user", user_id, reason);
}

static enum haven_status write_disable(db_conn *db, void *ctx)
{
	struct user_disable *d = ctx;
	long long id = 0;
	enum haven_status st = db_integer_with(
	    db,
	    "SELECT id FROM users WHERE email = ? AND (disabled_at IS NULL OR disabled_by_administrator = 0)",
	    &id, DB_TEXT(d->email));
	return st == HAVEN_OK ? auth_write_disable(db_tx(db), id, d->actor, d->now, d->reason, true) : st;
}

enum haven_status auth_store_user_disable(const char *email, const struct actor *actor, int64_t now,
                                          const char *reason)
{
	struct user_disable d = {email, actor, now, reason};
	return db_write(write_disable, &d);
}

struct user_enable {
	const char *email, *reason;
	const struct actor *actor;
	bool administrator;
};

static enum haven_status write_enable(db_conn *db, void *ctx)
{
	struct user_enable *e = ctx;
	json_t *row = NULL;
	enum haven_status st = db_row_with(
	    db, "SELECT id, disabled_by_administrator FROM users WHERE email = ? AND disabled_at IS NOT NULL",
	    &row, DB_TEXT(e->email));
	if (st != HAVEN_OK)
		return st;
	long long id = json_integer_value(json_object_get(row, "id"));
	bool by_administrator = json_integer_value(json_object_get(row, "disabled_by_administrator"));
	json_decref(row);
	if (by_administrator && !e->administrator)
		return HAVEN_ERR_DENIED; /* an administrator's suspension is undone only by one */
	if ((st = db_exec_with(
	         db, "UPDATE users SET disabled_at = NULL, disabled_by_administrator = 0 WHERE id = ?",
	         DB_INT(id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), e->actor, "user.enable", "user", id, e->reason);
}

enum haven_status auth_store_user_enable(const char *email, const struct actor *actor, const char *reason,
                                         bool administrator)
{
	struct user_enable e = {email, reason, actor, administrator};
	return db_write(write_enable, &e);
}

struct user_change {
	long long id;
	unsigned roles;          /* 0: unchanged */
	const char *agency_slug; /* NULL: unchanged */
	const char *reason;
	const struct actor *actor;
};

static enum haven_status write_user_change(db_conn *db, void *ctx)
{
	struct user_change *c = ctx;
	struct user u = {.id = c->id};
	enum haven_status st = load_roles(db, &u);
	if (st != HAVEN_OK)
		return st;
	if (c->roles && c->roles != u.roles) {
		if ((u.roles & ROLE_ADMIN) && !(c->roles & ROLE_ADMIN)) {
			st = another_admin(db, c->id);
			if (st != HAVEN_OK) /* the last administrator stays one */
				return st == HAVEN_ERR_NOT_FOUND ? HAVEN_ERR_CONFLICT : st;
		}
		if ((st = db_exec_with(db, "DELETE FROM user_roles WHERE user_id = ?", DB_INT(c->id))) !=
		        HAVEN_OK ||
		    (st = insert_roles(db, c->id, c->roles)) != HAVEN_OK)
			/* CONFLICT here is the schema refusing a role (its migrations behind), never the last
			 * administrator, which is what the callers read CONFLICT as */
			return st == HAVEN_ERR_CONFLICT ? HAVEN_ERR_DB : st;
		if ((st = audit_record(db_tx(db), c->actor, "user.roles", "user", c->id, c->reason)) !=
		    HAVEN_OK)
			return st;
	}
	if (c->agency_slug) {
		long long moved = 0;
		st = row_found_with(db, "SELECT 1 FROM agencies WHERE slug = ?", DB_TEXT(c->agency_slug));
		if (st != HAVEN_OK)
			return st == HAVEN_ERR_NOT_FOUND ? HAVEN_ERR_INVALID : st;
		if ((st = db_exec_changed_with(
		         db,
		         "UPDATE users SET agency_id = a.id FROM agencies a"
		         " WHERE a.slug = ?1 AND users.id = ?2 AND users.agency_id <> a.id",
		         &moved, DB_TEXT(c->agency_slug), DB_INT(c->id))) != HAVEN_OK)
			return st;
		if (moved && (st = audit_record(db_tx(db), c->actor, "user.agency", "user", c->id,
		                                c->reason)) != HAVEN_OK)
			return st;
	}
	return roles_fit_agency(db, c->id);
}

enum haven_status auth_store_user_change(long long id, unsigned roles, const char *agency_slug,
                                         const struct actor *actor, const char *reason)
{
	struct user_change c = {id, roles, agency_slug, reason, actor};
	return db_write(write_user_change, &c);
}

/* Kept however old: the account's last used session (the leavers' job reads it), its last completed
 * sign-in (auth_store_signed_in_last_from reads it) and one with a kept form (which refers to it).
 * Oldest first, in the order of sessions_by_last_seen (migration 0185), so each batch reads that index
 * from its start and stops at `limit` (in id order SQLite scanned the whole table instead). Whether a
 * later session of the account exists is answered from sessions_by_user_last_seen (migration 0188)
 * alone; by sessions_by_user it read every session of the account from the table. */
static const char remove_old_sessions[] =
    "DELETE FROM sessions WHERE id IN (SELECT s.id FROM sessions s"
    " WHERE s.last_seen_at < ?1 AND (s.ended_at IS NULL OR s.ended_at < ?1)"
    " AND EXISTS (SELECT 1 FROM sessions later WHERE later.user_id = s.user_id"
    " AND later.last_seen_at > s.last_seen_at)"
    " AND (s.second_factor_at IS NULL OR EXISTS (SELECT 1 FROM sessions completed"
    " WHERE completed.user_id = s.user_id AND completed.second_factor_at IS NOT NULL AND completed.id > "
    "s.id))"
    " AND NOT EXISTS (SELECT 1 FROM kept_forms k WHERE k.session_id = s.id)"
    " ORDER BY s.last_seen_at, s.id LIMIT ?2)";
DB_REGISTER(remove_old_sessions);

enum haven_status auth_store_remove_old_sessions(int64_t before, int limit, long long *removed)
{
	return expired_rows_remove(remove_old_sessions, before, limit, removed);
}

/* What those kept sessions no longer need: where from and with which browser, blanked to '' (the columns
 * are NOT NULL); a blank row is not counted again. No session still in use is old enough (the absolute
 * timeout is 30 days at most), so "your sessions" never lists one; the throttle knows no address from
 * a blank one (auth_store_signed_in_last_from). */
static const char blank_old_session_details[] =
    "UPDATE sessions SET client_address = '', user_agent = '' WHERE id IN (SELECT s.id FROM sessions s"
    " WHERE s.last_seen_at < ?1 AND (s.ended_at IS NULL OR s.ended_at < ?1)"
    " AND (s.client_address <> '' OR s.user_agent <> '') ORDER BY s.last_seen_at, s.id LIMIT ?2)";
DB_REGISTER(blank_old_session_details);

enum haven_status auth_store_blank_old_session_details(int64_t before, int limit, long long *blanked)
{
	return expired_rows_remove(blank_old_session_details, before, limit, blanked);
}
