/*
 * test_audit.c — tests the tamper-evident audit trail (auth/audit.h) on real
 * database files in a temporary directory: appending through db_write units
 * (ids, the chain from 32 zero bytes, NULL kept apart from ""), a failing
 * unit taking its audit row with it (alone, and inside a batch, where the
 * writer keeps the chain's head), the triggers refusing UPDATE and
 * DELETE, audit_verify catching an edited row, a row deleted from the middle
 * or the start, swapped, replayed and forged rows (well-hashed ones too),
 * while (as documented) a row cut off the end, or a chain extended by
 * someone who re-hashes, is not caught; the hashed encoding pinned by an
 * independent implementation; 8 threads appending at once still forming one
 * valid chain; audit_search's filters, joins, limit and paging; and the CSV
 * export's RFC 4180 quoting and formula-injection guard.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/assemble.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/status.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

/* ---- a temporary directory and a migrated, open store per test ---- */

static struct temp_store temp;

static int open_store(void **state)
{
	(void)state;
	if (temp_store_open(&temp, "audit") != 0)
		return -1;
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

/* ---- plain SQLite, behind the store's back (as an attacker with the file) ---- */

static sqlite3 *raw_open(void)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(temp.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Runs sql and returns SQLite's primary result code. */
static int raw_try(const char *sql)
{
	sqlite3 *db = raw_open();
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc & 0xff;
}

static void raw_exec(const char *sql)
{
	sqlite3 *db = raw_open();
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("%s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_OK);
}

static long long raw_int(const char *sql)
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	long long v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* ---- appending through the writer ---- */

static enum haven_status append_unit(db_conn *db, void *ctx)
{
	return audit_append(db_tx(db), ctx);
}

static void append(long long user_id, long long agency_id, const char *action, const char *resource_type,
                   const char *resource_id, const char *reason, const char *client_address)
{
	struct audit_event ev = {user_id,        agency_id, action, resource_type, resource_id, reason,
	                         client_address, NULL,      0};
	assert_int_equal(db_write(append_unit, &ev), HAVEN_OK);
}

static void append_five(void)
{
	append(1, 1, "sign_in", NULL, NULL, NULL, "192.0.2.1");
	append(1, 1, "child.read", "child", "42", NULL, "192.0.2.1");
	append(0, 0, "sign_in_failed", NULL, NULL, NULL, "198.51.100.7");
	append(2, 1, "child.read", "child", "42", "Police at the door, urgent", "192.0.2.9");
	append(1, 1, "sign_out", NULL, NULL, "", "192.0.2.1");
}

/* Verifies and checks the outcome; `why` must contain want_why when bad. */
static void expect_verify(enum haven_status want, long long want_rows, long long want_bad,
                          const char *want_why)
{
	long long rows = -1, bad = -1;
	char *why = NULL;
	enum haven_status st = audit_verify(temp.path, &rows, &bad, &why);
	if (st != want || (want_why && (!why || !strstr(why, want_why))))
		print_error("verify: %s, row %lld: %s\n", haven_status_name(st), bad,
		            why ? why : "(no reason)");
	assert_int_equal(st, want);
	assert_int_equal(rows, want_rows);
	assert_int_equal(bad, want_bad);
	if (want_why) {
		assert_non_null(why);
		assert_non_null(strstr(why, want_why));
	} else {
		assert_null(why);
	}
	free(why);
}

/* ---- tests ---- */

static void test_append_and_chain(void **state)
{
	(void)state;
	expect_verify(HAVEN_OK, 0, 0, NULL); /* an empty trail is a valid one */
	append_five();
	expect_verify(HAVEN_OK, 5, 0, NULL);

	assert_int_equal(raw_int("SELECT count(*) FROM audit_log"), 5);
	assert_int_equal(raw_int("SELECT min(id) = 1 AND max(id) = 5 FROM audit_log"), 1);
	assert_int_equal(raw_int("SELECT prev_hash = zeroblob(32) FROM audit_log WHERE id = 1"), 1);
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1"
	                         " WHERE b.prev_hash = a.hash AND length(a.hash) = 32"),
	                 4);
	assert_int_equal(raw_int("SELECT (SELECT prev_hash FROM audit_log WHERE id = 2) ="
	                         " (SELECT hash FROM audit_log WHERE id = 1)"),
	                 1);
	/* 0 ids are stored as NULL; NULL and "" are kept apart */
	assert_int_equal(raw_int("SELECT user_id IS NULL AND agency_id IS NULL FROM audit_log WHERE id = 3"),
	                 1);
	assert_int_equal(raw_int("SELECT reason IS NULL FROM audit_log WHERE id = 1"), 1);
	assert_int_equal(raw_int("SELECT reason = '' FROM audit_log WHERE id = 5"), 1);
	/* at is UTC with milliseconds */
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log WHERE at GLOB "
	                         "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-"
	                         "9].[0-9][0-9][0-9]Z'"),
	                 5);
}

