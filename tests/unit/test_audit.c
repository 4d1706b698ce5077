/*
 * test_audit.c — tests the tamper-evident audit trail (auth/audit.h) on real
 * database files in a temporary directory: appending through db_write units
 * (ids, the chain from 32 zero bytes, NULL kept apart from ""), a failing
 * unit taking its audit row with it (alone, and inside a batch, where the
 * writer keeps the chain's head, units safe to run again too), the triggers refusing UPDATE and
 * DELETE, audit_verify catching an edited row, a row deleted from the middle
 * or the start, swapped, replayed and forged rows (well-hashed ones too),
 * while (as documented) a row cut off the end, or a chain extended by
 * someone who re-hashes, is not caught; the hashed encoding pinned by an
 * independent implementation; and 8 threads appending at once still forming
 * one valid chain. audit_search is tested in test_audit_search.c, the CSV
 * export in test_audit_csv.c.
 */
#include "audit_fixture.h"
#include "held_batch.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>

#include "core/buf.h"

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
 * held at a gate while the units are queued, so they run as one batch
 * (held_batch.h). The three in the middle are queued with `queue_middle`.
 */
static void rolled_back_in_a_batch(void (*queue_middle)(db_write_fn, void *, enum haven_status *))
{
	struct audit_event held = {1, 1, "sign_in", NULL, NULL, NULL, NULL, NULL, 0};
	struct audit_event before = {1, 1, "child.read", "child", "1", NULL, NULL, NULL, 0};
	struct audit_event failing = {1, 1, "child.update", "child", "2", NULL, NULL, NULL, 0};
	struct audit_event after = {1, 1, "child.read", "child", "3", NULL, NULL, NULL, 0};
	struct audit_event last = {1, 1, "child.read", "child", "4", NULL, NULL, NULL, 0};
	enum haven_status results[5] = {HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL,
	                                HAVEN_ERR_INTERNAL, HAVEN_ERR_INTERNAL};
	unsigned long long transactions = store_writer_stats().transactions;
	held_batch_hold(append_unit, &held, &results[0]);
	queue_middle(append_unit, &before, &results[1]);
	queue_middle(append_then_fail, &failing, &results[2]);
	queue_middle(append_unit, &after, &results[3]);
	held_batch_queue(append_unit, &last, &results[4]);
	held_batch_release();
	/* the held unit alone, then the four queued behind it together */
	assert_int_equal(store_writer_stats().transactions - transactions, 2);
	append(1, 1, "sign_out", NULL, NULL, NULL, NULL); /* a transaction of its own: reads the last row */

	assert_int_equal(results[0], HAVEN_OK);
	assert_int_equal(results[1], HAVEN_OK);
	assert_int_equal(results[2], HAVEN_ERR_CONFLICT);
	assert_int_equal(results[3], HAVEN_OK);
	assert_int_equal(results[4], HAVEN_OK);
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log WHERE action = 'child.update'"), 0);
	assert_int_equal(raw_int("SELECT count(*) FROM audit_log WHERE resource_id = '1'"), 1);
	assert_int_equal(raw_int("SELECT id FROM audit_log WHERE resource_id = '3'"), 3);
	assert_int_equal(raw_int("SELECT id FROM audit_log WHERE action = 'sign_out'"), 5);
	expect_verify(HAVEN_OK, 5, 0, NULL);
}

static void test_unit_rolled_back_in_a_batch(void **state)
{
	(void)state;
	rolled_back_in_a_batch(held_batch_queue);
}

/*
 * The same with units safe to run again (an audited read's, db_write_async_replayable): run together,
 * the chain's head kept from one to the next without a savepoint between them; the failing one makes
 * them run again one at a time, and the head kept from the first run is forgotten, so each row is
 * appended once and the chain is whole.
 */
static void test_replayable_units_rolled_back_in_a_batch(void **state)
{
	(void)state;
	rolled_back_in_a_batch(held_batch_queue_replayable);
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

int main(void)
{
	if (audit_tests_start() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_append_and_chain, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_append_rejects_bad_events, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_failing_unit_takes_its_row, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_unit_rolled_back_in_a_batch, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_replayable_units_rolled_back_in_a_batch, open_store,
	                                    remove_dir),
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
