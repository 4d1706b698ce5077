/*
 * handlers.c (subjectaccess) — the register of subject access requests and
 * its pack, pages and API: the open requests with their due dates, recording
 * one, one request with the forms to record how the requester's identity
 * was checked (with evidence that fits who asked, by someone other than the
 * person who recorded the request), to extend it (up to two further months)
 * and to close it, and the pack of everything Haven holds about the child, gathered only
 * once the requester's identity is verified, which the partnership team
 * reviews and redacts before disclosure.
 */
#include "areas/subjectaccess/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/date_words.h"
#include "app/subject_access.h"
#include "app/record_created.h"
#include "areas/calendar/london.h"
#include "areas/children/store.h"
#include "areas/subjectaccess/store.h"
#include "auth/session.h"
#include "core/alloc.h"
#include "core/buf.h"
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

/*
 * The evidence that fits each requester, as an information governance lead checks it: the child shows
 * who they are (photo identity and address, or known in person to a practitioner); a parent, who they
 * are and that they hold parental responsibility, which knowing them in person does not show; a
 * representative, the authority they act on and their own identity. Other evidence is refused.
 */
static const struct {
	const char *requester;
	const char *const *evidence; /* NULL-ended, in subject_access_evidence's order */
	const char *what_fits;       /* the refusal of any other */
} evidence_fitting[] = {
    {"child", (const char *const[]){"photo_id_address", "known_in_person", NULL},
     "For a request from the child, choose photo identity with a proof of address, or known to a "
     "practitioner who met them in person"},
    {"parent", (const char *const[]){"parental_responsibility", NULL},
     "For a request from a parent or carer, choose photo identity with proof of parental "
     "responsibility"},
    {"representative", (const char *const[]){"signed_authority", NULL},
     "For a request from someone acting for them, choose the signed authority with the "
     "representative's own identity"},
};

/* The evidence that fits `requester` (NULL-ended), or NULL if none does; *what_fits says which. */
static const char *const *evidence_for(const char *requester, const char **what_fits)
{
	for (size_t i = 0; requester && i < sizeof evidence_fitting / sizeof *evidence_fitting; i++)
		if (strcmp(evidence_fitting[i].requester, requester) == 0) {
			*what_fits = evidence_fitting[i].what_fits;
			return evidence_fitting[i].evidence;
		}
	*what_fits = "Choose the evidence of identity seen";
	return NULL;
}

/* True if `evidence` fits `requester` (above). */
static bool evidence_fits(const char *requester, const char *evidence)
{
	const char *what_fits;
	const char *const *fitting = evidence_for(requester, &what_fits);
	for (size_t i = 0; fitting && evidence && fitting[i]; i++)
		if (strcmp(fitting[i], evidence) == 0)
			return true;
	return false;
}

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

static enum haven_status request_shown(long long id, json_t **request)
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
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	if (strcmp(n.received_on, today) > 0)
		response_error(res, "received_on",
		               "The date the request was received must be today or in the past");
	else if (strcmp(n.received_on, UK_GDPR_IN_FORCE) < 0)
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
	return record_created(res, st, id, request_shown, "/subject-access");
}