static void test_append_rejects_bad_events(void **state)
{
	(void)state;
	struct audit_event no_action = {1, 1, NULL, NULL, NULL, NULL, NULL, NULL, 0};
	struct audit_event empty_action = {1, 1, "", NULL, NULL, NULL, NULL, NULL, 0};
	struct audit_event negative = {-1, 1, "sign_in", NULL, NULL, NULL, NULL, NULL, 0};
	assert_int_equal(db_write(append_unit, &no_action), HAVEN_ERR_INVALID);
	assert_int_equal(db_write(append_unit, &empty_action), HAVEN_ERR_INVALID);
	assert_int_equal(db_write(append_unit, &negative), HAVEN_ERR_INVALID);
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log"), 0);
}

/* The audit row commits or rolls back with the change it records. */
static enum haven_status append_then_fail(db_conn *db, void *ctx)
{
	if (audit_append(db_tx(db), ctx) != HAVEN_OK)
		return HAVEN_ERR_INTERNAL;
	return HAVEN_ERR_CONFLICT;
}

static void test_failing_unit_takes_its_row(void **state)
{
	(void)state;
	append(1, 1, "sign_in", NULL, NULL, NULL, NULL);
	struct audit_event ev = {1, 1, "child.update", "child", "7", NULL, NULL, NULL, 0};
	assert_int_equal(db_write(append_then_fail, &ev), HAVEN_ERR_CONFLICT);
	append(1, 1, "sign_out", NULL, NULL, NULL, NULL);
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log WHERE action = 'child.update'"), 0);
	assert_int_equal(raw_int("SELECT id FROM audit_log WHERE action = 'sign_out'"), 2);
	expect_verify(HAVEN_OK, 2, 0, NULL);
}

/*
 * The writer keeps the last row it appended for the next unit of the same
 * batch: a unit rolled back in the middle of a batch must take its row
 * with it, and the units after it chain to the row before. The writer is
 * held at a gate while the units are queued, so they run as one batch.
 */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_changed = PTHREAD_COND_INITIALIZER;
static bool gate_reached, gate_open;
static int told; /* units whose results are noted */

