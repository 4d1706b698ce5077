/*
 * throttle_sqlite.c (auth) — throttling sign-in and second-factor attempts
 * (auth/store.h: auth_store_throttle_*): failures counted per key (an
 * account, a client address as a limit counts it (core/limit_address.h: an
 * IPv6 client's /64), a known device) in the database, so every server process and
 * restart sees the same count, and a failure's audit row written in the
 * same unit as the count.
 */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/store.h"
#include "core/limit_address.h"
#include "store/db.h"
#include "store/expired_rows_sqlite.h"

/*
 * Throttling: how many failures before waiting, and for how long. A client
 * address may be many people (an office, a proxy), so it gets more room
 * than one account before it must wait or is locked.
 */
#define FREE_FAILURES 4  /* an account's failures 1-4 cost nothing */
#define LOCK_FAILURES 10 /* an account's 10th failure locks it */
#define ADDRESS_FREE_FAILURES 20
#define ADDRESS_LOCK_FAILURES 50
#define LOCK_SECONDS (15 * 60)
#define FORGET_SECONDS (15 * 60) /* failures older than this are forgotten */

enum haven_status auth_store_throttle_until(const char *const *keys, int64_t now, int64_t *until)
{
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	*until = 0;
	for (size_t i = 0; keys[i]; i++) {
		long long locked_until = 0;
		enum haven_status st = db_integer_with(
		    db, "SELECT locked_until FROM sign_in_failures WHERE key = ? AND last_failure_at > ?",
		    &locked_until, DB_TEXT(keys[i]), DB_INT(now - FORGET_SECONDS));
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
			return HAVEN_ERR_DB;
		if (locked_until > *until)
			*until = locked_until;
	}
	if (*until <= now)
		*until = 0;
	return HAVEN_OK;
}

struct failure {
	const char *const *keys;
	const struct actor *actor;
	const char *action; /* audited unless this failure locks a key */
	int64_t now, until;
};

/*
 * After FREE_FAILURES, each further failure makes the next attempt wait
 * twice as long as the last (1, 2, 4 ... seconds); at LOCK_FAILURES the key
 * is locked for LOCK_SECONDS. Failures are forgotten after FORGET_SECONDS.
 */
static enum haven_status write_failure(db_conn *db, void *ctx)
{
	struct failure *f = ctx;
	bool locked = false;
	f->until = 0;
	for (size_t i = 0; f->keys[i]; i++) {
		long long failures = 0;
		if (db_integer_with(
		        db,
		        "INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES (?1, 1, ?2)"
		        " ON CONFLICT (key) DO UPDATE SET"
		        " failures = CASE WHEN sign_in_failures.last_failure_at > ?2 - ?3 THEN "
		        "sign_in_failures.failures + 1"
		        " ELSE 1 END,"
		        " last_failure_at = ?2"
		        " RETURNING failures",
		        &failures, DB_TEXT(f->keys[i]), DB_INT(f->now), DB_INT(FORGET_SECONDS)) != HAVEN_OK)
			return HAVEN_ERR_DB;
		/* an address's counters: strangers' ("address:A") and its known clients' ("address:known:A")
		 */
		bool address = strncmp(f->keys[i], "address:", 8) == 0;
		long long free_failures = address ? ADDRESS_FREE_FAILURES : FREE_FAILURES;
		long long lock_failures = address ? ADDRESS_LOCK_FAILURES : LOCK_FAILURES;
		int64_t until = 0;
		if (failures >= lock_failures) {
			until = f->now + LOCK_SECONDS;
			locked = locked || failures == lock_failures;
		} else if (failures > free_failures) {
			long long doublings = failures - free_failures - 1;
			until = f->now + (1LL << (doublings > 20 ? 20 : doublings));
		}
		enum haven_status st =
		    db_exec_with(db, "UPDATE sign_in_failures SET locked_until = ? WHERE key = ?",
		                 DB_INT(until), DB_TEXT(f->keys[i]));
		if (st != HAVEN_OK)
			return st;
		if (until > f->until)
			f->until = until;
	}
	return audit_record(db_tx(db), f->actor, locked ? "sign_in_locked" : f->action, NULL, 0, NULL);
}

enum haven_status auth_store_throttle_failure(const char *const *keys, const struct actor *actor,
                                              const char *action, int64_t now, int64_t *until)
{
	struct failure f = {keys, actor, action, now, 0};
	enum haven_status st = db_write(write_failure, &f);
	*until = f.until;
	return st;
}

static enum haven_status write_clear(db_conn *db, void *ctx)
{
	const char *const *keys = ctx;
	for (size_t i = 0; keys[i]; i++) {
		enum haven_status st =
		    db_exec_with(db, "DELETE FROM sign_in_failures WHERE key = ?", DB_TEXT(keys[i]));
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

enum haven_status auth_store_throttle_clear(const char *const *keys)
{
	return db_write(write_clear, (void *)keys);
}

enum haven_status auth_store_signed_in_last_from(long long user_id, const char *address, bool *known)
{
	*known = false;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	/* a session whose sign-in was completed (second_factor_at is set then, with or without a code) */
	json_t *row = NULL;
	enum haven_status st = db_row_with(db,
	                                   "SELECT client_address FROM sessions"
	                                   " WHERE user_id = ? AND second_factor_at IS NOT NULL"
	                                   " ORDER BY id DESC LIMIT 1",
	                                   &row, DB_INT(user_id));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return HAVEN_ERR_DB;
	/* the same as a limit counts it: an IPv6 client moves within its /64 between sign-ins; an address
	 * blanked by the retention job (a month unused) is known from nowhere */
	const char *stored = json_string_value(json_object_get(row, "client_address"));
	char last[LIMIT_ADDRESS_SIZE], now[LIMIT_ADDRESS_SIZE];
	limit_address(stored, last);
	limit_address(address, now);
	*known = stored && *stored && strcmp(last, now) == 0;
	json_decref(row);
	return HAVEN_OK;
}

static const char remove_forgotten[] =
    "DELETE FROM sign_in_failures WHERE key IN (SELECT key FROM sign_in_failures"
    " WHERE last_failure_at < ?1 AND locked_until < ?1 ORDER BY key LIMIT ?2)";
DB_REGISTER(remove_forgotten);

enum haven_status auth_store_throttle_remove_forgotten(int64_t now, int limit, long long *removed)
{
	return expired_rows_remove(remove_forgotten, now - FORGET_SECONDS, limit, removed);
}
