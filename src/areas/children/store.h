/*
 * store.h (children) — the children register as the children area's
 * handlers use it: reading a child's record and the lists, adding a child
 * (or taking a likely duplicate instead) in one audited unit of work, and
 * the demo data and key backfill. Other areas write through match.h
 * instead, inside their own units of work; they read here (a child's names,
 * whether their agency is linked to a child).
 */
#ifndef HAVEN_CHILDREN_STORE_H
#define HAVEN_CHILDREN_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/records.h"
#include "areas/children/match.h"
#include "auth/actor.h"
#include "core/status.h"
#include "router/page.h"

/*
 * A child's record with the agencies linked to them: {id, given_name,
 * family_name, other_names, date_of_birth, expected_date_of_birth, unborn,
 * sex, postcode, la_code, area_name, upn, nhs_number, created_at,
 * settings:[{slug, name}], links:[{agency_slug, agency_name, agency_type,
 * relationship}]}. HAVEN_ERR_NOT_FOUND if there is no such child.
 */
enum haven_status children_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Child `child_id` if agency `agency_id` is linked to them (a child_links
 * row), as {id, name (given and family), la_code}; HAVEN_ERR_NOT_FOUND
 * otherwise. What an agency's own forms about a child (a neglect
 * assessment, a support request) may be made for.
 */
enum haven_status children_linked_to_agency(long long agency_id, long long child_id,
                                            json_t **out) HAVEN_MUST_CHECK;

/* children_get, and the child's corrections as children_corrections gives them ([] when none), read
 * without a statement for the list when there are none (the record's page and the API's answer). */
enum haven_status children_get_with_corrections(long long id, json_t **out,
                                                json_t **corrections) HAVEN_MUST_CHECK;

/*
 * A child's record as children_get_with_corrections reads it (the same
 * statements, the same values), into C rather than JSON values, for the
 * API's answer written straight into its text: building the record as a
 * jansson object only to write it out was most of that answer's
 * allocations. Each text is NULL for NULL and lives until
 * children_record_free. HAVEN_ERR_NOT_FOUND if there is no such child, or
 * a value is not as the schema keeps it (not text, or text holding a NUL):
 * children_get_with_corrections then gives the record as it always has.
 * The corrections themselves, when `corrected`, are children_corrections'.
 */
struct child_record_link {
	const char *agency_slug, *agency_name, *agency_type, *relationship; /* never NULL */
};
struct child_record {
	long long id, la_code, merged_into; /* la_code and merged_into 0 for NULL */
	bool has_la_code, unborn, corrected;
	const char *given_name, *family_name, *other_names, *date_of_birth, *expected_date_of_birth, *sex,
	    *postcode, *area_name, *upn, *nhs_number, *created_at;
	struct child_record_link *links; /* in the record's order (children_get's) */
	size_t link_count;
	char *text; /* owns every text above */
};
enum haven_status children_record(long long id, struct child_record *out) HAVEN_MUST_CHECK;
void children_record_free(struct child_record *record);

/*
 * A child's names, {id, given_name, family_name}, for the page of a record
 * about them (a new case note, a document); HAVEN_ERR_NOT_FOUND if there is
 * no such child.
 */
