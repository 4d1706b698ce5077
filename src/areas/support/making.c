/*
 * making.c (support) — making a request for support from a levels-of-need
 * assessment at level 3 or 4: the assessment checked as the maker's own and
 * unused, the child (one linked to the maker's agency, a new record offered
 * likely duplicates first, or the household child an IDVA's assessment was
 * made for), the concerns, consent and contact, the check-your-answers page,
 * and the request made through the store in one unit with its audit row.
 * The routes are in area.c (pages.h declares what it takes from here).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/la_code.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "areas/children/merged.h"
#include "areas/children/store.h"
#include "areas/partnership/store.h"
#include "areas/provide/provide.h"
#include "areas/support/pages.h"
#include "areas/support/rules.h"
#include "areas/support/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/store.h"
#include "router/errors.h"

static const char *const child_kinds[] = {"existing", "new", NULL};
static const char *const sexes[] = {"female", "male", "indeterminate", "not_known", NULL};

/* Without an assessment the page says how a request is made (support_new_request_form). */
const struct field_spec support_new_query[] = {
    {.name = "assessment",
     .label = "the levels-of-need assessment",
     .type = FIELD_INT,
     .min = 1,
     .max = SUPPORT_MAX_ID},
    {0},
};

/* What the form and the API share; the API adds the assessment (the page has it in its address). */
#define REQUEST_FIELDS                                                                                       \
	{.name = "child",                                                                                    \
	 .label = "whether the child is already on your agency's list",                                      \
	 .type = FIELD_CHOICE,                                                                               \
	 .required = true,                                                                                   \
	 .choices = child_kinds},                                                                            \
	    {.name = "child_id", .label = "the child", .type = FIELD_INT, .min = 1, .max = SUPPORT_MAX_ID},  \
	    {.name = "given_name", .label = "the child's first name", .type = FIELD_TEXT, .max = 100},       \
	    {.name = "family_name", .label = "the child's last name", .type = FIELD_TEXT, .max = 100},       \
	    {.name = "other_names",                                                                          \
	     .label = "other names the child is known by",                                                   \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 200},                                                                                    \
	    {.name = "date_of_birth", .label = "the child's date of birth", .type = FIELD_DATE},             \
	    {.name = "sex", .label = "the child's sex", .type = FIELD_CHOICE, .choices = sexes},             \
	    {.name = "postcode", .label = "the child's home postcode", .type = FIELD_TEXT, .max = 10},       \
	    {.name = "la", .label = "the child's local authority", .type = FIELD_SLUG, .max = 100},          \
	    {.name = "same_as",                                                                              \
	     .label = "whether the child is one of the children already on the register",                    \
	     .type = FIELD_INT,                                                                              \
	     .min = 0,                                                                                       \
	     .max = SUPPORT_MAX_ID},                                                                         \
	    {.name = "same_as_reason",                                                                       \
	     .label = "why you are sure this is the same child",                                             \
	     .type = FIELD_TEXT},                                                                            \
	    {.name = "concerns",                                                                             \
	     .label = "your concerns",                                                                       \
	     .type = FIELD_TEXT,                                                                             \
	     .required = true,                                                                               \
	     .max = 10000},                                                                                  \
	    {.name = "family_knows",                                                                         \
	     .label = "whether the family knows about this request",                                         \
	     .type = FIELD_BOOL,                                                                             \
	     .required = true},                                                                              \
	    {.name = "family_consents", .label = "whether the family consents", .type = FIELD_BOOL},         \
	    {.name = "no_consent_reason",                                                                    \
	     .label = "why the family does not know or does not consent",                                    \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 5000},                                                                                   \
	    {.name = "referrer_phone",                                                                       \
	     .label = "your phone number",                                                                   \
	     .type = FIELD_TEXT,                                                                             \
	     .required = true,                                                                               \
	     .max = 30},                                                                                     \
	{                                                                                                    \
		.name = "referrer_email", .label = "your email address", .type = FIELD_EMAIL,                \
		.required = true, .max = 254                                                                 \
	}

