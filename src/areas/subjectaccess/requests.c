/*
 * requests.c (subjectaccess) — the register of subject access requests,
 * pages and API: the choices of who asked, the evidence of their identity
 * and the outcome with their words, the open requests with their due dates
 * and the last twelve months' answers, recording one (about a child on the
 * register, received today or before but not before the UK GDPR took
 * effect), and one request with the forms to record how the requester's
 * identity was checked (offering only the evidence that fits who asked:
 * identity.c), to extend it and to close it (changes.c).
 */
#include "areas/subjectaccess/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/record_created.h"
#include "areas/calendar/london.h"
#include "areas/children/store.h"
#include "areas/subjectaccess/store.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/fields.h"
#include "view/chosen_option.h"

/* The day the UK GDPR (and its one calendar month for a subject access request) took effect. */
#define UK_GDPR_IN_FORCE "2018-05-25"

const char *const subject_access_requesters[] = {"child", "parent", "representative", NULL};
static const char *const requester_labels[] = {"The child", "A parent or carer with parental responsibility",
                                               "Someone acting for them, such as a solicitor"};
const char *const subject_access_outcomes[] = {"full", "part", "refused", "withdrawn", NULL};
static const char *const outcome_labels[] = {"Answered in full", "Answered in part, with reasons",
                                             "Refused, with a reason", "Withdrawn"};
const char *const subject_access_evidence[] = {"photo_id_address", "parental_responsibility",
                                               "signed_authority", "known_in_person", NULL};
static const char *const evidence_labels[] = {
    "Photo identity (a passport or driving licence) and a recent proof of address",
    "Photo identity and proof of parental responsibility (a birth or adoption certificate, or a court order)",
    /* one label, written on two lines (in parentheses, so clang does not take it for a missing comma) */
    ("The child's or parent's signed authority for their representative, and the representative's own "
     "identity (for example a solicitor's letter on headed paper)"),
    "Known to a practitioner, who met them in person and confirmed who they are"};

static const char *const extension_values[] = {"1", "2", NULL};
static const char *const extension_labels[] = {"1 further month", "2 further months"};

/* The label beside `value` in `values` (NULL-ended), or NULL. */
static const char *label_of(const char *value, const char *const *values, const char *const *labels)
{
	for (size_t i = 0; value && values[i]; i++)
		if (strcmp(values[i], value) == 0)
			return labels[i];
	return NULL;
}

/* A request as its pages and the API show it: who asked and the outcome in words, and whether overdue. */
static void in_words(json_t *request, const char *today)
{
	const char *label =
	    label_of(field_text(request, "requester"), subject_access_requesters, requester_labels);
	json_object_set_new(request, "requester_label", json_string(label ? label : ""));
	label = label_of(field_text(request, "identity_evidence"), subject_access_evidence, evidence_labels);
	if (label)
		json_object_set_new(request, "identity_evidence_label", json_string(label));
	label = label_of(field_text(request, "outcome"), subject_access_outcomes, outcome_labels);
	if (label)
		json_object_set_new(request, "outcome_label", json_string(label));
	const char *due = field_text(request, "due_on");
	json_object_set_new(
	    request, "overdue",
	    json_boolean(json_is_true(json_object_get(request, "open")) && due && strcmp(due, today) < 0));
	json_object_set_new(request, "extended", json_boolean(field_int(request, "extension_months") > 0));
}

enum haven_status subject_access_shown(long long id, json_t **request)
{
	enum haven_status st = subject_access_get(id, request);
	if (st == HAVEN_OK) {
		char today[CALENDAR_DATE_SIZE];
		calendar_london_today_text(today);
		in_words(*request, today);
	}
	return st;
}

