/*
 * store.h (assurance) — the quality assurance area's tables (migration
 * 0080): published standards, cycles, each agency's return, its scores and
 * their moderation. Every change writes its audit row in its own unit of
 * work. Dates are "YYYY-MM-DD" in England; the caller says what today is.
 */
#ifndef HAVEN_ASSURANCE_STORE_H
#define HAVEN_ASSURANCE_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"

/* The record types it holds: a return ("qa_return"), related to its own agency only (and, as
 * "qa_return_to_complete", the record scored and submitted, to a school's DSL only for a Section
 * 175/157 audit), and a case audit ("qa_case_audit", case_audits.h), related to the people named for
 * it only. */
extern const struct record_type assurance_records[];

/*
 * Publishes a checked standards document (standards.h) as a new version;
 * actor NULL for the command line. HAVEN_ERR_CONFLICT if its kind already
 * has that version.
 */
enum haven_status assurance_publish(const json_t *doc, const struct actor *actor,
                                    long long *id) HAVEN_MUST_CHECK;

/* The demo's cycles, returns and case audit (demo.sql), once its standards are published. */
enum haven_status assurance_load_demo_rows(void) HAVEN_MUST_CHECK;

/* Every published standards set, newest first: [{id, kind, version, title, published_at}]. */
enum haven_status assurance_standard_sets(json_t **out) HAVEN_MUST_CHECK;

struct assurance_new_cycle {
	long long standard_set_id;
	const char *title, *opens_on, *returns_due_on;
	/* England's today, and whether the user is sure of a return date before it (assurance_cycle_open) */
	const char *today;
	bool past_confirmed;
};

/*
 * Opens a cycle and makes a return for every agency that must make one:
 * for Section 11, every agency but schools, colleges, early years settings
 * and the partnership itself; for Section 175/157, every school and
 * college. HAVEN_ERR_NOT_FOUND if the standards set does not exist.
 * HAVEN_ERR_CONFLICT, nothing saved, if a cycle of the same kind (any
 * version of its standards) has a period (opens_on to returns_due_on, both
 * included) that overlaps this one's: *clash is then that cycle, {id,
 * title, opens_on, returns_due_on}, the caller's to free. Then, a return
 * date before `today` not `past_confirmed` is HAVEN_ERR_INVALID, nothing
 * saved: every agency's return would be overdue at once, so the caller asks
 * whether the user is sure (a cycle refused anyway is refused first: nothing
 * to be sure of).
 */
enum haven_status assurance_cycle_open(const struct assurance_new_cycle *c, const struct actor *actor,
                                       long long *id, json_t **clash) HAVEN_MUST_CHECK;

/*
 * Every cycle, newest return date first, with its counts as of `today`:
 * [{id, title, kind, version, opens_on, returns_due_on, returns, submitted, late, overdue}].
 */
enum haven_status assurance_cycles(const char *today, json_t **out) HAVEN_MUST_CHECK;

/*
 * Every agency that should make a return, once for each kind it makes (the same rule as a cycle's
 * opening: Section 11 for agencies other than schools, colleges, early years settings and the partnership;
 * Section 175/157 for schools and colleges), with its last submitted return of that kind:
 * [{agency_id, agency_name, kind, last_submitted_on (NULL: never), and its return in its newest cycle of
 * the kind: newest_cycle_id, newest_cycle_title, newest_due_on, newest_submitted (0 or 1; all NULL if it
 * has none)}], by agency name then kind.
 */
enum haven_status assurance_audits_due(json_t **out) HAVEN_MUST_CHECK;

/* ---- the partnership's settings (migration 0197) ---- */

/* How often each kind is audited, in whole months (rules.h; 24 and 12 until changed). */
struct assurance_intervals {
	int section11_months, section175_months;
};

/* The partnership's audit intervals, for the cycles page's next-due dates. */
enum haven_status assurance_intervals(struct assurance_intervals *out) HAVEN_MUST_CHECK;

/* The same for the settings page and API: {section11_months, section175_months}. */
enum haven_status assurance_settings(json_t **out) HAVEN_MUST_CHECK;

/* Sets both intervals (each ASSURANCE_MONTHS_MIN to _MAX, else HAVEN_ERR_INVALID), audited "qa.settings"
 * with the new values. The next-due dates follow at once; no return or cycle changes. */
