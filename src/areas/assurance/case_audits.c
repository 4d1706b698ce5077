/*
 * case_audits.c (assurance) — multi-agency case audits (issue 19), the
 * handlers: the partnership makes a themed audit of a sample of children and
 * names the people who audit it, with the date their findings are due (a page
 * and its API twin; the panel moves the date while findings are outstanding,
 * and their tasks fall overdue after it); each agency's
 * auditor records its findings for each child against Haven's audit tool; the
 * panel grades each child, records the learning and agrees actions, each owned
 * by someone named for the audit, who alone moves it from open to in progress
 * to done. Only the people named for an audit reach it (the policy's
 * "qa_case_audit" relationship; anyone else is answered 404), and every read
 * is audited with the children of its sample. Within it, need to know: an
 * agency sees, by name, only the children it works with and answers only
 * for them; the panel sees every case by its number ("Case 2"), so the
 * maker cannot use an audit to learn who a record number is (the store
 * decides, case_audits.h).
 *
 * The audit tool, in Haven's own words: a grade (outstanding, good, requires
 * improvement, inadequate, as Ofsted grades) and three questions, each
 * agency answering for its own part of the child's case.
 */
#include <stdio.h>
#include <string.h>

#include "app/model_answer.h"
#include "app/record_created.h"
#include "areas/assurance/actions.h"
#include "areas/assurance/case_audit_handlers.h"
#include "areas/assurance/case_audits.h"
#include "app/store_refusal.h"
#include "areas/calendar/london.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "view/chosen_option.h"
#include "view/status_tag.h"

static const char *const grades[] = {"outstanding", "good", "requires_improvement", "inadequate", NULL};

/* How each grade reads. */
static const char *grade_label(const char *grade)
{
	static const char *const labels[][2] = {{"outstanding", "Outstanding"},
	                                        {"good", "Good"},
	                                        {"requires_improvement", "Requires improvement"},
	                                        {"inadequate", "Inadequate"}};
	for (size_t i = 0; grade && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(grade, labels[i][0]) == 0)
			return labels[i][1];
	return NULL;
}

/*
 * What making an audit takes, checked by the handler (case_audit_create), and
 * by the form shown again when the route refused a record number that is no
 * whole number (case_audit_new_form), with the people named who may not
 * audit, so that one answer names every mistake (GOV.UK: all errors at once).
 * The route's own spec (case_audit_input) only reads what was sent: its date
 * as text (`date_input`), its emails as text, nothing required; only a record
 * number that is no whole number is refused there (a JSON body sends numbers).
 */