static enum haven_status append_at_gate(db_conn *db, void *ctx)
{
	pthread_mutex_lock(&gate_lock);
	gate_reached = true;
	pthread_cond_broadcast(&gate_changed);
	while (!gate_open)
		pthread_cond_wait(&gate_changed, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	return audit_append(db_tx(db), ctx);
}

static void note_result(enum haven_status result, void *ctx)
{
	pthread_mutex_lock(&gate_lock);
	*(enum haven_status *)ctx = result;
	told++;
	pthread_cond_broadcast(&gate_changed);
	pthread_mutex_unlock(&gate_lock);
}

static void test_unit_rolled_back_in_a_batch(void **state)
{
	(void)state;
	struct audit_event held = {1, 1, "sign_in", NULL, NULL, NULL, NULL, NULL, 0};
	struct audit_event before = {1, 1, "child.read", "child", "1", NULL, NULL, NULL, 0};
	struct audit_event failing = {1, 1, "child.update", "child", "2", NULL, NULL, NULL, 0};
	struct audit_event after = {1, 1, "child.read", "child", "3", NULL, NULL, NULL, 0};
	struct audit_event last = {1, 1, "child.read", "child", "4", NULL, NULL, NULL, 0};
	enum haven_status results[5] = {HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL,
	                                HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL};
	unsigned long long transactions = store_writer_stats().transactions;
	gate_reached = gate_open = false;
	told = 0;
	assert_int_equal(db_write_async(append_at_gate, &held, note_result, &results[0]), HAVEN_OK);
	pthread_mutex_lock(&gate_lock);
	while (!gate_reached)
		pthread_cond_wait(&gate_changed, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	assert_int_equal(db_write_async(append_unit, &before, note_result, &results[1]), HAVEN_OK);
	assert_int_equal(db_write_async(append_then_fail, &failing, note_result, &results[2]), HAVEN_OK);
	assert_int_equal(db_write_async(append_unit, &after, note_result, &results[3]), HAVEN_OK);
	assert_int_equal(db_write_async(append_unit, &last, note_result, &results[4]), HAVEN_OK);
	pthread_mutex_lock(&gate_lock);
	gate_open = true;
	pthread_cond_broadcast(&gate_changed);
	while (told < 5)
		pthread_cond_wait(&gate_changed, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	/* the held unit alone, then the four queued behind it together */
	assert_int_equal(store_writer_stats().transactions - transactions, 2);
	append(1, 1, "sign_out", NULL, NULL, NULL, NULL); /* a transaction of its own: reads the last row */

	assert_int_equal(results[0], HAVEN_OK);
	assert_int_equal(results[1], HAVEN_OK);
	assert_int_equal(results[2], HAVEN_ERR_CONFLICT);
	assert_int_equal(results[3], HAVEN_OK);
	assert_int_equal(results[4], HAVEN_OK);
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log WHERE action = 'child.update'"), 0);
	assert_int_equal(raw_int("SELECT id FROM audit_log WHERE resource_id = '3'"), 3);
	assert_int_equal(raw_int("SELECT id FROM audit_log WHERE action = 'sign_out'"), 5);
	expect_verify(HAVEN_OK, 5, 0, NULL);
}

static void test_triggers_refuse_update_and_delete(void **state)
{
	(void)state;
	append_five();
	assert_int_equal(raw_try("UPDATE audit_log SET user_id = 99 WHERE id = 2"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_try("DELETE FROM audit_log WHERE id = 2"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_try("DELETE FROM audit_log"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log"), 5);
	assert_int_equal(raw_int("SELECT user_id FROM audit_log WHERE id = 2"), 1);
	expect_verify(HAVEN_OK, 5, 0, NULL);
}

static void drop_triggers(void)
{
	raw_exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
}

static void test_edited_row_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	raw_exec("UPDATE audit_log SET user_id = 99 WHERE id = 3");
	expect_verify(HAVEN_ERR_INVALID, 3, 3, "row 3: its contents do not match its hash (edited?)");
}

static void test_null_to_empty_edit_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	raw_exec("UPDATE audit_log SET reason = '' WHERE id = 2"); /* was NULL */
	expect_verify(HAVEN_ERR_INVALID, 2, 2, "row 2: its contents do not match its hash");
}

static void test_edited_time_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	raw_exec("UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE id = 4");
	expect_verify(HAVEN_ERR_INVALID, 4, 4, "row 4: its contents do not match its hash");
}

static void test_deleted_middle_row_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	raw_exec("DELETE FROM audit_log WHERE id = 3");
	expect_verify(HAVEN_ERR_INVALID, 3, 4, "row 4: does not follow row 2 (row 3 deleted?)");
}

static void test_deleted_rows_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	raw_exec("DELETE FROM audit_log WHERE id IN (2, 3)");
	expect_verify(HAVEN_ERR_INVALID, 2, 4, "row 4: does not follow row 1 (rows 2 to 3 deleted?)");
}

static void test_deleted_first_row_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	raw_exec("DELETE FROM audit_log WHERE id = 1");
	expect_verify(HAVEN_ERR_INVALID, 1, 2, "row 2: does not start the trail");
}

/* The documented limit of a bare chain: the rows left are a valid chain. */
static void test_deleted_last_row_not_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	raw_exec("DELETE FROM audit_log WHERE id = 5");
	expect_verify(HAVEN_OK, 4, 0, NULL);
	/* and appending carries on from row 4 with a new row 5 */
	append(1, 1, "sign_in", NULL, NULL, NULL, NULL);
	expect_verify(HAVEN_OK, 5, 0, NULL);
}

static void test_swapped_rows_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	/* swap every column but id between rows 2 and 3, hashes and all */
	raw_exec("CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE id IN (2, 3);"
	         "UPDATE audit_log SET (at, user_id, agency_id, action, resource_type, resource_id, reason,"
	         " client_address, prev_hash, hash) = (SELECT at, user_id, agency_id, action, resource_type,"
	         " resource_id, reason, client_address, prev_hash, hash FROM saved WHERE saved.id = 5 - "
	         "audit_log.id)"
	         " WHERE id IN (2, 3);");
	assert_int_equal(raw_int("SELECT action = 'sign_in_failed' FROM audit_log WHERE id = 2"), 1);
	expect_verify(HAVEN_ERR_INVALID, 2, 2, "row 2: its contents do not match its hash");
}