enum haven_status subject_access_show(struct request *req, struct response *res)
{
	json_t *request = NULL;
	enum haven_status st = request_shown(field_int(req->params, "id"), &request);
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
		if (evidence_fits(requester, subject_access_evidence[i])) {
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

/*
 * A change refused because the request is closed (HAVEN_ERR_CONFLICT: found
 * closed by the handler, or by the store inside the unit, should another
 * close it first): 409 naming `field`, and true.
 */
static bool refused(struct response *res, enum haven_status st, const char *field)
{
	if (st != HAVEN_ERR_CONFLICT)
		return false;
	response_conflict(res, field, "This request is closed: it cannot be changed");
	return true;
}

/* Request `id` into *request if it is open; HAVEN_ERR_CONFLICT if closed, NOT_FOUND if none. */
static enum haven_status open_request(long long id, json_t **request)
{
	enum haven_status st = subject_access_get(id, request);
	if (st == HAVEN_OK && !json_is_true(json_object_get(*request, "open"))) {
		json_decref(*request);
		*request = NULL;
		st = HAVEN_ERR_CONFLICT;
	}
	return st;
}

/*
 * Why the requester's identity of `request` (NULL: none found) cannot be recorded as checked now, or
 * NULL if it can: it is verified already, or the request is closed.
 */
static const char *cannot_verify(const json_t *request)
{
	if (request && json_is_true(json_object_get(request, "identity_verified")))
		return "The requester's identity is already recorded as verified";
	if (request && !json_is_true(json_object_get(request, "open")))
		return "This request is closed: it cannot be changed";
	return NULL;
}

enum haven_status subject_access_identity(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *checked_on = field_text(req->input, "checked_on");
	json_t *request = NULL;
	enum haven_status st = subject_access_get(id, &request);
	if (st != HAVEN_OK)
		return st;
	const char *why = cannot_verify(request);
	struct actor actor = auth_actor(req);
	/*
	 * Two people, as an information governance lead expects before everything held about a child is
	 * gathered: one records the request, another checks who asked. (recorded_by never changes, so
	 * checking it here, outside the unit of work, cannot race.)
	 */
	if (!why && field_int(request, "recorded_by") == actor.user_id)
		why = "You recorded this request: another member of the partnership team must check the "
		      "requester's identity";
	if (why) {
		json_decref(request);
		response_conflict(res, "evidence", why);
		return HAVEN_OK;
	}
	const char *evidence = field_text(req->input, "evidence"), *what_fits;
	evidence_for(field_text(request, "requester"), &what_fits);
	if (!evidence_fits(field_text(request, "requester"), evidence))
		response_error(res, "evidence", what_fits);
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	if (strcmp(checked_on, field_text(request, "received_on")) < 0)
		response_error(
		    res, "checked_on",
		    "The date the identity was checked must be on or after the date the request was "
		    "received");
	else if (strcmp(checked_on, today) > 0)
		response_error(res, "checked_on",
		               "The date the identity was checked must be today or in the past");
	json_decref(request);
	if (res->errors)
		return HAVEN_OK;
	st = subject_access_verify(id, checked_on, evidence, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		/* closed or verified by someone else meanwhile: say which */
		request = NULL;
		if (subject_access_get(id, &request) == HAVEN_OK)
			why = cannot_verify(request);
		json_decref(request);
		response_conflict(res, "evidence",
		                  why ? why : "This request was changed meanwhile: try again");
		return HAVEN_OK;
	}
	if (st == HAVEN_OK) {
		response_success(
		    res, "The requester's identity was recorded as verified: the pack can be gathered");
		response_done(res, subject_access_show, "/subject-access/%lld", id);
	}
	return st;
}

enum haven_status subject_access_extension(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	int months = strcmp(field_text(req->input, "months"), "2") == 0 ? 2 : 1;
	json_t *request = NULL;
	enum haven_status st = open_request(id, &request);
	if (refused(res, st, "months"))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	long long already = field_int(request, "extension_months");
	json_decref(request);
	if (months <= already)
		response_error(res, "months",
		               already == 2
		                   ? "The request is already extended by the most the law allows, 2 months"
		                   : "Choose 2 further months: the request is already extended by 1");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	st = subject_access_extend(id, months, field_text(req->input, "reason"), &actor);
	if (refused(res, st, "months"))
		return HAVEN_OK;
	if (st == HAVEN_OK) {
		response_success(res, "The request was extended and its due date moved");
		response_done(res, subject_access_show, "/subject-access/%lld", id);
	}
	return st;
}

enum haven_status subject_access_closure(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *closed_on = field_text(req->input, "closed_on");
	const char *outcome = field_text(req->input, "outcome");
	const char *reason = field_text(req->input, "outcome_reason");
	json_t *request = NULL;
	enum haven_status st = open_request(id, &request);
	if (refused(res, st, "outcome"))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	if (strcmp(closed_on, field_text(request, "received_on")) < 0)
		response_error(res, "closed_on",
		               "The date answered must be on or after the date the request was received");
	else if (strcmp(closed_on, today) > 0)
		response_error(res, "closed_on", "The date answered must be today or in the past");
	json_decref(request);
	if (!reason && strcmp(outcome, "part") == 0)
		response_error(res, "outcome_reason", "Enter why the request was answered only in part");
	else if (!reason && strcmp(outcome, "refused") == 0)
		response_error(res, "outcome_reason", "Enter why the request was refused");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	st = subject_access_close(id, closed_on, outcome, reason, &actor);
	if (refused(res, st, "outcome"))
		return HAVEN_OK;
	if (st == HAVEN_OK) {
		response_success(res, "The request was closed");
		response_done(res, subject_access_show, "/subject-access/%lld", id);
	}
	return st;
}

/*
 * The pack's cells as a person reads them: the areas' statements give their
 * columns as stored, so dates and times are said in words, as every page
 * says them ("3 March 2026"; an instant as England's clocks showed it:
 * "Thursday 3 December 2026 at 9:15am"), a stored code in words ("no_action"
 * as "No action") and a JSON value as text ("Reasons: Missing from home;
 * Older friends"). Done here once, so no area's statement is rewritten.
 */

/* True if `text` is a stored code: a lower-case word, or words joined by "_" ("support_offered"). */
static bool is_code(const char *text)
{
	if (!(*text >= 'a' && *text <= 'z'))
		return false;
	for (const char *c = text; *c; c++)
		if (*c == '_' ? c[1] == '\0' || c[1] == '_'
		              : !((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			return false;
	return true;
}

/* A code in words into `out`: "requires_improvement" as "Requires improvement". */
static void append_code_words(struct buf *out, const char *code)
{
	for (const char *c = code; *c; c++) {
		char ch = *c == '_' ? ' ' : *c;
		if (c == code)
			ch = (char)(ch - 'a' + 'A');
		buf_append(out, &ch, 1);
	}
}

/* A JSON value as text into `out`: lists' items and objects' "Label: value" pairs joined by "; ". */
static void append_json_words(struct buf *out, const json_t *value)
{
	size_t i;
	const char *key;
	json_t *item;
	char label[128];
	const char *text = json_string_value(value);
	if (text && is_code(text))
		append_code_words(out, text);
	else if (text)
		buf_append_str(out, text);
	else if (json_is_integer(value))
		buf_printf(out, "%lld", (long long)json_integer_value(value));
	else if (json_is_real(value))
		buf_printf(out, "%g", json_real_value(value));
	else if (json_is_boolean(value))
		buf_append_str(out, json_is_true(value) ? "Yes" : "No");
	else if (json_is_array(value))
		json_array_foreach(value, i, item)
		{
			if (i)
				buf_append_str(out, "; ");
			append_json_words(out, item);
		}
	else if (json_is_object(value)) {
		bool first = true;
		json_object_foreach((json_t *)value, key, item)
		{
			subject_access_label(key, label, sizeof label);
			buf_printf(out, "%s%s: ", first ? "" : "; ", label);
			append_json_words(out, item);
			first = false;
		}
	}
}

/*
 * What a column of a pack's table holds, judged from all its values, not one: a column whose every
 * value is an instant, a JSON list or object, or a stored code (one at least with a "_") is said in
 * words; any other column is text someone typed and is shown as held (a name typed "alix", a note
 * reading "{}"), its dates alone in words.
 */
enum column_kind { COLUMN_UNSEEN, COLUMN_INSTANTS, COLUMN_JSON, COLUMN_CODES, COLUMN_WORDS, COLUMN_TEXT };

/* What `value` is; a JSON list or object (not empty) parsed into *parsed (new), else NULL there. */
static enum column_kind value_kind(const char *value, json_t **parsed)
{
	int64_t utc;
	*parsed = NULL;
	if (calendar_parse_instant(value, &utc))
		return COLUMN_INSTANTS;
	if (value[0] == '[' || value[0] == '{') {
		*parsed = json_loads(value, JSON_DECODE_ANY, NULL);
		if (*parsed && (json_array_size(*parsed) > 0 || json_object_size(*parsed) > 0))
			return COLUMN_JSON;
		json_decref(*parsed);
		*parsed = NULL;
	}
	/* a lower-case word alone may be a code ("female") or typed ("alix"): a column of them is a
	 * column of codes only beside a code no one types ("not_known") */
	return !is_code(value) ? COLUMN_TEXT : strchr(value, '_') ? COLUMN_CODES : COLUMN_WORDS;
}

/* What a column is, having held values of kinds `a` and `b`. */
static enum column_kind column_kind_with(enum column_kind a, enum column_kind b)
{
	if (a == COLUMN_UNSEEN || a == b)
		return b;
	if ((a == COLUMN_CODES && b == COLUMN_WORDS) || (a == COLUMN_WORDS && b == COLUMN_CODES))
		return COLUMN_CODES;
	return COLUMN_TEXT;
}

/* A cell of a column of `kind` as a person reads it (above); `parsed`: its value as JSON, or NULL. */
static void cell_in_words(json_t *cell, enum column_kind kind, const json_t *parsed)
{
	const char *value = field_text(cell, "value");
	if (!value)
		return;
	if (kind == COLUMN_INSTANTS) {
		int64_t utc;
		char words[CALENDAR_WHEN_SIZE];
		if (calendar_parse_instant(value, &utc)) {
			calendar_format_when(utc, words);
			json_object_set_new(cell, "value", json_string(words));
		}
		return;
	}
	if (kind == COLUMN_JSON || kind == COLUMN_CODES) {
		struct buf words = BUF_INIT;
		if (kind == COLUMN_JSON && parsed)
			append_json_words(&words, parsed);
		else
			append_code_words(&words, value);
		json_object_set_new(cell, "value", json_string(buf_cstr(&words)));
		buf_free(&words);
	}
	date_words_in_text(cell, "value");
}

/* A section's cells in words, each column judged first; a JSON cell is parsed once, kept between the two. */
static void section_in_words(json_t *section)
{
	json_t *rows = json_object_get(section, "rows"), *row, *cell;
	size_t columns = json_array_size(json_object_get(section, "columns")), j, k;
	enum column_kind *kinds = xcalloc(columns ? columns : 1, sizeof *kinds);
	size_t cells = json_array_size(rows) * columns;
	json_t **parsed = xcalloc(cells ? cells : 1, sizeof *parsed);
	json_array_foreach(rows, j, row)
	{
		json_array_foreach(json_object_get(row, "cells"), k, cell)
		{
			const char *value = field_text(cell, "value");
			if (k >= columns || !value)
				continue;
			kinds[k] = column_kind_with(kinds[k], value_kind(value, &parsed[j * columns + k]));
		}
	}
	json_array_foreach(rows, j, row)
	{
		json_array_foreach(json_object_get(row, "cells"), k, cell)
		{
			bool judged = k < columns;
			cell_in_words(cell, judged ? kinds[k] : COLUMN_TEXT,
			              judged ? parsed[j * columns + k] : NULL);
		}
	}
	for (size_t c = 0; c < cells; c++)
		json_decref(parsed[c]);
	free(parsed);
	free(kinds);
}

static void cells_in_words(json_t *sections)
{
	size_t i;
	json_t *section;
	json_array_foreach(sections, i, section) section_in_words(section);
}

enum haven_status subject_access_show_pack(struct request *req, struct response *res)
{
	json_t *request = NULL;
	enum haven_status st = request_shown(field_int(req->params, "id"), &request);
	if (st != HAVEN_OK)
		return st;
	bool open = json_is_true(json_object_get(request, "open"));
	bool verified = json_is_true(json_object_get(request, "identity_verified"));
	json_t *model =
	    json_pack("{s:s, s:o}", "title", "Everything Haven holds about this child", "request", request);
	/*
	 * The pack is gathered only to answer an open request (a closed one was answered already), and only
	 * to a requester whose identity was checked: everything held about a child is not given to whoever
	 * asks in their name.
	 */
	if (open && !verified) {
		json_object_set_new(model, "unverified", json_true());
		response_conflict(
		    res, "identity_verified",
		    "The requester's identity is not verified: record how it was checked on the "
		    "request's page before the pack is gathered");
	} else if (open) {
		json_t *sections = json_array(), *records = NULL;
		json_object_set_new(model, "sections", sections);
		long long asked_about = field_int(request, "child_id"), kept = asked_about;
		st = subject_access_pack(asked_about, sections, &kept, &records);
		/* the audit row names every record read, the merged duplicates' too */
		response_audit_records(res, "child", records, "id");
		json_decref(records);
		if (st != HAVEN_OK) {
			json_decref(model);
			return st;
		}
		if (kept != asked_about)
			json_object_set_new(model, "merged_into", json_integer(kept));
		cells_in_words(sections);
	}
	response_set_model(res, model);
	return HAVEN_OK;
}
