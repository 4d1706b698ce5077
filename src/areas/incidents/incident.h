/*
 * incident.h (incidents) — what a domestic abuse incident sent by the police
 * must look like, checked once for every way it arrives (the web form, the
 * API, `haven import incidents` from CSV or JSON), and its canonical form.
 *
 * The checker is pure (no database): the caller passes the local authority
 * codes that exist and the time now. It turns a raw JSON incident into a
 * canonical one (text trimmed, the time in UTC, booleans as JSON booleans,
 * every optional field present as null when not given) and hashes it, so a
 * resend of the same incident, however it is spelled (a +01:00 offset or Z,
 * keys in another order), has the same content hash, and a change does not.
 *
 * The incident object (JSON; the CSV layout maps onto it, see
 * docs/operations.md):
 *   police_reference  required, 1-50 of A-Z a-z 0-9 / - _ .
 *   occurred_at       required, ISO 8601 with Z or an offset; not in the future
 *   location          optional text (some forces send none), up to 500
 *   la_code           required, a local authority's code (888, 889, 890 ...)
 *   risk_level        required: standard, medium or high (DASH)
 *   circumstances     required text, up to 2000
 *   adults            list (up to INCIDENT_MAX_ADULTS) of
 *                     {name, role: victim|suspect|other, date_of_birth?,
 *                      and for a victim only: contact_phone?, safe_to_call (required),
 *                      safe_to_leave_message (required), safe_times?, safe_number?}
 *   children          list (up to INCIDENT_MAX_CHILDREN) of
 *                     {given_name, family_name, date_of_birth?, setting_name?,
 *                      setting_urn?, present (required), where_during?,
 *                      spoken_to (required), child_said? (only if spoken to)}
 * At least one adult or child. Unknown fields are refused.
 */
#ifndef HAVEN_AREAS_INCIDENTS_INCIDENT_H
#define HAVEN_AREAS_INCIDENTS_INCIDENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/check_errors.h"

#define INCIDENT_MAX_ADULTS 10
#define INCIDENT_MAX_CHILDREN 15
/* A batch (API or import) holds at most this many incidents. */
#define INCIDENT_MAX_BATCH 1000

struct incident_check {
	const long long *la_codes; /* the codes of the areas the incident may be in (incidents_la_codes) */
	size_t la_count;
	int64_t now; /* UTC seconds: occurred_at may be at most 10 minutes after it */
	/*
	 * How errors name the incident: "" for a lone incident (fields are then
	 * "children[0].date_of_birth"), or "incidents[3]." for one in a batch,
	 * whose messages also start "Incident 4 (REF): ".
	 */
	const char *field_prefix;
	const char *message_prefix;
	bool
	    la_limited; /* la_codes are the sender's areas, some of the partnership's: said so when refused */
};

/*
 * Checks `raw` (a JSON object, borrowed). Appends one {field, message} to
 * `errors` for each problem found and returns NULL if there was any, else a
 * new canonical incident (caller owns) with "content_hash" added.
 */
json_t *incident_check(const json_t *raw, const struct incident_check *check, json_t *errors);

#endif
