/*
 * test_subject_access.c — the subject access area's rules and the pack's
 * reach: a request's due date is one calendar month from the day it was
 * received, the ICO's way (the same day of the month, or the last day of a
 * shorter month), plus any extension; the pack's labels come from its
 * columns' names, abbreviations in capitals; every column the schema
 * holds as a flag (CHECK (x IN (0, 1))) that a pack's statement gives is
 * declared in its table's `flags`, so it reads "Yes" or "No"; and every table of the schema with a child_id
 * column is named by some area's `.subject_access` statements, so the pack can never silently miss what an
 * area holds about a child. Each statement then runs on a real, migrated database.
 *
 * Linked with the whole library (CMakeLists.txt), so haven_areas holds every area.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <sqlite3.h>
#include <string.h>

#include "app/area.h"
#include "areas/subjectaccess/store.h"
#include "core/calendar.h"
#include "core/log.h"
#include "temp_store.h"

static struct temp_store temp;

static int open_store(void **state)
{
	(void)state;
	return temp_store_open(&temp, "subject-access");
}

static int remove_store(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

static const struct {
	const char *received;
	int extension_months;
	const char *due;
	const char *why;
} due_dates[] = {
    {"2026-03-03", 0, "2026-04-03", "the same day of the next month"},
    {"2026-01-31", 0, "2026-02-28", "the last day of a shorter month"},
    {"2028-01-31", 0, "2028-02-29", "the last day of February in a leap year"},
    {"2026-01-30", 0, "2026-02-28", "a day past a shorter month's end"},
    {"2026-03-31", 0, "2026-04-30", "a 31st before a month of 30 days"},
    {"2026-12-31", 0, "2027-01-31", "across the end of the year"},
    {"2026-02-28", 0, "2026-03-28", "from February's last day, the same day, not March's last"},
    {"2026-03-03", 2, "2026-06-03", "extended by two further months"},
    {"2026-01-31", 1, "2026-03-31", "extended from the 31st: month three has it again"},
    {"2025-11-30", 2, "2026-02-28", "extended into a shorter month"},
};

static void test_due_dates(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof due_dates / sizeof due_dates[0]; i++) {
		int32_t received;
		assert_true(calendar_parse(due_dates[i].received, &received));
		char due[CALENDAR_DATE_SIZE];
		calendar_format(subject_access_due_on(received, due_dates[i].extension_months), due);
		if (strcmp(due, due_dates[i].due) != 0)
			fail_msg("received %s (+%d): due %s, expected %s (%s)", due_dates[i].received,
			         due_dates[i].extension_months, due, due_dates[i].due, due_dates[i].why);
	}
}

static void test_labels(void **state)
{
	(void)state;
	char label[64];
	subject_access_label("received_at", label, sizeof label);
	assert_string_equal(label, "Received at");
	subject_access_label("agency", label, sizeof label);
	assert_string_equal(label, "Agency");
	subject_access_label("a_very_long_column_name", label, 7);
	assert_string_equal(label, "A very"); /* cut to the room given, ended */
	/* abbreviations in their own capitals, wherever they stand; a word that begins like one is a word */
	static const char *const abbreviated[][2] = {
	    {"upn", "UPN"},
	    {"nhs_number", "NHS number"},
	    {"cspr_published_on", "CSPR published on"},
	    {"dfe_number", "DfE number"},
	    {"idva_service", "IDVA service"},
	    {"referred_to_marac", "Referred to MARAC"},
	    {"nrm_referral_id", "NRM referral ID"},
	    {"identity_verified", "Identity verified"},
	    {"dsl", "DSL"},
	};
	for (size_t i = 0; i < sizeof abbreviated / sizeof abbreviated[0]; i++) {
		subject_access_label(abbreviated[i][0], label, sizeof label);
		assert_string_equal(label, abbreviated[i][1]);
	}
}

/* True if `name` is one of `flags` (NULL-ended; NULL: none). */
static bool declared(const char *const *flags, const char *name)
{
	for (const char *const *f = flags; f && *f; f++)
		if (strcmp(*f, name) == 0)
			return true;
	return false;
}

/*
 * The schema's flags are the columns with CHECK (x IN (0, 1)); a pack statement's column of that
 * name must be declared one, or it would read "1"; and each declared flag must be one of its
 * statement's columns (a name misspelt would leave the real one as digits).
 */
