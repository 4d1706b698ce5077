/*
 * store.h (contextual) — the contextual safeguarding area's queries:
 * missing episodes (saved idempotently on the police reference, the child
 * matched to the register), their returns and return home interviews, the
 * repeat-missing rule's setting, the figures' rows, and what the task list
 * and the chronology gather.
 *
 * Every change is one db_write unit with its audit row. Reads run on the
 * calling thread's read connection.
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_STORE_H
#define HAVEN_AREAS_CONTEXTUAL_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"
#include "router/page.h"

/* The codes of the local authorities that exist (new array, caller frees). */
enum haven_status contextual_la_codes(long long **codes, size_t *count) HAVEN_MUST_CHECK;

/* The local authority areas {code, name}, by name (new array). */
enum haven_status contextual_areas(json_t **out) HAVEN_MUST_CHECK;

/*
 * Saves checked, canonical episodes (episode_check's output, borrowed) in
 * one unit of work. A new reference is inserted, its child matched to the
 * register (one certain match, or no certain and one likely: that child;
 * no candidate at all: a new register record; several: none, with a note
 * saying why), the child's local authority linked, and the row audited as
 * "missing.create". A known reference with the same hash is "unchanged";
 * with another, nothing is saved: HAVEN_ERR_CONFLICT with one {field,
 * message} per such episode in `conflicts` ("episodes[I].police_reference"
 * when `batch`). On HAVEN_OK *results is a new array, in order, of
 * {index, police_reference, id, status: "created"|"unchanged", child_matched}.
 */
enum haven_status contextual_save_episodes(const json_t *episodes, bool batch, const char *source,
                                           const struct actor *actor, json_t **results,
                                           json_t *conflicts) HAVEN_MUST_CHECK;

/*
 * A page of the episodes agency `agency_id` may see (those it reported, and
 * those of children of its area if it is a local authority), newest first,
 * each {id, police_reference, reported_at, returned_at, risk_grading,
 * missing_from, la_name, interview_offered_at, interview_response,
 * interview_completed_at}; *total counted up to PAGE_COUNT_CAP + 1.
 */
enum haven_status contextual_episodes_list(long long agency_id, const struct page *page, json_t **out,
                                           long long *total) HAVEN_MUST_CHECK;

/*
 * One episode with everything the page shows, and in "child_reported" the
 * instants of every episode of its register child (for the repeat rule).
 * HAVEN_ERR_NOT_FOUND if none.
 */
enum haven_status contextual_episode_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The return, recorded once: HAVEN_ERR_CONFLICT if one is recorded already. */
struct missing_return {
	const char *returned_at; /* UTC instant */
	const char *found_where; /* may be NULL */
	int safe_and_well_check; /* 1, 0, or -1 for not said */
};
enum haven_status contextual_record_return(long long id, const struct missing_return *r,
                                           const struct actor *actor) HAVEN_MUST_CHECK;

/* The return home interview as the local authority records it (NULL: not given). */
struct missing_interview {
	const char *offered_at, *response, *completed_at, *interviewer, *push_factors, *pull_factors,
	    *harm_while_missing, *exploitation_indicators, *actions;
};
enum haven_status contextual_record_interview(long long id, const struct missing_interview *in,
                                              const struct actor *actor) HAVEN_MUST_CHECK;

