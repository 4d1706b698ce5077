/*
 * store.h (reviews) — the serious incident reviews' queries and changes
 * (tables of migrations 0007 and on; a theme's look, 0213). Every change is one db_write unit that also
 * appends its audit row (action "review.…", resource "review" and the case
 * id), so a change and its record commit together or not at all.
 *
 * Changes take their values as a JSON object of validated input whose keys
 * are the column names below; a key that is absent stores NULL, because each
 * form replaces its whole section of the case (the page shows the stored
 * values in the form, so sending it again keeps them). Dates are
 * "YYYY-MM-DD" strings, already checked by the handler.
 * HAVEN_ERR_NOT_FOUND when the case (or its contribution, milestone, theme)
 * does not exist.
 */
#ifndef HAVEN_AREAS_REVIEWS_STORE_H
#define HAVEN_AREAS_REVIEWS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"
#include "router/page.h"

/* What the list of cases is narrowed to; each part left NULL narrows nothing. */
struct reviews_filter {
	const char *stage;     /* "notification", "rapid_review", "local_review" or "done" (migration 0125) */
	const char *reference; /* the one case with this reference ("SI-2026-003") */
	const char
	    *due_before; /* cases with a deadline not met before this day ("YYYY-MM-DD"): overdue on it */
};

/*
 * Works out again every case's earliest deadline not met (rules.h,
 * reviews_next_due) and keeps it with the case (migration 0143), in one
 * unit of work: when the server starts, since bank holidays another process
 * imported may move deadlines, and after the demo's cases are loaded.
 */
enum haven_status reviews_refresh_next_due(void) HAVEN_MUST_CHECK;

struct store_tx;

/*
 * The same inside the caller's unit of work `tx`: the area's
 * working_days_changed (app/area.h), which the calendar calls when the bank
 * holidays change, answering with the new ones, so the deadlines lists use
 * move with them and commit or roll back with the holidays.
 */
enum haven_status reviews_refresh_next_due_in(struct store_tx *tx) HAVEN_MUST_CHECK;

/*
 * A page (router/page.h) of the cases `user_id` may see (all of them when
 * `every_case`) narrowed by `filter`, newest awareness first: [{id,
 * reference, child_pseudonym, harm, la_name, looked_after_child, aware_on,
 * panel_notified_on, rapid_review_on, rapid_review_decision,
 * rapid_review_submitted_on, cspr_commissioned_on, cspr_published_on,
 * cspr_not_published_reason, stage, next_due_on}], and how many (counted up
 * to PAGE_COUNT_CAP + 1). A stage is read through review_cases_by_stage, a
 * reference through its unique index, the overdue (due_before) through
 * review_cases_outstanding (migration 0143).
 */
enum haven_status reviews_list(long long user_id, bool every_case, const struct reviews_filter *filter,
                               const struct page *page, json_t **out, long long *total) HAVEN_MUST_CHECK;

/*
 * One case: every column of review_cases plus la_slug, la_name and
 * "agencies" [{slug, name}], "contributions" [{id, agency_slug,
 * agency_name, due_on, received_on}], "milestones" [{id, title, due_on,
 * done_on}], "themes" [{slug, name}], "members" [{id, name, email,
 * agency_name}].
 */
enum haven_status reviews_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* Look-ups for checking a form: HAVEN_ERR_NOT_FOUND if there is no such thing. */
enum haven_status reviews_agency_id(const char *slug, long long *id) HAVEN_MUST_CHECK;
/* A theme that is not retired (`or_retired`: any). */
enum haven_status reviews_theme_id(const char *slug, bool or_retired, long long *id) HAVEN_MUST_CHECK;
enum haven_status reviews_child_exists(long long id) HAVEN_MUST_CHECK;

/* Themes by name [{id, slug, name, retired}]; `with_retired` includes retired ones. */
enum haven_status reviews_themes(bool with_retired, json_t **out) HAVEN_MUST_CHECK;
/* Theme `id` {id, slug, name, retired}, retired or not (HAVEN_ERR_NOT_FOUND if there is none). */
enum haven_status reviews_theme(long long id, json_t **out) HAVEN_MUST_CHECK;
/* review_settings.cspr_publication_months (6 if unset or unreadable as a number). */
enum haven_status reviews_cspr_months(int *months) HAVEN_MUST_CHECK;

struct review_new {
	const json_t *values; /* child_pseudonym, child_id, harm, circumstances, aware_on */
	long long la_code;
	bool looked_after_child;
	const long long *agency_ids; /* the agencies involved: one contribution each */
	size_t agency_count;
	const char *contributions_due_on;
	long long creator_id; /* becomes the group's first member (0: none, the demo loader) */
};

/*
 * Records a new incident with reference "SI-YYYY-NNN" (YYYY the year the LA
 * became aware, NNN the next number that year), its agencies, one
 * contribution per agency due `contributions_due_on`, and the creator as a
 * member; audited "review.create". Sets *id and reference (at least 32 bytes).
 */
enum haven_status reviews_create(const struct review_new *n, const struct actor *actor, long long *id,
                                 char *reference) HAVEN_MUST_CHECK;

