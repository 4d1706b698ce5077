/*
 * store.h (learning) — the database side of what reviews lead to: the
 * actions made from a review's recommendations, the briefings written for
 * practitioners, and the partnership's figures for a period.
 *
 * The tables are the reviews area's (migration 0007_reviews.sql); this area
 * only reads review_cases and review_themes, and writes review_actions and
 * review_briefings. Every change appends its audit row with audit_append in
 * the same db_write unit, so the change and its record commit together or
 * not at all. Reads use this thread's read-only connection. Dates are
 * "YYYY-MM-DD" text throughout, which compares correctly as text.
 */
#ifndef HAVEN_LEARNING_STORE_H
#define HAVEN_LEARNING_STORE_H

#include <jansson.h>

#include "auth/actor.h"
#include "core/status.h"
#include "router/page.h"

/* ---- cases (read only here) ---- */

/*
 * The case as this area shows it: {id, reference, child_pseudonym}; never
 * the child's id or names. HAVEN_ERR_NOT_FOUND if there is no such case.
 */
enum haven_status learning_case_get(long long case_id, json_t **out) HAVEN_MUST_CHECK;

/* Every agency, for choosing an action's owner: [{slug, name}] by name. */
enum haven_status learning_agencies(json_t **out) HAVEN_MUST_CHECK;

/* ---- actions ---- */

/*
 * A case's actions, oldest first: [{id, recommendation, owner_agency_slug,
 * owner_agency_name, lead, due_on, status, evidence, completed_on,
 * signed_off_by_name, signed_off_on, impact, overdue}]. "overdue" is worked
 * out against `today` (due before it and not complete), never stored.
 */
enum haven_status learning_actions_list(long long case_id, const char *today, json_t **out) HAVEN_MUST_CHECK;

/* One action of one case, in the list's shape; HAVEN_ERR_NOT_FOUND if the action is not the case's. */
enum haven_status learning_action_get(long long case_id, long long action_id, const char *today,
                                      json_t **out) HAVEN_MUST_CHECK;

struct learning_new_action {
	long long case_id;
	const char *recommendation, *owner_agency_slug, *lead, *due_on;
};

/*
 * Adds an action, audited ("review.action_add"). HAVEN_ERR_INVALID if the
 * owner agency does not exist (the caller says which field), HAVEN_ERR_NOT_FOUND
 * if the case does not. Sets *id.
 */
enum haven_status learning_action_add(const struct learning_new_action *a, const struct actor *actor,
                                      long long *id) HAVEN_MUST_CHECK;

/*
 * Sets an action's status, evidence and completed date (evidence and date
 * NULL to clear them), audited ("review.action_update"). Clears any
 * sign-off: a changed action needs signing off again. HAVEN_ERR_NOT_FOUND if
 * the action is not the case's.
 */
enum haven_status learning_action_update(long long case_id, long long action_id, const char *status,
                                         const char *evidence, const char *completed_on,
                                         const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Signs a complete action off on `today` with the assessment of its impact,
 * audited ("review.action_sign_off"). HAVEN_ERR_NOT_FOUND if the action is
 * not the case's, HAVEN_ERR_CONFLICT if it is not complete.
 */
enum haven_status learning_action_sign_off(long long case_id, long long action_id, const char *impact,
                                           const char *today, const struct actor *actor) HAVEN_MUST_CHECK;

/* ---- briefings ---- */

/* Adds a briefing to a case, published on `published_on` (NULL: a draft), audited. Sets *id. */
enum haven_status learning_briefing_add(long long case_id, const char *title, const char *body,
                                        const char *published_on, const struct actor *actor,
                                        long long *id) HAVEN_MUST_CHECK;

/*
 * Publishes a case's briefing on `today`, audited; publishing one already
 * published keeps its first date. HAVEN_ERR_NOT_FOUND if it is not the case's.
 */
enum haven_status learning_briefing_publish(long long case_id, long long briefing_id, const char *today,
                                            const struct actor *actor) HAVEN_MUST_CHECK;

/* A case's briefings, drafts included, newest first: [{id, title, body, published_on, published}]. */
enum haven_status learning_briefings_of_case(long long case_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * A page (router/page.h) of the published briefings, newest first, for every practitioner, and *total
 * (capped): [{id, title, body, published_on, case_reference, child_pseudonym}]. Nothing else of the case (no
 * child id, no names, no circumstances) is selected.
 */
enum haven_status learning_briefings_published(const struct page *page, json_t **out,
                                               long long *total) HAVEN_MUST_CHECK;

/* One published briefing in that shape; HAVEN_ERR_NOT_FOUND if none or only a draft. */
enum haven_status learning_briefing_published(long long briefing_id, json_t **out) HAVEN_MUST_CHECK;

/* ---- figures ---- */

/* Counts for the period [from, to], each as its comment says (see docs/api.md). */
struct learning_counts {
	long long notifications;      /* panel_notified_on in the period */
	long long rapid_reviews;      /* rapid_review_on in the period */
	long long csprs_commissioned; /* cspr_commissioned_on in the period */
	long long csprs_published;    /* cspr_published_on in the period */
	long long csprs_ongoing;    /* commissioned by `to`, not published by `to`, no not-published reason */
	long long actions_complete; /* completed_on in the period */
	long long actions_overdue;  /* due before `to` and not completed by `to` */
	long long actions_with_impact; /* of actions_complete, those signed off with their impact written */
	long long briefings_published; /* published_on in the period */
};

enum haven_status learning_counts(const char *from, const char *to,
                                  struct learning_counts *out) HAVEN_MUST_CHECK;

/* The `limit` themes most given to cases the local authority became aware of in the period: [{slug, name,
 * cases}]. */
enum haven_status learning_top_themes(const char *from, const char *to, int limit,
                                      json_t **out) HAVEN_MUST_CHECK;

/*
 * The dates deadlines are worked out from, for every case that could have a
 * deadline on or after `since`: [{aware_on, panel_notified_on, rapid_review_on}]
 * (the last two may be null). The caller applies the calendar.
 */
enum haven_status learning_deadline_dates(const char *since, json_t **out) HAVEN_MUST_CHECK;

/* Loads the demo's 7-minute briefing (demo.sql), for haven init --demo. */
enum haven_status learning_load_demo(void) HAVEN_MUST_CHECK;

#endif