const struct field_spec support_page_fields[] = {REQUEST_FIELDS, {0}};
const struct field_spec support_api_fields[] = {
    {.name = "assessment",
     .label = "the levels-of-need assessment",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = SUPPORT_MAX_ID},
    REQUEST_FIELDS,
    {0},
};

/* ---- the assessment a request is made from ---- */

static long long assessment_id(const struct request *req)
{
	json_t *p = json_object_get(req->params, "assessment");
	return json_is_integer(p) ? json_integer_value(p) : field_int(req->input, "assessment");
}

/*
 * Assessment `id` if this user may make a request from it, described for
 * people. Otherwise a status and, for a reason the user can act on, the
 * message and the HTTP status to tell them with: HAVEN_ERR_NOT_FOUND (not
 * theirs, or none: they are told the same), HAVEN_ERR_INVALID (level 1
 * or 2), HAVEN_ERR_CONFLICT (already used).
 */
static enum haven_status usable_assessment(const struct request *req, long long id, json_t **out,
                                           char *message, size_t size)
{
	*out = NULL;
	json_t *a = NULL;
	enum haven_status st = support_assessment_get(id, &a);
	if (st == HAVEN_OK && json_integer_value(json_object_get(a, "user_id")) != req->user->id)
		st = HAVEN_ERR_NOT_FOUND;
	if (st == HAVEN_ERR_NOT_FOUND)
		snprintf(message, size,
		         "There is no levels-of-need assessment of yours with this number: use the "
		         "levels-of-need tool first");
	if (st != HAVEN_OK) {
		json_decref(a);
		return st;
	}
	long long chosen = json_integer_value(json_object_get(a, "chosen_level"));
	const char *used = field_text(a, "used_by");
	if (used) {
		snprintf(message, size,
		         "A request for support has already been made from this assessment (%s): "
		         "use the levels-of-need tool again for a new request",
		         used);
		st = HAVEN_ERR_CONFLICT;
	} else if (chosen < 3) {
		snprintf(message, size,
		         "A request for support is for level 3 or 4, and this assessment chose level "
		         "%lld: follow the course of action for that level instead",
		         chosen);
		st = HAVEN_ERR_INVALID;
	}
	if (st != HAVEN_OK) {
		json_decref(a);
		return st;
	}
	json_t *doc = json_loads(
	    field_text(a, "framework_document") ? field_text(a, "framework_document") : "", 0, NULL);
	json_object_del(a, "framework_document");
	support_describe_assessment(a, doc);
	json_decref(doc);
	*out = a;
	return HAVEN_OK;
}

/*
 * The child assessment `a` was made for, from an IDVA referral's household
 * (provide.h: asked again at each step, so only someone who still works
 * the referral may go on; anyone else is answered 404), with the labels the
 * form shows; *child NULL for an assessment made with the tool on its own.
 */
static enum haven_status assessment_child(const struct request *req, const json_t *a, json_t **child)
{
	*child = NULL;
	long long id = json_integer_value(json_object_get(a, "child_id"));
	if (!id)
		return HAVEN_OK;
	enum haven_status st = provide_household_child(
	    req->user, json_integer_value(json_object_get(a, "source_referral_id")), id, child);
	if (st != HAVEN_OK)
		return st;
	support_set_date_label(*child, "date_of_birth", "dob_label");
	json_t *areas = NULL;
	if ((st = support_areas(&areas)) != HAVEN_OK) {
		json_decref(*child);
		*child = NULL;
		return st;
	}
	size_t i;
	json_t *area;
	json_array_foreach(
	    areas, i, area) if (json_equal(json_object_get(area, "code"), json_object_get(*child, "la_code")))
	    json_object_set(*child, "la_name", json_object_get(area, "name"));
	json_decref(areas);
	return HAVEN_OK;
}

