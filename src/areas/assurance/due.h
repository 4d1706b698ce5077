/*
 * due.h (assurance, private) — when each agency's next return is due (due.c).
 */
#ifndef HAVEN_AREAS_ASSURANCE_DUE_H
#define HAVEN_AREAS_ASSURANCE_DUE_H

#include <jansson.h>
#include <stdbool.h>

#include "areas/assurance/store.h"
#include "core/status.h"

/*
 * When each agency's next return is due (rules.h: the last submitted + the partnership's interval for its
 * kind, `every`; never audited: due now; but while its newest cycle of the kind awaits its return, that
 * cycle's return date, overdue only once it passed), overdue first; only the overdue when `overdue_only`.
 * Sets *overdue11 and *overdue175 to how many of each kind are overdue (of all, whatever is shown).
 */
enum haven_status assurance_due_list(const char *today, const struct assurance_intervals *every,
                                     bool overdue_only, json_t **out, int *overdue11,
                                     int *overdue175) HAVEN_MUST_CHECK;

#endif