static void test_forged_rows_found(void **state)
{
	(void)state;
	append_five();
	/* INSERT is allowed by the triggers, so a forger needs no DDL: a row
	 * linked to the last one but with a made-up hash */
	raw_exec("INSERT INTO audit_log (id, at, action, prev_hash, hash)"
	         " SELECT 6, '2030-01-01T00:00:00.000Z', 'child.read', hash, randomblob(32)"
	         " FROM audit_log WHERE id = 5");
	expect_verify(HAVEN_ERR_INVALID, 6, 6, "row 6: its contents do not match its hash (edited?)");
}

static void test_replayed_row_found(void **state)
{
	(void)state;
	append_five();
	/* a copy of row 5 (hash and all) appended as row 6: the id is hashed */
	raw_exec("INSERT INTO audit_log SELECT 6, at, user_id, agency_id, action, resource_type, resource_id,"
	         " reason, client_address, prev_hash, hash FROM audit_log WHERE id = 5");
	expect_verify(HAVEN_ERR_INVALID, 6, 6, "row 6: its contents do not match its hash");
}

static void test_replaced_row_found(void **state)
{
	(void)state;
	append_five();
	drop_triggers();
	/* row 2 replaced by a copy of row 1 renumbered: its hash is row 1's,
	 * which does not cover id 2 */
	raw_exec("DELETE FROM audit_log WHERE id = 2;"
	         "INSERT INTO audit_log SELECT 2, at, user_id, agency_id, action, resource_type, resource_id,"
	         " reason, client_address, prev_hash, hash FROM audit_log WHERE id = 1");
	expect_verify(HAVEN_ERR_INVALID, 2, 2, "row 2: its contents do not match its hash");
}

/*
 * The canonical encoding, written out again independently of audit.c (see
 * its opening comment): if audit.c's encoding drifts, old trails stop
 * verifying, so the format is pinned here.
 */
static void enc_tag_len(struct buf *b, unsigned char tag, uint64_t v)
{
	buf_append_char(b, (char)tag);
	for (int shift = 56; shift >= 0; shift -= 8)
		buf_append_char(b, (char)((v >> shift) & 0xff));
}

static void enc_value(struct buf *b, sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL: buf_append_char(b, 0); break;
	case SQLITE_INTEGER: enc_tag_len(b, 1, (uint64_t)sqlite3_value_int64(v)); break;
	case SQLITE_TEXT:
		enc_tag_len(b, 2, (uint64_t)sqlite3_value_bytes(v));
		buf_append(b, sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
		break;
	default:
		enc_tag_len(b, 3, (uint64_t)sqlite3_value_bytes(v));
		buf_append(b, sqlite3_value_blob(v), (size_t)sqlite3_value_bytes(v));
		break;
	}
}

/* SHA-256 of the canonical encoding of the ten hashed columns of stmt's row. */
static void expected_hash(sqlite3_stmt *stmt, unsigned char out[32])
{
	struct buf b = BUF_INIT;
	buf_append(&b, "haven-audit-v1", 15); /* with its NUL */
	for (int col = 0; col < 10; col++)
		enc_value(&b, sqlite3_column_value(stmt, col));
	crypto_hash_sha256(out, (const unsigned char *)b.data, b.len);
	buf_free(&b);
}

static void test_encoding_pinned(void **state)
{
	(void)state;
	append_five();
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT id, at, user_id, agency_id, action, resource_type, resource_id,"
	                       " reason, client_address, prev_hash, hash FROM audit_log ORDER BY id",
	                       -1, &stmt, NULL),
	    SQLITE_OK);
	int n = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		unsigned char want[32];
		expected_hash(stmt, want);
		assert_int_equal(sqlite3_column_bytes(stmt, 10), 32);
		assert_memory_equal(sqlite3_column_blob(stmt, 10), want, 32);
		n++;
	}
	assert_int_equal(n, 5);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* Inserts row `id` with a correct hash over its fields and the given prev_hash. */
