/*
 * assemble.c — every area's rules and records into the policy (see assemble.h).
 */
#include "app/assemble.h"

#include <stdbool.h>
#include <stddef.h>

#include "app/area.h"
#include "auth/policy.h"
#include "auth/records.h"

enum haven_status areas_assemble(char **err)
{
	static bool assembled;
	if (assembled)
		return HAVEN_OK;
	for (size_t i = 0; haven_areas[i]; i++) {
		const struct area *a = haven_areas[i];
		if (policy_add_rules(a->name, a->access, err) != HAVEN_OK ||
		    records_add(a->name, a->records, err) != HAVEN_OK) {
			policy_clear();
			records_clear();
			return HAVEN_ERR_INVALID;
		}
	}
	if (policy_check(err) != HAVEN_OK) {
		policy_clear();
		records_clear();
		return HAVEN_ERR_INVALID;
	}
	assembled = true;
	return HAVEN_OK;
}
