/*
 * store.h (leavers) — accounts nobody uses: the report of dormant accounts
 * per agency, and the job's two steps (warn, then disable). An account's
 * last use is the last time any of its sessions was seen, or when it was
 * made if it has never signed in.
 */
#ifndef HAVEN_LEAVERS_STORE_H
#define HAVEN_LEAVERS_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "core/status.h"

/* The rules: unused for `days`, warned, then disabled `warning_days` after the warning. */
struct dormancy_rule {
	int64_t now; /* Unix seconds */
	long days;
	long warning_days;
};

/*
 * Active accounts unused for rule->days, by agency then name: a new array
 * [{agency, agency_name, count, accounts: [{id, name, email, last_used,
 * warned_at}]}] in *out (times as "YYYY-MM-DDTHH:MM:SSZ", warned_at null
 * when not warned).
 */
enum haven_status leavers_dormant_by_agency(const struct dormancy_rule *rule, json_t **out) HAVEN_MUST_CHECK;

/*
 * One run of the job, in one unit of work: forgets warnings of accounts
 * used since; warns (by email, audited "user.dormancy_warning") each
 * dormant account not yet warned; disables (audited "user.disable" with
 * the reason) each account warned rule->warning_days ago or more and still
 * unused, except the last active administrator. Counts in *warned and *disabled.
 */
enum haven_status leavers_run(const struct dormancy_rule *rule, long long *warned,
                              long long *disabled) HAVEN_MUST_CHECK;

#endif
