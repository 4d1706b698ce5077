/*
 * test_incidents_terms.c — reading a file of school term dates
 * (src/areas/incidents/terms.h): the school years a file holds terms for
 * (only those are replaced, so a year it skips keeps its terms), a term
 * running past 31 August of its school year refused, and the term names
 * refused: a control character, more than 200 characters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/incidents/terms.h"

/* Reads `csv`; true if accepted. The problems named are left in *problems (caller frees). */
static bool read_csv(const char *csv, struct incident_terms *terms, struct buf *problems)
{
	*problems = (struct buf)BUF_INIT;
	return incidents_terms_from_csv(csv, strlen(csv), terms, problems);
}

/* A file of 2024-25 and 2026-27 holds terms for those years only: 2025-26 between them is not one. */
static void a_file_may_skip_a_school_year(void **state)
{
	(void)state;
	struct incident_terms terms;
	struct buf problems;
	assert_true(read_csv("name,first_day,last_day\n"
	                     "Summer 2027,2027-04-12,2027-07-21\n"
	                     "Autumn 2024,2024-09-04,2024-10-25\n"
	                     "Spring 2025,2025-01-06,2025-02-14\n"
	                     "Autumn 2026,2026-09-03,2026-10-23\n",
	                     &terms, &problems));
	assert_int_equal(problems.len, 0);
	assert_int_equal(terms.count, 4);
	assert_int_equal(terms.year_count, 2);
	assert_string_equal(terms.years[0].first_day, "2024-09-01");
	assert_string_equal(terms.years[0].last_day, "2025-08-31");
	assert_string_equal(terms.years[1].first_day, "2026-09-01");
	assert_string_equal(terms.years[1].last_day, "2027-08-31");
	incidents_terms_free(&terms);
	buf_free(&problems);
}

/*
 * A term ends by 31 August of the school year (1 September to 31 August) it starts in: one running
 * past it would count for the next school year too and make that year's other weekdays holidays.
 * Refused naming its row or place and the day; a term may end on 31 August itself.
 */
static void a_term_ends_by_31_august_of_its_school_year(void **state)
{
	(void)state;
	struct incident_terms terms;
	struct buf problems;
	assert_false(read_csv("name,first_day,last_day\n"
	                      "Spring 2026,2026-01-05,2026-03-27\n"
	                      "Summer 2026,2026-04-20,2026-09-04\n",
	                      &terms, &problems));
	assert_string_equal(buf_cstr(&problems),
	                    "row 3: a term must end by 31 August of the school year it starts in "
	                    "(last_day 2026-09-04 is after 2026-08-31)\n");
	incidents_terms_free(&terms);
	buf_free(&problems);
	assert_false(read_csv("name,first_day,last_day\nSummer,2026-08-31,2026-09-02\n", &terms, &problems));
	assert_non_null(strstr(buf_cstr(&problems), "row 2: a term must end by 31 August"));
	incidents_terms_free(&terms);
	buf_free(&problems);

	/* the last day of the school year is still in it, and the next day starts the next one */
	assert_true(read_csv("name,first_day,last_day\n"
	                     "Summer,2026-04-20,2026-08-31\n"
	                     "Autumn,2026-09-01,2026-10-23\n",
	                     &terms, &problems));
	assert_int_equal(terms.year_count, 2);
	assert_string_equal(terms.years[0].first_day, "2025-09-01");
	assert_string_equal(terms.years[0].last_day, "2026-08-31");
	assert_string_equal(terms.years[1].first_day, "2026-09-01");
	incidents_terms_free(&terms);
	buf_free(&problems);

	/* the same from a JSON list, named by its place and field */
	json_t *list = json_pack("[{s:s, s:s, s:s}]", "name", "Summer 2026", "first_day", "2026-04-20",
	                         "last_day", "2026-09-04");
	problems = (struct buf)BUF_INIT;
	assert_false(incidents_terms_from_list(list, &terms, &problems));
	assert_string_equal(buf_cstr(&problems),
	                    "terms[0]: a term must end by 31 August of the school year it starts in "
	                    "(last_day 2026-09-04 is after 2026-08-31)\n");
	incidents_terms_free(&terms);
	buf_free(&problems);
	json_decref(list);
}

/* A name holding a control character is refused naming its row; the other rows are still read. */
static void a_control_character_in_a_name_is_refused(void **state)
{
	(void)state;
	static const char *const names[] = {
	    "\"Autumn\nterm\"", "Autumn\tterm",       "Autumn\x01",
	    "Autumn\x7f",       "Autumn\xc2\x85term", "\"Autumn\rterm\"",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char csv[256];
		snprintf(csv, sizeof csv,
		         "name,first_day,last_day\nSpring,2027-01-05,2027-02-12\n%s,2026-09-03,2026-10-23\n",
		         names[i]);
		struct incident_terms terms;
		struct buf problems;
		if (read_csv(csv, &terms, &problems))
			fail_msg("case %zu: a name with a control character was accepted", i);
		if (strcmp(buf_cstr(&problems),
		           "row 3: the term's name holds a control character (a line break, a tab or "
		           "another unseen character): a name is one line of text\n") != 0)
			fail_msg("case %zu: problems were '%s'", i, buf_cstr(&problems));
		incidents_terms_free(&terms);
		buf_free(&problems);
	}
	/* the same from a JSON list, named by its place */
	json_t *list = json_pack("[{s:s, s:s, s:s}]", "name", "Autumn\x1bterm", "first_day", "2026-09-03",
	                         "last_day", "2026-10-23");
	struct incident_terms terms;
	struct buf problems = BUF_INIT;
	assert_false(incidents_terms_from_list(list, &terms, &problems));
	assert_non_null(strstr(buf_cstr(&problems), "terms[0]: the term's name holds a control character"));
	incidents_terms_free(&terms);
	buf_free(&problems);
	json_decref(list);
}

/* Up to 200 characters, counted as characters (é is two bytes, one character); 201 is refused. */
static void a_name_may_have_up_to_200_characters(void **state)
{
	(void)state;
	char name[1024] = "", csv[2048];
	for (int i = 0; i < 200; i++)
		strcat(name, "\xc3\xa9"); /* é */
	snprintf(csv, sizeof csv, "name,first_day,last_day\n%s,2026-09-03,2026-10-23\n", name);
	struct incident_terms terms;
	struct buf problems;
	assert_true(read_csv(csv, &terms, &problems));
	assert_string_equal(terms.terms[0].name, name);
	incidents_terms_free(&terms);
	buf_free(&problems);

	strcat(name, "e");
	snprintf(csv, sizeof csv, "name,first_day,last_day\n%s,2026-09-03,2026-10-23\n", name);
	assert_false(read_csv(csv, &terms, &problems));
	assert_string_equal(buf_cstr(&problems), "row 2: the term's name is longer than 200 characters\n");
	incidents_terms_free(&terms);
	buf_free(&problems);

	assert_false(read_csv("name,first_day,last_day\n,2026-09-03,2026-10-23\n", &terms, &problems));
	assert_string_equal(buf_cstr(&problems), "row 2: enter the term's name (up to 200 characters)\n");
	incidents_terms_free(&terms);
	buf_free(&problems);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_file_may_skip_a_school_year),
	    cmocka_unit_test(a_term_ends_by_31_august_of_its_school_year),
	    cmocka_unit_test(a_control_character_in_a_name_is_refused),
	    cmocka_unit_test(a_name_may_have_up_to_200_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
