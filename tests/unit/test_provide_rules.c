/*
 * test_provide_rules.c — the pure rules of Operation Provide
 * (src/areas/provide/rules.h) against known answers: elapsed time in
 * words, and the figures by area and month from a constructed set of
 * referrals whose medians and rates are worked out by hand below. (Instants
 * and England's local time: test_calendar_london.c; medians: test_stats.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/provide/rules.h"

static const json_t *area_named(const json_t *figures, const char *name)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(figures, "areas"), i, a)
	{
		if (strcmp(json_string_value(json_object_get(a, "la_name")), name) == 0)
			return a;
	}
	fail_msg("no area %s", name);
	return NULL;
}

static double real(const json_t *g, const char *key)
{
	const json_t *v = json_object_get(g, key);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

static long long integer(const json_t *g, const char *key)
{
	return json_integer_value(json_object_get(g, key));
}

static void figures_by_area_and_month(void **state)
{
	(void)state;
	/*
	 * Blackpool, 2026-10: four referrals, hours to first attempt 1, 3, 2, -
	 * (none yet), to contact 2, 10, -, -; closed: the first (engaged, made
	 * safer, engaged with the investigation) and the second (declined, made
	 * safer, not engaged with the investigation).
	 *   median to attempt: 1 2 3 -> 2; to contact: 2 10 -> 6 (even count)
	 *   of 2 closed: engaged 50%, made safer 100%, investigation 50%
	 * Blackpool, 2026-11: one, hours 0.25 / 0.5, open.
	 *   medians 0.3 (0.25 to one place: halves away from zero) and 0.5; no rates (none closed)
	 * Blackpool, all: attempts 1 3 2 0.25 -> sorted 0.25 1 2 3 -> 1.5;
	 *   contacts 2 10 0.5 -> 2
	 * Lancashire, 2026-11: one, never attempted, closed could not contact, not safer:
	 *   no medians; engagement 0%, made safer 0%
	 * All: attempts 0.25 1 2 3 -> 1.5; contacts 0.5 2 10 -> 2; closed 3: engaged 1 -> 33.3%,
	 *   made safer 2 -> 66.7%
	 */
	struct provide_figure_row rows[] = {
	    {890, "Blackpool", "2026-11", 0.25, 0.5, false, false, false, false},
	    {890, "Blackpool", "2026-10", 1, 2, true, true, true, true},
	    {888, "Lancashire", "2026-11", -1, -1, true, false, false, false},
	    {890, "Blackpool", "2026-10", 3, 10, true, false, true, false},
	    {890, "Blackpool", "2026-10", 2, -1, false, false, false, false},
	    {890, "Blackpool", "2026-10", -1, -1, false, false, false, false},
	};
	json_t *f = provide_figures_build(rows, sizeof rows / sizeof rows[0]);
	assert_int_equal(json_array_size(json_object_get(f, "areas")), 2);
	/* areas by name */
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(json_object_get(f, "areas"), 0), "la_name")),
	    "Blackpool");
	const json_t *blackpool = area_named(f, "Blackpool");
	const json_t *months = json_object_get(blackpool, "months");
	assert_int_equal(json_array_size(months), 2);
	const json_t *oct = json_array_get(months, 0), *nov = json_array_get(months, 1);
	assert_string_equal(json_string_value(json_object_get(oct, "month")), "2026-10");
	assert_int_equal(integer(oct, "referrals"), 4);
	assert_int_equal(integer(oct, "attempted"), 3);
	assert_int_equal(integer(oct, "contacted"), 2);
	assert_int_equal(integer(oct, "closed"), 2);
	assert_true(real(oct, "median_hours_to_first_attempt") == 2);
	assert_true(real(oct, "median_hours_to_first_contact") == 6);
	assert_true(real(oct, "engagement_rate") == 50);
	assert_true(real(oct, "made_safer_rate") == 100);
	assert_true(real(oct, "investigation_rate") == 50);
	assert_string_equal(json_string_value(json_object_get(nov, "month")), "2026-11");
	assert_true(real(nov, "median_hours_to_first_attempt") == 0.3);
	assert_true(real(nov, "median_hours_to_first_contact") == 0.5);
	assert_true(json_is_null(json_object_get(nov, "engagement_rate")));
	assert_true(json_is_null(json_object_get(nov, "made_safer_rate")));
	const json_t *bt = json_object_get(blackpool, "total");
	assert_int_equal(integer(bt, "referrals"), 5);
	assert_true(real(bt, "median_hours_to_first_attempt") == 1.5);
	assert_true(real(bt, "median_hours_to_first_contact") == 2);

	const json_t *lancs = json_array_get(json_object_get(area_named(f, "Lancashire"), "months"), 0);
	assert_int_equal(integer(lancs, "referrals"), 1);
	assert_true(json_is_null(json_object_get(lancs, "median_hours_to_first_attempt")));
	assert_true(json_is_null(json_object_get(lancs, "median_hours_to_first_contact")));
	assert_true(real(lancs, "engagement_rate") == 0);
	assert_true(real(lancs, "made_safer_rate") == 0);

	const json_t *all = json_object_get(f, "total");
	assert_int_equal(integer(all, "referrals"), 6);
	assert_int_equal(integer(all, "closed"), 3);
	assert_true(real(all, "median_hours_to_first_attempt") == 1.5);
	assert_true(real(all, "median_hours_to_first_contact") == 2);
	assert_true(real(all, "engagement_rate") == 33.3);
	assert_true(real(all, "made_safer_rate") == 66.7);
	json_decref(f);

	/* nothing at all */
	f = provide_figures_build(NULL, 0);
	assert_int_equal(json_array_size(json_object_get(f, "areas")), 0);
	assert_int_equal(integer(json_object_get(f, "total"), "referrals"), 0);
	assert_true(
	    json_is_null(json_object_get(json_object_get(f, "total"), "median_hours_to_first_attempt")));
	json_decref(f);
}