enum haven_status children_names(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * One page of the children linked to agency `agency_id` (by any
 * relationship), newest record first, as [{id, given_name, family_name,
 * other_names, date_of_birth, expected_date_of_birth, area_name,
 * relationships}] read as router/page.h says (page_finish puts them in
 * order), and in *total how many children the agency has, counted up to
 * PAGE_COUNT_CAP + 1 (-1 if the count failed). New array in *out.
 */
enum haven_status children_list_for_agency(long long agency_id, const struct page *page, json_t **out,
                                           long long *total) HAVEN_MUST_CHECK;

/* What narrowing a search needs of one candidate (texts NULL when empty; valid during the call only). */
struct child_candidate {
	long long id;
	const char *other_names, *date_of_birth, *expected_date_of_birth;
	const char *given_name_key, *family_name_key, *given_name_sound, *family_name_sound;
};

/*
 * The children linked to agency `agency_id` whose names or dates of birth
 * may match a search, found through the register's indexes: those born (or
 * expected) on `date` when it is given, else those with a given or family
 * name, or any one of their other names, starting with `key`, or a given or
 * family name sounding like `sound` (match.h's keys of one word of the
 * search). At most `max` of them, by id, newest first, each
 * handed to `each` (which narrows them with every word, including other
 * names) as it is read, so no more than narrowing needs is kept; *count is
 * how many were read. children_search_rows reads the rest for the few shown.
 */
enum haven_status children_search_candidates(long long agency_id, const char *date, const char *key,
                                             const char *sound, long long max,
                                             void (*each)(const struct child_candidate *c, void *ctx),
                                             void *ctx, long long *count) HAVEN_MUST_CHECK;

/*
 * The rows a search shows, as children_list_for_agency's rows (newest
 * first): the children of `ids` (a JSON array of ids, a page of
 * children_search_candidates' rows) that are still linked to agency
 * `agency_id` and not merged away. A child unlinked since the candidates
 * were read is left out, never shown.
 */
enum haven_status children_search_rows(long long agency_id, const json_t *ids, json_t **out) HAVEN_MUST_CHECK;

/*
 * What the form to add a child offers: the partnership's local authorities
 * [{code, name}] and its schools, colleges and early years settings
 * [{slug, name, type, area_name}], by name. New arrays.
 */
enum haven_status children_form_choices(json_t **areas, json_t **settings) HAVEN_MUST_CHECK;

/* The agency id of setting `slug` (a school, college or early years agency); HAVEN_ERR_NOT_FOUND if it is not
 * one. */
enum haven_status children_setting_id(const char *slug, long long *id) HAVEN_MUST_CHECK;

/* Adding a child: what is asked, and (out) what happened. */
struct child_new {
	const struct child_identity *identity; /* checked with children_check_identity */
	const long long *setting_ids;          /* the child's current settings (agency ids) */
	size_t setting_count;
	bool confirm_new; /* the user has seen the likely duplicates and wants a new record anyway */
	/* out: the new child's id, or 0 and the likely duplicates (a new array) when there were some and
	 * confirm_new was false; nothing is added then */
	long long id;
	json_t *candidates;
};

/*
 * Adds a child in one unit of work, unless `n->confirm_new` is false and the
 * register holds likely duplicates (looked for inside the same transaction):
 * then it only records in the audit trail that those were shown
 * ("child.match", one row each) and returns them in n->candidates. A new
 * child is linked to the creator's agency ("raised_concern"), to the local
 * authority agency of the child's area ("local_authority") and to each
 * setting ("setting"), and audited as "child.create".
 */
enum haven_status children_create(struct child_new *n, const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The likely duplicates of `identity` (as children_likely_matches gives
 * them), recorded as shown ("child.match", one row each) in one unit of
 * work: for showing them again. A new array in *candidates (may be empty).
 */
enum haven_status children_offer(const struct child_identity *identity, const struct actor *actor,
                                 json_t **candidates) HAVEN_MUST_CHECK;

/*
 * Takes an existing record instead of adding one, in one unit of work
 * (children_take_offered, match.h): links the actor's agency to child
 * `child_id` as "raised_concern", audited "child.link" with `reason` (checked
 * with children_check_take_reason first), but only if that child is among
 * the likely duplicates of `identity` (what the user was about to add), so
 * a record cannot be taken by guessing its number. HAVEN_ERR_NOT_FOUND
 * otherwise.
 */
enum haven_status children_take(long long child_id, const struct child_identity *identity, const char *reason,
                                const struct actor *actor) HAVEN_MUST_CHECK;

/* Records a search of the user's list (sent in a POST body, so the server has not audited it) as
 * "child.list", with the `count` records it found (so the trail finds the search by child). */
enum haven_status children_audit_search(const struct actor *actor, const struct shown_record *shown,
                                        size_t count) HAVEN_MUST_CHECK;

/* Fills in missing name keys (rows written by SQL: older databases, imports); for `haven serve`'s start. */
enum haven_status children_backfill_keys(void) HAVEN_MUST_CHECK;

/* Loads the demo children (demo.sql) and fills in their name keys. */
enum haven_status children_load_demo(void) HAVEN_MUST_CHECK;

/*
 * Corrects child `id`'s details (identity, area and settings: the whole set, checked first) with the
 * reason: one unit recording what changed before and after (child_corrections) and the audit row
 * ("child.correct", with the reason). HAVEN_ERR_CONFLICT, and nothing written, if nothing changed.
 */
enum haven_status children_correct(long long id, const struct child_identity *identity,
                                   const long long *setting_ids, size_t setting_count, const char *reason,
                                   const struct actor *actor) HAVEN_MUST_CHECK;

/* Child `id`'s corrections, newest first: [{id, changes: [{field, before, after}], reason, corrected_at,
 * corrected_by_name, corrected_by_agency}]. */
enum haven_status children_corrections(long long id, json_t **out) HAVEN_MUST_CHECK;

/* Why ending a link was refused (nothing is written then). */
enum link_end_refusal {
	LINK_END_OK,
	LINK_END_NO_LINK,   /* the agency has no such link to the child (or the child was merged away) */
	LINK_END_LAST_LINK, /* it is the child's only link: no agency would see the record */
};

/* An agency stopping work with a child: which link, from when, and why (all checked by the handler). */
struct child_link_end {
	long long child_id, agency_id;
	const char *relationship; /* "raised_concern" or "allocated_team" */
	const char *ended_on;     /* YYYY-MM-DD */
	const char *reason;
};

/*
 * Ends agency `e->agency_id`'s link to child `e->child_id` for
 * `e->relationship` in one unit of work: the link moves from child_links to
 * child_links_ended (with the day, the reason and who recorded it), and the
 * audit row ("child.end_link", with the reason) is written; the agency's
 * name rows for search (0135's triggers) go with its last link. Every reader
 * of child_links, the access policy first, stops finding the link at once.
 * HAVEN_ERR_CONFLICT with *refusal set if refused.
 */
enum haven_status children_end_link(const struct child_link_end *e, const struct actor *actor,
                                    enum link_end_refusal *refusal) HAVEN_MUST_CHECK;

/* Agency `agency_id`'s links to child `id`: its relationships, as a new array of texts ([] for none). */
enum haven_status children_agency_links(long long id, long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/* The agencies that stopped working with child `id`, the latest first: [{agency_name, relationship,
 * ended_on, ended_at}]. */
enum haven_status children_links_ended(long long id, json_t **out) HAVEN_MUST_CHECK;

/* Why a merge was refused (nothing is written then). */
enum merge_refusal {
	MERGE_OK,
	MERGE_NO_RECORD,      /* either record does not exist */
	MERGE_ITSELF,         /* a record into itself */
	MERGE_KEPT_MERGED,    /* the record to keep has been merged into another */
	MERGE_ALREADY_MERGED, /* the other record has been merged already */
};

/*
 * Merges record `merged` into `kept` with the reason: the merged record's agency links copied to the kept
 * one, the merged record pointing at it, the merge kept for undoing, and audit rows ("child.merge") about
 * both. HAVEN_ERR_CONFLICT with *refusal set if refused; *merge_id the merge's id.
 */
enum haven_status children_merge(long long kept, long long merged, const char *reason,
                                 const struct actor *actor, enum merge_refusal *refusal,
                                 long long *merge_id) HAVEN_MUST_CHECK;

struct audit_shown; /* auth/audit.h */

/* Undoes merge `merge_id` with the reason ("child.unmerge", a row about each record, the kept one's naming
 * `shown` too: the children of the merges the API's answer lists; NULL or none for a browser, sent on to the
 * list, whose read names them); HAVEN_ERR_NOT_FOUND if none or undone already. HAVEN_ERR_CONFLICT, changing
 * nothing, with *later_merge (the caller's) the standing merge of this one's kept record into another (its
 * links went on with it; that merge is undone first) as the merges page names it: {merged_at, kept_id,
 * kept_name}; else *later_merge is untouched. */
enum haven_status children_unmerge(long long merge_id, const char *reason, const struct audit_shown *shown,
                                   const struct actor *actor, json_t **later_merge) HAVEN_MUST_CHECK;

/* The latest merges, newest first: [{id, kept_id, merged_id, reason, merged_at, merged_by_name,
 * merged_by_agency, undone_at, undo_reason, and for the kept and the merged record its child's name,
 * date of birth and when it was added: kept_name, kept_born_on, kept_added_at, merged_…}]. */
enum haven_status children_merges(json_t **out) HAVEN_MUST_CHECK;

/*
 * The record that stands for child `id`: `id` itself, or, for a duplicate
 * merged away, the record it was merged into (followed on, if that was
 * merged later), into *kept, for another area to say which record to use
 * instead (a place's links). HAVEN_ERR_NOT_FOUND if there is no such child.
 */
enum haven_status children_kept_record(long long id, long long *kept) HAVEN_MUST_CHECK;

/* Child `id` and every record merged into it (directly or not): [{id}]. */
enum haven_status children_family(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The child's own events in their chronology (app/chronology.h), ended by {0}: added to the register. */
extern const struct chronology_kind children_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table children_subject_access[];

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type children_records[];

#endif