static const struct field_spec case_audit_fields[] = {
    {.name = "title", .label = "the audit's title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "theme", .label = "the theme", .type = FIELD_TEXT, .required = true, .max = 200},
    /* without a date the agencies' findings tasks are never overdue, and the panel cannot chase */
    {.name = "findings_due_on",
     .label = "the date the agencies' findings are due",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_BEFORE_TODAY},
    {.name = "children",
     .label = "the record number of at least one child",
     .type = FIELD_INT,
     .required = true,
     .multiple = true},
    /* its label names the one box at fault ("Enter an auditor's email in the correct format"); none at
     * all is "Enter an auditor's email" */
    {.name = "auditors",
     .label = "an auditor's email",
     .type = FIELD_EMAIL,
     .required = true,
     .multiple = true},
    {0},
};

const struct field_spec case_audit_input[] = {
    {.name = "title", .label = "the audit's title", .type = FIELD_TEXT},
    {.name = "theme", .label = "the theme", .type = FIELD_TEXT},
    {.name = "findings_due_on",
     .label = "the date the agencies' findings are due",
     .type = FIELD_TEXT,
     .max = 40,
     .date_input = true},
    {.name = "children", .label = "a child's record number", .type = FIELD_INT, .multiple = true},
    {.name = "auditors", .label = "an auditor's email", .type = FIELD_TEXT, .multiple = true},
    {0},
};

const struct field_spec case_finding_fields[] = {
    {.name = "grade", .label = "the grade", .type = FIELD_CHOICE, .required = true, .choices = grades},
    {.name = "what_went_well",
     .label = "what went well for the child",
     .type = FIELD_TEXT,
     .required = true,
     .max = 10000},
    {.name = "what_could_be_better",
     .label = "what could have been better",
     .type = FIELD_TEXT,
     .required = true,
     .max = 10000},
    {.name = "child_voice",
     .label = "how the child's voice was heard",
     .type = FIELD_TEXT,
     .required = true,
     .max = 10000},
    {0},
};

const struct field_spec case_grade_fields[] = {
    {.name = "grade",
     .label = "the panel's grade",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = grades},
    {.name = "learning", .label = "the learning", .type = FIELD_TEXT, .required = true, .max = 10000},
    /* sure to grade a case some named agencies have not answered (case_audit_grade) */
    {.name = "confirmed", .label = "whether you are sure", .type = FIELD_BOOL},
    {0},
};

/* An action the panel agrees: the route's fields (the owner chosen stays chosen on the audit's page shown
 * again after a mistake, as the server gives case_audit_show the fields that passed), and its handler's. */
const struct field_spec case_action_input[] = {
    {.name = "action", .label = "the action", .type = FIELD_TEXT, .required = true, .max = 2000},
    {.name = "owner", .label = "the action's owner", .type = FIELD_EMAIL, .required = true},
    /* an action due before today would be overdue, and alert its owner as overdue, the moment it is
     * agreed */
    {.name = "due_on",
     .label = "the due date",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_BEFORE_TODAY},
    {0},
};

/* The panel's change of the date the agencies' findings are due. */
const struct field_spec case_findings_due_fields[] = {
    {.name = "findings_due_on",
     .label = "the date the agencies' findings are due",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_BEFORE_TODAY},
    {0},
};

/* An action's statuses and how each looks (view/status_tag.h): the update's choices too. */
static const struct status_tag action_tags[] = {
    {"open", "Open", "govuk-tag--grey"},
    {"in_progress", "In progress", "govuk-tag--blue"},
    {"done", "Done", "govuk-tag--green"},
    {0},
};

const struct field_spec case_action_update_fields[] = {ASSURANCE_ACTION_UPDATE_FIELDS(action_tags), {0}};

/*
 * Checks the request's input against `strict` (what a route whose own spec
 * only checks types requires): the checked values, or NULL with the errors
 * answered (so the page is shown again with everything typed still there).
 */
static json_t *checked_input(const struct field_spec *strict, struct request *req, struct response *res)
{
	json_t *errors = json_array(), *values = NULL;
	if (fields_validate_json(strict, req->input, &values, errors) != HAVEN_OK) {
		json_decref(values);
		response_errors(res, errors);
		return NULL;
	}
	json_decref(errors);
	return values;
}

/* Whether `errors` names box `item` of `field` already. */
static bool entry_refused(const json_t *errors, const char *field, size_t item)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *named = json_string_value(json_object_get(e, "field"));
		if (named && strcmp(named, field) == 0 && json_is_integer(json_object_get(e, "item")) &&
		    json_integer_value(json_object_get(e, "item")) == (json_int_t)item)
			return true;
	}
	return false;
}

/*
 * Everything wrong with an audit to make (case_audit_fields, its date against
 * England's today, and each email that is not someone who may audit) in one
 * list, into `errors`; the checked values, or NULL when anything is wrong.
 */