static void forge(long long id, const char *action, const unsigned char *prev, size_t prev_len)
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT ?1, '2030-01-01T00:00:00.000Z', NULL, NULL, ?2, NULL, NULL, NULL,"
	                       " NULL, ?3",
	                       -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, prev, (int)prev_len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	unsigned char hash[32];
	expected_hash(stmt, hash);
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO audit_log (id, at, action, prev_hash, hash)"
	                                    " VALUES (?1, '2030-01-01T00:00:00.000Z', ?2, ?3, ?4)",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, prev, (int)prev_len, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, hash, sizeof hash, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void last_hash(unsigned char out[32])
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(stmt, 0), 32);
	memcpy(out, sqlite3_column_blob(stmt, 0), 32);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* A well-hashed forged row still has to link to the real last row. */
static void test_well_hashed_forgery_found(void **state)
{
	(void)state;
	append_five();
	static const unsigned char zeros[32] = {0};
	forge(6, "child.read", zeros, sizeof zeros);
	expect_verify(HAVEN_ERR_INVALID, 6, 6, "row 6: does not follow row 5");
}

/* Linked right but numbered with a gap: not something Haven writes. */
static void test_out_of_sequence_found(void **state)
{
	(void)state;
	append_five();
	unsigned char prev[32];
	last_hash(prev);
	forge(9, "child.read", prev, sizeof prev);
	expect_verify(HAVEN_ERR_INVALID, 6, 9, "row 9: follows row 5 but its id is out of sequence");
}

/* The documented limit: whoever knows the format can extend the chain, so
 * the head must also be anchored outside the database. */
static void test_rehashed_chain_not_found(void **state)
{
	(void)state;
	append_five();
	unsigned char prev[32];
	last_hash(prev);
	forge(6, "child.read", prev, sizeof prev);
	expect_verify(HAVEN_OK, 6, 0, NULL);
}

static void test_verify_missing_file(void **state)
{
	(void)state;
	long long rows = -1, bad = -1;
	char *why = NULL;
	char missing[200];
	snprintf(missing, sizeof missing, "%s/nope.db", temp.dir);
	assert_int_equal(audit_verify(missing, &rows, &bad, &why), HAVEN_ERR_NOT_FOUND);
	assert_int_equal(rows, 0);
	assert_non_null(why);
	free(why);
	assert_int_equal(access(missing, F_OK), -1); /* read-only: nothing created */
}

/* ---- eight threads at once ---- */

#define THREADS 8
#define PER_THREAD 25

static void *append_many(void *arg)
{
	long long n = (long long)(intptr_t)arg;
	char resource[32];
	for (int i = 0; i < PER_THREAD; i++) {
		snprintf(resource, sizeof resource, "%lld-%d", n, i);
		struct audit_event ev = {n + 1, 1,           "child.read", "child", resource,
		                         NULL,  "192.0.2.1", NULL,         0};
		if (db_write(append_unit, &ev) != HAVEN_OK)
			return (void *)1;
	}
	return NULL;
}

static void test_concurrent_appends_form_one_chain(void **state)
{
	(void)state;
	pthread_t threads[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, append_many, (void *)(intptr_t)i), 0);
	for (int i = 0; i < THREADS; i++) {
		void *result = NULL;
		assert_int_equal(pthread_join(threads[i], &result), 0);
		assert_null(result);
	}
	expect_verify(HAVEN_OK, THREADS * PER_THREAD, 0, NULL);
	assert_int_equal(raw_int("SELECT max(id) FROM audit_log"), THREADS * PER_THREAD);
	assert_int_equal(raw_int("SELECT count(DISTINCT resource_id) FROM audit_log"), THREADS * PER_THREAD);
}

/* ---- searching ---- */

static void seed_people(void)
{
	raw_exec("INSERT INTO agencies (id, slug, name, type) VALUES (1, 'lancs-police', 'Lancashire "
	         "Police', 'police'),"
	         " (2, 'blackpool-cs', 'Blackpool Children''s Services', 'local_authority');"
	         "INSERT INTO users (id, email, name, agency_id, password_hash) VALUES"
	         " (1, 'ann@example.org', 'Ann Ward', 1, 'x'), (2, 'bob@example.org', 'Bob Lee', 2, 'x');");
}

static json_t *search(struct audit_query q)
{
	json_t *rows = NULL;
	assert_int_equal(audit_search(&q, &rows), HAVEN_OK);
	assert_true(json_is_array(rows));
	return rows;
}

static long long id_at(const json_t *rows, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(rows, i), "id"));
}

static const char *text_at(const json_t *rows, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(rows, i), key));
}