static unsigned status_of(enum haven_status st)
{
	return st == HAVEN_ERR_NOT_FOUND ? 404 : st == HAVEN_ERR_CONFLICT ? 409 : 422;
}

/* ---- making a request ---- */

/* The form's model for `a` (taken): the assessment, the user's agency's children, the areas, the defaults. */
static enum haven_status form_model(const struct request *req, json_t *a, json_t **out)
{
	json_t *children = NULL, *areas = NULL, *for_child = NULL;
	/* an assessment made for a child names them: the agency's list is not offered */
	enum haven_status st = assessment_child(req, a, &for_child);
	if (st == HAVEN_OK && for_child)
		children = json_array();
	else if (st == HAVEN_OK)
		st = support_children_of_agency(req->user->agency_id, &children);
	if (st == HAVEN_OK)
		st = support_areas(&areas);
	if (st != HAVEN_OK) {
		json_decref(a);
		json_decref(children);
		json_decref(areas);
		json_decref(for_child);
		return st;
	}
	size_t i;
	json_t *c;
	char text[40];
	json_array_foreach(children, i, c)
	{
		const char *dob = support_date_label(field_text(c, "date_of_birth"), text, sizeof text);
		json_object_set_new(
		    c, "label",
		    json_pack("s++", field_text(c, "given_name"), " ", field_text(c, "family_name")));
		if (dob)
			json_object_set_new(c, "dob_label", json_string(dob));
	}
	/* the assessment's local authority is the likely one for a new child */
	json_t *area;
	json_array_foreach(areas, i,
	                   area) if (json_equal(json_object_get(area, "code"), json_object_get(a, "la_code")))
	    json_object_set_new(area, "selected", json_true());
	json_t *model =
	    json_pack("{s:s, s:o, s:o, s:b, s:o, s:{s:s}}", "title", "Request support from the front door",
	              "assessment", a, "children", children, "has_children", json_array_size(children) > 0,
	              "areas", areas, "submitted", "referrer_email", req->user->email);
	if (for_child)
		json_object_set_new(model, "for_child", for_child);
	*out = model;
	return HAVEN_OK;
}

/* The children the form's model shows (the agency's list, or the one the assessment was made for): reads of
 * their data, for the audit trail. */
static void report_children_shown(struct response *res, const json_t *model)
{
	response_audit_records(res, "child", json_object_get(model, "children"), "id");
	const json_t *for_child = json_object_get(model, "for_child");
	if (for_child)
		response_audit_record(res, "child", json_integer_value(json_object_get(for_child, "id")));
}

/* Whether usable_assessment's answer means no request can be made from the assessment. */
static bool blocks_request(enum haven_status st)
{
	return st == HAVEN_ERR_NOT_FOUND || st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT;
}

/*
 * Tells a browser that no request can be made from this assessment: an
 * assessment not found is not found (the handler's status); otherwise a page
 * says why (`message`), with the status `st` means, and the handler is done.
 */
static enum haven_status blocked_page(struct response *res, enum haven_status st, const char *message)
{
	if (st == HAVEN_ERR_NOT_FOUND)
		return st;
	res->status = status_of(st);
	response_set_model(res, json_pack("{s:s, s:s}", "title", "You cannot make this request for support",
	                                  "blocked", message));
	return HAVEN_OK;
}

/* The form's lists keep what was chosen in them (the child, the local authority), shown again. */
static void keep_selections(const struct request *req, json_t *model)
{
	size_t i;
	json_t *o;
	json_array_foreach(
	    json_object_get(model, "children"), i,
	    o) if (json_equal(json_object_get(o, "id"), json_object_get(req->input, "child_id")))
	    json_object_set_new(o, "selected", json_true());
	const char *la = field_text(req->input, "la");
	json_array_foreach(json_object_get(model, "areas"), i, o)
	    json_object_set_new(o, "selected",
	                        json_boolean(la ? strcmp(field_text(o, "slug"), la) == 0
	                                        : json_is_true(json_object_get(o, "selected"))));
}

