/*
 * store_sqlite.c (passwords) — the SQLite side of store.h: account_links,
 * with the accounts changed through auth/account_write.h and the emails
 * through the mail outbox, each in the same unit of work.
 */
#include "areas/passwords/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/mail/compose.h"
#include "areas/mail/mail.h"
#include "areas/partnership/store.h"
#include "areas/passwords/account_fields.h"
#include "auth/account_state_sqlite.h"
#include "auth/account_write.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/token.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/status.h"
#include "router/errors.h"
#include "store/db.h"
#include "store/expired_rows_sqlite.h"

static const char *const purposes[] = {"invitation", "password_reset"};

/*
 * The model of an email that carries a link: the person's own name and the
 * link (path and new token) at Haven's public address (mail_link).
 */
static json_t *link_email(const char *name, const char *path, const char *token)
{
	struct buf path_and_token = BUF_INIT;
	buf_printf(&path_and_token, "%s%s", path, token);
	char *link = mail_link(buf_cstr(&path_and_token));
	buf_free(&path_and_token);
	json_t *model = json_pack("{s:s, s:s}", "name", name, "link", link);
	free(link);
	return model;
}

/*
 * Cancels every open link of `user_id`, of every purpose, at `now`: once a password is chosen, by
 * whichever way (an invitation, a reset, changing it), a link sent for choosing one has no purpose left,
 * and an old one kept in a mailbox must not take the account over. Disabling an account cancels its
 * links too (migration 0164's trigger), so enabling it again brings none back.
 */
static enum haven_status cancel_open_links(db_conn *db, long long user_id, int64_t now)
{
	return db_exec_with(db,
	                    "UPDATE account_links SET cancelled_at = ?2"
	                    " WHERE user_id = ?1 AND used_at IS NULL AND cancelled_at IS NULL",
	                    DB_INT(user_id), DB_INT(now));
}

enum haven_status passwords_cancel_link_emails(struct store_tx *tx, long long user_id)
{
	static const char *const kinds[] = {"passwords/invitation", "passwords/reset"};
	json_t *person = NULL;
	enum haven_status st =
	    db_row_with(db_tx_conn(tx), "SELECT email FROM users WHERE id = ?", &person, DB_INT(user_id));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	const char *email = json_string_value(json_object_get(person, "email"));
	for (size_t i = 0; st == HAVEN_OK && i < sizeof kinds / sizeof *kinds; i++)
		st = mail_cancel_queued(tx, kinds[i], email);
	json_decref(person);
	return st;
}

/* A password chosen: the open links and the emails carrying them end (see cancel_open_links). */
static enum haven_status end_links_and_emails(db_conn *db, long long user_id, int64_t now)
{
	enum haven_status st = cancel_open_links(db, user_id, now);
	return st == HAVEN_OK ? passwords_cancel_link_emails(db_tx(db), user_id) : st;
}

struct disable {
	long long id;
	const struct actor *actor;
	int64_t now;
	const char *reason;
	bool by_administrator;
};

static enum haven_status write_disable(db_conn *db, void *ctx)
{
	struct disable *d = ctx;
	/* auth may not call the mail area, so the emails are cancelled here, in the same unit; the links
	 * themselves end by migration 0164's trigger, whichever way the account is disabled */
	enum haven_status st =
	    auth_write_disable(db_tx(db), d->id, d->actor, d->now, d->reason, d->by_administrator);
	return st == HAVEN_OK ? passwords_cancel_link_emails(db_tx(db), d->id) : st;
}

enum haven_status passwords_disable(long long id, const struct actor *actor, int64_t now, const char *reason,
                                    bool by_administrator)
{
	struct disable d = {id, actor, now, reason, by_administrator};
	return db_write(write_disable, &d);
}

