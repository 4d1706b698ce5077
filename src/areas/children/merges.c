/*
 * merges.c (children) — two records of one child merged into one (the
 * front door and the partnership, related to both records), and the latest
 * merges listed for the partnership to undo one, with a reason; the units
 * of work and their checks are in merges_sqlite.c. Routes: GET/POST
 * /children/{id}/merge, GET /children/merges, POST
 * /children/merges/{id}/undo and their API twins (area.c).
 */
#include <stdio.h>

#include "app/answer_shows.h"
#include "app/date_words.h"
#include "app/record_created.h"
#include "areas/calendar/london.h"
#include "areas/children/handlers.h"
#include "areas/children/merged.h"
#include "areas/children/store.h"
#include "auth/policy.h"
#include "router/errors.h"
#include "auth/session.h"
#include "router/page.h"

/* ---- merging two records of one child ---- */

/* GET /children/{id}/merge, and the form again after errors. */
enum haven_status children_merge_form(struct request *req, struct response *res)
{
	json_t *child = NULL;
	enum haven_status st = children_get(field_int(req->params, "id"), &child);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:s, s:o}", "title", "Merge another record into this one",
		                                  "child", child));
	return st;
}

/* POST /children/{id}/merge, POST /api/v1/children/{id}/merge: record `other` merged into this one. */
enum haven_status children_merge_child(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id"), other = field_int(req->input, "other");
	const char *reason = field_text(req->input, "reason");
	if (!other)
		response_error(res, "other", "Enter the number of the other record");
	if (!reason)
		response_error(res, "reason", "Enter why you are sure they are the same child");
	if (other && other != id && !policy_allows(req->user, "child.merge", "child", other))
		response_error(res, "other", "Enter the number of a record your agency works with");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	enum merge_refusal refusal;
	long long merge_id = 0;
	enum haven_status st = children_merge(id, other, reason, &actor, &refusal, &merge_id);
	if (st == HAVEN_ERR_CONFLICT) {
		static const char *const why[] = {
		    [MERGE_NO_RECORD] = "Enter the number of a record on the register",
		    [MERGE_ITSELF] = "A record cannot be merged into itself: enter the other record's number",
		    [MERGE_KEPT_MERGED] =
		        "This record has been merged into another: merge into that one instead",
		    [MERGE_ALREADY_MERGED] = "That record has already been merged into another",
		};
		response_error(res, "other", why[refusal]);
		return HAVEN_OK;
	}
	return record_changed(res, st, "The records were merged", children_show_child, "/children", id);
}

/* GET /children/merges, GET /api/v1/children/merges: the latest merges, for the partnership to undo one. */
enum haven_status children_list_merges(struct request *req, struct response *res)
{
	(void)req;
	json_t *merges = NULL;
	enum haven_status st = children_merges(&merges);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *merge;
	json_array_foreach(merges, i, merge)
	{
		date_words_set(merge, "kept_born_on", "kept_born");
		date_words_set(merge, "merged_born_on", "merged_born");
	}
	response_audit_records(res, "child", merges, "kept_id");
	response_audit_records(res, "child", merges, "merged_id");
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", "Merged records", "merges", merges,
	                                  "any", json_array_size(merges) > 0));
	return HAVEN_OK;
}

/* POST /children/merges/{id}/undo, POST /api/v1/children/merges/{id}/undo. */
enum haven_status children_undo_merge(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	struct audit_shown shown; /* the children of the merges the API's answer lists */
	enum haven_status st = answer_shows(req, children_list_merges, &shown);
	json_t *later = NULL;
	if (st == HAVEN_OK)
		st = children_unmerge(field_int(req->params, "id"), field_text(req->input, "reason"), &shown,
		                      &actor, &later);
	answer_shows_free(&shown);
	if (st == HAVEN_ERR_CONFLICT) {
		/* the later merge named as the page names it (its number is on no page): when, and the
		 * record it kept, in England's time for the API as for the page */
		int64_t merged_at = 0;
		char when[CALENDAR_WHEN_SIZE] = "", message[1200];
		if (calendar_parse_instant(field_text(later, "merged_at"), &merged_at))
			calendar_format_when(merged_at, when);
		snprintf(message, sizeof message,
		         "The record this merge kept has since been merged into another: undo the merge%s%s "
		         "into %s first",
		         *when ? " of " : "", when, field_text(later, "kept_name"));
		/* the kept record is named: its read audited with the answer, whether or not the list below
		 * (the newest merges) shows it */
		response_audit_record(res, "child", field_int(later, "kept_id"));
		json_decref(later);
		response_conflict(res, "reason", message);
		return children_list_merges(req, res);
	}
	response_success(res, "The merge was undone");
	if (st == HAVEN_OK)
		response_done(res, children_list_merges, "/children/merges");
	return st;
}

/* ---- the check other areas make before a change about a child (merged.h) ---- */

enum haven_status children_merged_errors(long long id, const char *field, const char *instead, json_t *errors)
{
	long long kept = 0;
	enum haven_status st = children_kept_record(id, &kept);
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	if (st != HAVEN_OK || kept == id)
		return st;
	errors_addf(errors, field, "This record was merged into record %lld: %s", kept, instead);
	return HAVEN_OK;
}

enum haven_status children_refuse_merged(long long id, const char *field, const char *instead,
                                         struct response *res)
{
	json_t *errors = json_array();
	enum haven_status st = children_merged_errors(id, field, instead, errors);
	if (st == HAVEN_OK && json_array_size(errors))
		response_errors(res, errors);
	else
		json_decref(errors);
	return st;
}
