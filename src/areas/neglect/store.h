/*
 * store.h (neglect) — the neglect tool's published versions and the
 * assessments made with it (tables of migration 0070).
 *
 * A published version never changes; "the current version" is the one
 * published last. Every change is one db_write unit with its audit row
 * ("neglect.publish" on "neglect_tool_version"; "neglect.assess" and
 * "neglect.update" on "neglect_assessment"), so both commit or neither.
 */
#ifndef HAVEN_AREAS_NEGLECT_STORE_H
#define HAVEN_AREAS_NEGLECT_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"

/* The record types this area holds: "neglect_assessment" (auth/records.h). */
extern const struct record_type neglect_records[];

/*
 * The version `id` (0: the current one): its id, its parsed document (new)
 * and, if `version` is not NULL, its version string (new). HAVEN_ERR_NOT_FOUND
 * when there is none.
 */
enum haven_status neglect_store_tool(long long id, long long *out_id, json_t **document,
                                     json_t **version) HAVEN_MUST_CHECK;

/* Every version, newest first: [{id, version, title, published_at, published_by_name, assessment_count}]. */
enum haven_status neglect_store_versions(json_t **out) HAVEN_MUST_CHECK;

/*
 * Publishes a checked document as a new version; `published_by` 0 means the
 * command line or the demo. HAVEN_ERR_CONFLICT if its version string is
 * already used. `actor` may be NULL (the demo).
 */
enum haven_status neglect_store_publish(const json_t *document, long long published_by,
                                        const struct actor *actor, long long *id) HAVEN_MUST_CHECK;

/* What an assessment holds; strings borrowed (NULL: none). */
struct neglect_assessment {
	long long tool_id, child_id, user_id, agency_id, la_code;
	const char *age_band;
	bool finished;
	const json_t *grades; /* {"SUB_AREA": {"grade", "evidence"}}: checked by the caller */
	const char *family_voice, *child_voice, *strengths, *summary;
	/* YYYY-MM-DD; both required when finished; a draft keeps what was typed (NULL: none) */
	const char *assessed_on, *review_on;
	const json_t *area_grades; /* {"AREA": grade} when finished, else NULL */
	long long overall_grade;   /* when finished, else 0 */
};

/* Records a new assessment (draft or finished); audited "neglect.assess". */
enum haven_status neglect_store_add(const struct neglect_assessment *a, const struct actor *actor,
                                    long long *id) HAVEN_MUST_CHECK;

/*
 * Replaces draft `id`'s content with `a` (its tool, child, author and agency
 * stay); audited "neglect.update". HAVEN_ERR_CONFLICT if it is no longer a
 * draft (finished meanwhile), HAVEN_ERR_NOT_FOUND if there is none.
 */