enum haven_status subject_access_index(struct request *req, struct response *res)
{
	(void)req;
	json_t *rows = NULL, *closed = NULL;
	enum haven_status st = subject_access_list_open(&rows);
	/* the last twelve months' answers, on time or not: what the partnership accounts for each year */
	char today[CALENDAR_DATE_SIZE], since[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	calendar_format(calendar_add_months(calendar_london_today(), -12), since);
	if (st == HAVEN_OK)
		st = subject_access_list_closed(since, &closed);
	if (st != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) in_words(r, today);
	json_array_foreach(closed, i, r) in_words(r, today);
	response_set_model(res, json_pack("{s:s, s:b, s:o, s:b, s:o}", "title", "Subject access requests",
	                                  "any", json_array_size(rows) > 0, "requests", rows, "any_closed",
	                                  json_array_size(closed) > 0, "closed", closed));
	return HAVEN_OK;
}

enum haven_status subject_access_new_form(struct request *req, struct response *res)
{
	const char *requester = req->input ? field_text(req->input, "requester") : NULL;
	response_set_model(res,
	                   json_pack("{s:s, s:o}", "title", "Record a subject access request", "requesters",
	                             chosen_option_radios("requester", subject_access_requesters,
	                                                  requester_labels, requester)));
	return HAVEN_OK;
}

enum haven_status subject_access_add(struct request *req, struct response *res)
{
	struct subject_access_new n = {.child_id = field_int(req->input, "child"),
	                               .requester = field_text(req->input, "requester"),
	                               .received_on = field_text(req->input, "received_on")};
	/* today or in the past: its field's .when */
	if (strcmp(n.received_on, UK_GDPR_IN_FORCE) < 0)
		response_error(res, "received_on",
		               "The date the request was received must be on or after 25 May 2018, when the "
		               "UK GDPR's one calendar month began");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	long long id = 0, kept = 0;
	enum haven_status st = subject_access_create(&n, &actor, &id);
	if (st == HAVEN_ERR_NOT_FOUND && children_kept_record(n.child_id, &kept) == HAVEN_OK &&
	    kept != n.child_id) {
		char message[160];
		snprintf(message, sizeof message,
		         "Record %lld was merged into record %lld: record the request against that one",
		         n.child_id, kept);
		response_error(res, "child", message);
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_NOT_FOUND) {
		response_error(res, "child", "Enter the record number of a child on the register");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_CONFLICT) {
		char message[160];
		snprintf(
		    message, sizeof message,
		    "A request about this child from the same requester, received that day, is open already: "
		    "request %lld",
		    id);
		response_error(res, "child", message);
		return HAVEN_OK;
	}
	response_success(res, "The request was recorded");
	return record_created(res, st, id, subject_access_shown, "/subject-access");
}

enum haven_status subject_access_show(struct request *req, struct response *res)
{
	json_t *request = NULL;
	enum haven_status st = subject_access_shown(field_int(req->params, "id"), &request);
	if (st != HAVEN_OK)
		return st;
	const json_t *input = req->input;
	char current[4];
	snprintf(current, sizeof current, "%lld", field_int(request, "extension_months"));
	const char *months = input && field_text(input, "months") ? field_text(input, "months") : current;
	const char *outcome = input ? field_text(input, "outcome") : NULL;
	const char *evidence = input ? field_text(input, "evidence") : NULL;
	/* only the evidence that fits who asked is offered */
	const char *fitting_values[sizeof subject_access_evidence / sizeof *subject_access_evidence] = {0};
	const char *fitting_labels[sizeof fitting_values / sizeof *fitting_values] = {0};
	size_t fitting = 0;
	const char *requester = field_text(request, "requester");
	for (size_t i = 0; subject_access_evidence[i]; i++)
		if (subject_access_evidence_fits(requester, subject_access_evidence[i])) {
			fitting_values[fitting] = subject_access_evidence[i];
			fitting_labels[fitting++] = evidence_labels[i];
		}
	/* the person who recorded the request does not check the requester's identity too (see below) */
	json_object_set_new(request, "recorded_by_you",
	                    json_boolean(field_int(request, "recorded_by") == auth_actor(req).user_id));
	response_set_model(
	    res, json_pack("{s:s, s:o, s:o, s:o, s:o}", "title", "Subject access request", "request", request,
	                   "extension_choices",
	                   chosen_option_radios("months", extension_values, extension_labels, months),
	                   "outcome_choices",
	                   chosen_option_radios("outcome", subject_access_outcomes, outcome_labels, outcome),
	                   "evidence_choices",
	                   chosen_option_radios("evidence", fitting_values, fitting_labels, evidence)));
	return HAVEN_OK;
}