static void test_flags_are_declared(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(temp.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *flag = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT count(*) FROM sqlite_master m, pragma_table_info(m.name) p"
	                       " WHERE m.type = 'table' AND p.name = ?1"
	                       " AND replace(m.sql, ' ', '') LIKE '%' || ?1 || 'IN(0,1)%'",
	                       -1, &flag, NULL),
	    SQLITE_OK);
	size_t flags = 0, missed = 0;
	for (const struct area *const *a = haven_areas; *a; a++)
		for (const struct subject_access_table *t = (*a)->subject_access; t && t->title; t++) {
			sqlite3_stmt *stmt = NULL;
			if (sqlite3_prepare_v2(db, t->sql, -1, &stmt, NULL) != SQLITE_OK)
				fail_msg("%s: %s", t->title, sqlite3_errmsg(db));
			for (int c = 0; c < sqlite3_column_count(stmt); c++) {
				const char *name = sqlite3_column_name(stmt, c);
				sqlite3_reset(flag);
				sqlite3_bind_text(flag, 1, name, -1, SQLITE_TRANSIENT);
				assert_int_equal(sqlite3_step(flag), SQLITE_ROW);
				bool is_flag = sqlite3_column_int(flag, 0) > 0;
				flags += is_flag;
				if (is_flag && !declared(t->flags, name)) {
					print_error(
					    "%s: the column %s holds 0 or 1: declare it in the table's flags"
					    " (app/subject_access.h)\n",
					    t->title, name);
					missed++;
				}
			}
			for (const char *const *f = t->flags; f && *f; f++) {
				bool found = false;
				for (int c = 0; c < sqlite3_column_count(stmt) && !found; c++)
					found = strcmp(sqlite3_column_name(stmt, c), *f) == 0;
				if (!found) {
					print_error("%s: the flag %s is not one of its statement's columns\n",
					            t->title, *f);
					missed++;
				}
			}
			sqlite3_finalize(stmt);
		}
	sqlite3_finalize(flag);
	sqlite3_close(db);
	assert_true(flags >= 5); /* the query found the schema's flags in the pack */
	assert_int_equal(missed, 0);
}

/* Whether `sql` names `table` as a whole word (not as part of a longer name). */
static bool names_table(const char *sql, const char *table)
{
	size_t n = strlen(table);
	for (const char *p = strstr(sql, table); p; p = strstr(p + 1, table)) {
		bool before = p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (before && after)
			return true;
	}
	return false;
}

/*
 * Tables holding a child_id that the pack need not read itself, each with
 * its reason. Keep this short: a table of records about a child belongs in
 * its area's `.subject_access`.
 */
static const char *const not_in_pack[][2] = {
    {"child_agency_names",
     "a search index made from the child's names and the agencies linked, both in the pack already"},
    {"child_other_name_keys", "the search keys of the child's other names, which the pack's record holds"},
};

static bool excused(const char *table)
{
	for (size_t i = 0; i < sizeof not_in_pack / sizeof not_in_pack[0]; i++)
		if (strcmp(not_in_pack[i][0], table) == 0)
			return true;
	return false;
}

static void test_every_child_table_is_in_the_pack(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(temp.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p"
	                                    " WHERE m.type = 'table' AND p.name = 'child_id' ORDER BY m.name",
	                                    -1, &stmt, NULL),
	                 SQLITE_OK);
	size_t tables = 0, missed = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(stmt, 0);
		tables++;
		bool named = excused(table);
		for (const struct area *const *a = haven_areas; *a && !named; a++)
			for (const struct subject_access_table *t = (*a)->subject_access;
			     t && t->title && !named; t++)
				named = names_table(t->sql, table);
		if (!named) {
			print_error(
			    "the table %s has a child_id column, but no area's .subject_access names it:"
			    " add a statement to the area that owns it (app/subject_access.h)\n",
			    table);
			missed++;
		}
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	assert_true(tables > 15); /* the query found the schema's tables */
	assert_int_equal(missed, 0);
}

static void test_every_statement_runs(void **state)
{
	(void)state;
	size_t expected = 0;
	for (const struct area *const *a = haven_areas; *a; a++)
		for (const struct subject_access_table *t = (*a)->subject_access; t && t->title; t++)
			expected++;
	json_t *sections = json_array(), *records = NULL;
	long long kept = 0;
	assert_int_equal(subject_access_pack(1, sections, &kept, &records), HAVEN_OK);
	assert_int_equal(json_array_size(sections), expected);
	assert_int_equal(kept, 1);
	json_decref(records);
	/* the child's record opens the pack */
	assert_string_equal(json_string_value(json_object_get(json_array_get(sections, 0), "title")),
	                    "The child's record");
	json_decref(sections);
}

int main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_due_dates),
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test_setup_teardown(test_every_child_table_is_in_the_pack, open_store, remove_store),
	    cmocka_unit_test_setup_teardown(test_every_statement_runs, open_store, remove_store),
	    cmocka_unit_test_setup_teardown(test_flags_are_declared, open_store, remove_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
