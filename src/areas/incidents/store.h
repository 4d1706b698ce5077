/*
 * store.h (incidents) — the incidents area's queries: saving incidents
 * (idempotent on the police reference), matching their children to the
 * children register and a setting, creating the Operation Encompass
 * notifications with their deadlines and the Key Adults' emails, the
 * resolution queue, and school term dates.
 *
 * Every change is one db_write unit with its audit rows, so an incident, its
 * matches, its notifications and their emails commit together or not at all.
 * Reads run on the calling thread's read connection.
 */
#ifndef HAVEN_AREAS_INCIDENTS_STORE_H
#define HAVEN_AREAS_INCIDENTS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/check_errors.h"
#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"
#include "router/page.h"

/* The areas an incident may be in, by code: `codes` a new array the caller frees. */
struct incidents_la_codes {
	long long *codes;
	size_t count;
	bool limited; /* the sender serves some of the partnership's areas, not all */
};

/*
 * The codes of the local authorities an incident sent by agency `sender_agency_id` may be in (0: no sending
 * agency, every one): the areas the partnership set on the agency (its one, or several), or all of them when
 * it serves the whole partnership. A force is not sent another force's work by a mistyped code.
 */
enum haven_status incidents_la_codes(long long sender_agency_id,
                                     struct incidents_la_codes *out) HAVEN_MUST_CHECK;

/*
 * The content hash of the incident already received from force `force_id`
 * (the sending police agency; 0 for none) with `reference` (written into
 * hash, CHECK_HASH_SIZE bytes), or HAVEN_ERR_NOT_FOUND: a reference is
 * unique per force, so another force's incident with the same reference is
 * not this one. An incident imported before the import named its force (it
 * has none) is found too when the force has none of its own with that
 * reference, but only with the same `content_hash` (the incident as sent):
 * then it is the same incident, the force's to claim (see incidents_save);
 * with other details it is another force's, whose reference neither blocks
 * nor is told to this one. A read: the writer checks again inside its unit
 * of work.
 */
enum haven_status incidents_known_hash(long long force_id, const char *reference, const char *content_hash,
                                       char hash[CHECK_HASH_SIZE]) HAVEN_MUST_CHECK;

/* The local authority areas {code, name} an incident from agency `sender_agency_id` may be in
 * (incidents_la_codes), by name (new array): the form's choice. */