enum haven_status assurance_set_intervals(const struct assurance_intervals *in,
                                          const struct actor *actor) HAVEN_MUST_CHECK;

/* One cycle with its standards document parsed ("standards") and the name of who moderates its returns
 * ("moderator": who opened it, while active in the partnership team; else null, the whole team);
 * HAVEN_ERR_NOT_FOUND if none. */
enum haven_status assurance_cycle_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * A cycle's returns by agency name: [{id, agency, agency_type, la, submitted_on, scored, questions_waiting,
 * questions_answered (the partnership's questions on it, not answered and answered), has_dsl,
 * has_lead, has_account}]: has_dsl whether the agency has an account, not disabled, holding the dsl role
 * (who completes a school's Section 175/157 return); has_lead whether it has one holding dsl or agency_admin
 * (who get the cycle's emails, and an agency administrator can add a DSL); has_account whether it has any
 * account not disabled.
 */
enum haven_status assurance_cycle_returns(long long cycle_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * One return with its cycle: {id, cycle_id, agency_id, agency, submitted_on,
 * governor_name, governor_signed_on, title, kind, opens_on, returns_due_on,
 * standards (the parsed document)}; HAVEN_ERR_NOT_FOUND if none.
 */
enum haven_status assurance_return_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* A return's scores: [{standard_id, score, evidence, moderated_score, moderation_reason}]. */
enum haven_status assurance_return_scores(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The records of return `id`'s standards that its evidence documents are attached to (record type
 * "qa_return_standard", migration 0086): [{id, standard_id}]. */
enum haven_status assurance_return_standards(long long id, json_t **out) HAVEN_MUST_CHECK;

/* One such record: {id, return_id, standard_id}; HAVEN_ERR_NOT_FOUND if none. */
enum haven_status assurance_return_standard_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* An agency's returns, newest cycle first: [{id, cycle_id, title, kind, opens_on, returns_due_on,
 * submitted_on}]. */
enum haven_status assurance_agency_returns(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* Saves a draft score and evidence for one standard; HAVEN_ERR_CONFLICT once the return is submitted. */
enum haven_status assurance_score_save(long long return_id, const char *standard_id, const char *score,
                                       const char *evidence, const struct actor *actor) HAVEN_MUST_CHECK;

struct assurance_submission {
	long long return_id;
	const char *today;
	long long standards; /* how many standards the cycle has: each must be scored */
	const char *governor_name, *governor_signed_on; /* NULL for Section 11 */
};

/*
 * Submits a return once. HAVEN_ERR_CONFLICT if it was already submitted,
 * HAVEN_ERR_INVALID if a standard is not scored (checked in the unit, so a
 * score cannot be taken away between the check and the submission).
 */
enum haven_status assurance_return_submit(const struct assurance_submission *s,
                                          const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The partnership's moderated score for one standard of a submitted return,
 * with its reason (NULL: the agency's own score kept, which needs none). HAVEN_ERR_CONFLICT if the return is
 * not submitted, HAVEN_ERR_NOT_FOUND if the standard has no score.
 */
enum haven_status assurance_moderate(long long return_id, const char *standard_id, const char *score,
                                     const char *reason, const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The partnership confirms the moderation of submitted return `return_id`: each score not yet moderated
 * is agreed as the agency gave it (its moderated score the same, with no reason), audited
 * (qa.moderation_confirm); so the return leaves the work list's "Moderate". HAVEN_ERR_CONFLICT for a
 * draft.
 */
enum haven_status assurance_moderation_confirm(long long return_id,
                                               const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * A cycle's scores for its results, one row per return and standard scored:
 * [{return_id, agency_id, agency, la, submitted_on, standard_id, score, moderated_score}],
 * by agency name. Returns not submitted are left out.
 */
enum haven_status assurance_results(long long cycle_id, json_t **out) HAVEN_MUST_CHECK;

/* The cycle of the same kind before `cycle_id` (by return date): its id, or HAVEN_ERR_NOT_FOUND for the
 * first. */
enum haven_status assurance_previous_cycle(long long cycle_id, long long *previous) HAVEN_MUST_CHECK;

/* What waits for an agency: its open cycles' unsubmitted returns [{id, title, returns_due_on}]. */
enum haven_status assurance_returns_due(long long agency_id, const char *today,
                                        json_t **out) HAVEN_MUST_CHECK;

/*
 * Submitted returns with a score not yet moderated: [{id, title, agency, submitted_on, moderator_id}].
 * moderator_id is who moderates the return's cycle: the partnership team member who opened it, while
 * their account is not disabled and holds the partnership role; else null (the cycle has nobody of its
 * own, so everyone the rule lets moderate does).
 */
enum haven_status assurance_returns_to_moderate(json_t **out) HAVEN_MUST_CHECK;

/* ---- challenge events and action plans (once a return is submitted) ---- */

/* Asks the agency a question about its return; HAVEN_ERR_CONFLICT if the return is not submitted. */
enum haven_status assurance_challenge_ask(long long return_id, const char *question, const char *today,
                                          const struct actor *actor, long long *id) HAVEN_MUST_CHECK;

/*
 * The agency's answer to question `challenge_id` of return `return_id`:
 * HAVEN_ERR_NOT_FOUND if the return has no such question, HAVEN_ERR_CONFLICT
 * if it is answered already (an answer is given once, as a record of the event).
 */
enum haven_status assurance_challenge_answer(long long return_id, long long challenge_id, const char *answer,
                                             const char *today, const struct actor *actor) HAVEN_MUST_CHECK;

/* A return's questions in the order asked: [{id, question, asked_on, answer, answered_on}]. */
enum haven_status assurance_challenges(long long return_id, json_t **out) HAVEN_MUST_CHECK;

/* The partnership's questions agency `agency_id` has not answered, oldest first, for its work list:
 * [{id, return_id, asked_on, title (the cycle's)}]. */
enum haven_status assurance_questions_due(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

struct assurance_new_action {
	long long return_id;
	const char *standard_id, *action, *owner, *due_on;
};

/* Adds an action to a submitted return's plan; HAVEN_ERR_CONFLICT if the return is not submitted. */
enum haven_status assurance_action_add(const struct assurance_new_action *a, const struct actor *actor,
                                       long long *id) HAVEN_MUST_CHECK;

struct assurance_action_update {
	long long return_id, action_id;
	const char *status, *completion_evidence, *impact_evidence; /* evidence NULL: kept as it is */
	const char *completed_on;                                   /* NULL unless complete */
};

/* Updates an action of return `return_id`; HAVEN_ERR_NOT_FOUND if the return has no such action. */
enum haven_status assurance_action_update(const struct assurance_action_update *u,
                                          const struct actor *actor) HAVEN_MUST_CHECK;

/* A return's actions by standard: [{id, standard_id, action, owner, due_on, status, completion_evidence,
 * impact_evidence, completed_on}]. */
enum haven_status assurance_actions(long long return_id, json_t **out) HAVEN_MUST_CHECK;

/* An agency's actions not complete, soonest due first: [{id, return_id, action, due_on}]. */
enum haven_status assurance_actions_due(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Queues, in one unit of work, at most `limit` returns' emails of one kind
 * (the job's, jobs.c) to the people of each agency who lead on it (its DSLs
 * and agency administrators, not disabled), marking each return so it is
 * emailed once. A Section 175/157 return's email says when the school has no
 * DSL on Haven (only a DSL completes it, so its administrator should add
 * one); a school with neither, or a Section 11 agency with neither, is
 * told to the partnership team (every account holding the partnership
 * role, not disabled) instead, once per cycle (qa_cycle_no_lead_told,
 * migration 0197; "assurance/no-lead" or "assurance/no-lead-agency": fixed
 * words and the cycle's link):
 *   reminder  not submitted, its cycle open, due from `today` to `until`;
 *             one per return.
 *   overdue   not submitted and due before `today`, not chased since
 *             `chased_after` (exclusive): once a week while overdue.
 * *queued is how many returns were emailed (fewer than limit: no more due).
 */
enum haven_status assurance_queue_reminders(const char *today, const char *until, int limit,
                                            int *queued) HAVEN_MUST_CHECK;
enum haven_status assurance_queue_overdue(const char *today, const char *chased_after, int limit,
                                          int *queued) HAVEN_MUST_CHECK;

#endif