static json_t *new_audit_values(const struct request *req, json_t *errors, enum haven_status *st)
{
	json_t *values = NULL;
	*st = HAVEN_OK;
	bool ok = fields_validate_json(case_audit_fields, req->input, &values, errors) == HAVEN_OK;
	/* a page's date was typed in boxes: it is refused GOV.UK's way, naming the boxes at fault */
	for (size_t k = json_array_size(errors); !req->api && k-- > 0;) {
		const char *field = json_string_value(json_object_get(json_array_get(errors, k), "field"));
		if (field && strcmp(field, "findings_due_on") == 0) {
			json_array_remove(errors, k);
			fields_add_date_error(errors, "findings_due_on", case_audit_fields[2].label,
			                      field_text(req->input, "findings_due_on"));
		}
	}
	if (values &&
	    fields_check_date_bounds(case_audit_fields, values, calendar_london_today(), errors) != HAVEN_OK)
		ok = false;
	/* each box with an email, which may not audit: named with the rest, not after them */
	json_t *typed = json_object_get(req->input, "auditors"), *emails = json_array(), *v;
	size_t i, before = json_array_size(errors);
	json_array_foreach(typed, i, v)
	{
		if (entry_refused(errors, "auditors", i) || !json_is_string(v))
			json_array_append_new(emails, json_string(""));
		else
			json_array_append(emails, v);
	}
	if ((*st = assurance_case_audit_auditors_check(emails, errors)) != HAVEN_OK)
		ok = false;
	/* a blank stand-in is no one: its refusal is not the user's mistake */
	for (size_t k = json_array_size(errors); k-- > before;) {
		json_t *e = json_array_get(errors, k);
		size_t item = (size_t)json_integer_value(json_object_get(e, "item"));
		if (json_string_length(json_array_get(emails, item)) == 0)
			json_array_remove(errors, k);
	}
	json_decref(emails);
	if (json_array_size(errors) > before)
		ok = false;
	if (!ok) {
		json_decref(values);
		return NULL;
	}
	return values;
}

/*
 * GET /quality-assurance/case-audits and /api/v1/qa/case-audits (qa.case_audits): the audits the user is
 * named for (no child in it), each with how many of its cases the user may see (every one for its
 * panel, else those their agency works with, as the audit's page shows them), and whether they may
 * start one.
 */
enum haven_status case_audits_list(struct request *req, struct response *res)
{
	json_t *audits = NULL, *audit;
	enum haven_status st = assurance_case_audits_of(req->user->id, req->user->agency_id, &audits);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_array_foreach(audits, i, audit)
	{
		long long id = json_integer_value(json_object_get(audit, "id"));
		if (!policy_allows(req->user, "qa.case_audit.panel", "qa_case_audit", id))
			json_object_set(audit, "cases", json_object_get(audit, "cases_known"));
		json_object_del(audit, "cases_known");
	}
	response_set_model(res,
	                   json_pack("{s:s, s:b, s:o, s:b}", "title", "Multi-agency case audits", "found",
	                             json_array_size(audits) > 0, "case_audits", audits, "can_create",
	                             policy_allows(req->user, "qa.case_audit.create", NULL, 0)));
	return HAVEN_OK;
}

/* Labels each grade of `rows` (key `key`) as "<key>_label". */
static void label_grades(json_t *rows, const char *key)
{
	char label_key[64];
	snprintf(label_key, sizeof label_key, "%s_label", key);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *label = grade_label(json_string_value(json_object_get(row, key)));
		if (label)
			json_object_set_new(row, label_key, json_string(label));
	}
}

/*
 * Each child's case as the page names it: "Case 2" (its number in the
 * sample), with the child's names after it only where the store gave them
 * (the viewer's agency works with the child), and whether it did ("known").
 */
static void name_case(json_t *child)
{
	bool known = json_integer_value(json_object_get(child, "known")) == 1;
	long long number = json_integer_value(json_object_get(child, "case_number"));
	char label[32], name[600];
	snprintf(label, sizeof label, "Case %lld", number);
	if (known)
		snprintf(name, sizeof name, "%s: %s %s", label,
		         json_string_value(json_object_get(child, "given_name")),
		         json_string_value(json_object_get(child, "family_name")));
	else
		snprintf(name, sizeof name, "%s", label);
	json_object_set_new(child, "known", json_boolean(known));
	json_object_set_new(child, "case_label", json_string(label));
	json_object_set_new(child, "case_name", json_string(name));
	if (!known) {
		/* nothing of who the child is: not even the keys (a template would look them up elsewhere) */
		json_object_del(child, "given_name");
		json_object_del(child, "family_name");
		json_object_del(child, "date_of_birth");
	}
}

