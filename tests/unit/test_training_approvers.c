/*
 * test_training_approvers.c — the roles the training store's queries take to
 * be approvers (TRAINING_APPROVING_ROLES, areas/training/store_sqlite.h: a
 * query cannot ask the policy) are exactly the roles area.c's access table
 * lets take "training.approve". Were they to drift, a request could be left
 * to an approver the policy refuses, or kept from one it allows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/area.h"
#include "areas/training/store_sqlite.h"
#include "auth/user.h"

extern const struct area area_training;

/* The roles named in an SQL list such as "('a', 'b')", as a set of enum role; a name that is no role
 * fails the test. */
static unsigned roles_in(const char *list)
{
	unsigned roles = 0;
	const char *p = list;
	while ((p = strchr(p, '\'')) != NULL) {
		const char *end = strchr(p + 1, '\'');
		assert_non_null(end);
		char name[64] = "";
		assert_true((size_t)(end - p - 1) < sizeof name);
		memcpy(name, p + 1, (size_t)(end - p - 1));
		enum role r = role_from_name(name);
		assert_int_not_equal(r, 0);
		roles |= (unsigned)r;
		p = end + 1;
	}
	return roles;
}

static void approving_roles_are_the_policys(void **state)
{
	(void)state;
	unsigned policy = 0;
	for (const struct policy_rule *r = area_training.access; r->action; r++)
		if (strcmp(r->action, "training.approve") == 0)
			policy |= r->roles;
	assert_int_not_equal(policy, 0);
	assert_int_equal(roles_in(TRAINING_APPROVING_ROLES), policy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(approving_roles_are_the_policys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