static enum haven_status insert_link(db_conn *db, long long user_id, enum link_purpose purpose,
                                     const struct new_link *link, int64_t seconds)
{
	/* a new link cancels the person's older unused ones */
	enum haven_status st =
	    db_exec_with(db,
	                 "UPDATE account_links SET cancelled_at = ?3"
	                 " WHERE user_id = ?1 AND purpose = ?2 AND used_at IS NULL AND cancelled_at IS NULL",
	                 DB_INT(user_id), DB_TEXT(purposes[purpose]), DB_INT(link->now));
	if (st != HAVEN_OK)
		return st;
	unsigned char hash[TOKEN_HASH_SIZE];
	token_hash(link->token, hash);
	return db_exec_with(db,
	                    "INSERT INTO account_links (user_id, purpose, token_hash, created_at, expires_at)"
	                    " VALUES (?, ?, ?, ?, ?)",
	                    DB_INT(user_id), DB_TEXT(purposes[purpose]), DB_BLOB(hash, sizeof hash),
	                    DB_INT(link->now), DB_INT(link->now + seconds));
}

/* An invitation's link, and the account marked as waiting on it until it expires (auth's own state). */
static enum haven_status insert_invitation(db_conn *db, long long user_id, const struct new_link *link)
{
	enum haven_status st = insert_link(db, user_id, LINK_INVITATION, link, INVITATION_SECONDS);
	return st == HAVEN_OK ? auth_write_invitation(db_tx(db), user_id, link->now + INVITATION_SECONDS)
	                      : st;
}

/*
 * The partnership's own name (partnership_get_self), for the invitation email to say whose system it is;
 * NULL while it has none yet (the email then says "the safeguarding partnership"). Read before the unit of
 * work, on the caller's thread. New string.
 */
static char *partnership_name(void)
{
	json_t *self = NULL;
	char *name = NULL;
	if (partnership_get_self(&self) == HAVEN_OK) {
		const char *text = json_string_value(json_object_get(self, "name"));
		name = text && *text ? xstrdup(text) : NULL;
	}
	json_decref(self);
	return name;
}

/*
 * The invitation email: the person's own name, the link, when it stops working (named, as the email may wait
 * in the outbox for a mail relay) and the partnership's name, nothing else.
 */
static enum haven_status queue_invitation(db_conn *db, const char *email, const char *name,
                                          const struct new_link *link, const char *partnership)
{
	json_t *model = link_email(name, "/invitations/", link->token);
	char expires[CALENDAR_WHEN_SIZE];
	calendar_format_when(link->now + INVITATION_SECONDS, expires);
	json_object_set_new(model, "expires", json_string(expires));
	if (partnership)
		json_object_set_new(model, "partnership", json_string(partnership));
	enum haven_status st = mail_enqueue_one(db_tx(db), "passwords/invitation", model, email);
	json_decref(model);
	return st;
}

struct invite {
	const struct new_user *u;
	const struct actor *actor;
	const struct new_link *link;
	const char *partnership; /* its name, or NULL */
	long long id;
};

static enum haven_status write_invite(db_conn *db, void *ctx)
{
	struct invite *w = ctx;
	enum haven_status st = auth_write_user(db_tx(db), w->u, w->actor, &w->id);
	if (st != HAVEN_OK)
		return st; /* CONFLICT: the email is taken; INVALID: a role refused (auth/account_write.h) */
	st = insert_invitation(db, w->id, w->link);
	if (st == HAVEN_OK)
		st = queue_invitation(db, w->u->email, w->u->name, w->link, w->partnership);
	if (st == HAVEN_OK)
		st = audit_record(db_tx(db), w->actor, "user.invite", "user", w->id, NULL);
	/* a constraint on the link, the email queued or the audit row is no taken email address, and an
	 * email the outbox refuses no role refused (the email field refuses what it cannot send to) */
	return st == HAVEN_ERR_CONFLICT || st == HAVEN_ERR_INVALID ? HAVEN_ERR_DB : st;
}

/* A hash of a random secret nobody is told: the account exists but cannot sign in yet. */
static enum haven_status unknown_password(char *out, size_t size)
{
	char secret[TOKEN_TEXT_SIZE];
	token_new(secret);
	enum haven_status st = password_hash(secret, out, size);
	explicit_bzero(secret, sizeof secret);
	return st;
}

enum haven_status passwords_invite(const struct new_user *u, const struct actor *actor,
                                   const struct new_link *link, long long *id)
{
	char hash[160];
	enum haven_status st = unknown_password(hash, sizeof hash);
	if (st != HAVEN_OK)
		return st;
	struct new_user with_hash = *u;
	with_hash.password_hash = hash;
	char *partnership = partnership_name();
	struct invite w = {&with_hash, actor, link, partnership, 0};
	st = db_write(write_invite, &w);
	free(partnership);
	*id = w.id;
	return st;
}