/* The rows of `rows` whose "child_id" is `child_id`, into a new array. */
static json_t *rows_of_child(const json_t *rows, json_int_t child_id)
{
	json_t *own = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		if (json_integer_value(json_object_get(row, "child_id")) == child_id)
			json_array_append(own, row);
	}
	return own;
}

/* The agencies asked for one case's findings (`asked`: its rows of [{child_id, agency_id, agency}]) with no
 * finding among `findings` (the case's). */
static json_t *awaiting_agencies(const json_t *asked, const json_t *findings)
{
	json_t *awaiting = json_array(), *a, *f;
	size_t i, j;
	json_array_foreach(asked, i, a)
	{
		bool answered = false;
		json_array_foreach(findings, j, f) answered |=
		    json_equal(json_object_get(f, "agency_id"), json_object_get(a, "agency_id"));
		if (!answered)
			json_array_append_new(awaiting, json_pack("{s:O, s:O}", "agency_id",
			                                          json_object_get(a, "agency_id"), "agency",
			                                          json_object_get(a, "agency")));
	}
	return awaiting;
}

/* The agencies' names as a sentence lists them ("A, B and C"; "" for none), as a JSON string. */
static json_t *names_in_words(const json_t *agencies)
{
	char words[2000] = "";
	size_t n = json_array_size(agencies), used = 0;
	for (size_t i = 0; i < n && used < sizeof words; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
		int w = snprintf(words + used, sizeof words - used, "%s%s", sep,
		                 json_string_value(json_object_get(json_array_get(agencies, i), "agency")));
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return json_string(words);
}

/* Whether `child`'s case waits for an agency, left out unless the viewer's agency works with the child. */
static void hide_unknown_awaiting(json_t *child)
{
	if (!json_is_true(json_object_get(child, "known")))
		json_object_del(child, "any_awaiting");
}

/*
 * The audit as the viewer (of agency `agency_id`) may see it
 * (assurance_case_audit_get: every case by its number for the panel,
 * `every_case`; otherwise only the cases the agency works with), with each
 * child's agencies' findings beside it and whether the viewer's agency has
 * recorded its own. Only what has been answered: who works with a child and
 * has not answered is not said (docs/architecture.md, "Multi-agency case
 * audits"), so a case no named agency can answer reads as one not answered yet.
 * Each case's agencies asked for its findings and yet to record them (the
 * store's one rule: named for the audit and working with the child, as their
 * tasks are) decide whether the panel is asked "Are you sure?"
 * ("any_awaiting"), and are named ("awaiting", "awaiting_names" in words,
 * "awaiting_many") only to a viewer whose agency works with the child, who
 * sees the child's record and its agencies anyway: naming them on a case the
 * viewer may not identify would tell the panel who works with a record number
 * (docs/architecture.md, "Multi-agency case audits"). Nor is whether any is
 * yet to answer said of such a case, in any way ("any_awaiting" is left out,
 * and its grade asks the same "Are you sure?" whatever: case_audit_grade).
 */
static enum haven_status audit_model(long long id, long long agency_id, bool every_case, json_t **out)
{
	json_t *audit = NULL;
	enum haven_status st = assurance_case_audit_get(id, agency_id, every_case, &audit);
	if (st != HAVEN_OK)
		return st;
	json_t *children = json_object_get(audit, "children"), *findings = json_object_get(audit, "findings");
	label_grades(children, "panel_grade");
	label_grades(findings, "grade");
	size_t i, j;
	json_t *child, *finding;
	json_array_foreach(children, i, child)
	{
		name_case(child);
		json_int_t child_id = json_integer_value(json_object_get(child, "id"));
		json_t *own = rows_of_child(findings, child_id);
		bool recorded = false;
		json_array_foreach(own, j, finding)
		{
			recorded |= json_integer_value(json_object_get(finding, "agency_id")) == agency_id;
		}
		json_t *asked = rows_of_child(json_object_get(audit, "asked"), child_id);
		json_t *waiting = awaiting_agencies(asked, own);
		json_decref(asked);
		size_t awaiting = json_array_size(waiting);
		json_object_set_new(child, "any_awaiting", json_boolean(awaiting > 0));
		hide_unknown_awaiting(child);
		if (json_is_true(json_object_get(child, "known"))) {
			json_object_set_new(child, "awaiting_names", names_in_words(waiting));
			json_object_set_new(child, "awaiting_many", json_boolean(awaiting > 1));
			json_object_set_new(child, "awaiting", waiting);
		} else
			json_decref(waiting);
		/* the panel grades from the agencies' findings, so a child with none cannot be graded yet */
		json_object_set_new(child, "gradable", json_boolean(json_array_size(own) > 0));
		json_object_set_new(child, "findings", own);
		json_object_set_new(child, "recorded_by_your_agency", json_boolean(recorded));
		json_object_set_new(child, "graded",
		                    json_boolean(json_is_string(json_object_get(child, "panel_grade"))));
	}
	json_object_del(audit, "findings");
	json_object_del(audit, "asked");
	json_object_set(audit, "audit_title", json_object_get(audit, "title"));
	*out = audit;
	return HAVEN_OK;
}

/* Each action's status as words and a tag, and whether the user (its owner) may change it. */
static void label_actions(const struct request *req, json_t *actions)
{
	size_t i;
	json_t *a;
	json_array_foreach(actions, i, a)
	{
		status_tag_set(a,
		               status_tag_find(action_tags, json_string_value(json_object_get(a, "status"))));
		long long id = json_integer_value(json_object_get(a, "id"));
		json_object_set_new(a, "can_update",
		                    json_boolean(policy_allows(req->user, "qa.case_audit.action",
		                                               "qa_case_audit_action", id)));
	}
}

/*
 * GET /quality-assurance/case-audits/{id} and its API twin (qa.case_audit.read,
 * audited with the children of its sample); also the page shown again after
 * an action the panel sent with a mistake.
 */
enum haven_status case_audit_show(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	bool panel = policy_allows(req->user, "qa.case_audit.panel", "qa_case_audit", id);
	json_t *audit = NULL;
	enum haven_status st = audit_model(id, req->user->agency_id, panel, &audit);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(audit, "audit_id", json_integer(id));
	json_object_set_new(
	    audit, "can_record",
	    json_boolean(policy_allows(req->user, "qa.case_audit.findings", "qa_case_audit", id)));
	json_object_set_new(audit, "can_grade", json_boolean(panel));
	/* the panel moves the date its chase is by, whatever has been answered (whether some agency is yet to
	 * answer is not the panel's to learn of a case it may not identify) */
	json_object_set_new(audit, "can_change_findings_due", json_boolean(panel));
	json_object_set_new(audit, "has_children",
	                    json_boolean(json_array_size(json_object_get(audit, "children")) > 0));
	json_object_set_new(audit, "has_actions",
	                    json_boolean(json_array_size(json_object_get(audit, "actions")) > 0));
	label_actions(req, json_object_get(audit, "actions"));
	/* the people named for the audit are the owners to choose from; on a page shown again, the one chosen
	 */
	chosen_option_mark(json_object_get(audit, "auditors"), "email", json_object_get(req->input, "owner"));
	response_set_model(res, audit);
	return HAVEN_OK;
}

/*
 * The form for one child of the audit in the path (findings or the panel's
 * grade): the audit's title and the child's case (the grades are the
 * template's, each re-checked from what was chosen when the form is shown
 * again). HAVEN_ERR_NOT_FOUND for a child not in the sample, and, unless
 * `every_case` (the panel's), for one the user's agency does not work with.
 */
static enum haven_status child_form(struct request *req, struct response *res, const char *title,
                                    bool every_case)
{
	long long id = field_int(req->params, "id"), child_id = field_int(req->params, "child");
	json_t *audit = NULL;
	enum haven_status st = audit_model(id, req->user->agency_id, every_case, &audit);
	if (st != HAVEN_OK)
		return st;
	json_t *child = NULL, *c;
	size_t i;
	json_array_foreach(json_object_get(audit, "children"), i,
	                   c) if (json_integer_value(json_object_get(c, "id")) == child_id) child = c;
	if (!child) {
		json_decref(audit);
		return HAVEN_ERR_NOT_FOUND;
	}
	response_set_model(res, json_pack("{s:s, s:I, s:O, s:O}", "title", title, "audit_id", (json_int_t)id,
	                                  "audit_title", json_object_get(audit, "title"), "child", child));
	json_decref(audit);
	return HAVEN_OK;
}

/* GET /quality-assurance/case-audits/{id}/children/{child}/findings (qa.case_audit.findings): the form. */
enum haven_status case_finding_form(struct request *req, struct response *res)
{
	return child_form(req, res, "Your agency's findings", false);
}

/* GET /quality-assurance/case-audits/{id}/children/{child}/grade (qa.case_audit.panel): the form. */
enum haven_status case_grade_form(struct request *req, struct response *res)
{
	return child_form(req, res, "The panel's grade", true);
}

/* How many children and auditors the form to make an audit offers boxes for (the API takes any number). */
enum { FORM_CHILDREN = 8, FORM_AUDITORS = 8 };

/*
 * GET /quality-assurance/case-audits/new (qa.case_audit.create): the form to
 * make an audit (the template says what the audit tool asks); shown again
 * after a mistake with every child and auditor that was typed, the ones
 * refused too (the field checks keep them), each error at its own box.
 */
enum haven_status case_audit_new_form(struct request *req, struct response *res)
{
	if (req->method == HTTP_POST) {
		/* shown again after the route refused a record number: the rest is named too, at once (a
		 * field the route named already is named once) */
		json_t *errors = json_array();
		enum haven_status st;
		json_decref(new_audit_values(req, errors, &st));
		if (st != HAVEN_OK) {
			json_decref(errors);
			return st;
		}
		response_errors(res, errors);
	}
	response_set_model(
	    res,
	    json_pack("{s:s, s:o, s:o}", "title", "Start a multi-agency case audit", "child_boxes",
	              fields_list_boxes("children", json_object_get(req->input, "children"), FORM_CHILDREN),
	              "auditor_boxes",
	              fields_list_boxes("auditors", json_object_get(req->input, "auditors"), FORM_AUDITORS)));
	return HAVEN_OK;
}

/* POST /quality-assurance/case-audits and its API twin (qa.case_audit.create): the audit, its sample and the
 * people named. */
enum haven_status case_audit_create(struct request *req, struct response *res)
{
	json_t *errors = json_array();
	enum haven_status checked;
	json_t *values = new_audit_values(req, errors, &checked);
	if (checked != HAVEN_OK) {
		json_decref(errors);
		json_decref(values);
		return checked;
	}
	if (!values) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	errors = NULL;
	struct assurance_new_case_audit a = {
	    .title = field_text(values, "title"),
	    .theme = field_text(values, "theme"),
	    .findings_due_on = field_text(values, "findings_due_on"),
	    .children = json_object_get(values, "children"),
	    .auditors = json_object_get(values, "auditors"),
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = assurance_case_audit_create(&a, &actor, &id, &errors);
	json_decref(values);
	if (st == HAVEN_ERR_INVALID) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_t *audit = NULL;
	if (st != HAVEN_OK ||
	    (st = audit_model(id, req->user->agency_id,
	                      policy_allows(req->user, "qa.case_audit.panel", "qa_case_audit", id),
	                      &audit)) != HAVEN_OK)
		return st;
	response_success(res, "The audit was started");
	response_created(res, audit, "/quality-assurance/case-audits/%lld", id);
	return HAVEN_OK;
}

/* The answer to a change: the audit as it now is. */
static enum haven_status show_after_change(struct request *req, struct response *res)
{
	return case_audit_show(req, res);
}

/*
 * How a change to a child of audit `id` ends: the store's HAVEN_ERR_CONFLICT
 * (the panel has graded the child) refused on the grade with `conflict`, any
 * other failure as it is, and success back on the audit's page.
 */
static enum haven_status back_to_audit(struct response *res, enum haven_status st, long long id,
                                       const char *conflict)
{
	if (store_conflict(res, st, "grade", conflict))
		return HAVEN_OK;
	if (st == HAVEN_OK)
		response_done(res, show_after_change, "/quality-assurance/case-audits/%lld", id);
	return st;
}

/* POST /quality-assurance/case-audits/{id}/children/{child}/findings and its API twin
 * (qa.case_audit.findings): the agency's part. */
enum haven_status case_audit_record_finding(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct assurance_case_finding f = {
	    .audit_id = id,
	    .child_id = field_int(req->params, "child"),
	    .grade = field_text(req->input, "grade"),
	    .what_went_well = field_text(req->input, "what_went_well"),
	    .what_could_be_better = field_text(req->input, "what_could_be_better"),
	    .child_voice = field_text(req->input, "child_voice"),
	};
	struct actor actor = auth_actor(req);
	response_success(res, "Your findings were recorded");
	return back_to_audit(res, assurance_case_audit_finding(&f, &actor), id,
	                     "The panel has graded this child: the findings can no longer be changed");
}

/* POST /quality-assurance/case-audits/{id}/children/{child}/grade and its API twin (qa.case_audit.panel):
 * given once. */
enum haven_status case_audit_grade(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	if (!json_is_true(json_object_get(req->input, "confirmed"))) {
		/* "Are you sure?" before grading without an agency asked for findings: nothing is graded yet,
		 * and each such agency keeps its task until it answers (assurance_case_audit_findings_due).
		 * On a case the panel may identify (its agency works with the child), only when one has yet
		 * to answer, naming them. On any other case, always, in fixed words: asking only while one
		 * had yet to answer told the panel that some agency it was not told of works with the child
		 */
		enum haven_status st = child_form(req, res, "The panel's grade", true);
		if (st != HAVEN_OK)
			return st;
		json_t *child = json_object_get(res->model, "child");
		bool known = json_is_true(json_object_get(child, "known"));
		/* (a case no agency has answered, or one graded, is refused by the store: nothing to be sure
		 * of; both are on the audit's page for the panel anyway) */
		if ((!known || json_is_true(json_object_get(child, "any_awaiting"))) &&
		    json_is_true(json_object_get(child, "gradable")) &&
		    !json_is_true(json_object_get(child, "graded"))) {
			char message[2400];
			if (known)
				snprintf(
				    message, sizeof message,
				    "%s %s not recorded findings for %s: confirm to grade it without them "
				    "(each keeps its task until it answers)",
				    json_string_value(json_object_get(child, "awaiting_names")),
				    json_is_true(json_object_get(child, "awaiting_many")) ? "have" : "has",
				    json_string_value(json_object_get(child, "case_label")));
			else
				snprintf(message, sizeof message,
				         "Confirm to grade %s now: Haven does not say whether every agency "
				         "asked for "
				         "its findings has recorded them (any that has not keeps its task "
				         "until it "
				         "answers)",
				         json_string_value(json_object_get(child, "case_label")));
			if (req->api) {
				response_set_model(res, NULL);
				response_error(res, "confirmed", message);
				return HAVEN_OK;
			}
			json_object_set_new(res->model, "confirm",
			                    json_pack("{s:s?, s:s?}", "grade",
			                              field_text(req->input, "grade"), "learning",
			                              field_text(req->input, "learning")));
			json_object_set_new(res->model, "grade_label",
			                    json_string(grade_label(field_text(req->input, "grade"))));
			response_confirm(res);
			return HAVEN_OK;
		}
		response_set_model(res, NULL);
	}
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    assurance_case_audit_grade(id, field_int(req->params, "child"), field_text(req->input, "grade"),
	                               field_text(req->input, "learning"), &actor);
	if (st == HAVEN_ERR_INVALID) {
		response_conflict(res, "grade", "No agency has recorded its findings for this child yet");
		return HAVEN_OK;
	}
	response_success(res, "The grade was recorded");
	return back_to_audit(res, st, id, "The panel has graded this child already");
}

/* POST /quality-assurance/case-audits/{id}/actions and its API twin (qa.case_audit.panel): owned by someone
 * named for the audit. */
enum haven_status case_audit_add_action(struct request *req, struct response *res)
{
	json_t *values = checked_input(case_action_input, req, res);
	if (!values)
		return HAVEN_OK;
	long long id = field_int(req->params, "id"), action_id = 0;
	struct actor actor = auth_actor(req);
	const char *owner = field_text(values, "owner");
	enum haven_status st = assurance_case_audit_action(id, field_text(values, "action"), owner,
	                                                   field_text(values, "due_on"), &actor, &action_id);
	if (st == HAVEN_ERR_INVALID) {
		char message[400];
		snprintf(message, sizeof message,
		         "%s is not named for this audit: choose one of the people named for it as the owner",
		         owner);
		response_error(res, "owner", message);
		st = HAVEN_OK;
	} else if (st == HAVEN_OK) {
		response_success(res, "The action was added");
		response_done(res, show_after_change, "/quality-assurance/case-audits/%lld", id);
	}
	json_decref(values);
	return st;
}

/*
 * POST /quality-assurance/case-audits/{id}/findings-due and its API twin (qa.case_audit.panel): moves the
 * date the named agencies' findings are due (their tasks' due date), today or later, while some are
 * outstanding (409 once none is: nothing is left to chase). Audited.
 */
enum haven_status case_audit_findings_due(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    assurance_case_audit_findings_due_set(id, field_text(req->input, "findings_due_on"), &actor);
	if (store_conflict(res, st, "findings_due_on",
	                   "Every named agency has recorded its findings: there is no date to change"))
		return HAVEN_OK;
	if (st == HAVEN_OK) {
		response_success(res, "The date the findings are due was changed");
		response_done(res, show_after_change, "/quality-assurance/case-audits/%lld", id);
	}
	return st;
}

/* The action in the path ({audit} and {id}) with its audit's title, its status labelled. */
static enum haven_status action_model(struct request *req, json_t **out)
{
	enum haven_status st = assurance_case_audit_action_get(field_int(req->params, "audit"),
	                                                       field_int(req->params, "id"), out);
	if (st == HAVEN_OK)
		status_tag_set(*out, status_tag_find(action_tags, field_text(*out, "status")));
	return st;
}

/*
 * GET /quality-assurance/case-audits/{audit}/actions/{id} (qa.case_audit.action, its owner): the form to
 * change its status and evidence, what is stored chosen unless the page is shown again with what was.
 */
enum haven_status case_action_form(struct request *req, struct response *res)
{
	json_t *action = NULL;
	enum haven_status st = action_model(req, &action);
	if (st != HAVEN_OK)
		return st;
	json_t *statuses = assurance_action_statuses(req->input, action, action_tags);
	response_set_model(res, json_pack("{s:s, s:o, s:o}", "title", "Update an action", "action", action,
	                                  "statuses", statuses));
	return HAVEN_OK;
}

/* The API's answer to a change of an action: the action as it now is. */
static enum haven_status show_action(struct request *req, struct response *res)
{
	return model_answer(req, res, action_model);
}

/*
 * POST /quality-assurance/case-audits/{audit}/actions/{id} and its API twin (qa.case_audit.action, its
 * owner): its status, with the evidence of completion that done needs and of its impact; done records
 * today (England's) as done_on. Audited.
 */
enum haven_status case_audit_update_action(struct request *req, struct response *res)
{
	long long audit_id = field_int(req->params, "audit");
	const char *status = field_text(req->input, "status");
	bool done = strcmp(status, "done") == 0;
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct assurance_case_action_update u = {
	    .audit_id = audit_id,
	    .action_id = field_int(req->params, "id"),
	    .status = status,
	    .completion_evidence = field_text(req->input, "completion_evidence"),
	    .impact_evidence = field_text(req->input, "impact_evidence"),
	    .done_on = done ? day : NULL,
	};
	if (done && !u.completion_evidence) {
		response_error(res, "completion_evidence", "Enter the evidence that the action is done");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	enum haven_status st = assurance_case_audit_action_update(&u, &actor);
	return record_changed(res, st, "The action was updated", show_action,
	                      "/quality-assurance/case-audits", audit_id);
}
