/*
 * test_partnership_setup.c — setting a partnership up (issue 13), as tables
 * of cases: which local authority codes each agency type may have
 * (partnership_check_agency_areas), slugs made from names
 * (partnership_slug_from_name); and migration 0036 on a database made
 * before it, with agencies, accounts and Operation Provide coverage that
 * refer to agencies: the table is rebuilt with foreign keys off, every
 * reference still holds, and the new types, the one-partnership rule and
 * the old types all work.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "areas/partnership/agency.h"
#include "core/embedded.h"
#include "store/store.h"
#include "temp_store.h"

static void areas_by_type(void **state)
{
	(void)state;
	static const struct {
		const char *type;
		const char *codes;   /* JSON */
		const char *problem; /* a word of the message, or NULL for none */
	} cases[] = {
	    {"local_authority", "[888]", NULL},
	    {"local_authority", "[]", "exactly one"},
	    {"local_authority", "[888, 890]", "exactly one"},
	    {"school", "[889]", NULL},
	    {"school", "[]", "exactly one"},
	    {"college", "[888, 889]", "exactly one"},
	    {"early_years", "[890]", NULL},
	    {"police", "[]", NULL}, /* the whole partnership */
	    {"police", "[888, 889, 890]", NULL},
	    {"idva_service", "[888, 890]", NULL},
	    {"nhs_trust", "[890]", NULL},
	    {"partnership", "[]", NULL},
	    {"partnership", "[888]", "every area"},
	    {"probation", "[888, 888]", "once"}, /* the same code twice */
	    {NULL, "[888, 888]", "once"},        /* no type yet: only the codes are checked */
	    {NULL, "[]", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *codes = json_loads(cases[i].codes, 0, NULL);
		json_t *errors = json_array();
		partnership_check_agency_areas(cases[i].type, codes, errors);
		const char *message =
		    json_string_value(json_object_get(json_array_get(errors, 0), "message"));
		if (!cases[i].problem) {
			if (json_array_size(errors))
				print_error("case %zu (%s %s): unexpected %s\n", i, cases[i].type,
				            cases[i].codes, message);
			assert_int_equal(json_array_size(errors), 0);
		} else {
			assert_int_equal(json_array_size(errors), 1);
			assert_string_equal(
			    json_string_value(json_object_get(json_array_get(errors, 0), "field")), "la");
			if (!strstr(message, cases[i].problem))
				print_error("case %zu: \"%s\" lacks \"%s\"\n", i, message, cases[i].problem);
			assert_non_null(strstr(message, cases[i].problem));
		}
		json_decref(codes);
		json_decref(errors);
	}
}

static void slugs_from_names(void **state)
{
	(void)state;
	static const struct {
		const char *name, *slug;
		size_t size;
	} cases[] = {
	    {"Lancashire", "lancashire", 64},
	    {"Blackburn with Darwen", "blackburn-with-darwen", 64},
	    {"  St. Helens  ", "st-helens", 64},
	    {"Bristol, City of", "bristol-city-of", 64},
	    {"Kingston upon Hull, City of", "kingston-upon-hull-city-of", 64},
	    {"Hélène's 2nd LA", "h-l-ne-s-2nd-la",
	     64}, /* non-ASCII letters are gaps, as the slug field takes ASCII */
	    {"---", "", 64},
	    {"", "", 64},
	    {"Blackburn with Darwen", "blackburn", 10}, /* cut to fit, never ending in a hyphen */
	    {"ab cd", "ab", 4},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[64];
		partnership_slug_from_name(cases[i].name, out, cases[i].size);
		assert_string_equal(out, cases[i].slug);
	}
}

/* ---- migration 0036 on a database from before it ---- */

static struct temp_store temp;

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		print_error("%.80s: %s\n", sql, msg ? msg : "?");
	assert_null(msg);
}

static long long raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	long long v = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	return v;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((*(const struct embedded_file *const *)a)->name,
	              (*(const struct embedded_file *const *)b)->name);
}

