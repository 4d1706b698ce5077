/*
 * assemble.c — every area's rules and records into the policy (see assemble.h).
 */
#include "app/assemble.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "app/area.h"
#include "auth/policy.h"
#include "auth/records.h"
#include "core/buf.h"

const char *const dashboard_sections[] = {
    "Children and families",   "Domestic abuse",
    "Contextual safeguarding", "Reviews and learning",
    "Quality and assurance",   "Administration and assurance",
    "The partnership",         NULL,
};

/* Refuses a dashboard link under a section the dashboard does not have (it would never be shown). */
static enum haven_status check_links(const struct area *a, char **err)
{
	for (const struct area_link *l = a->links; l && l->href; l++) {
		size_t s = 0;
		while (dashboard_sections[s] && strcmp(dashboard_sections[s], l->section) != 0)
			s++;
		if (dashboard_sections[s])
			continue;
		struct buf b = BUF_INIT;
		buf_printf(
		    &b,
		    "the %s area's dashboard link to %s is under \"%s\", which is not a dashboard section",
		    a->name, l->href, l->section);
		*err = buf_steal(&b, NULL);
		return HAVEN_ERR_INVALID;
	}
	return HAVEN_OK;
}

enum haven_status areas_assemble(char **err)
{
	static bool assembled;
	if (assembled)
		return HAVEN_OK;
	for (size_t i = 0; haven_areas[i]; i++) {
		const struct area *a = haven_areas[i];
		if (check_links(a, err) != HAVEN_OK ||
		    policy_add_rules(a->name, a->access, err) != HAVEN_OK ||
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