/* The repeat-missing rule: this many episodes within this many days. */
enum haven_status contextual_repeat_rule(int *episodes, int *days) HAVEN_MUST_CHECK;
enum haven_status contextual_set_repeat_rule(int episodes, int days,
                                             const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The episodes reported in [from, to) (UTC instants), each {id, la_name,
 * reported_at, returned_at, child_id, interview_offered_at,
 * interview_completed_at, placing_not_told (a placing authority named and
 * not recorded as told)}, and in *history every episode of those children
 * {child_id, reported_at} for the repeat rule (both new arrays). With
 * `force_id` (a police agency; 0: every episode) only the episodes that force
 * reported, in both: a force's figures are its own episodes'.
 */
enum haven_status contextual_figure_rows(long long force_id, const char *from, const char *to, json_t **rows,
                                         json_t **history) HAVEN_MUST_CHECK;

/*
 * The episodes waiting for agency `agency_id`'s return home interview (a
 * local authority's children returned, the interview neither completed nor
 * declined): {id, returned_at, interview_offered_at}, oldest return first.
 */
enum haven_status contextual_interviews_waiting(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* Whom and when a child's placing authority was told (YYYY-MM-DD; who told it, as free text). */
struct placing_told {
	const char *told_on, *told_by;
};
/*
 * Records that episode `id`'s placing authority was told; audited
 * "missing.placing_told" on the episode. HAVEN_ERR_CONFLICT if it was
 * recorded already or the episode names no placing authority.
 */
enum haven_status contextual_record_placing_told(long long id, const struct placing_told *t,
                                                 const struct actor *actor) HAVEN_MUST_CHECK;
/* The episodes of children agency `agency_id` (a local authority) placed, not yet recorded as told
 * {id, reported_at}, oldest first. */
enum haven_status contextual_placed_children_missing(long long agency_id, json_t **out) HAVEN_MUST_CHECK;
/*
 * Every episode {id, child_id, reported_at, ours, answered} of each register
 * child with an episode in agency `agency_id`'s area (a local authority),
 * by child and in report order: `ours` whether it is the area's, `answered`
 * whether a strategy discussion was held on or after its report.
 */
enum haven_status contextual_strategy_candidates(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* ---- strategy discussions prompted by the repeat-missing rule (strategy_sqlite.c) ---- */

struct strategy_discussion {
	const char *held_on, *decision, *next_steps; /* YYYY-MM-DD; both texts required */
	const json_t *agencies;                      /* the ids of the agencies present (borrowed) */
};
/*
 * Records a strategy discussion prompted by episode `episode_id`, about its
 * register child, with the agencies present; audited "missing.strategy" on
 * the episode. HAVEN_ERR_NOT_FOUND if there is no such episode.
 */
enum haven_status contextual_strategy_add(long long episode_id, const struct strategy_discussion *d,
                                          const struct actor *actor, long long *id) HAVEN_MUST_CHECK;
/* The discussions answering episode `episode_id`'s prompt (about its child, or it if unmatched, held on or
 * after its report) {id, episode_id, held_on, decision, next_steps, agency_name, agencies_present}. */
enum haven_status contextual_strategy_for_episode(long long episode_id, json_t **out) HAVEN_MUST_CHECK;

/* ---- the exploitation screening tool and screenings (screening_sqlite.c) ---- */

/*
 * Publishes a checked tool document (tool_check) as a new version;
 * `actor->user_id` 0 for the command line. HAVEN_ERR_CONFLICT if its
 * version string is already used. Audited "exploitation_tool.publish" on
 * "exploitation_tool_version" (app/document_versions.h).
 */
enum haven_status contextual_tool_publish(const json_t *document, const struct actor *actor,
                                          long long *id) HAVEN_MUST_CHECK;

/* The version `id` (0: the current, last published): its id and parsed document. HAVEN_ERR_NOT_FOUND if none.
 */
enum haven_status contextual_tool_get(long long id, long long *out_id, json_t **document) HAVEN_MUST_CHECK;

struct new_screening {
	long long child_id, tool_id;
	const json_t *indicators; /* the ticked ids (borrowed) */
	int score;
	const char *rule_level, *judgement, *reasons; /* reasons may be NULL */
	const char *screened_on, *review_by;          /* YYYY-MM-DD */
};

/* Records a screening; audited "screening.create" on the new exploitation_screening. */
enum haven_status contextual_screening_add(const struct new_screening *s, const struct actor *actor,
                                           long long *id) HAVEN_MUST_CHECK;

/* One screening {id, child_id, version, tool_id, indicators (array), score, rule_level, judgement,
 * reasons, screened_on, review_by, agency_name, user_name}; HAVEN_ERR_NOT_FOUND if none. */
enum haven_status contextual_screening_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The child {id, given_name, family_name, date_of_birth} and their screenings, oldest first. */
enum haven_status contextual_child_screenings(long long child_id, json_t **child,
                                              json_t **screenings) HAVEN_MUST_CHECK;

/*
 * The screenings agency `agency_id` made that are each child's latest and
 * due for review by `by` (YYYY-MM-DD): {id, child_id, review_by}.
 */
enum haven_status contextual_reviews_due(long long agency_id, const char *by, json_t **out) HAVEN_MUST_CHECK;

/*
 * What the annual report publishes about exploitation in [from, to]
 * (YYYY-MM-DD): one row {screened_low, screened_medium, screened_high (the
 * screenings made in it, by the risk judged), nrm_referred (referrals made),
 * reasonable_positive, reasonable_negative, conclusive_positive,
 * conclusive_negative (decisions made in it), mace_level1, mace_level2
 * (MACE meetings held)}.
 */
enum haven_status contextual_exploitation_counts(const char *from, const char *to,
                                                 json_t **out) HAVEN_MUST_CHECK;

/* ---- National Referral Mechanism referrals (nrm_sqlite.c) ---- */

/* A referral, or its decisions (NULL dates for a pending decision). */
struct nrm_referral {
	long long child_id;
	const char *referred_on, *first_responder;
	const char *reasonable_grounds, *reasonable_grounds_on, *conclusive_grounds, *conclusive_grounds_on;
	/* contextual_nrm_decide only: the audit row's reason (a decision made changed: the reason given and
	 * each change's before -> after values, which the referral no longer holds), or NULL */
	const char *change_reason;
	/* contextual_nrm_decide only: the decisions the change was checked against; should the referral's
	 * differ by then, nothing is changed (HAVEN_ERR_CONFLICT) */
	const struct nrm_referral *was;
};

/* Records a referral; audited "nrm.create" on the new nrm_referral. */
enum haven_status contextual_nrm_add(const struct nrm_referral *r, const struct actor *actor,
                                     long long *id) HAVEN_MUST_CHECK;

/* Records the decisions on referral `id` (child_id, referred_on and first_responder unused), if its
 * decisions are still r->was's (else HAVEN_ERR_CONFLICT, nothing changed); audited "nrm.update" with
 * r->change_reason as the row's reason. */
enum haven_status contextual_nrm_decide(long long id, const struct nrm_referral *r,
                                        const struct actor *actor) HAVEN_MUST_CHECK;

/* One referral {id, child_id, given_name, family_name, referred_on, first_responder, reasonable_grounds,
 * reasonable_grounds_on, conclusive_grounds, conclusive_grounds_on, agency_name}; HAVEN_ERR_NOT_FOUND if
 * none. */
enum haven_status contextual_nrm_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* Child `child_id`'s referrals, oldest first, as contextual_nrm_get gives each. */
enum haven_status contextual_child_nrm(long long child_id, json_t **out) HAVEN_MUST_CHECK;

/* ---- transition to adult services (nrm_sqlite.c, beside the other records of a young person) ---- */

struct adult_transition {
	long long child_id;
	const char *transferred_on, *adult_service, *notes; /* notes may be NULL */
};

/* Records a young person's move to adult services; audited "transition.create" on the child. */
enum haven_status contextual_transition_add(const struct adult_transition *t,
                                            const struct actor *actor) HAVEN_MUST_CHECK;

/* Child `child_id`'s transitions {id, transferred_on, adult_service, notes, agency_name}, oldest first. */
enum haven_status contextual_child_transitions(long long child_id, json_t **out) HAVEN_MUST_CHECK;

/* ---- contexts: places, peer groups, persons of concern (contexts_sqlite.c) ---- */

struct new_context {
	const char *kind;                                      /* "place", "group" or "person" */
	const char *name, *place_kind, *address, *description; /* all but name may be NULL */
};
/* Records a context; audited "context.create" (or "person.create" on a person_of_concern). */
enum haven_status contextual_context_add(const struct new_context *c, const struct actor *actor,
                                         long long *id) HAVEN_MUST_CHECK;

/* A child linked to a context: the nature of the link and where it came from. */
struct context_link {
	long long child_id;
	const char *nature, *source;
};
/*
 * The changes to a context below take `shown`: the children the API's answer (the context's page as it
 * stands after the change) shows the reader, for the change's audit row; a context names none of its own,
 * since each viewer sees only the children their agency works with. NULL or none for a browser, sent on to
 * the page, whose read names them.
 */
struct audit_shown; /* auth/audit.h */

/* Links a child to context `id`, audited on the child; HAVEN_ERR_CONFLICT if linked already. */
enum haven_status contextual_context_link(long long id, const struct context_link *link,
                                          const struct audit_shown *shown,
                                          const struct actor *actor) HAVEN_MUST_CHECK;

/* Disruption activity against a person or place (ended_on and outcome may be NULL). */
struct disruption {
	const char *kind, *started_on, *ended_on, *outcome;
};
/* Records it, audited "context.disrupt" (or "person.disrupt") on the context. */
enum haven_status contextual_disruption_add(long long id, const struct disruption *d,
                                            const struct audit_shown *shown,
                                            const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Corrects context `id`'s details (`c`'s kind unused) with `reason`, keeping
 * what they were; audited "context.edit" (or "person.edit"). Ends it with
 * `reason` (contextual_context_end; audited "context.end" or "person.end"):
 * it drops out of networks and agendas, its page and history stay.
 * HAVEN_ERR_CONFLICT if it has ended already, NOT_FOUND if none.
 */
enum haven_status contextual_context_edit(long long id, const struct new_context *c, const char *reason,
                                          const struct audit_shown *shown,
                                          const struct actor *actor) HAVEN_MUST_CHECK;
enum haven_status contextual_context_end(long long id, const char *reason, const struct audit_shown *shown,
                                         const struct actor *actor) HAVEN_MUST_CHECK;
/*
 * Reopens context `id`, ended by mistake or current again, with `reason`
 * (kept as a "reopened" change with what it was; audited "context.reopen"
 * or "person.reopen"). HAVEN_ERR_CONFLICT if it is current, NOT_FOUND if none.
 */
enum haven_status contextual_context_reopen(long long id, const char *reason, const struct audit_shown *shown,
                                            const struct actor *actor) HAVEN_MUST_CHECK;
/*
 * Changes the nature and source of context `id`'s current link to
 * link->child_id, or ends it when link->nature is NULL, with `reason`,
 * keeping what it was; audited on the child ("context.link_change",
 * "context.link_end", or "person.…"). NOT_FOUND if there is no current link,
 * CONFLICT if the context has ended. Linking the child again reopens it.
 */
enum haven_status contextual_link_change(long long id, const struct context_link *link, const char *reason,
                                         const struct audit_shown *shown,
                                         const struct actor *actor) HAVEN_MUST_CHECK;
/* Context `id`'s changes, newest first {id, change, child_id, given_name, family_name, was_name,
 * was_place_kind, was_address, was_description, was_nature, was_source, reason, changed_at, agency_name};
 * a link's only if agency `agency_id` works with its child. */
enum haven_status contextual_context_history(long long id, long long agency_id,
                                             json_t **out) HAVEN_MUST_CHECK;

/* A page of the persons of concern (`persons`) or of the places and groups, newest first, each
 * {id, kind, name, place_kind, address, description, created_at, agency_name, links}. */
enum haven_status contextual_contexts_list(bool persons, const struct page *page, json_t **out,
                                           long long *total) HAVEN_MUST_CHECK;
/* One context as the list gives it (with ended_at and ended_reason), if it is a person (`persons`) or a place
 * or group; else NOT_FOUND. */
enum haven_status contextual_context_get(long long id, bool persons, json_t **out) HAVEN_MUST_CHECK;
/* The children linked to context `id` whom agency `agency_id` works with:
 * {child_id, given_name, family_name, nature, source, created_at}. */
enum haven_status contextual_context_children(long long id, long long agency_id,
                                              json_t **out) HAVEN_MUST_CHECK;
/* The contexts child `child_id` is linked to {id, kind, name, nature, source}, persons only if
 * `with_persons`. */
enum haven_status contextual_child_contexts(long long child_id, bool with_persons,
                                            json_t **out) HAVEN_MUST_CHECK;
/* The disruption activity against context `id` {id, kind, started_on, ended_on, outcome, agency_name}. */
enum haven_status contextual_disruptions(long long id, json_t **out) HAVEN_MUST_CHECK;

/* ---- MACE meetings (mace_sqlite.c) ---- */

/*
 * Sets up a MACE meeting at `level` (1: children; 2: persons of concern and
 * places) on `held_on` (YYYY-MM-DD), its agenda built from the data in the
 * same unit: at level 1 the children whose latest screening was judged high
 * risk, those screened since the last level 1 meeting was set up, and those
 * missing as often as the repeat-missing rule says; at level 2 the places and
 * persons with most children linked. Audited "mace.create" on the mace_meeting.
 */
enum haven_status contextual_mace_add(int level, const char *held_on, const struct actor *actor,
                                      long long *id) HAVEN_MUST_CHECK;

/*
 * Records agency `agency_id` as "present" or "apologies" at meeting `id` (again: the latest stands);
 * audited "mace.update" on the meeting, naming `shown`: the children on its agenda the API's answer (the
 * meeting's page) shows the reader, since a meeting names none of its own (each viewer sees only the
 * children their agency works with). NULL or none for a browser, sent on to the page, whose read names them.
 */
enum haven_status contextual_mace_attend(long long id, long long agency_id, const char *attendance,
                                         const struct audit_shown *shown,
                                         const struct actor *actor) HAVEN_MUST_CHECK;

/* A decision of a meeting and the action following it, owned by an agency, due on a day. */
struct mace_action {
	const char *decision, *action, *due_on;
	long long owner_agency_id;
};
/* Records a decision and its action (open) at meeting `id`; audited "mace.update" on the mace_action, naming
 * `shown` as contextual_mace_attend does (the API answers with the meeting's page). */
enum haven_status contextual_mace_action_add(long long id, const struct mace_action *action,
                                             const struct audit_shown *shown,
                                             const struct actor *actor) HAVEN_MUST_CHECK;
/* Sets action `action_id`'s status ("open", "done", "dropped"); audited "mace.action.update". */
enum haven_status contextual_mace_action_status(long long action_id, const char *status,
                                                const struct actor *actor) HAVEN_MUST_CHECK;

/* A page of the meetings (level 2 ones only if `with_level2`), newest first, each {id, level, held_on,
 * created_at, agency_name, agenda_items, open_actions}. */
enum haven_status contextual_mace_list(bool with_level2, const struct page *page, json_t **out,
                                       long long *total) HAVEN_MUST_CHECK;
/* Meeting `id` as the list gives it, its attendance {agency_id, agency_name, attendance} and its actions
 * {id, decision, action, owner_agency_id, owner_name, due_on, status, updated_at}; NOT_FOUND if none. */
enum haven_status contextual_mace_get(long long id, json_t **meeting, json_t **attendance,
                                      json_t **actions) HAVEN_MUST_CHECK;
/* Meeting `id`'s agenda {item_id, reason, child_id, given_name, family_name, context_id, kind, name, detail}:
 * the children agency `agency_id` works with, and the contexts; *hidden counts the other children. */
enum haven_status contextual_mace_agenda(long long id, long long agency_id, json_t **items,
                                         long long *hidden) HAVEN_MUST_CHECK;
/* One action {id, meeting_id, level, decision, action, owner_agency_id, due_on, status}; NOT_FOUND if none.
 */
enum haven_status contextual_mace_action_get(long long action_id, json_t **out) HAVEN_MUST_CHECK;
/* The agencies an action may be owned by or attend {id, name, type}: every one but the partnership's own. */
enum haven_status contextual_mace_agencies(json_t **out) HAVEN_MUST_CHECK;
/* The open actions agency `agency_id` owns (level 2 meetings' only if `with_level2`) {id, meeting_id,
 * due_on}, soonest first, at most 200. */
enum haven_status contextual_mace_actions_due(long long agency_id, bool with_level2,
                                              json_t **out) HAVEN_MUST_CHECK;

/* Loads the demo contexts, links, disruption, a level 2 and a level 1 MACE meeting with their agendas, a
 * screening and an NRM referral (demo.sql), after publishing the demo screening tool. */
enum haven_status contextual_load_demo(void) HAVEN_MUST_CHECK;

/* Publishes the built-in demo screening tool (data/contextual/tool-demo.json) as the first version. */
enum haven_status contextual_load_demo_tool(void) HAVEN_MUST_CHECK;

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type contextual_records[];

#endif