/*
 * GET /requests-for-support/new?assessment=ID (and the form again when its
 * fields fail validation, or from its check page's Change). Reached without
 * an assessment (a bookmark, a link from elsewhere), it says how a request
 * is made rather than refusing the address.
 */
enum haven_status support_new_request_form(struct request *req, struct response *res)
{
	if (assessment_id(req) <= 0) {
		response_set_model(
		    res, json_pack("{s:s, s:b}", "title", "Make a request for support", "no_assessment", 1));
		return HAVEN_OK;
	}
	char message[300];
	json_t *a = NULL;
	enum haven_status st = usable_assessment(req, assessment_id(req), &a, message, sizeof message);
	if (blocks_request(st))
		return blocked_page(res, st, message);
	if (st != HAVEN_OK)
		return st;
	json_t *model = NULL;
	if ((st = form_model(req, a, &model)) != HAVEN_OK)
		return st;
	keep_selections(req, model);
	response_set_model(res, model);
	report_children_shown(res, model);
	return HAVEN_OK;
}

/* A phone number: digits, spaces, + ( ) -, with 10 to 15 digits. */
static bool is_phone(const char *s)
{
	size_t digits = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isdigit(*p))
			digits++;
		else if (!strchr(" +()-", *p))
			return false;
	}
	return digits >= 10 && digits <= 15;
}

/* The child chosen or described, once checked. */
struct chosen_child {
	long long id; /* an existing child, or 0 for a new one */
	struct support_child fresh;
	long long la_code;
	json_t *matches;         /* likely duplicates of a new child, for the page (owned) */
	bool taken;              /* `id` is one of `matches`, taken instead of adding `fresh` */
	const char *take_reason; /* why the user is sure it is the same child (borrowed) */
};

/*
 * Checks the child part of the form, adding errors. For a new child with
 * likely duplicates on the register, the user must say which it is (or
 * none) in "same_as": until then an error, and the matches to offer. Only
 * a child offered may be picked, and with a reason ("same_as_reason"), as
 * the children register asks when a record is taken.
 */