struct invite_many {
	const struct new_user *users;
	const struct new_link *links;
	size_t count;
	const struct actor *actor;
	const char *partnership; /* its name, or NULL */
	json_t *problems;
};

static enum haven_status write_invite_many(db_conn *db, void *ctx)
{
	struct invite_many *w = ctx;
	size_t before = json_array_size(w->problems);
	for (size_t i = 0; i < w->count; i++) {
		struct invite one = {&w->users[i], w->actor, &w->links[i], w->partnership, 0};
		enum haven_status st = write_invite(db, &one);
		if (st == HAVEN_ERR_CONFLICT || st == HAVEN_ERR_NOT_FOUND) {
			/* named, and the others still checked; the unit is undone below */
			bool taken = st == HAVEN_ERR_CONFLICT;
			errors_add_itemf(w->problems, i, taken ? "email" : "agency", "%s",
			                 taken ? "An account with this email address already exists"
			                       : "There is no agency with this slug (see haven agency list)");
		} else if (st == HAVEN_ERR_INVALID) {
			/* a statement failed: on PostgreSQL the unit can run no other, so the rest go
			 * unchecked */
			errors_add_itemf(w->problems, i, "roles", "%s", account_role_refused);
			return st;
		} else if (st != HAVEN_OK) {
			return st;
		}
	}
	return json_array_size(w->problems) == before ? HAVEN_OK : HAVEN_ERR_INVALID;
}

enum haven_status passwords_invite_many(const struct new_user *users, const struct new_link *links,
                                        size_t count, const struct actor *actor, json_t *problems)
{
	struct new_user *with_hash = xcalloc(count ? count : 1, sizeof *with_hash);
	char(*hashes)[160] = xcalloc(count ? count : 1, sizeof *hashes);
	enum haven_status st = HAVEN_OK;
	for (size_t i = 0; i < count && st == HAVEN_OK; i++) {
		st = unknown_password(hashes[i], sizeof hashes[i]);
		with_hash[i] = users[i];
		with_hash[i].password_hash = hashes[i];
	}
	char *partnership = partnership_name();
	struct invite_many w = {with_hash, links, count, actor, partnership, problems};
	if (st == HAVEN_OK)
		st = db_write(write_invite_many, &w);
	free(partnership);
	free(with_hash);
	free(hashes);
	return st;
}

struct reinvite {
	long long user_id;
	const struct actor *actor;
	const struct new_link *link;
	const char *partnership; /* its name, or NULL */
	enum reinvite_refusal *refusal;
};

static enum haven_status write_reinvite(db_conn *db, void *ctx)
{
	struct reinvite *w = ctx;
	json_t *person = NULL;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT u.email, u.name, u.disabled_at IS NOT NULL AS disabled, " ACCOUNT_INVITATION_EXPIRES(
	        "u") " IS NOT NULL AS waiting FROM users u WHERE u.id = ?",
	    &person, DB_INT(w->user_id));
	if (st != HAVEN_OK)
		return st;
	char email[256], name[512];
	snprintf(email, sizeof email, "%s", json_string_value(json_object_get(person, "email")));
	snprintf(name, sizeof name, "%s", json_string_value(json_object_get(person, "name")));
	bool disabled = json_integer_value(json_object_get(person, "disabled")),
	     waiting = json_integer_value(json_object_get(person, "waiting"));
	json_decref(person);
	if (disabled || !waiting) {
		*w->refusal = disabled ? REINVITE_DISABLED : REINVITE_HAS_PASSWORD;
		return HAVEN_ERR_CONFLICT;
	}
	st = insert_invitation(db, w->user_id, w->link);
	/* the earlier invitation's email, if it still waits for a mail relay, would bring a dead link */
	if (st == HAVEN_OK)
		st = mail_cancel_queued(db_tx(db), "passwords/invitation", email);
	if (st == HAVEN_OK)
		st = queue_invitation(db, email, name, w->link, w->partnership);
	if (st == HAVEN_OK)
		st = audit_record(db_tx(db), w->actor, "user.invite", "user", w->user_id, NULL);
	return st;
}