/* A database at schema version 35, as a Haven from before 0036 left it. */
static sqlite3 *database_before_0036(void)
{
	assert_int_equal(temp_store_make(&temp, "setup"), 0);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(temp.path, &db), SQLITE_OK);
	raw_exec(db, "PRAGMA foreign_keys = ON; CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
	             " name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', "
	             "'now'))) STRICT;");
	const struct embedded_file *migrations[64];
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->name && n < 64; f++)
		if (strncmp(f->name, "migrations/", 11) == 0 && atoi(f->name + 11) < 36)
			migrations[n++] = f;
	qsort(migrations, n, sizeof migrations[0], cmp_names);
	assert_true(n > 0 && n < 64); /* every migration before 0036, and no more than the array holds */
	for (size_t i = 0; i < n; i++) {
		raw_exec(db, migrations[i]->data);
		char record[160];
		snprintf(record, sizeof record,
		         "INSERT INTO schema_migrations (version, name) VALUES (%d, '%s')",
		         atoi(migrations[i]->name + 11), migrations[i]->name + 11);
		raw_exec(db, record);
	}
	return db;
}

static void migration_keeps_references(void **state)
{
	(void)state;
	sqlite3 *db = database_before_0036();
	raw_exec(db,
	         "INSERT INTO local_authorities (code, slug, name) VALUES (888, 'lancashire', 'Lancashire');"
	         "INSERT INTO agencies (id, slug, name, type, la_code) VALUES"
	         " (5, 'csap', 'The partnership', 'partnership', NULL),"
	         " (7, 'lcc', 'Lancashire CC', 'local_authority', 888),"
	         " (9, 'idva', 'An IDVA service', 'idva_service', NULL);"
	         "INSERT INTO users (id, email, name, agency_id, password_hash) VALUES (3, 'a@example.org', "
	         "'A', 7, 'x');"
	         "INSERT INTO user_roles (user_id, role) VALUES (3, 'front_door');"
	         "INSERT INTO idva_coverage (la_code, agency_id) VALUES (888, 9);");
	sqlite3_close(db);

	char *err = NULL;
	enum haven_status st = store_migrate(temp.path, NULL, &err);
	if (st != HAVEN_OK)
		print_error("%s\n", err ? err : "?");
	free(err);
	assert_int_equal(st, HAVEN_OK);

	assert_int_equal(sqlite3_open(temp.path, &db), SQLITE_OK);
	raw_exec(db, "PRAGMA foreign_keys = ON");
	assert_true(raw_int(db, "SELECT max(version) FROM schema_migrations") >= 36);
	/* the same rows under the same ids, and every reference to them holds */
	assert_int_equal(raw_int(db, "SELECT count(*) FROM agencies"), 3);
	assert_int_equal(
	    raw_int(db,
	            "SELECT a.id FROM users u JOIN agencies a ON a.id = u.agency_id WHERE a.slug = 'lcc'"),
	    7);
	assert_int_equal(
	    raw_int(db, "SELECT a.id FROM idva_coverage c JOIN agencies a ON a.id = c.agency_id"), 9);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* the references are still enforced: an agency that accounts belong to cannot go */
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM agencies WHERE id = 7", NULL, NULL, NULL),
	                     SQLITE_OK);
	/* the new types, the old ones, and one partnership only */
	raw_exec(db, "INSERT INTO agencies (slug, name, type) VALUES ('trust', 'A trust', 'nhs_trust'),"
	             " ('yjs', 'Youth justice', 'youth_justice'), ('school', 'A school', 'school')");
	assert_int_not_equal(
	    sqlite3_exec(db, "INSERT INTO agencies (slug, name, type) VALUES ('x', 'X', 'spaceship')", NULL,
	                 NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "INSERT INTO agencies (slug, name, type) VALUES ('p2', 'P', 'partnership')",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	raw_exec(db, "INSERT INTO agency_areas (agency_id, la_code) VALUES (9, 888)");
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO agency_areas (agency_id, la_code) VALUES (9, 777)",
	                                  NULL, NULL, NULL),
	                     SQLITE_OK);
	sqlite3_close(db);
	temp_store_remove(&temp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(areas_by_type),
	    cmocka_unit_test(slugs_from_names),
	    cmocka_unit_test(migration_keeps_references),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
