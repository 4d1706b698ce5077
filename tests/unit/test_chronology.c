/*
 * test_chronology.c — tests chronology_read_kinds (app/chronology.h), the one
 * way a child's chronology reads an area's table of kinds of event, on a
 * real, migrated database: each row a kind's query finds for the child (bound
 * as ?1), or its function makes, becomes an event of the kind, naming its
 * record's page, in the words the row gives or the kind's `text` writes from
 * it; a row with no time (a step not taken yet) adds nothing; an
 * agency not recorded is said so; and rows that cannot be had are a database
 * error that adds nothing of that kind. Also the
 * households store's times (areas/households/time_sqlite.h): a period's
 * start written as incidents' times are, and ages in whole years.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/chronology.h"
#include "areas/households/time_sqlite.h"
#include "store/db.h"
#include "temp_store.h"

static struct temp_store temp;

static int open_store(void **state)
{
	(void)state;
	return temp_store_open(&temp, "chronology");
}

static int remove_store(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

static const char incident_events[] = "SELECT '2026-11-30T22:10:00Z' AS at, ?1 AS record_id,"
                                      " 'Incident' AS text, 'Police' AS agency"
                                      " UNION ALL SELECT '2026-12-01', ?1 + 1, 'Decided', NULL"
                                      " UNION ALL SELECT NULL, ?1 + 2, 'Not yet', 'Police'";
DB_REGISTER(incident_events);

/* Rows made in C: one review for the child. */
static enum haven_status review_rows(long long child_id, long long reader_agency_id, json_t **out)
{
	(void)reader_agency_id;
	*out = json_pack("[{s:s, s:I, s:s}]", "at", "2026-12-02", "record_id", (json_int_t)child_id * 10,
	                 "text", "Reviewed");
	return HAVEN_OK;
}

/* A query the store refuses (its table does not exist), as a kind whose SQL cannot run. */
static const char missing_table_events[] =
    "SELECT at, id AS record_id, text FROM no_such_events WHERE child_id = ?1";
DB_REGISTER(missing_table_events);

static enum haven_status unreadable_rows(long long child_id, long long reader_agency_id, json_t **out)
{
	(void)child_id;
	(void)reader_agency_id;
	(void)out;
	return HAVEN_ERR_DB;
}

static const struct chronology_kind kinds[] = {{.kind = "incident",
                                                .kind_label = "Domestic abuse incidents",
                                                .action = "incident.read",
                                                .record_type = "da_incident",
                                                .href = "/incidents/",
                                                .sql = incident_events},
                                               {.kind = "review",
                                                .kind_label = "Reviews",
                                                .action = "review.read",
                                                .record_type = "review",
                                                .href = "/reviews/",
                                                .rows = review_rows},
                                               {0}};

static void rows_become_events(void **state)
{
	(void)state;
	json_t *events = json_array();
	assert_int_equal(chronology_read_kinds(events, kinds, 7, false, 0), HAVEN_OK);
	assert_int_equal(json_array_size(events), 3);
	json_t *first = json_array_get(events, 0), *second = json_array_get(events, 1),
	       *third = json_array_get(events, 2);
	assert_string_equal(json_string_value(json_object_get(first, "at")), "2026-11-30T22:10:00Z");
	assert_string_equal(json_string_value(json_object_get(first, "href")), "/incidents/7");
	assert_string_equal(json_string_value(json_object_get(first, "kind")), "incident");
	assert_string_equal(json_string_value(json_object_get(first, "kind_label")),
	                    "Domestic abuse incidents");
	assert_string_equal(json_string_value(json_object_get(first, "action")), "incident.read");
	assert_string_equal(json_string_value(json_object_get(first, "record_type")), "da_incident");
	assert_int_equal(json_integer_value(json_object_get(first, "record_id")), 7);
	assert_string_equal(json_string_value(json_object_get(first, "text")), "Incident");
	assert_string_equal(json_string_value(json_object_get(first, "agency")), "Police");
	assert_string_equal(json_string_value(json_object_get(second, "at")), "2026-12-01");
	assert_string_equal(json_string_value(json_object_get(second, "href")), "/incidents/8");
	assert_string_equal(json_string_value(json_object_get(second, "agency")), "Not recorded");
	assert_string_equal(json_string_value(json_object_get(third, "kind_label")), "Reviews");
	assert_string_equal(json_string_value(json_object_get(third, "href")), "/reviews/70");
	assert_string_equal(json_string_value(json_object_get(third, "text")), "Reviewed");
	json_decref(events);
}

static const char own_events[] = "SELECT '2026-12-04' AS at, ?1 AS record_id, 'Own' AS text, NULL AS agency"
                                 " UNION ALL SELECT '2026-12-05', ?1, 'Copy', NULL";
DB_REGISTER(own_events);
static const char own_events_merged_in[] =
    "SELECT '2026-12-04' AS at, ?1 AS record_id, 'Own' AS text, NULL AS agency";
DB_REGISTER(own_events_merged_in);

/* A record read as merged into the one whose chronology is read leaves out the copies `sql_merged_in` omits;
 * read on its own it is whole, and a kind with no such statement reads `sql` either way. */
