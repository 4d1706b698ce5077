/*
 * store.h (support) — requests for support to a local authority's front
 * door (table support_requests, migration 0015): making one from a
 * levels-of-need assessment (threshold_assessments, 0014), the front door's
 * queue, the referrer's list, one request, and the decision.
 *
 * Each change is one db_write unit that writes its audit row too, so both
 * commit or neither: a new request with its child (when new) and the
 * child_links that let the referrer's agency and the front door see the
 * child; a decision with its email to the referrer (the outbox, no
 * personal data). Instants are UTC "YYYY-MM-DDTHH:MM:SSZ" (rules.h).
 * Reads run on the calling thread's read-only connection.
 */
#ifndef HAVEN_AREAS_SUPPORT_STORE_H
#define HAVEN_AREAS_SUPPORT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"
#include "router/page.h"

/*
 * Assessment `id` with what the form shows of it: {id, user_id, agency_id,
 * la_code, la_name, age_band, indicators (array of ids), suggested_level,
 * chosen_level, chosen_reason, created_at, framework_version,
 * framework_document (the JSON text), used_by (the reference of the request
 * made from it, or null), child_id and source_referral_id (the child of an
 * IDVA referral's household it was made for, and that referral, or null)}.
 * HAVEN_ERR_NOT_FOUND if there is none.
 */