enum haven_status passwords_reinvite(long long user_id, const struct actor *actor,
                                     const struct new_link *link, enum reinvite_refusal *refusal)
{
	char *partnership = partnership_name();
	struct reinvite w = {user_id, actor, link, partnership, refusal};
	enum haven_status st = db_write(write_reinvite, &w);
	free(partnership);
	return st;
}

/* A token as Haven makes them: 43 characters of base64url. Anything else was altered. */
static bool token_shaped(const char *token)
{
	size_t n = 0;
	for (; token[n]; n++) {
		char c = token[n];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return n == TOKEN_TEXT_SIZE - 1;
}

/* Reads the link on `db` (the reader or the writer): its state, owner and owner's name. */
static enum haven_status read_link(db_conn *db, const char *token, enum link_purpose purpose, int64_t now,
                                   enum link_state *state, long long *user_id, long long *link_id,
                                   char name[512])
{
	*state = LINK_UNKNOWN;
	if (!token_shaped(token))
		return HAVEN_OK;
	unsigned char hash[TOKEN_HASH_SIZE];
	token_hash(token, hash);
	json_t *row = NULL;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT l.id, l.user_id, l.expires_at, l.used_at IS NOT NULL OR l.cancelled_at IS NOT NULL"
	    " AS spent, u.name, u.disabled_at IS NOT NULL AS disabled"
	    " FROM account_links l JOIN users u ON u.id = l.user_id"
	    " WHERE l.token_hash = ? AND l.purpose = ?",
	    &row, DB_BLOB(hash, sizeof hash), DB_TEXT(purposes[purpose]));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return HAVEN_ERR_DB;
	*link_id = json_integer_value(json_object_get(row, "id"));
	*user_id = json_integer_value(json_object_get(row, "user_id"));
	if (json_integer_value(json_object_get(row, "spent")) ||
	    json_integer_value(json_object_get(row, "disabled")))
		*state = LINK_USED; /* a disabled account's links are spent too */
	else if (json_integer_value(json_object_get(row, "expires_at")) <= now)
		*state = LINK_EXPIRED;
	else
		*state = LINK_VALID;
	if (name)
		snprintf(name, 512, "%s", json_string_value(json_object_get(row, "name")));
	json_decref(row);
	return HAVEN_OK;
}

enum haven_status passwords_link_state(const char *token, enum link_purpose purpose, int64_t now,
                                       enum link_state *state, char name[512], long long *user_id)
{
	db_conn *db = db_reader();
	long long owner = 0, link_id = 0;
	name[0] = '\0';
	enum haven_status st =
	    db ? read_link(db, token, purpose, now, state, &owner, &link_id, name) : HAVEN_ERR_DB;
	if (user_id)
		*user_id = owner;
	return st;
}

struct use {
	const char *token;
	enum link_purpose purpose;
	const char *hash;
	int64_t now;
	const char *client_address;
	enum link_state state;
};

static enum haven_status write_use(db_conn *db, void *ctx)
{
	struct use *u = ctx;
	long long user_id = 0, link_id = 0;
	/* checked again inside the unit, so a link cannot be used twice at once */
	enum haven_status st =
	    read_link(db, u->token, u->purpose, u->now, &u->state, &user_id, &link_id, NULL);
	if (st != HAVEN_OK || u->state != LINK_VALID)
		return st;
	/* this link is used; the person's other open links, of either purpose, are cancelled */
	if ((st = db_exec_with(db, "UPDATE account_links SET used_at = ? WHERE id = ?", DB_INT(u->now),
	                       DB_INT(link_id))) != HAVEN_OK ||
	    (st = end_links_and_emails(db, user_id, u->now)) != HAVEN_OK ||
	    (st = auth_write_password(db_tx(db), user_id, u->hash, u->now)) != HAVEN_OK)
		return st;
	struct actor them = {.user_id = user_id, .client_address = u->client_address};
	return audit_record(db_tx(db), &them,
	                    u->purpose == LINK_INVITATION ? "invitation.accept" : "password.reset", "user",
	                    user_id, NULL);
}

