/*
 * store.h (threshold) — the framework's published versions and the decisions
 * recorded with the tool (tables of migration 0014; 0121 adds the child a
 * decision was made for, from an IDVA referral's household).
 *
 * A published version never changes; "the current version" is the one
 * published last (the highest id). Every change is one db_write unit with
 * its audit row ("framework.publish" on resource "framework_version",
 * "threshold.use" on resource "threshold_assessment"), so both commit or
 * neither.
 */
#ifndef HAVEN_AREAS_THRESHOLD_STORE_H
#define HAVEN_AREAS_THRESHOLD_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "core/status.h"

/*
 * The version `id` (0: the current one): stores its id, its parsed document
 * (new reference) and, if `version` is not NULL, its version string (a new
 * JSON string). HAVEN_ERR_NOT_FOUND when there is none (nothing published yet).
 */
enum haven_status threshold_store_framework(long long id, long long *out_id, json_t **document,
                                            json_t **version) HAVEN_MUST_CHECK;

/* Every version, newest first: [{id, version, title, published_at, published_by_name, indicator_count}]. */
enum haven_status threshold_store_versions(json_t **out) HAVEN_MUST_CHECK;

/*
 * Publishes a checked document (stored compact) as a new version;
 * `published_by` 0 means the command line or the demo. HAVEN_ERR_CONFLICT
 * if its version string is already used. `actor` may be NULL (the demo).
 */
enum haven_status threshold_store_publish(const json_t *document, long long published_by,
                                          const struct actor *actor, long long *id) HAVEN_MUST_CHECK;

struct threshold_assessment_new {
	long long framework_id;
	long long user_id, agency_id, la_code;
	const char *age_band;
	const json_t *indicators; /* array of ticked indicator ids */
	long long suggested_level;
	const json_t *basis;
	long long chosen_level;
	const char *chosen_reason; /* NULL or text */
	/* a known child the tool was used for, and the IDVA referral the journey started from: or 0 */
	long long child_id, source_referral_id;
};

struct audit_shown; /* auth/audit.h */

/* Records a decision; audited "threshold.use" with the new id, naming `shown`: the child the API's answer
 * names (a decision names none of its own; NULL or none for a browser, sent on to the decision's page). */
enum haven_status threshold_store_assessment_add(const struct threshold_assessment_new *a,
                                                 const struct audit_shown *shown, const struct actor *actor,
                                                 long long *id) HAVEN_MUST_CHECK;

/*
 * One decision's row: {id, framework_id, version, user_id, agency_id,
 * la_code, age_band, indicators (array), suggested_level, suggestion_basis
 * (object), chosen_level, chosen_reason, created_at, user_name, agency_name,
 * child_id and source_referral_id (or null), request_id and
 * request_reference: the request for support made from it (or null)}.
 * HAVEN_ERR_NOT_FOUND if there is none.
 */
enum haven_status threshold_store_assessment(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * The decisions recorded from `from` to before `to` (Unix seconds), by the
 * local authority of the child and the level the practitioner chose: one row
 * per local authority and level decided there, every local authority listed
 * (with level null and no decisions when it has none), by name:
 * [{la_code, la_name, level, decisions}].
 */
enum haven_status threshold_store_decision_counts(int64_t from, int64_t to, json_t **out) HAVEN_MUST_CHECK;

/* Loads the built-in demo framework (data/threshold/framework-demo.json) as the first version, then
 * demo.sql's decision. */
enum haven_status threshold_load_demo(void) HAVEN_MUST_CHECK;

/* This area's kinds of event in a child's chronology, ended by {0} (app/chronology.h, chronology_sqlite.c).
 */
extern const struct chronology_kind threshold_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table threshold_subject_access[];

#endif
