/*
 * test_words.c — tests counts in words (src/core/words.h) as tables of known
 * answers: one and many ("1 case", "0 cases", "1,234 cases"), and the
 * singular of every noun Haven's paged lists name their rows with, so
 * "Showing 1 to 1 of 1 request" never reads "1 requests" (issue 16).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/words.h"

static void counts(void **state)
{
	(void)state;
	static const struct {
		long long n;
		const char *words;
	} cases[] = {
	    {1, "1 case"},         {0, "0 cases"},          {2, "2 cases"},     {-1, "-1 case"},
	    {1234, "1,234 cases"}, {-1234, "-1,234 cases"}, {100, "100 cases"}, {1000000, "1,000,000 cases"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf out = BUF_INIT;
		words_count(&out, cases[i].n, "case", "cases");
		assert_string_equal(buf_cstr(&out), cases[i].words);
		buf_free(&out);
	}
}

static void singulars(void **state)
{
	(void)state;
	/* every noun a list passes to page_finish today, and the rules' edges */
	static const char *const cases[][2] = {
	    {"requests", "request"},
	    {"cases", "case"},
	    {"children", "child"},
	    {"people", "person"},
	    {"user accounts", "user account"},
	    {"agencies", "agency"},
	    {"no-shows", "no-show"},
	    {"missing episodes", "missing episode"},
	    {"late notifications", "late notification"},
	    {"settings", "setting"},
	    {"briefings", "briefing"},
	    {"completions", "completion"},
	    {"courses", "course"},
	    {"resources", "resource"},
	    {"rows", "row"},
	    {"places and groups", "place or group"},
	    {"open referrals", "open referral"},
	    {"persons", "person"},
	    {"searches", "search"},
	    {"addresses", "address"},
	    {"boxes", "box"},
	    {"access", "access"},
	    {"staff", "staff"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf out = BUF_INIT;
		words_singular(&out, cases[i][0]);
		assert_string_equal(buf_cstr(&out), cases[i][1]);
		buf_free(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(counts),
	    cmocka_unit_test(singulars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