static enum haven_status check_child(const struct request *req, const json_t *for_child, json_t *errors,
                                     struct chosen_child *c)
{
	const json_t *in = req->input;
	const char *kind = field_text(in, "child");
	enum haven_status st;
	if (for_child) {
		/* the assessment was made for this child of an IDVA referral's household: the request is for
		 * them */
		long long id = json_integer_value(json_object_get(for_child, "id"));
		if (!kind || strcmp(kind, "existing") != 0 || field_int(in, "child_id") != id) {
			errors_addf(
			    errors, "child_id",
			    "This assessment was made for %s %s: the request is for them (child_id %lld)",
			    field_text(for_child, "given_name"), field_text(for_child, "family_name"), id);
			return HAVEN_OK;
		}
		c->id = id;
		c->la_code = json_integer_value(json_object_get(for_child, "la_code"));
		if (!c->la_code)
			errors_add(errors, "child_id",
			           "The child's record has no local authority: ask the front door to "
			           "add it, or make the request by phone");
		return HAVEN_OK;
	}
	if (kind && strcmp(kind, "existing") == 0) {
		long long id = field_int(in, "child_id");
		if (!id) {
			errors_add(errors, "child_id", "Select the child");
			return HAVEN_OK;
		}
		json_t *child = NULL;
		st = children_linked_to_agency(req->user->agency_id, id, &child);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "child_id",
			           "Select the child from the list of children linked to your agency");
			return HAVEN_OK;
		}
		if (st != HAVEN_OK)
			return st;
		/* a record merged away stands for no one: the request belongs on the record kept */
		size_t found = json_array_size(errors);
		st = children_merged_errors(id, "child_id", "select that one", errors);
		if (st != HAVEN_OK || json_array_size(errors) > found) {
			json_decref(child);
			return st;
		}
		c->id = id;
		c->la_code = json_integer_value(json_object_get(child, "la_code"));
		json_decref(child);
		if (!c->la_code)
			errors_add(errors, "child_id",
			           "The child's record has no local authority: ask the front door to "
			           "add it, or make the request by phone");
		return HAVEN_OK;
	}
	if (!kind || strcmp(kind, "new") != 0)
		return HAVEN_OK; /* the field spec has said so */
	struct support_child *f = &c->fresh;
	f->given_name = field_text(in, "given_name");
	f->family_name = field_text(in, "family_name");
	f->other_names = field_text(in, "other_names");
	f->date_of_birth = field_text(in, "date_of_birth");
	f->sex = field_text(in, "sex");
	f->postcode = field_text(in, "postcode");
	const char *la = field_text(in, "la");
	const char *la_problem = NULL;
	if (!la) {
		la_problem = "Select the child's local authority";
	} else {
		st = la_code_of_slug(la, &c->la_code);
		if (st == HAVEN_ERR_NOT_FOUND)
			la_problem = "Select the child's local authority from the list";
		else if (st != HAVEN_OK)
			return st;
	}
	f->la_code = c->la_code;
	/* the register's checks, then ours, each message where its field is on the form */
	size_t first = json_array_size(errors);
	if ((st = support_check_child(f, la_problem != NULL, errors)) != HAVEN_OK)
		return st;
	if (!f->sex) {
		size_t at = json_array_size(errors);
		for (size_t i = first; i < json_array_size(errors); i++) {
			const char *field =
			    json_string_value(json_object_get(json_array_get(errors, i), "field"));
			if (field && (strcmp(field, "postcode") == 0 || strcmp(field, "la") == 0)) {
				at = i;
				break;
			}
		}
		json_array_insert_new(errors, at,
		                      json_pack("{s:s, s:s}", "field", "sex", "message",
		                                "Select the child's sex, or \"Not known\""));
	}
	if (la_problem)
		errors_add(errors, "la", la_problem);
	if (json_array_size(errors))
		return HAVEN_OK;
	if ((st = support_likely_matches(f, &c->matches)) != HAVEN_OK)
		return st;
	if (!json_array_size(c->matches))
		return HAVEN_OK;
	json_t *same = json_object_get(in, "same_as");
	if (!same) {
		errors_add(errors, "same_as",
		           "This child may already be on the register: select the child if it is "
		           "one of these, or say it is none of them");
		return HAVEN_OK;
	}
	long long same_as = json_integer_value(same);
	if (same_as == 0)
		return HAVEN_OK;
	size_t i;
	json_t *m;
	json_array_foreach(c->matches, i, m) if (json_integer_value(json_object_get(m, "id")) == same_as)
	{
		/* the existing record, and its local authority; taking it shows the user's agency all of
		 * it, so they say why they are sure */
		c->take_reason = field_text(in, "same_as_reason");
		if (!children_check_take_reason(c->take_reason, "same_as_reason", errors))
			return HAVEN_OK;
		c->id = same_as;
		c->taken = true;
		json_t *area = json_object_get(m, "la_code");
		if (json_is_integer(area))
			c->la_code = json_integer_value(area);
		return HAVEN_OK;
	}
	errors_add(errors, "same_as", "Select one of the children listed, or say it is none of them");
	return HAVEN_OK;
}

/* The form again with `errors` (taken); the server adds them and what was typed. */
static enum haven_status form_again(struct request *req, struct response *res, json_t *a, json_t *errors,
                                    json_t *matches)
{
	json_t *model = NULL;
	enum haven_status st = form_model(req, a, &model);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	report_children_shown(res, model);
	json_object_del(model, "submitted");
	keep_selections(req, model);
	size_t i;
	json_t *o;
	if (json_array_size(matches)) {
		char text[40];
		json_array_foreach(matches, i, o)
		{
			const char *dob =
			    support_date_label(field_text(o, "date_of_birth"), text, sizeof text);
			if (dob)
				json_object_set_new(o, "dob_label", json_string(dob));
			/* the record picked stays picked (say, while its reason is missing) */
			if (json_equal(json_object_get(o, "id"), json_object_get(req->input, "same_as")))
				json_object_set_new(o, "selected", json_true());
		}
		json_object_set(model, "likely_matches", matches);
		json_object_set_new(model, "has_likely_matches", json_true());
	}
	response_set_model(res, model);
	response_errors(res, errors);
	return HAVEN_OK;
}

