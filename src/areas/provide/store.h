/*
 * store.h (provide) — Operation Provide's queries and changes (tables of
 * migration 0018, read with the incidents of 0016 and the partnership's
 * rule in da_settings of 0017). Every change is one db_write unit that also
 * appends its audit row (action "provide.record" or "da.settings"), so a
 * change and its record commit together or not at all.
 *
 * Times are UTC instants "YYYY-MM-DDTHH:MM:SSZ" (rules.h parses and shows
 * them). HAVEN_ERR_NOT_FOUND when the referral (or area, service) does not
 * exist; HAVEN_ERR_CONFLICT when a referral is closed and so cannot change.
 */
#ifndef HAVEN_AREAS_PROVIDE_STORE_H
#define HAVEN_AREAS_PROVIDE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/chronology.h"
#include "auth/records.h"
#include "areas/provide/rules.h"
#include "auth/actor.h"
#include "core/status.h"
#include "router/page.h"

/* What an IDVA service narrows and orders its referrals by; NULL parts narrow nothing. */
struct provide_list_filter {
	bool closed;                  /* the closed referrals, not the open ones */
	bool oldest_first;            /* oldest first (the longest waiting), not newest */
	const char *risk_level;       /* "standard", "medium" or "high" */
	const char *police_reference; /* the referral of this incident (the force's reference, exactly) */
};

/*
 * One page (router/page.h) of the open or closed referrals to IDVA service
 * `agency_id` narrowed by `filter`, newest (or oldest) first: [{id,
 * police_reference, occurred_at, risk_level, la_name, victim_name,
 * created_at, first_attempt_at, first_contact_at, outcome, closed_at,
 * attempts}]; how many the narrowed list holds (`total`), and how many are
 * open and closed in all, each counted up to PAGE_COUNT_CAP + 1 (-1 if that
 * failed). A reference is found through its incident's unique index; a
 * risk level narrows the service's open or closed referrals as they are
 * read in order.
 */
enum haven_status provide_store_list(long long agency_id, const struct provide_list_filter *filter,
                                     const struct page *page, json_t **out, long long *total,
                                     long long *open_count, long long *closed_count) HAVEN_MUST_CHECK;

/*
 * One referral: its columns; the incident's police_reference, occurred_at,
 * location, la_name, risk_level, circumstances; the victim's victim_name,
 * date_of_birth, contact_phone, safe_to_call, safe_to_leave_message,
 * safe_times, safe_number; service_name, closed_by_name; and "attempts"
 * [{id, attempted_at, method, result (the attempt's outcome), note, recorded_by_name, recorded_at}]
 * in time order.
 */
enum haven_status provide_store_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* A contact attempt: strings borrowed; note may be NULL. */
struct provide_attempt {
	const char *attempted_at; /* UTC instant */
	const char *method;       /* idva_contact_attempts.method */
	const char *outcome;      /* idva_contact_attempts.outcome */
	const char *note;
	/* why it was safe to go against police's safe-contact instructions (NULL: it did not); audited */
	const char *safe_contact_reason;
};

struct audit_shown; /* auth/audit.h */

/*
 * The changes below are audited "provide.record" on the referral (which names its incident's children),
 * naming `shown` too: the children the API's answer (the referral's page) shows besides, those of the
 * victim's household (NULL or none for a browser, sent on to the page, whose read names them).
 *
 * Records an attempt on an open referral and keeps first_attempt_at and
 * first_contact_at (the earliest attempt whose outcome is "contacted" or
 * "declined": the victim was reached) in step. *attempt_id gets its id.
 */
enum haven_status provide_store_add_attempt(long long referral_id, const struct provide_attempt *attempt,
                                            const struct audit_shown *shown, const struct actor *actor,
                                            long long *attempt_id) HAVEN_MUST_CHECK;

/*
 * Sets an open referral's outcome; made_safer and engaged_with_investigation
 * are 1, 0 or -1 (not answered: left as they are). With `close`, closes it
 * (closed_at now, closed_by the actor): the caller has checked that both
 * answers are given.
 */
enum haven_status provide_store_set_outcome(long long referral_id, const char *outcome, int made_safer,
                                            int engaged_with_investigation, bool close,
                                            const struct audit_shown *shown,
                                            const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The coverage settings: {"rule": "all"|"medium_high", "areas": [{la_code,
 * la_slug, la_name, service_slug, service_name, not_referred}], "services":
 * [{slug, name}]} where not_referred counts victims of incidents that
 * qualify under the rule but have no referral (no service covered the area
 * when the incident came in).
 */
enum haven_status provide_store_coverage(json_t **out) HAVEN_MUST_CHECK;

/* The IDVA service's id for `service_slug` (agency type idva_service); an area's code is la_code_of_slug's.
 */
enum haven_status provide_store_service(const char *service_slug, long long *agency_id) HAVEN_MUST_CHECK;

/*
 * Sets the IDVA service covering `la_code` (`agency_id` 0: none), audited as
 * da.settings, and refers the victims waiting in that area in the same unit
 * (provide.h: provide_refer_waiting); *referred gets how many.
 */
enum haven_status provide_store_set_coverage(long long la_code, long long agency_id,
                                             const struct actor *actor, long long *referred) HAVEN_MUST_CHECK;

/*
 * The figures' cells (rules.h) of the referrals whose incident happened in
 * [from, to) (Unix seconds, London midnights), one per area and month, read
 * from the aggregates kept as referrals change (migrations 0136 and 0147), not
 * from the referrals: a new array in *cells of *count (free it with
 * provide_store_figure_cells_free), whose la_name values are borrowed from
 * *area_names (a new object; decref it after the cells). In *not_referred
 * [{la_code, la_name, victims}]: the victims in that period with no referral
 * though their incident qualifies. The cells' waits are exact only in the
 * hours holding the medians provide_figures_from_cells takes (an area's month,
 * an area, all): each other hour's waits stand as its first second.
 * With `force_id` (a police agency; 0: the whole partnership) only that
 * force's own incidents count (incidents/store.h, incidents_scope_of): read
 * from its referrals and victims, not the aggregates, every wait exact.
 */
enum haven_status provide_store_figure_cells(long long force_id, int64_t from, int64_t to,
                                             struct provide_figure_cell **cells, size_t *count,
                                             json_t **area_names, json_t **not_referred) HAVEN_MUST_CHECK;
void provide_store_figure_cells_free(struct provide_figure_cell *cells, size_t count);

/* Loads demo.sql (haven init --demo). */
enum haven_status provide_load_demo(void) HAVEN_MUST_CHECK;

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type provide_records[];

/* This area's kinds of event in a child's chronology, ended by {0} (app/chronology.h, chronology_sqlite.c).
 */
extern const struct chronology_kind provide_chronology[];

#endif