/*
 * Safe times read from police's words: each case is the words, a moment
 * (weekday 0 Monday ... 6 Sunday, England's time) and whether it is safe,
 * with why.
 */
static void safe_times_from_words(void **state)
{
	(void)state;
	static const struct {
		const char *words;
		int weekday, hour, minute;
		bool known, safe;
		const char *why;
	} cases[] = {
	    {"Weekdays 10:00 to 14:00 only, while the suspect is at work", 1, 11, 0, true, true,
	     "inside, a Tuesday"},
	    {"Weekdays 10:00 to 14:00 only, while the suspect is at work", 1, 14, 0, true, false,
	     "the end is not in"},
	    {"Weekdays 10:00 to 14:00 only, while the suspect is at work", 1, 9, 59, true, false,
	     "before the start"},
	    {"Weekdays 10:00 to 14:00 only, while the suspect is at work", 5, 11, 0, true, false,
	     "a Saturday"},
	    {"Evenings after 18:00", 6, 18, 0, true, true, "from 18:00, any day"},
	    {"Evenings after 18:00", 6, 17, 59, true, false, "a minute before"},
	    {"before 9:30 or after 17:00", 2, 9, 0, true, true, "the first window"},
	    {"before 9:30 or after 17:00", 2, 12, 0, true, false, "between the two"},
	    {"before 9:30 or after 17:00", 2, 17, 30, true, true, "the second window"},
	    {"22:00-02:00", 3, 1, 0, true, true, "a window past midnight"},
	    {"22:00-02:00", 3, 12, 0, true, false, "midday is outside it"},
	    {"Only through the safe number, mornings", 0, 8, 0, true, true, "mornings: before midday"},
	    {"Only through the safe number, mornings", 0, 13, 0, true, false, "not the afternoon"},
	    {"Weekends", 6, 3, 0, true, true, "any time at a weekend"},
	    {"Weekends", 4, 12, 0, true, false, "not a Friday"},
	    {"Any time", 3, 3, 0, true, true, "any time"},
	    {"When her sister is there", 3, 3, 0, false, true, "words Haven cannot read are not checked"},
	    {"25:00 to 26:00", 3, 3, 0, false, true, "not clock times"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct provide_safe_times t;
		provide_safe_times_read(cases[i].words, &t);
		if (t.known != cases[i].known ||
		    provide_safe_times_allow(&t, cases[i].weekday, cases[i].hour * 60 + cases[i].minute) !=
		        cases[i].safe)
			fail_msg("case %zu (%s): \"%s\" at day %d %02d:%02d", i, cases[i].why, cases[i].words,
			         cases[i].weekday, cases[i].hour, cases[i].minute);
	}
	struct provide_safe_times none;
	provide_safe_times_read(NULL, &none);
	assert_false(none.known);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(figures_by_area_and_month),
	    cmocka_unit_test(safe_times_from_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