/* The API's 422 with the likely duplicates to choose from, when there are some. */
static void api_errors(struct response *res, unsigned status, json_t *errors, json_t *matches)
{
	errors_respond(res, status, errors);
	if (json_array_size(matches))
		json_object_set(res->model, "likely_matches", matches);
}

/* A request's form, checked and ready to save (prepare_request). */
struct prepared_request {
	json_t *assessment; /* owned */
	json_t *for_child;  /* the child the assessment was made for (assessment_child), or NULL; owned */
	struct chosen_child child;
	json_t *front; /* the child's local authority's front door {id, name, ...}, owned */
	bool knows, consents;
	const char *no_consent_reason, *phone; /* borrowed from the input */
};

static void prepared_request_clear(struct prepared_request *p)
{
	json_decref(p->assessment);
	json_decref(p->for_child);
	json_decref(p->front);
	json_decref(p->child.matches);
}

/*
 * Checks the form of a request (the page's or the API's) as saving it
 * would: the assessment, the child, consent and the front door. Returns
 * HAVEN_OK with *answered set when `res` already holds the answer (the
 * errors, or the page saying why no request can be made from this
 * assessment); else, with *answered false, `p` is ready to save or show.
 */
static enum haven_status prepare_request(struct request *req, struct response *res,
                                         struct prepared_request *p, bool *answered)
{
	const json_t *in = req->input;
	char message[300];
	json_t *errors = json_array();
	*answered = true;
	enum haven_status st =
	    usable_assessment(req, assessment_id(req), &p->assessment, message, sizeof message);
	if (blocks_request(st)) {
		json_decref(errors);
		/* the API is told what is wrong with the assessment; a browser has no form to show it on */
		if (req->api) {
			res->status = status_of(st);
			response_error(res, "assessment", message);
			return HAVEN_OK;
		}
		return blocked_page(res, st, message);
	}
	if (st != HAVEN_OK)
		goto out;

	if ((st = assessment_child(req, p->assessment, &p->for_child)) != HAVEN_OK)
		goto out;
	if ((st = check_child(req, p->for_child, errors, &p->child)) != HAVEN_OK)
		goto out;
	p->knows = json_is_true(json_object_get(in, "family_knows"));
	json_t *consents_v = json_object_get(in, "family_consents");
	/* a family that does not know cannot have consented */
	p->consents = p->knows && json_is_true(consents_v);
	p->no_consent_reason = field_text(in, "no_consent_reason");
	if (p->knows && !consents_v)
		errors_add(errors, "family_consents", "Select whether the family consents to this request");
	else if (!(p->knows && p->consents) && !p->no_consent_reason)
		errors_add(
		    errors, "no_consent_reason",
		    p->knows
		        ? "Enter why the family does not consent, and why you are making the request anyway"
		        : "Enter why the family does not know about this request");
	p->phone = field_text(in, "referrer_phone");
	if (p->phone && !is_phone(p->phone))
		errors_add(errors, "referrer_phone", "Enter your phone number, like 01632 960 001");
	if (p->child.la_code && !json_array_size(errors)) {
		st = partnership_front_door(NULL, p->child.la_code, &p->front);
		if (st == HAVEN_ERR_NOT_FOUND)
			errors_add(errors, p->child.id ? "child_id" : "la",
			           "The child's local authority has no front door in Haven: make the request "
			           "by phone");
		else if (st != HAVEN_OK)
			goto out;
	}
	if (json_array_size(errors)) {
		/* the likely duplicates are about to be shown: recorded like any view of a child */
		struct actor shown_to = auth_actor(req);
		if (json_array_size(p->child.matches) &&
		    (st = support_audit_shown(p->child.matches, &shown_to)) != HAVEN_OK)
			goto out;
		/* the API's problem carries the likely duplicates too, which the server's does not */
		if (req->api)
			api_errors(res, 422, errors, p->child.matches);
		else
			st = form_again(req, res, json_incref(p->assessment), errors, p->child.matches);
		errors = NULL;
		goto out;
	}
	st = HAVEN_OK;
	*answered = false;
out:
	json_decref(errors);
	return st;
}