enum haven_status passwords_use_link(const char *token, enum link_purpose purpose, const char *hash,
                                     int64_t now, const char *client_address, enum link_state *state)
{
	struct use u = {token, purpose, hash, now, client_address, LINK_UNKNOWN};
	enum haven_status st = db_write(write_use, &u);
	*state = u.state;
	return st;
}

/* A reset request queued for the writer: its own copies, kept until the writer has run it. */
struct reset_request {
	char *email;
	char *client_address;
	char token[TOKEN_TEXT_SIZE];
	struct new_link link;
};

static enum haven_status write_reset_request(db_conn *db, void *ctx)
{
	struct reset_request *r = ctx;
	json_t *person = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT u.id, u.name, (SELECT count(*) FROM account_links l WHERE l.user_id = u.id"
	                " AND l.purpose = 'password_reset' AND l.created_at > ?2) AS recent"
	                " FROM users u WHERE u.email = ?1 AND u.disabled_at IS NULL",
	                &person, DB_TEXT(r->email), DB_INT(r->link.now - 3600));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	long long id = json_integer_value(json_object_get(person, "id"));
	long long recent = json_integer_value(json_object_get(person, "recent"));
	char name[512];
	snprintf(name, sizeof name, "%s", json_string_value(json_object_get(person, "name")));
	json_decref(person);
	if (recent >= RESET_EMAILS_PER_HOUR)
		return HAVEN_OK; /* throttled: nothing sent, and the answer was the same */
	st = insert_link(db, id, LINK_PASSWORD_RESET, &r->link, RESET_SECONDS);
	if (st != HAVEN_OK)
		return st;
	json_t *model = link_email(name, "/password-reset/", r->link.token);
	st = mail_enqueue_one(db_tx(db), "passwords/reset", model, r->email);
	json_decref(model);
	struct actor them = {.user_id = id, .client_address = r->client_address};
	return st == HAVEN_OK ? audit_record(db_tx(db), &them, "password.reset_request", "user", id, NULL)
	                      : st;
}

/* The writer has run (or failed) a queued reset request: the secret is wiped, the copies freed. */
static void reset_request_done(enum haven_status st, void *ctx)
{
	struct reset_request *r = ctx;
	if (st != HAVEN_OK)
		log_error("passwords: a password reset request was not saved (%s)", haven_status_name(st));
	explicit_bzero(r->token, sizeof r->token);
	free(r->email);
	free(r->client_address);
	free(r);
}

enum haven_status passwords_request_reset(const char *email, const char *token, int64_t now,
                                          const char *client_address)
{
	struct reset_request *r = xcalloc(1, sizeof *r);
	r->email = xstrdup(email ? email : "");
	r->client_address = client_address ? xstrdup(client_address) : NULL;
	snprintf(r->token, sizeof r->token, "%s", token);
	r->link = (struct new_link){r->token, now};
	enum haven_status st = db_write_async(write_reset_request, r, reset_request_done, r);
	if (st != HAVEN_OK) /* the store is closing: `then` is never called */
		reset_request_done(HAVEN_OK, r);
	return st;
}

struct change {
	const struct actor *actor;
	const char *hash;
	int64_t now;
};

static enum haven_status write_change(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = auth_write_password(db_tx(db), c->actor->user_id, c->hash, c->now);
	if (st == HAVEN_OK) /* a reset asked for and not used would otherwise still set another password */
		st = end_links_and_emails(db, c->actor->user_id, c->now);
	return st == HAVEN_OK
	           ? audit_record(db_tx(db), c->actor, "password.change", "user", c->actor->user_id, NULL)
	           : st;
}

enum haven_status passwords_change(const struct actor *actor, const char *hash, int64_t now)
{
	struct change c = {actor, hash, now};
	return db_write(write_change, &c);
}

static const char remove_ended_links[] =
    "DELETE FROM account_links WHERE id IN (SELECT id FROM account_links"
    " WHERE expires_at < ?1 OR used_at < ?1 OR cancelled_at < ?1 ORDER BY id LIMIT ?2)";
DB_REGISTER(remove_ended_links);

enum haven_status passwords_remove_ended_links(int64_t before, int limit, long long *removed)
{
	return expired_rows_remove(remove_ended_links, before, limit, removed);
}
