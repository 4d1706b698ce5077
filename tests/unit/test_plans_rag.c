/*
 * test_plans_rag.c — tests the derived RAG status of action-plan actions
 * (src/areas/plans/rag.h): every branch of the rule, each at the edges of
 * its window (due today, 30 days ahead and 31, overdue by 1, 29 and 30
 * days), done with and without evidence, and a plan as its worst action.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "areas/plans/rag.h"

static void each_branch_at_its_edges(void **state)
{
	(void)state;
	const int32_t today = 20000;
	static const struct {
		int32_t due_in; /* days from today (negative: overdue) */
		bool done, evidence;
		enum rag want;
		const char *why;
	} cases[] = {
	    {-100, true, true, RAG_GREEN, "done and shown, however late"},
	    {90, true, true, RAG_GREEN, "done and shown early"},
	    {90, true, false, RAG_RED, "done but not shown"},
	    {-100, true, false, RAG_RED, "done late, not shown"},
	    {-30, false, false, RAG_RED, "overdue by 30 days"},
	    {-30, false, true, RAG_RED, "overdue by 30 days, some evidence"},
	    {-29, false, false, RAG_AMBER, "overdue by 29 days"},
	    {-1, false, true, RAG_AMBER, "overdue by a day, some evidence"},
	    {0, false, false, RAG_AMBER, "due today, nothing shown"},
	    {0, false, true, RAG_GREEN, "due today, progress shown"},
	    {30, false, false, RAG_AMBER, "due in 30 days, nothing shown"},
	    {30, false, true, RAG_GREEN, "due in 30 days, progress shown"},
	    {31, false, false, RAG_GREEN, "due in 31 days: on track"},
	    {365, false, false, RAG_GREEN, "due next year"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum rag got =
		    rag_of_action(today + cases[i].due_in, today, cases[i].done, cases[i].evidence);
		if (got != cases[i].want)
			fail_msg("%s: %s, not %s", cases[i].why, rag_key(got), rag_key(cases[i].want));
	}
}

static void a_plan_is_its_worst_action(void **state)
{
	(void)state;
	enum rag plan = RAG_NONE;
	assert_string_equal(rag_key(plan), "none");
	plan = rag_worse(plan, RAG_GREEN);
	assert_string_equal(rag_key(plan), "green");
	plan = rag_worse(plan, RAG_RED);
	plan = rag_worse(plan, RAG_AMBER);
	assert_string_equal(rag_key(plan), "red");
	assert_string_equal(rag_key(rag_worse(RAG_AMBER, RAG_GREEN)), "amber");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_branch_at_its_edges),
	    cmocka_unit_test(a_plan_is_its_worst_action),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