/* POST /requests-for-support/new/{assessment} (the form), POST /api/v1/support-requests. */
enum haven_status support_create_request(struct request *req, struct response *res)
{
	const json_t *in = req->input;
	struct prepared_request p = {0};
	bool answered;
	enum haven_status st = prepare_request(req, res, &p, &answered);
	if (st != HAVEN_OK || answered)
		goto out;
	int64_t now = auth_now();
	struct support_new n = {
	    .assessment_id = json_integer_value(json_object_get(p.assessment, "id")),
	    .child_id = p.child.id,
	    .child = p.child.id ? NULL : &p.child.fresh,
	    .taken_from = p.child.taken ? &p.child.fresh : NULL,
	    .take_reason = p.child.taken ? p.child.take_reason : NULL,
	    .la_code = p.child.la_code,
	    .front_door_agency_id = json_integer_value(json_object_get(p.front, "id")),
	    .referrer_user_id = req->user->id,
	    .referrer_agency_id = req->user->agency_id,
	    .referrer_phone = p.phone,
	    .referrer_email = field_text(in, "referrer_email"),
	    .concerns = field_text(in, "concerns"),
	    .family_knows = p.knows,
	    .family_consents = p.consents,
	    .no_consent_reason = p.knows && p.consents ? NULL : p.no_consent_reason,
	    .received = now,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	char reference[32];
	int64_t due_at = 0;
	st = support_create(&n, &actor, &id, reference, &due_at);
	if (st == HAVEN_ERR_CONFLICT) {
		/* another request from this assessment got in first */
		const char *why =
		    "A request for support has already been made from this assessment: see your requests";
		if (req->api) {
			response_conflict(res, "assessment", why);
			st = HAVEN_OK;
		} else {
			st = blocked_page(res, HAVEN_ERR_CONFLICT, why);
		}
		goto out;
	}
	if (st != HAVEN_OK)
		goto out;
	char received[CALENDAR_INSTANT_SIZE], due[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(now, received);
	calendar_format_instant(due_at, due); /* as recorded: counted in the unit of work */
	char due_label[80] = "";
	if (!support_format_local(due_at, true, due_label, sizeof due_label))
		due_label[0] = '\0';
	response_success(res, ""); /* the confirmation page's panel says "Request for support sent" */
	response_created(res,
	                 json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "reference",
	                           reference, "front_door_name", field_text(p.front, "name"), "received_at",
	                           received, "decision_due_at", due, "due_label", due_label),
	                 "/requests-for-support/%lld/confirmation", id);
out:
	prepared_request_clear(&p);
	return st;
}

/* Appends a row to a check page's rows; `change` is the field its Change button returns to. */
static void add_row(json_t *rows, const char *key, const char *value, const char *change)
{
	json_array_append_new(
	    rows, json_pack("{s:s, s:s, s:s}", "key", key, "value", value ? value : "", "change", change));
}

/* The existing child chosen, as the form's list names them ("Alex Example, born 12 April 2016"). */
static enum haven_status chosen_child_label(struct request *req, const json_t *assessment, long long id,
                                            char *out, size_t size)
{
	json_t *model = NULL;
	enum haven_status st = form_model(req, json_incref((json_t *)assessment), &model);
	if (st != HAVEN_OK)
		return st;
	snprintf(out, size, "The child you chose");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(model, "children"), i, c)
	{
		if (json_integer_value(json_object_get(c, "id")) != id)
			continue;
		const char *dob = field_text(c, "dob_label");
		snprintf(out, size, "%s%s%s", field_text(c, "label"), dob ? ", born " : "", dob ? dob : "");
	}
	json_decref(model);
	return HAVEN_OK;
}