static void test_search(void **state)
{
	(void)state;
	seed_people();
	append_five(); /* 1 ann sign_in, 2 ann child 42, 3 anon failed, 4 bob child 42, 5 ann sign_out */
	append(2, 2, "child.read", "child", "43", NULL, NULL);       /* 6 */
	append(2, 2, "referral.read", "referral", "42", NULL, NULL); /* 7 */

	/* everything, newest first, with names joined */
	json_t *rows = search((struct audit_query){0});
	assert_int_equal(json_array_size(rows), 7);
	assert_int_equal(id_at(rows, 0), 7);
	assert_int_equal(id_at(rows, 6), 1);
	assert_string_equal(text_at(rows, 3, "user_name"), "Bob Lee");
	assert_string_equal(text_at(rows, 3, "agency_name"), "Lancashire Police");
	assert_string_equal(text_at(rows, 3, "reason"), "Police at the door, urgent");
	assert_string_equal(text_at(rows, 0, "agency_name"), "Blackpool Children's Services");
	const json_t *anon = json_array_get(rows, 4); /* row 3 */
	assert_int_equal(json_integer_value(json_object_get(anon, "id")), 3);
	assert_true(json_is_null(json_object_get(anon, "user_id")));
	assert_true(json_is_null(json_object_get(anon, "user_name")));
	assert_true(json_is_null(json_object_get(anon, "resource_type")));
	assert_string_equal(text_at(rows, 4, "client_address"), "198.51.100.7");
	assert_int_equal(json_object_size(anon), 11);
	json_decref(rows);

	/* by user */
	rows = search((struct audit_query){.user_id = 1});
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(id_at(rows, 0), 5);
	assert_int_equal(id_at(rows, 1), 2);
	assert_int_equal(id_at(rows, 2), 1);
	json_decref(rows);

	/* by resource: the type alone, and type and id together */
	rows = search((struct audit_query){.resource_type = "child"});
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);
	rows = search((struct audit_query){.resource_type = "child", .resource_id = "42"});
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(id_at(rows, 0), 4);
	assert_int_equal(id_at(rows, 1), 2);
	json_decref(rows);
	rows = search((struct audit_query){.resource_id = "42"}); /* the referral too */
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);

	/* by action, and combined with a user */
	rows = search((struct audit_query){.action = "child.read"});
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);
	rows = search((struct audit_query){.action = "child.read", .user_id = 2});
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(id_at(rows, 0), 6);
	assert_int_equal(id_at(rows, 1), 4);
	json_decref(rows);
	rows = search((struct audit_query){.action = "no.such"});
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	/* empty strings are no filter (a form's blank field) */
	rows = search((struct audit_query){.action = "", .resource_type = "", .from_date = ""});
	assert_int_equal(json_array_size(rows), 7);
	json_decref(rows);
	/* values are bound, never spliced into SQL */
	rows = search((struct audit_query){.action = "x' OR '1'='1"});
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);

	/* limit and keyset paging */
	rows = search((struct audit_query){.limit = 3});
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(id_at(rows, 2), 5);
	json_decref(rows);
	rows = search((struct audit_query){.limit = 3, .before_id = 5});
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(id_at(rows, 0), 4);
	assert_int_equal(id_at(rows, 2), 2);
	json_decref(rows);
	rows = search((struct audit_query){.limit = 3, .before_id = 2});
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(id_at(rows, 0), 1);
	json_decref(rows);
	rows = search((struct audit_query){.limit = 1000, .user_id = 1, .before_id = 5});
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
}

static void test_search_dates(void **state)
{
	(void)state;
	append(1, 1, "sign_in", NULL, NULL, NULL, NULL); /* today */
	/* rows from other days, written directly (search does not check the chain) */
	raw_exec("INSERT INTO audit_log (id, at, user_id, action, prev_hash, hash) VALUES"
	         " (2, '2020-04-30T23:59:59.999Z', 1, 'sign_in', x'00', x'00'),"
	         " (3, '2020-05-01T00:00:00.000Z', 1, 'sign_in', x'00', x'00'),"
	         " (4, '2020-05-01T23:59:59.999Z', 1, 'sign_in', x'00', x'00'),"
	         " (5, '2020-05-02T00:00:00.000Z', 1, 'sign_in', x'00', x'00')");
	json_t *rows = search((struct audit_query){.from_date = "2020-05-01", .to_date = "2020-05-01"});
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(id_at(rows, 0), 4);
	assert_int_equal(id_at(rows, 1), 3);
	json_decref(rows);
	rows = search((struct audit_query){.to_date = "2020-05-01"});
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);
	rows = search((struct audit_query){.from_date = "2020-05-02", .user_id = 1});
	assert_int_equal(json_array_size(rows), 2); /* row 5 and today's */
	json_decref(rows);

	char today[40];
	log_timestamp(today, sizeof today);
	today[10] = '\0';
	rows = search((struct audit_query){.from_date = today, .to_date = today});
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(id_at(rows, 0), 1);
	json_decref(rows);
}