enum haven_status incidents_areas(long long sender_agency_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Saves a batch of checked, canonical incidents (incident_check's output;
 * borrowed) in one unit of work: each whose police reference is new is
 * inserted with its adults and children (sent by actor->agency_id, the
 * police force, whether its officer sent them or `haven import incidents
 * --force` did), the children matched and notified (see notify_sqlite.c),
 * and audited as `action` ("incident.create" or "incident.import").
 * References are the force's own: an incident whose reference that force
 * already sent with the same content_hash is left alone ("unchanged"). So is
 * one imported before the import named its force (it has none) with that
 * reference and content, which becomes the sending force's in the same unit,
 * audited "incident.claim": the first force to send it again claims it, and
 * another force's same reference is then that force's own incident. If any
 * reference is known (the force's own or forceless) with different content,
 * nothing is saved: HAVEN_ERR_CONFLICT, with one
 * {field, message} per such incident appended to `conflicts` (fields
 * "FIELD_PREFIXpolice_reference" where the prefix is "incidents[I]." when
 * `batch`, else ""). On HAVEN_OK *results is a new array, in the batch's
 * order, of {index, police_reference, id, status: "created"|"unchanged"}.
 * `source` is 'web', 'api' or 'import'; actor->user_id 0 for an import.
 */
enum haven_status incidents_save(const json_t *incidents, bool batch, const char *source, const char *action,
                                 const struct actor *actor, json_t **results,
                                 json_t *conflicts) HAVEN_MUST_CHECK;

/* What the incidents list is narrowed to: NULL fields narrow nothing. */
struct incidents_filter {
	const char *police_reference; /* that one incident (the force's own reference, exactly) */
	const char *risk_level;       /* "standard", "medium" or "high" */
};

/*
 * Whose incidents a person's lists hold (the relationship "da_incident"
 * decides one incident the same way): a police force's own, the ones it
 * sent; a local authority's front door those in its area; anyone else none.
 */
struct incidents_scope {
	long long force_id; /* the police agency: its own incidents; 0 if not police */
	long long la_code;  /* the local authority's code: its area's incidents; 0 if not one */
};

/* The scope of agency `agency_id`'s people (both 0: nothing). */
enum haven_status incidents_scope_of(long long agency_id, struct incidents_scope *scope) HAVEN_MUST_CHECK;

/*
 * A page (router/page.h) of the incidents in `scope`, narrowed by `filter`,
 * newest first, each {id, police_reference, occurred_at, la_name,
 * risk_level, children, unresolved, notifications}; *total (of the narrowed
 * list) counted up to PAGE_COUNT_CAP + 1.
 */
enum haven_status incidents_list(const struct incidents_scope *scope, const struct incidents_filter *filter,
                                 const struct page *page, json_t **out, long long *total) HAVEN_MUST_CHECK;

/*
 * One incident with its adults, its children (each with match status, note,
 * register child, setting and notifications) — HAVEN_ERR_NOT_FOUND if none.
 */
enum haven_status incidents_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * A page of the children waiting in the resolution queue (of the incidents
 * in `scope`), oldest first, each {incident_child_id, incident_id,
 * police_reference, occurred_at, la_name, position, given_name, family_name,
 * date_of_birth, setting_name, setting_urn, match_note}, and in *total how
 * many wait (counted up to PAGE_COUNT_CAP_JOINED + 1). With `page` NULL, only counts.
 */
enum haven_status incidents_unresolved(const struct incidents_scope *scope, const struct page *page,
                                       json_t **out, long long *total) HAVEN_MUST_CHECK;

/*
 * One child of an incident (by position, from 1) with what resolving it
 * needs: the register candidates, the settings of the incident's area, the
 * register child's settings. HAVEN_ERR_NOT_FOUND if there is no such child.
 */
enum haven_status incidents_child_for_resolution(long long incident_id, long long position,
                                                 json_t **out) HAVEN_MUST_CHECK;

/* How a person resolved a child in the queue. */
struct incident_resolution {
	long long incident_id, position;
	long long register_child_id; /* 0: create a register record from the police's details */
	bool home_educated;          /* the notification goes to the local authority */
	long long setting_agency_id; /* 0: the register child's own setting (if it has exactly one) */
};

/*
 * Records that the register children `candidates` ([{id, ...}], as
 * incidents_child_for_resolution gives them) were shown to `actor` on the
 * resolve page: "child.match", one row each, as for any view of a child.
 */
enum haven_status incidents_audit_candidates(const json_t *candidates,
                                             const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Resolves one unresolved child: links it to the register child (or a new
 * one), the setting or home education, creates its notification(s) and
 * emails, and audits "incident.resolve" on that child of the incident
 * (record "da_incident_child", its incident_child_id), so the row names the
 * register child it was matched to and none of the incident's others.
 * HAVEN_ERR_NOT_FOUND (no such child), HAVEN_ERR_CONFLICT (no longer
 * unresolved), or HAVEN_ERR_INVALID with *why (static text, the field in
 * *field) when the register child is not one of the candidates offered for
 * this child (the same answer whether or not such a register child exists)
 * or the setting cannot be worked out.
 */
enum haven_status incidents_resolve(const struct incident_resolution *r, const struct actor *actor,
                                    const char **field, const char **why) HAVEN_MUST_CHECK;

/* A setting's agency id by its URN or by its slug (one of them); HAVEN_ERR_NOT_FOUND if none. */
enum haven_status incidents_setting_by_urn(long long urn, long long *agency_id) HAVEN_MUST_CHECK;
enum haven_status incidents_setting_by_slug(const char *slug, long long *agency_id) HAVEN_MUST_CHECK;

/* School term dates: terms.h. */

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type incidents_records[];

/*
 * The waiting-children job's unit (waiting_sqlite.c): for up to `limit`
 * children still waiting to be matched whose notification's deadline
 * (waiting_due_at) is da_settings.waiting_escalate_minutes away or past,
 * and who have not been escalated, emails the front door of the incident's
 * area and the police who attend it, and records the escalation
 * (da_waiting_escalations) with its audit row ("incident.escalate_waiting",
 * no user) in the one unit. Sets *count to how many were escalated (fewer
 * than `limit`: none are left).
 */
enum haven_status incidents_escalate_waiting(int limit, int *count) HAVEN_MUST_CHECK;

struct store_tx;

/*
 * When the Operation Encompass notification of incident child row
 * `incident_child_id` to agency `agency_id` is due, counted inside the
 * caller's unit of work `tx` as incidents_notify counted it when it was made
 * (notify_sqlite.c: the agency's next school-day start after the incident,
 * with its terms and the partnership's deliver_in_holidays as they are now).
 * For the Encompass area's working_days_changed, which moves the deadlines
 * of notifications not yet acknowledged when the bank holidays change.
 * HAVEN_ERR_NOT_FOUND if there is no such row or agency.
 */
enum haven_status incidents_notification_due_in(struct store_tx *tx, long long incident_child_id,
                                                long long agency_id, int64_t *due) HAVEN_MUST_CHECK;

/*
 * For the Encompass demo's loader only (encompass/demo_sqlite.c), inside its unit of work `tx`: incident
 * `incident_id` happened at `occurred_at` (an instant, "YYYY-MM-DDTHH:MM:SSZ") instead, and the police
 * received it no earlier. Nothing else is counted again: the loader places its notifications after.
 */
enum haven_status incidents_demo_move_incident(struct store_tx *tx, long long incident_id,
                                               const char *occurred_at) HAVEN_MUST_CHECK;

/*
 * This area's working_days_changed (app/area.h): inside the unit of work `tx`
 * that changes the bank holidays, counts again the deadline of every child
 * still waiting to be matched (waiting_due_at), from the incident and the
 * setting the police named, as incidents_match_child counted it, so the
 * waiting job escalates by the new holidays. Children matched or resolved
 * keep theirs. A deadline moved later than the waiting job's lead time from
 * now takes back the child's escalation (da_waiting_escalations), so the job
 * escalates it again as the new deadline nears; audited
 * "incident.waiting_escalation_withdrawn" (no user). The same count for a
 * scope is incidents_school_days_changed (school_days.h).
 */
enum haven_status incidents_recount_waiting_in(struct store_tx *tx) HAVEN_MUST_CHECK;

/*
 * What the Encompass area's settings call, inside the unit of work `tx` that
 * makes waiting_escalate_minutes shorter (from `was` minutes to the value
 * now saved): a child escalated because its deadline was within the old lead
 * time, and is not within the new one from now, has its escalation taken
 * back (da_waiting_escalations), audited "incident.waiting_escalation_withdrawn"
 * (no user) with the new setting as the reason, so the job escalates it again
 * as its deadline nears. The emails sent stay. A lead time made longer needs
 * nothing: the job's next run reads it.
 */
enum haven_status incidents_waiting_lead_changed(struct store_tx *tx, long long was) HAVEN_MUST_CHECK;

/* This area's kinds of event in a child's chronology, ended by {0} (app/chronology.h, chronology_sqlite.c).
 */
extern const struct chronology_kind incidents_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table incidents_subject_access[];

#endif