/*
 * The request checked before it is sent to the front door (router.h,
 * struct check_step), with the same refusals sending it would give; and a
 * warning when the child's local authority is not the one whose routes the
 * levels-of-need tool showed, since its front door may work differently.
 */
static enum haven_status check_request(struct request *req, struct response *res)
{
	const json_t *in = req->input;
	struct prepared_request p = {0};
	bool answered;
	enum haven_status st = prepare_request(req, res, &p, &answered);
	if (st != HAVEN_OK || answered)
		goto out;
	json_t *rows = json_array();
	char text[400];
	if (p.for_child) {
		const char *dob = field_text(p.for_child, "dob_label");
		snprintf(text, sizeof text, "%s %s%s%s (from %s)", field_text(p.for_child, "given_name"),
		         field_text(p.for_child, "family_name"), dob ? ", born " : "", dob ? dob : "",
		         field_text(p.for_child, "source"));
		response_audit_record(res, "child", p.child.id);
	} else if (p.child.id) {
		if ((st = chosen_child_label(req, p.assessment, p.child.id, text, sizeof text)) != HAVEN_OK) {
			json_decref(rows);
			goto out;
		}
		response_audit_record(res, "child", p.child.id);
	} else {
		char born[40];
		const char *dob = support_date_label(p.child.fresh.date_of_birth, born, sizeof born);
		snprintf(text, sizeof text, "%s %s%s%s", p.child.fresh.given_name, p.child.fresh.family_name,
		         dob ? ", born " : "", dob ? dob : "");
	}
	add_row(rows, "Child", text, "child");
	add_row(rows, "Goes to", field_text(p.front, "name"), p.child.id ? "child_id" : "la");
	add_row(rows, "Your concerns", field_text(in, "concerns"), "concerns");
	add_row(rows, "Does the family know?", p.knows ? "Yes" : "No", "family_knows");
	if (p.knows)
		add_row(rows, "Do they consent?", p.consents ? "Yes" : "No", "family_consents");
	if (!(p.knows && p.consents))
		add_row(rows, p.knows ? "Why they do not consent" : "Why the family does not know",
		        p.no_consent_reason, "no_consent_reason");
	add_row(rows, "Your phone number", p.phone, "referrer_phone");
	add_row(rows, "Your email address", field_text(in, "referrer_email"), "referrer_email");
	json_t *model = json_pack("{s:s, s:o}", "caption", "Request for support", "rows", rows);
	char back[80];
	snprintf(back, sizeof back, "/requests-for-support/new?assessment=%lld",
	         (long long)json_integer_value(json_object_get(p.assessment, "id")));
	json_object_set_new(model, "back", json_string(back));
	long long tool_la = json_integer_value(json_object_get(p.assessment, "la_code"));
	if (tool_la && tool_la != p.child.la_code) {
		snprintf(text, sizeof text,
		         "The levels-of-need tool showed you %s's routes, but the child lives in %s: this "
		         "request goes to %s. Check that %s's levels of need and routes fit this child.",
		         field_text(p.assessment, "la_name"), field_text(p.front, "la_name"),
		         field_text(p.front, "name"), field_text(p.front, "la_name"));
		json_object_set_new(model, "warning", json_string(text));
		json_object_set_new(model, "la_differs", json_true());
	}
	response_set_model(res, model);
out:
	prepared_request_clear(&p);
	return st;
}

const struct check_step support_request_check = {
    .title = "Check your request before you send it",
    .button = "Send the request",
    .answers = check_request,
};