enum haven_status neglect_store_update(long long id, const struct neglect_assessment *a,
                                       const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * One assessment: {id, tool_id, tool_version, child_id, child_name, user_id,
 * user_name, agency_id, agency_name, la_code, age_band, status, grades
 * (object), family_voice, child_voice, strengths, summary, assessed_on,
 * review_on, area_grades (object or null), overall_grade, created_at,
 * updated_at, agreed_by_name, agreed_at, agreement_note, agreement_asked
 * (whether its agency asks for agreement), author_left (its author no longer
 * acts for its agency: moved to another or disabled)}. HAVEN_ERR_NOT_FOUND if
 * there is none.
 */
enum haven_status neglect_store_get(long long id, json_t **out) HAVEN_MUST_CHECK;

struct page;

/*
 * Agency `agency_id`'s own assessments, newest first, a page at a time
 * (router/page.h): [{id, child_id, child_name, status, assessed_on,
 * review_on, overall_grade, user_name}], up to page_fetch(page) rows, and
 * their count (capped at PAGE_COUNT_CAP + 1) in *total.
 */
enum haven_status neglect_store_agency_list(long long agency_id, const struct page *page, json_t **out,
                                            long long *total) HAVEN_MUST_CHECK;

/*
 * A child's assessments that agency `agency_id` may see (every finished one,
 * and its own drafts), oldest first: [{id, status, assessed_on, review_on,
 * overall_grade, area_grades, agency_name, user_name, tool_id, created_at}].
 */
enum haven_status neglect_store_child_assessments(long long child_id, long long agency_id,
                                                  json_t **out) HAVEN_MUST_CHECK;

/*
 * What waits in agency `agency_id` (user `user_id`'s), while the agency works with the child (a live
 * link): the user's drafts begun there [{id, updated_at}], and the reviews the agency owes [{id,
 * review_on}]: an assessment of the agency's that is the child's latest finished one, whoever made it.
 */
enum haven_status neglect_store_waiting(long long agency_id, long long user_id, json_t **drafts,
                                        json_t **reviews) HAVEN_MUST_CHECK;

/*
 * A chronology event (app/chronology.h) for each of a child's finished
 * assessments: the first the baseline, each later one a reassessment.
 */
extern const struct chronology_kind neglect_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table neglect_subject_access[];

/*
 * The figures' rows for finished assessments made from `from` to `to`
 * (YYYY-MM-DD, both included), each by the child's local authority when the
 * assessment was begun (la_code; null when the child had none):
 *   *areas:     every local authority [{code, name}], by name
 *   *counts:    [{la_code, assessments, children}]
 *   *grades:    [{la_code, area, grade, count}]: area grades, for "grades by area"
 *   *changes:   [{la_code, better, worse, children}]: the children assessed in
 *               the period who had been assessed before, counted by the local
 *               authority of their latest assessment up to `to` and by
 *               whether any area's grade is better (1/0), and any worse
 *               (1/0), in that latest than in their baseline (first)
 *   *children:  the children assessed in the period, whatever their area
 */
enum haven_status neglect_store_figures(const char *from, const char *to, json_t **areas, json_t **counts,
                                        json_t **grades, json_t **changes,
                                        long long *children) HAVEN_MUST_CHECK;

/*
 * Whether agency `slug` asks for its finished assessments to be agreed by a
 * manager (optional per agency), set from the command line; audited
 * "neglect.agreement_setting" on "agency". HAVEN_ERR_NOT_FOUND: no such agency.
 */
enum haven_status neglect_store_set_agreement(const char *slug, bool required) HAVEN_MUST_CHECK;

/* Whether agency `agency_id` asks for agreement. */
enum haven_status neglect_store_agreement_required(long long agency_id, bool *required) HAVEN_MUST_CHECK;

/* Why an agreement was refused (the handler chooses the words). */
enum neglect_agreement_refusal {
	NEGLECT_AGREE_OK,
	NEGLECT_AGREE_NOT_FINISHED,
	NEGLECT_AGREE_ALREADY,
	NEGLECT_AGREE_NOT_ASKED, /* the agency does not ask for agreement */
};

/*
 * Records `actor`'s agreement of finished assessment `id` with an optional
 * note; audited "neglect.agree". Checked in the writer, so two managers
 * cannot both agree it. *refusal says why nothing changed.
 */
enum haven_status neglect_store_agree(long long id, const char *note, const struct actor *actor,
                                      enum neglect_agreement_refusal *refusal) HAVEN_MUST_CHECK;

/* Assessments waiting for agreement in agency `agency_id`, not made by `user_id`, while the agency works
 * with the child (a live link): [{id, assessed_on}]. */
enum haven_status neglect_store_to_agree(long long agency_id, long long user_id,
                                         json_t **out) HAVEN_MUST_CHECK;

/*
 * Agency `agency_id`'s drafts whose author no longer acts for it (moved to another agency, or their
 * account disabled), while it works with the child: [{id, updated_at}], for a colleague to take over.
 */
enum haven_status neglect_store_left_drafts(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* Why a draft was not taken over (the handler chooses the words). */
enum neglect_take_over_refusal {
	NEGLECT_TAKE_OVER_OK,
	NEGLECT_TAKE_OVER_NOT_DRAFT,   /* finished meanwhile */
	NEGLECT_TAKE_OVER_AUTHOR_HERE, /* its author still acts for the agency (or does again) */
};

/*
 * Makes `actor` the author of draft `id` of agency `agency_id`, whose author no longer acts for it, so
 * the draft can be finished; audited "neglect.take_over" (saying whose it was). Checked in the writer,
 * so two colleagues cannot both take it. HAVEN_ERR_NOT_FOUND: no such assessment of that agency.
 * *refusal says why nothing changed.
 */
enum haven_status neglect_store_take_over(long long id, long long agency_id, const struct actor *actor,
                                          enum neglect_take_over_refusal *refusal) HAVEN_MUST_CHECK;

/* Loads the built-in demo tool (data/neglect/tool-demo.json) as the first version. */
enum haven_status neglect_load_demo(void) HAVEN_MUST_CHECK;

#endif
