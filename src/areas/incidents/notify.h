/*
 * notify.h (incidents) — inside a unit of work: matching one child of an
 * incident to the children register and a setting, and creating the
 * Operation Encompass notification(s) for it with the Key Adults' emails.
 * Only the incidents area's store files include this (each takes the
 * caller's unit of work); see notify_sqlite.c for the rules.
 */
#ifndef HAVEN_AREAS_INCIDENTS_NOTIFY_H
#define HAVEN_AREAS_INCIDENTS_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "store/store.h"

/* The incident a child belongs to, as matching needs it. */
struct incident_facts {
	long long id;
	long long la_code;
	int64_t occurred;      /* UTC seconds */
	int64_t now;           /* UTC seconds: created_at of the notifications */
	long long recorded_by; /* the police user who sent it (0: a command): creator of a child registered */
};

/*
 * Matches child row `child_row_id` (its police details in `child`, a
 * canonical child object) and, when the match is confident, notifies its
 * setting(s). When the register has no candidate at all and the police
 * named a setting Haven knows, the child is added to the register from the
 * police's details (linked to the setting and the local authority) and
 * notified: 'registered'. A child left 'unresolved' gets waiting_due_at, the
 * deadline its notification would have. Sets match_status, match_note,
 * child_id and setting_agency_id on the row. Must run in a db_write unit of
 * work.
 */
enum haven_status incidents_match_child(struct store_tx *tx, const struct incident_facts *incident,
                                        long long child_row_id, const json_t *child) HAVEN_MUST_CHECK;

/*
 * Creates the notification of child row `child_row_id` to agency
 * `agency_id` (a setting, or a local authority for a child educated at home)
 * if there is none yet, due at the start of the agency's next school day
 * after the incident, and queues an email to each of the agency's active
 * Key Adults (dsl users; front_door users for a local authority). *created
 * says whether it was new.
 */
enum haven_status incidents_notify(struct store_tx *tx, const struct incident_facts *incident,
                                   long long child_row_id, long long agency_id,
                                   bool *created) HAVEN_MUST_CHECK;

/*
 * The register's candidates for a child: a new array of {child_id,
 * strength: "certain"|"likely"}, from the children area's
 * children_likely_matches (areas/children/match.h).
 */
enum haven_status incidents_register_candidates(struct store_tx *tx, const char *given_name,
                                                const char *family_name, const char *date_of_birth,
                                                long long la_code, json_t **out) HAVEN_MUST_CHECK;

/*
 * Whether a child born on `birth_day` is of Operation Encompass age on
 * `incident_day`: from the reception year (the school year, starting
 * 1 September, in which they turn 5) to the day before their 18th birthday.
 * If not, *why says why (static text).
 */
bool incidents_notifiable_age(int32_t birth_day, int32_t incident_day, const char **why);

#endif