static void a_record_merged_in_is_read_with_the_kinds_merged_in_statement(void **state)
{
	(void)state;
	const struct chronology_kind copied[] = {{.kind = "register",
	                                          .kind_label = "Register",
	                                          .action = "child.read",
	                                          .record_type = "child",
	                                          .href = "/children/",
	                                          .sql = own_events,
	                                          .sql_merged_in = own_events_merged_in},
	                                         {0}};
	json_t *alone = json_array(), *merged_in = json_array(), *plain = json_array();
	assert_int_equal(chronology_read_kinds(alone, copied, 7, false, 0), HAVEN_OK);
	assert_int_equal(json_array_size(alone), 2);
	assert_int_equal(chronology_read_kinds(merged_in, copied, 7, true, 0), HAVEN_OK);
	assert_int_equal(json_array_size(merged_in), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(merged_in, 0), "text")), "Own");
	assert_int_equal(chronology_read_kinds(plain, kinds, 7, true, 0), HAVEN_OK);
	assert_int_equal(json_array_size(plain), 3);
	json_decref(alone);
	json_decref(merged_in);
	json_decref(plain);
}

static const char grading_events[] = "SELECT '2026-12-03T08:00:00Z' AS at, ?1 AS record_id, 'high' AS grading"
                                     " UNION ALL SELECT NULL, ?1 + 1, 'low'";
DB_REGISTER(grading_events);

/* Words SQL cannot write: the row's grading said as people read it. */
static void grading_text(json_t *row, char *text, size_t size)
{
	snprintf(text, size, "Reported missing (%s risk)",
	         strcmp(json_string_value(json_object_get(row, "grading")), "high") == 0 ? "High" : "Low");
}

static void a_kinds_text_writes_the_words_sql_cannot_from_each_row(void **state)
{
	(void)state;
	json_t *events = json_array();
	const struct chronology_kind graded[] = {{.kind = "missing_episode",
	                                          .kind_label = "Missing episodes",
	                                          .action = "missing.read",
	                                          .record_type = "missing_episode",
	                                          .href = "/missing-episodes/",
	                                          .sql = grading_events,
	                                          .text = grading_text},
	                                         {0}};
	assert_int_equal(chronology_read_kinds(events, graded, 7, false, 0), HAVEN_OK);
	assert_int_equal(json_array_size(events), 1);
	json_t *only = json_array_get(events, 0);
	assert_string_equal(json_string_value(json_object_get(only, "text")), "Reported missing (High risk)");
	assert_string_equal(json_string_value(json_object_get(only, "href")), "/missing-episodes/7");
	assert_string_equal(json_string_value(json_object_get(only, "agency")), "Not recorded");
	json_decref(events);
}

static void rows_not_had_add_nothing(void **state)
{
	(void)state;
	json_t *events = json_array();
	const struct chronology_kind unreadable[] = {
	    {.kind = "review", .kind_label = "Reviews", .href = "/reviews/", .rows = unreadable_rows}, {0}};
	assert_int_equal(chronology_read_kinds(events, unreadable, 7, false, 0), HAVEN_ERR_DB);
	assert_int_equal(json_array_size(events), 0);
	const struct chronology_kind unqueryable[] = {{.kind = "incident",
	                                               .kind_label = "Incidents",
	                                               .href = "/incidents/",
	                                               .sql = missing_table_events},
	                                              {0}};
	assert_int_equal(chronology_read_kinds(events, unqueryable, 7, false, 0), HAVEN_ERR_DB);
	assert_int_equal(json_array_size(events), 0);
	json_decref(events);
}

static void a_period_starts_days_before(void **state)
{
	(void)state;
	char out[CALENDAR_INSTANT_SIZE];
	int64_t at;
	assert_true(calendar_parse_instant("2026-03-01T09:15:30Z", &at));
	households_days_before(at, 365, out);
	assert_string_equal(out, "2025-03-01T09:15:30Z");
	households_days_before(at, 1, out);
	assert_string_equal(out, "2026-02-28T09:15:30Z");
	households_days_before(at, 0, out);
	assert_string_equal(out, "2026-03-01T09:15:30Z");
}

/* "YYYY-MM-DD" `years` years and `days` days before today (UTC), as a date of birth. */
static void born(char out[static CALENDAR_DATE_SIZE], int years, int days)
{
	int y, m, d;
	calendar_to_ymd((int32_t)(time(NULL) / 86400), &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	calendar_format(calendar_from_ymd(y - years, m, d) - days, out);
}

static void ages_are_whole_years(void **state)
{
	(void)state;
	char ten_and_a_week[CALENDAR_DATE_SIZE], nearly_ten[CALENDAR_DATE_SIZE];
	born(ten_and_a_week, 10, 7);
	born(nearly_ten, 10, -7);
	json_t *rows = json_pack("[{s:s}, {s:s}, {s:n}, {s:s}]", "age", ten_and_a_week, "age", nearly_ten,
	                         "age", "age", "not a date");
	households_set_ages(rows);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "age")), 10);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 1), "age")), 9);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 2), "age")));
	assert_true(json_is_null(json_object_get(json_array_get(rows, 3), "age")));
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rows_become_events),
	    cmocka_unit_test(a_record_merged_in_is_read_with_the_kinds_merged_in_statement),
	    cmocka_unit_test(a_kinds_text_writes_the_words_sql_cannot_from_each_row),
	    cmocka_unit_test(rows_not_had_add_nothing),
	    cmocka_unit_test(a_period_starts_days_before),
	    cmocka_unit_test(ages_are_whole_years),
	};
	return cmocka_run_group_tests(tests, open_store, remove_store);
}