enum haven_status support_assessment_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The children linked to `agency_id`, by name: [{id, given_name, family_name, date_of_birth, la_code}]. */
enum haven_status support_children_of_agency(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* The local authorities [{code, slug, name}] by name (one by slug: la_code_of_slug). */
enum haven_status support_areas(json_t **out) HAVEN_MUST_CHECK;

/* A new child for the register, as the form gives it (validated). */
struct support_child {
	const char *given_name, *family_name, *other_names; /* other_names may be NULL */
	const char *date_of_birth;                          /* YYYY-MM-DD */
	const char *sex;                                    /* female, male, indeterminate, not_known */
	const char *postcode; /* as typed (the register normalises it), or NULL */
	long long la_code;
};

/*
 * Checks a new child's identity as the children register does (match.h:
 * names, date of birth, postcode...), appending {field, message} errors
 * named as the form names its fields ("la" for the local authority; left
 * out when `la_reported`: the caller tells of that problem itself).
 * HAVEN_OK, or the store's failure to read the local authority.
 */
enum haven_status support_check_child(const struct support_child *c, bool la_reported,
                                      json_t *errors) HAVEN_MUST_CHECK;

/*
 * Children already on the register who are likely the same child as `c`
 * (the register's own matching, match.h, which shows only what recognising
 * the child needs): [{id, given_initial, family_name, date_of_birth,
 * expected_date_of_birth, la_code, la_name, strength, reasons}] (empty if
 * none).
 */
enum haven_status support_likely_matches(const struct support_child *c, json_t **out) HAVEN_MUST_CHECK;

/* Records that the likely duplicates `matches` were shown to `actor` ("child.match", one row each). */
enum haven_status support_audit_shown(const json_t *matches, const struct actor *actor) HAVEN_MUST_CHECK;

struct support_new {
	long long assessment_id;
	long long child_id;                /* an existing child, or 0 with `child` set */
	const struct support_child *child; /* a new child to add to the register, or NULL */
	/* an existing child taken instead of adding this one (what was typed; `child_id` must be one of its
	 * likely duplicates), with the reason: or NULL */
	const struct support_child *taken_from;
	const char *take_reason;
	long long la_code; /* the child's local authority */
	long long front_door_agency_id;
	long long referrer_user_id, referrer_agency_id;
	const char *referrer_phone, *referrer_email, *concerns;
	bool family_knows, family_consents;
	const char *no_consent_reason; /* NULL when the family knows and consents */
	/* when it was received; the decision deadline is counted from it inside the unit of work, with
	 * the bank holidays committed before it (calendar_in_unit) */
	int64_t received;
};

/*
 * Records a request (and its new child), links the child to the referrer's
 * agency ('raised_concern') and the front door ('local_authority'), audits
 * it ("support.create"), and gives its id and reference ("RFS-000123").
 * With `taken_from`, the existing child is taken as the children register
 * takes one (children_take_offered: only a likely duplicate of what was
 * typed, audited "child.link" with the reason), else HAVEN_ERR_NOT_FOUND.
 * HAVEN_ERR_CONFLICT if the assessment was used by a request meanwhile.
 * *decision_due is the decision deadline recorded (support_decision_due).
 */
enum haven_status support_create(const struct support_new *n, const struct actor *actor, long long *id,
                                 char reference[static 32], int64_t *decision_due) HAVEN_MUST_CHECK;

/* How many requests a queue holds, each counted up to PAGE_COUNT_CAP + 1 (-1 if a count failed). */
struct support_counts {
	long long total, undecided, overdue;
};

/* What a front door narrows its queue to; each part left NULL or 0 narrows nothing. */
struct support_queue_filter {
	const char *status;       /* "waiting" (undecided), "overdue" (undecided, past due) or "decided" */
	long long from_agency_id; /* requests from this referring agency only */
	const char *reference;    /* the one request with this reference ("RFS-000123") */
};

/*
 * One page (router/page.h) of the requests to front door `agency_id`,
 * undecided first, oldest first, narrowed by `filter`: [{id, reference,
 * child_name, referrer_agency_name, chosen_level, received_at,
 * decision_due_at, decision, decided_at, decision_reason, front_door_name,
 * la_name}], and the queue's counts (total: of the narrowed list;
 * undecided and overdue: of the whole queue; overdue: undecided with its
 * deadline at or before `now`, a UTC instant). Each way of narrowing is an
 * index range (migration 0124), never a scan of the queue.
 */
enum haven_status support_queue(long long agency_id, const char *now,
                                const struct support_queue_filter *filter, const struct page *page,
                                json_t **out, struct support_counts *counts) HAVEN_MUST_CHECK;

/* The agencies that have sent front door `agency_id` requests, by name: [{id, name}], for its filter. */
enum haven_status support_queue_senders(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* One page of the requests `user_id` made while in agency `agency_id` (the one they are in: a person who
 * moves leaves their requests with the agency), newest first (rows as support_queue's), and how many
 * (capped). */
enum haven_status support_mine(long long user_id, long long agency_id, const struct page *page, json_t **out,
                               long long *total) HAVEN_MUST_CHECK;

/*
 * One request, every column, with the child ({id, given_name, family_name,
 * other_names, date_of_birth, sex, postcode, la_name}), the assessment
 * (as support_assessment_get, without framework_document: its indicators,
 * levels and framework_id), front_door_name, la_name, referrer_name,
 * referrer_agency_name, decided_by_name, source_referral_reference (the
 * police reference of the Operation Provide referral it was raised from, or
 * null). HAVEN_ERR_NOT_FOUND if none.
 */
enum haven_status support_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The framework document (JSON text, in a new string) of version row `framework_id`. */
enum haven_status support_framework(long long framework_id, json_t **document) HAVEN_MUST_CHECK;

/*
 * Records the decision on request `id` (undecided: HAVEN_ERR_CONFLICT if
 * it was decided meanwhile, HAVEN_ERR_NOT_FOUND if none), audits it
 * ("support.decide") and queues an email to the referrer that a decision
 * has been made (generic text: no personal data).
 */
enum haven_status support_decide(long long id, const char *decision, const char *reason,
                                 const char *decided_at, const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The front door's figures for requests received from `from` to before `to`
 * (Unix seconds): one row per local authority, by name, [{la_name, received,
 * decided_in_time (by the working day after receipt), early_help,
 * assessment_s17, strategy_discussion_s47, re_referred (the same child had
 * a request received in the 12 months before this one, in any area)}].
 */
enum haven_status support_store_figures(int64_t from, int64_t to, json_t **out) HAVEN_MUST_CHECK;

/* Loads demo.sql's request for support (decided long ago), after the threshold area's demo decision. */
enum haven_status support_load_demo(void) HAVEN_MUST_CHECK;

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type support_records[];

/* This area's kinds of event in a child's chronology, ended by {0} (app/chronology.h, chronology_sqlite.c).
 */
extern const struct chronology_kind support_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table support_subject_access[];

#endif