/*
 * The notification section (panel_notified_on, ofsted_notified_on,
 * secretary_of_state_notified_on). Contributions not yet received are
 * rescheduled to `contributions_due_on`. Audited "review.notification".
 */
enum haven_status reviews_record_notification(long long id, const json_t *values,
                                              const char *contributions_due_on,
                                              const struct actor *actor) HAVEN_MUST_CHECK;

/* An agency's information received (received_on; absent: not received). Audited "review.contribution". */
enum haven_status reviews_record_contribution(long long id, long long contribution_id,
                                              const char *received_on,
                                              const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The rapid review section: rapid_review_on, rapid_review_attendance,
 * rapid_review_facts, rapid_review_immediate_actions, rapid_review_learning,
 * rapid_review_decision, rapid_review_rationale, rapid_review_submitted_on.
 * Audited "review.rapid_review".
 */
enum haven_status reviews_record_rapid_review(long long id, const json_t *values,
                                              const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The CSPR section: cspr_commissioned_on, cspr_reviewer,
 * cspr_terms_of_reference, cspr_method, cspr_draft_on, cspr_final_on,
 * cspr_panel_told_on, cspr_published_on, cspr_link,
 * cspr_not_published_reason. Audited "review.cspr".
 */
enum haven_status reviews_record_cspr(long long id, const json_t *values,
                                      const struct actor *actor) HAVEN_MUST_CHECK;

/* Adds a milestone (title, due_on, done_on); sets *milestone_id. Audited "review.milestone". */
enum haven_status reviews_add_milestone(long long id, const json_t *values, const struct actor *actor,
                                        long long *milestone_id) HAVEN_MUST_CHECK;
/* Sets (or clears, NULL) a milestone's done date. Audited "review.milestone". */
enum haven_status reviews_milestone_done(long long id, long long milestone_id, const char *done_on,
                                         const struct actor *actor) HAVEN_MUST_CHECK;

/* Replaces the case's themes. Audited "review.themes". */
enum haven_status reviews_set_themes(long long id, const long long *theme_ids, size_t count,
                                     const struct actor *actor) HAVEN_MUST_CHECK;

/* Adds a person to the review group (already a member: no change, still HAVEN_OK). Audited "review.member".
 */
enum haven_status reviews_add_member(long long id, long long user_id,
                                     const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * What makes a theme's name one theme, worked out by the handler (area.c, core/latin.h) and kept beside it
 * (migration 0213): `slug`, the name's slug before any number (what it is sent as; the store takes the
 * first of slug, slug-2, slug-3... no other theme has); `look`, how it looks whatever its script (NULL if
 * ICU cannot tell); `spelling`, the slug again for a name with Latin letters, NULL for one wholly in
 * another script (whose Latin spelling two different names can share).
 */
struct reviews_theme_name {
	const char *name, *slug, *look, *spelling;
};

/*
 * The theme list: add, rename (its slug made again from the new name), retire or bring back; a theme is
 * addressed by its id (HAVEN_ERR_NOT_FOUND if there is none), never by its slug, which is made from typed
 * words. Adding and renaming refuse a name another theme already has, one that looks or is spelt as
 * its own (HAVEN_ERR_CONFLICT, the same whether the check in the unit of work or the UNIQUE index of
 * look or spelling finds it, as when two are added at once); nothing is changed then. Audited
 * "review.settings".
 */
enum haven_status reviews_theme_add(const struct reviews_theme_name *name,
                                    const struct actor *actor) HAVEN_MUST_CHECK;
enum haven_status reviews_theme_rename(long long id, const struct reviews_theme_name *name,
                                       const struct actor *actor) HAVEN_MUST_CHECK;
enum haven_status reviews_theme_retire(long long id, bool retired,
                                       const struct actor *actor) HAVEN_MUST_CHECK;
/* Sets cspr_publication_months. Audited "review.settings". */
enum haven_status reviews_set_cspr_months(int months, const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * For `haven serve`'s start: works out every theme's look, spelling and slug again with `name_of` (its
 * slug before any number into `slug`, its look as a new string to free or NULL, and whether it has Latin
 * letters, so its spelling is its slug; false if it has no letters or digits) and stores what differs, in one
 * unit of work. So the themes migration 0213 found get theirs; a slug an older rule made (one that is neither
 * the name's slug nor a numbered one of it: "n-glect" for "Nеglect") is made again, the first free; and a
 * theme that looks or is spelt like an earlier one (both stored before the check was whole) is kept as that
 * earlier one's twin (its own id in `twin`), for the partnership to rename or retire, and logged by id.
 * *twins (if not NULL) says how many there are.
 */
typedef bool (*reviews_theme_name_fn)(const char *name, char *slug, size_t slug_size, char **look,
                                      bool *latin);
enum haven_status reviews_themes_mend(reviews_theme_name_fn name_of, long long *twins) HAVEN_MUST_CHECK;

/* Loads the demo cases (demo.sql) in one unit of work. */
enum haven_status reviews_load_demo(void) HAVEN_MUST_CHECK;

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type reviews_records[];

/* This area's kinds of event in a child's chronology, ended by {0} (app/chronology.h, chronology_sqlite.c).
 */
extern const struct chronology_kind reviews_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table reviews_subject_access[];

#endif
