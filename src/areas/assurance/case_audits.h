/*
 * case_audits.h (assurance) — multi-agency case audits (issue 19): the
 * partnership chooses a sample of children for a themed audit and names the
 * people who audit it; each agency's auditor records its findings for each
 * child against Haven's audit tool (a grade and three questions); the
 * multi-agency panel grades each child and records the learning, once, and
 * agrees actions. Only the people named for an audit see it (record type
 * "qa_case_audit", in store.h's assurance_records), and of its children
 * only what need to know allows (assurance_case_audit_get): a child's
 * identity only to an agency that works with the child. Every change writes its audit row in its
 * own unit of work.
 */
#ifndef HAVEN_ASSURANCE_CASE_AUDITS_H
#define HAVEN_ASSURANCE_CASE_AUDITS_H

#include <jansson.h>
#include <stdbool.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "core/status.h"

struct assurance_new_case_audit {
	const char *title, *theme;
	const char *findings_due_on; /* by when the named agencies record their findings (YYYY-MM-DD) */
	const json_t *children;      /* child ids (JSON integers) */
	const json_t *auditors;      /* the emails of the people named to audit it */
};

/*
 * Adds to `errors` ({field, item, message}) each of `emails` that is not
 * someone who may audit cases, in the words and by the rule of
 * assurance_case_audit_create: so that the form shown again for other
 * mistakes names these too, at once.
 */
enum haven_status assurance_case_audit_auditors_check(const json_t *emails, json_t *errors);

/*
 * Makes an audit with its sample and the people named (and its maker, who
 * chairs the panel). The sample is the record numbers as given, checked
 * against neither the register nor the agencies that work with each child,
 * so the answer is the same whatever a number is and whoever works with it
 * (need to know: the maker learns nothing of a child from making an audit).
 * HAVEN_ERR_INVALID, with *errors a new array of {field, message} naming
 * each email that is not someone who may audit, and nothing written.
 */
enum haven_status assurance_case_audit_create(const struct assurance_new_case_audit *a,
                                              const struct actor *actor, long long *id,
                                              json_t **errors) HAVEN_MUST_CHECK;

/*
 * The audits `user_id` (of agency `agency_id`) is named for, newest first: [{id, title, theme, created_on,
 * findings_due_on (null for an audit made before it was asked), cases (how many in the sample), cases_known
 * (how many of them the agency works with)}].
 */
enum haven_status assurance_case_audits_of(long long user_id, long long agency_id,
                                           json_t **out) HAVEN_MUST_CHECK;

/*
 * One audit as a viewer of agency `agency_id` may see it: {id, title, theme,
 * created_on, findings_due_on (null for an audit made before it was asked), children: [{id,
 * case_number, known, given_name, family_name, date_of_birth, panel_grade, panel_learning}], findings:
 * [{child_id, agency_id, agency, grade, what_went_well, what_could_be_better, child_voice, recorded_on}],
 * auditors: [{name, email, agency}], actions: [{id, action, owner, due_on, status, completion_evidence?,
 * impact_evidence?, done_on?}]}.
 *
 * Need to know: `case_number` is the child's place in the sample (by record
 * number); `known` is 1 when the agency works with the child (child_links),
 * and only then are the names and date of birth given (else null). The
 * children the agency does not work with are left out unless `every_case`
 * (the panel, who grade every case by its number). A case may be a number
 * not on the register (never known). HAVEN_ERR_NOT_FOUND if there is no
 * such audit.
 */
enum haven_status assurance_case_audit_get(long long id, long long agency_id, bool every_case,
                                           json_t **out) HAVEN_MUST_CHECK;

struct assurance_case_finding {
	long long audit_id, child_id;
	const char *grade, *what_went_well, *what_could_be_better, *child_voice;
};

/*
 * Records (or replaces) the actor's agency's findings for one child of the
 * audit: HAVEN_ERR_NOT_FOUND if the child is not in its sample or the
 * actor's agency does not work with the child (it answers for its own work),
 * HAVEN_ERR_CONFLICT once the panel has graded the child.
 */
enum haven_status assurance_case_audit_finding(const struct assurance_case_finding *f,
                                               const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Moves the date by which the named agencies record their findings to
 * `findings_due_on` (its findings tasks' due date): HAVEN_ERR_NOT_FOUND if
 * there is no such audit. Whatever the agencies have answered: a refusal
 * once none was left to chase (once a 409) told a panel that may not
 * identify a case whether an agency working with it had yet to answer.
 */
enum haven_status assurance_case_audit_findings_due_set(long long audit_id, const char *findings_due_on,
                                                        const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The panel's grade and learning for one child, given once: HAVEN_ERR_NOT_FOUND
 * if the child is not in the sample, HAVEN_ERR_CONFLICT if it is graded
 * already, HAVEN_ERR_INVALID if no agency has recorded its findings yet.
 */
enum haven_status assurance_case_audit_grade(long long audit_id, long long child_id, const char *grade,
                                             const char *learning,
                                             const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * An action the panel agrees from the audit, owned by `owner_email`, who must
 * be one of the people named for it (HAVEN_ERR_INVALID otherwise, nothing
 * written); it starts open.
 */
enum haven_status assurance_case_audit_action(long long audit_id, const char *action, const char *owner_email,
                                              const char *due_on, const struct actor *actor,
                                              long long *id) HAVEN_MUST_CHECK;

/* One action of the audit: {id, audit_id, audit_title, action, owner, due_on, status,
 * completion_evidence?, impact_evidence?, done_on?}; HAVEN_ERR_NOT_FOUND if the audit has no such action. */
enum haven_status assurance_case_audit_action_get(long long audit_id, long long action_id,
                                                  json_t **out) HAVEN_MUST_CHECK;

struct assurance_case_action_update {
	long long audit_id, action_id;
	const char *status;                                /* open, in_progress or done */
	const char *completion_evidence, *impact_evidence; /* may be NULL */
	const char *done_on;                               /* today for done, else NULL */
};

/* The owner's change of an action's status and evidence: HAVEN_ERR_NOT_FOUND if the audit has no such
 * action. */
enum haven_status assurance_case_audit_action_update(const struct assurance_case_action_update *u,
                                                     const struct actor *actor) HAVEN_MUST_CHECK;

/* The actions `user_id` owns that are not done, soonest first: [{id, audit_id, title, due_on}]. */
enum haven_status assurance_case_audit_actions_due(long long user_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * What waits for `user_id` (of agency `agency_id`) in the audits they are
 * named for, one row per child not yet graded by the panel:
 * [{audit_id, child_id, title, case_number (its number in the audit, as its page says "Case 2"),
 * findings_due_on (the audit's, null if it has none: the findings tasks' due date)}].
 * `findings_due`: the children their agency
 * works with and has not recorded its findings for; `grading_due`: the children with some
 * agency's findings, waiting for the panel (the caller keeps the rows the
 * policy lets the user act on).
 */
enum haven_status assurance_case_audit_findings_due(long long user_id, long long agency_id,
                                                    json_t **out) HAVEN_MUST_CHECK;
enum haven_status assurance_case_audit_grading_due(long long user_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * A child's case audits in its chronology (app/chronology.h): one event
 * each time the panel completed an audit of the child's case, with its
 * grade, shown only to whom the policy lets read the audit.
 */
extern const struct chronology_kind assurance_case_audit_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table assurance_subject_access[];

#endif