static void test_search_rejects_bad_queries(void **state)
{
	(void)state;
	static const struct audit_query bad[] = {
	    {.limit = -1},
	    {.limit = 1001},
	    {.user_id = -3},
	    {.before_id = -1},
	    {.from_date = "2020-5-1"},
	    {.to_date = "yesterday!"},
	    {.from_date = "2020-05-01T00"},
	    {.to_date = "2023-02-29"}, /* shaped like a date, but 2023 is not a leap year */
	    {.from_date = "2026-04-31"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *rows = (json_t *)1;
		assert_int_equal(audit_search(&bad[i], &rows), HAVEN_ERR_INVALID);
		assert_null(rows);
	}
	json_t *rows = search((struct audit_query){.limit = 1000});
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
}

/* ---- CSV ---- */

/* Appends one row about record `type` `id` (may be NULL) that showed `shown`; its id. */
static long long append_showing(const char *action, const char *type, const char *id,
                                const struct shown_record *shown, size_t count)
{
	struct audit_event ev = {.user_id = 1,
	                         .agency_id = 1,
	                         .action = action,
	                         .resource_type = type,
	                         .resource_id = id,
	                         .shown = shown,
	                         .shown_count = count};
	assert_int_equal(db_write(append_unit, &ev), HAVEN_OK);
	return raw_int("SELECT max(id) FROM audit_log");
}

/* The rows a search by child finds, as ids newest first, ended by 0. */
static void expect_child_rows(long long child, const long long *ids)
{
	json_t *rows = search((struct audit_query){.child_id = child});
	size_t n = 0;
	while (ids[n])
		n++;
	assert_int_equal(json_array_size(rows), n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(id_at(rows, i), ids[i]);
	json_decref(rows);
}

static void test_children_of_each_row(void **state)
{
	(void)state;
	raw_exec("INSERT INTO children (id, given_name, family_name)"
	         " VALUES (7, 'Ada', 'Example'), (8, 'Ben', 'Sample')");
	/* a child's record is about the child */
	long long read = append_showing("child.read", "child", "7", NULL, 0);
	/* a list names its rows' children; a record not on the register names none */
	const struct shown_record listed[] = {{"child", 7}, {"child", 8}, {"child", 9}, {"child", 8}};
	long long list = append_showing("child.list", NULL, NULL, listed, 4);
	/* an incident that does not exist, and a type that is about no child */
	append_showing("incident.read", "da_incident", "99", NULL, 0);
	append_showing("user.manage", "user", "7", NULL, 0);
	/* a row about a child not (or no longer) on the register: found by its resource */
	long long unknown = append_showing("child.read", "child", "42", NULL, 0);
	/* a failing unit takes its children with its row */
	const struct shown_record eight[] = {{"child", 8}};
	struct audit_event failing = {.user_id = 1, .action = "child.list", .shown = eight, .shown_count = 1};
	assert_int_equal(db_write(append_then_fail, &failing), HAVEN_ERR_CONFLICT);

	assert_int_equal(raw_int("SELECT count(*) FROM audit_children"), 3);
	expect_child_rows(7, (const long long[]){list, read, 0});
	expect_child_rows(8, (const long long[]){list, 0});
	expect_child_rows(9, (const long long[]){0});
	expect_child_rows(42, (const long long[]){unknown, 0});
	/* with the other filters */
	json_t *rows = search((struct audit_query){.child_id = 7, .action = "child.read"});
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(id_at(rows, 0), read);
	json_decref(rows);
	rows = search((struct audit_query){.child_id = 7, .before_id = list});
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
	/* append-only, like the trail */
	assert_int_equal(raw_try("DELETE FROM audit_children"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_try("UPDATE audit_children SET child_id = 8"), SQLITE_CONSTRAINT);
	expect_verify(HAVEN_OK, 5, 0, NULL);
}

static void test_csv(void **state)
{
	(void)state;
	json_t *rows = json_pack(
	    "[{s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s},"
	    " {s:I, s:s, s:n, s:n, s:n, s:n, s:s, s:n, s:n, s:s, s:s},"
	    " {s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:n}]",
	    "id", (json_int_t)1, "at", "2026-01-02T03:04:05.678Z", "user_id", (json_int_t)7, "user_name",
	    "O'Brien, \"Pat\"", "agency_id", (json_int_t)2, "agency_name", "Lancashire Police", "action",
	    "child.read", "resource_type", "child", "resource_id", "42", "reason", "line one\r\nline two",
	    "client_address", "192.0.2.1", "id", (json_int_t)2, "at", "2026-01-02T03:04:06.000Z", "user_id",
	    "user_name", "agency_id", "agency_name", "action", "sign_in_failed", "resource_type",
	    "resource_id", "reason", "=HYPERLINK(\"http://evil\",\"x\")", "client_address", "::1", "id",
	    (json_int_t)3, "at", "2026-01-02T03:04:07.000Z", "user_id", (json_int_t)8, "user_name",
	    "+44 7700 900000", "agency_id", (json_int_t)3, "agency_name", "-minus", "action", "@SUM(A1)",
	    "resource_type", "\tx", "resource_id", "\rx", "reason", "", "client_address");
	assert_non_null(rows);
	struct buf out = BUF_INIT;
	audit_write_csv(rows, &out);
	const char *want =
	    "id,at,user_id,user_name,agency_id,agency_name,action,resource_type,resource_id,reason,client_"
	    "address\r\n"
	    "1,2026-01-02T03:04:05.678Z,7,\"O'Brien, \"\"Pat\"\"\",2,Lancashire Police,child.read,child,42,"
	    "\"line one\r\nline two\",192.0.2.1\r\n"
	    "2,2026-01-02T03:04:06.000Z,,,,,sign_in_failed,,,\"'=HYPERLINK(\"\"http://"
	    "evil\"\",\"\"x\"\")\",::1\r\n"
	    "3,2026-01-02T03:04:07.000Z,8,'+44 7700 900000,3,'-minus,'@SUM(A1),'\tx,\"'\rx\",,\r\n";
	if (strcmp(buf_cstr(&out), want) != 0)
		print_error("got:\n%s\nwant:\n%s\n", buf_cstr(&out), want);
	assert_string_equal(buf_cstr(&out), want);
	buf_free(&out);
	json_decref(rows);

	/* no rows: just the header */
	json_t *none = json_array();
	audit_write_csv(none, &out);
	assert_string_equal(buf_cstr(&out),
	                    "id,at,user_id,user_name,agency_id,agency_name,action,resource_type,"
	                    "resource_id,reason,client_address\r\n");
	buf_free(&out);
	json_decref(none);
}

/* Search feeds the export directly. */
static void test_csv_from_search(void **state)
{
	(void)state;
	seed_people();
	append(1, 1, "child.read", "child", "42", "=cmd|' /C calc'!A0", "192.0.2.1");
	json_t *rows = search((struct audit_query){0});
	struct buf out = BUF_INIT;
	audit_write_csv(rows, &out);
	const char *line = strstr(buf_cstr(&out), "\r\n1,");
	assert_non_null(line);
	assert_non_null(strstr(
	    line, ",1,Ann Ward,1,Lancashire Police,child.read,child,42,'=cmd|' /C calc'!A0,192.0.2.1\r\n"));
	buf_free(&out);
	json_decref(rows);
}

int main(void)
{
	/* the rules and record types the areas declare, as `haven` gathers them at start-up */
	char *assemble_err = NULL;
	if (areas_assemble(&assemble_err) != HAVEN_OK) {
		fprintf(stderr, "%s\n", assemble_err);
		return 1;
	}
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_append_and_chain, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_append_rejects_bad_events, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_failing_unit_takes_its_row, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_unit_rolled_back_in_a_batch, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_triggers_refuse_update_and_delete, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_edited_row_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_null_to_empty_edit_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_edited_time_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_deleted_middle_row_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_deleted_rows_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_deleted_first_row_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_deleted_last_row_not_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_swapped_rows_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_forged_rows_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_replayed_row_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_replaced_row_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_encoding_pinned, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_well_hashed_forgery_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_out_of_sequence_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_rehashed_chain_not_found, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_verify_missing_file, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_concurrent_appends_form_one_chain, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_search, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_search_dates, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_search_rejects_bad_queries, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_children_of_each_row, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_csv, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_csv_from_search, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
