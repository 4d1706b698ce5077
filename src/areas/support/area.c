/*
 * area.c (support) — requests for support to a local authority's front
 * door. A practitioner who chose level 3 or 4 with the levels-of-need tool
 * (area threshold) makes a request from that assessment: the child (one
 * linked to their agency, or a new record, offered likely duplicates
 * first: taking one of those needs a reason and is audited, as in the
 * children register, whose functions do it; or, for an assessment made
 * for a child of an IDVA referral's household, that child, shown and not
 * asked: assessment_child), the concerns, whether the family knows and consents, and how to
 * reach them. It goes to the front door of the child's local authority,
 * which sees a queue with each request's deadline (rules.h: one working
 * day from receipt) and decides; the referrer sees the decision and its
 * reason on their own list. Each use case is one handler serving its page
 * (under /requests-for-support) and the same JSON under
 * /api/v1/support-requests.
 *
 * Who may do what (the access table beside the routes): a request is
 * read only by its referrer and the front door it went to ("support_request"),
 * and decided only by that front door ("support_request_front_door": a front
 * door that referred a child to another area does not decide that request;
 * auth_store_related); anyone else
 * is answered 404 before a handler runs. The queue and the referrer's list
 * are scoped in their queries. The server audits reads; each change writes
 * its audit row in the same unit of work (store_sqlite.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/area.h"
#include "areas/support/tasks.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "areas/provide/provide.h"
#include "areas/support/rules.h"
#include "areas/support/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/store.h"
#include "router/errors.h"
#include "router/page.h"
#include "view/status_tag.h"

#define MAX_ID 999999999999LL

/* ---- field specs ---- */

static const char *const child_kinds[] = {"existing", "new", NULL};
static const char *const sexes[] = {"female", "male", "indeterminate", "not_known", NULL};
static const char *const decisions[] = {"no_further_action", "universal_services",      "early_help",
                                        "assessment_s17",    "strategy_discussion_s47", NULL};

/* Without an assessment the page says how a request is made (new_request_form). */
static const struct field_spec new_query[] = {
    {.name = "assessment",
     .label = "the levels-of-need assessment",
     .type = FIELD_INT,
     .min = 1,
     .max = MAX_ID},
    {0},
};

/* What the form and the API share; the API adds the assessment (the page has it in its address). */
#define REQUEST_FIELDS                                                                                       \
	{.name = "child",                                                                                    \
	 .label = "whether the child is already on your agency's list",                                      \
	 .type = FIELD_CHOICE,                                                                               \
	 .required = true,                                                                                   \
	 .choices = child_kinds},                                                                            \
	    {.name = "child_id", .label = "the child", .type = FIELD_INT, .min = 1, .max = MAX_ID},          \
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
	     .max = MAX_ID},                                                                                 \
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

static const struct field_spec page_fields[] = {REQUEST_FIELDS, {0}};
static const struct field_spec api_fields[] = {
    {.name = "assessment",
     .label = "the levels-of-need assessment",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = MAX_ID},
    REQUEST_FIELDS,
    {0},
};

static const struct field_spec decision_fields[] = {
    {.name = "decision",
     .label = "the decision",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = decisions},
    {.name = "reason",
     .label = "the reason for the decision",
     .type = FIELD_TEXT,
     .required = true,
     .max = 5000},
    {0},
};

/* ---- labels ---- */

static const char *decision_label(const char *d)
{
	static const struct {
		const char *value, *label;
	} labels[] = {
	    {"no_further_action", "No further action"},
	    {"universal_services", "Universal services"},
	    {"early_help", "Early help"},
	    {"assessment_s17", "Child and family assessment (section 17)"},
	    {"strategy_discussion_s47", "Strategy discussion (section 47)"},
	};
	for (size_t i = 0; d && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(d, labels[i].value) == 0)
			return labels[i].label;
	return NULL;
}

/* "12 April 2016" for "2016-04-12" into `out`; NULL if `date` is not one. */
static const char *date_label(const char *date, char *out, size_t size)
{
	int32_t day;
	char text[CALENDAR_LONG_DATE_SIZE];
	if (!date || !calendar_parse(date, &day))
		return NULL;
	calendar_format_long(day, text);
	snprintf(out, size, "%s", text);
	return out;
}

/* Sets `key` to the people's form of the date at `key` in `o` (absent if none). */
static void set_date_label(json_t *o, const char *from, const char *key)
{
	char text[40];
	const char *s = date_label(field_text(o, from), text, sizeof text);
	if (s)
		json_object_set_new(o, key, json_string(s));
}

/* Sets `key` to the Europe/London form of the instant at `from` in `o`. */
static void set_instant_label(json_t *o, const char *from, const char *key, bool end_of_day)
{
	int64_t t;
	char text[80];
	if (calendar_parse_instant(field_text(o, from), &t) &&
	    support_format_local(t, end_of_day, text, sizeof text))
		json_object_set_new(o, key, json_string(text));
}

static const struct status_tag request_statuses[] = {
    {"awaiting_decision", "Awaiting decision", "govuk-tag--blue"},
    {"overdue", "Overdue", "govuk-tag--red"},
    {"decided", "Decided", "govuk-tag--green"},
    {0},
};

/*
 * What a request row shows about where it stands: labels for its times,
 * "overdue" (undecided and past its deadline), the decision's label, and a
 * status tag with words, never colour alone.
 */
static void describe_row(json_t *r, int64_t now)
{
	set_instant_label(r, "received_at", "received_label", false);
	set_instant_label(r, "decision_due_at", "due_label", true);
	set_instant_label(r, "decided_at", "decided_label", false);
	int64_t due = 0, decided = 0;
	bool has_due = calendar_parse_instant(field_text(r, "decision_due_at"), &due);
	bool is_decided = calendar_parse_instant(field_text(r, "decided_at"), &decided);
	bool overdue = !is_decided && has_due && now >= due;
	json_object_set_new(r, "overdue", json_boolean(overdue));
	json_object_set_new(r, "decided", json_boolean(is_decided));
	json_object_set_new(r, "decided_late", json_boolean(is_decided && has_due && decided > due));
	const char *d = decision_label(field_text(r, "decision"));
	json_object_set_new(r, "decision_label", d ? json_string(d) : json_null());
	const char *status = is_decided ? "decided" : overdue ? "overdue" : "awaiting_decision";
	status_tag_set(r, status_tag_find(request_statuses, status));
}

/* ---- the framework: what the assessment's levels and indicators are called ---- */

/* The first string among `keys` in object `o`, or NULL. */
static const char *first_text(const json_t *o, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		const char *s = json_string_value(json_object_get(o, keys[i]));
		if (s)
			return s;
	}
	return NULL;
}

static const char *const name_keys[] = {"name", "title", "label", NULL};
static const char *const text_keys[] = {"text", "label", "title", "name", "description", NULL};

/* The level numbered `n` in the framework document: its name, or NULL. */
static const char *level_name(const json_t *doc, long long n)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(doc, "levels"), i, l)
	{
		static const char *const number_keys[] = {"level", "number", "id", NULL};
		for (size_t k = 0; number_keys[k]; k++) {
			json_t *v = json_object_get(l, number_keys[k]);
			if (json_is_integer(v) && json_integer_value(v) == n)
				return first_text(l, name_keys);
		}
	}
	return NULL;
}

/* The object with "id" `id` in array `list`, or NULL. */
static const json_t *find_by_id(const json_t *list, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *vid = json_string_value(json_object_get(v, "id"));
		if (vid && id && strcmp(vid, id) == 0)
			return v;
	}
	return NULL;
}

/*
 * Indicator `id` of the framework document and the name of what it is about:
 * the document lists indicators with the ids of their domain and dimension
 * (docs/levels-of-need.md), named in its "domains" [{id, name,
 * dimensions: [{id, name}]}]; *about is the dimension's name, else the
 * domain's, else NULL.
 */
static const json_t *find_indicator(const json_t *doc, const char *id, const char **about)
{
	*about = NULL;
	const json_t *ind = find_by_id(json_object_get(doc, "indicators"), id);
	if (!ind)
		return NULL;
	const json_t *domain = find_by_id(json_object_get(doc, "domains"), field_text(ind, "domain"));
	const json_t *dimension =
	    find_by_id(json_object_get(domain, "dimensions"), field_text(ind, "dimension"));
	*about = dimension ? first_text(dimension, name_keys) : domain ? first_text(domain, name_keys) : NULL;
	return ind;
}

/*
 * Adds to assessment `a` what people read: "indicator_list" [{id, text,
 * domain}], "suggested_level_name", "chosen_level_name", "level_differs".
 * Works from what the document has; an indicator it does not know is shown
 * by its id.
 */
static void describe_assessment(json_t *a, const json_t *doc)
{
	json_t *list = json_array();
	size_t i;
	json_t *id;
	json_array_foreach(json_object_get(a, "indicators"), i, id)
	{
		const char *s = json_string_value(id);
		if (!s)
			continue;
		const char *domain = NULL;
		const json_t *ind = doc ? find_indicator(doc, s, &domain) : NULL;
		const char *text = ind ? first_text(ind, text_keys) : NULL;
		json_t *item = json_pack("{s:s, s:s}", "id", s, "text", text ? text : s);
		if (domain)
			json_object_set_new(item, "domain", json_string(domain));
		json_array_append_new(list, item);
	}
	json_object_set_new(a, "indicator_list", list);
	long long suggested = json_integer_value(json_object_get(a, "suggested_level"));
	long long chosen = json_integer_value(json_object_get(a, "chosen_level"));
	const char *sn = doc ? level_name(doc, suggested) : NULL, *cn = doc ? level_name(doc, chosen) : NULL;
	char text[300];
	snprintf(text, sizeof text, "Level %lld%s%s", suggested, sn ? ": " : "", sn ? sn : "");
	json_object_set_new(a, "suggested_level_name", json_string(text));
	snprintf(text, sizeof text, "Level %lld%s%s", chosen, cn ? ": " : "", cn ? cn : "");
	json_object_set_new(a, "chosen_level_name", json_string(text));
	json_object_set_new(a, "level_differs", json_boolean(suggested != chosen));
}

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
	describe_assessment(a, doc);
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
	set_date_label(*child, "date_of_birth", "dob_label");
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
		const char *dob = date_label(field_text(c, "date_of_birth"), text, sizeof text);
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

/* A page that says why no request can be made from this assessment. */
static void blocked_page(struct response *res, enum haven_status st, const char *message)
{
	res->status = status_of(st);
	response_set_model(res, json_pack("{s:s, s:s}", "title", "You cannot make this request for support",
	                                  "blocked", message));
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
static enum haven_status new_request_form(struct request *req, struct response *res)
{
	if (assessment_id(req) <= 0) {
		response_set_model(
		    res, json_pack("{s:s, s:b}", "title", "Make a request for support", "no_assessment", 1));
		return HAVEN_OK;
	}
	char message[300];
	json_t *a = NULL;
	enum haven_status st = usable_assessment(req, assessment_id(req), &a, message, sizeof message);
	if (st == HAVEN_ERR_NOT_FOUND || st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) {
		if (st == HAVEN_ERR_NOT_FOUND)
			return st;
		blocked_page(res, st, message);
		return HAVEN_OK;
	}
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
			char message[300];
			snprintf(
			    message, sizeof message,
			    "This assessment was made for %s %s: the request is for them (child_id %lld)",
			    field_text(for_child, "given_name"), field_text(for_child, "family_name"), id);
			errors_add(errors, "child_id", message);
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
		st = support_child_of_agency(req->user->agency_id, id, &child);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "child_id",
			           "Select the child from the list of children linked to your agency");
			return HAVEN_OK;
		}
		if (st != HAVEN_OK)
			return st;
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
		st = support_area_code(la, &c->la_code);
		if (st == HAVEN_ERR_NOT_FOUND)
			la_problem = "Select the child's local authority from the list";
		else if (st != HAVEN_OK)
			return st;
	}
	f->la_code = c->la_code;
	/* the register's checks, then ours, each message where its field is on the form */
	size_t first = json_array_size(errors);
	support_check_child(f, la_problem != NULL, errors);
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
			const char *dob = date_label(field_text(o, "date_of_birth"), text, sizeof text);
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
	if (st == HAVEN_ERR_NOT_FOUND || st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) {
		json_decref(errors);
		/* the API is told what is wrong with the assessment; a browser has no form to show it on */
		if (req->api) {
			res->status = status_of(st);
			response_error(res, "assessment", message);
			return HAVEN_OK;
		}
		if (st == HAVEN_ERR_NOT_FOUND)
			return st;
		blocked_page(res, st, message);
		return HAVEN_OK;
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
		st = support_front_door(p->child.la_code, &p->front);
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
static enum haven_status create_request(struct request *req, struct response *res)
{
	const json_t *in = req->input;
	struct prepared_request p = {0};
	bool answered;
	enum haven_status st = prepare_request(req, res, &p, &answered);
	if (st != HAVEN_OK || answered)
		goto out;
	int64_t now = auth_now();
	char received[CALENDAR_INSTANT_SIZE], due[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(now, received);
	calendar_format_instant(support_decision_due(now), due);
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
	    .received_at = received,
	    .decision_due_at = due,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	char reference[32];
	st = support_create(&n, &actor, &id, reference);
	if (st == HAVEN_ERR_CONFLICT) {
		/* another request from this assessment got in first */
		const char *why =
		    "A request for support has already been made from this assessment: see your requests";
		if (req->api) {
			response_conflict(res, "assessment", why);
		} else {
			blocked_page(res, HAVEN_ERR_CONFLICT, why);
		}
		st = HAVEN_OK;
		goto out;
	}
	if (st != HAVEN_OK)
		goto out;
	char due_label[80] = "";
	if (!support_format_local(support_decision_due(now), true, due_label, sizeof due_label))
		due_label[0] = '\0';
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
		const char *dob = date_label(p.child.fresh.date_of_birth, born, sizeof born);
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

static const struct check_step request_check = {
    .title = "Check your request before you send it",
    .button = "Send the request",
    .answers = check_request,
};

/* ---- one request ---- */

static long long request_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* Request `id` for people: labels, the assessment's indicators and levels, and what this user may do. */
static enum haven_status request_model(const struct request *req, long long id, json_t **out)
{
	json_t *r = NULL, *doc = NULL;
	enum haven_status st = support_get(id, &r);
	if (st != HAVEN_OK)
		return st;
	json_t *a = json_object_get(r, "assessment");
	st = support_framework(json_integer_value(json_object_get(a, "framework_id")), &doc);
	if (st != HAVEN_OK && st != HAVEN_ERR_INTERNAL) {
		json_decref(r);
		return st;
	}
	describe_assessment(a, doc);
	json_decref(doc);
	describe_row(r, auth_now());
	json_t *child = json_object_get(r, "child");
	set_date_label(child, "date_of_birth", "dob_label");
	const char *sex = children_sex_label(field_text(child, "sex"));
	if (sex)
		json_object_set_new(child, "sex_label", json_string(sex));
	bool knows = json_integer_value(json_object_get(r, "family_knows")) == 1;
	bool consents = json_integer_value(json_object_get(r, "family_consents")) == 1;
	json_object_set_new(r, "family_knows_label", json_string(knows ? "Yes" : "No"));
	json_object_set_new(r, "family_consents_label",
	                    json_string(!knows     ? "No (the family does not know)"
	                                : consents ? "Yes"
	                                           : "No"));
	struct resource me = {"support_request_front_door", id};
	bool can_decide = !json_is_true(json_object_get(r, "decided")) &&
	                  policy_decide(req->user, "support.decide", &me) == DECISION_ALLOW;
	json_t *model = json_pack("{s:s++, s:o, s:b}", "title", "Request for support ",
	                          field_text(r, "reference"), "", "request", r, "can_decide", can_decide);
	*out = model;
	return HAVEN_OK;
}

/* GET /requests-for-support/{id}, GET /api/v1/support-requests/{id} (and the page again after errors). */
static enum haven_status show_request(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = request_model(req, request_id(req), &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* GET /requests-for-support/{id}/confirmation: what the referrer sees once the request is sent. */
static enum haven_status show_confirmation(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = request_model(req, request_id(req), &model);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(model, "title", json_string("Request for support sent"));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /requests-for-support/{id}/decision, POST /api/v1/support-requests/{id}/decision. */
static enum haven_status decide_request(struct request *req, struct response *res)
{
	long long id = request_id(req);
	char decided[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(auth_now(), decided);
	struct actor actor = auth_actor(req);
	enum haven_status st = support_decide(id, field_text(req->input, "decision"),
	                                      field_text(req->input, "reason"), decided, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "decision",
		                  "This request has already been decided: a decision cannot be changed here");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_request, "/requests-for-support/%lld", id);
	return HAVEN_OK;
}

/*
 * The decision checked before it is sent (router.h, struct check_step): it
 * cannot be changed afterwards, and it goes to the referrer's agency.
 */
static enum haven_status check_decision(struct request *req, struct response *res)
{
	long long id = request_id(req);
	json_t *r = NULL;
	enum haven_status st = support_get(id, &r);
	if (st != HAVEN_OK)
		return st;
	if (field_text(r, "decision")) {
		json_decref(r);
		response_conflict(res, "decision",
		                  "This request has already been decided: a decision cannot be changed here");
		return HAVEN_OK;
	}
	json_t *rows = json_pack("[{s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]", "key", "Request", "value",
	                         field_text(r, "reference"), "key", "Decision", "value",
	                         decision_label(field_text(req->input, "decision")), "change", "decision",
	                         "key", "Reason for the decision", "value", field_text(req->input, "reason"),
	                         "change", "reason");
	char back[64];
	snprintf(back, sizeof back, "/requests-for-support/%lld", id);
	response_set_model(res, json_pack("{s:s, s:o, s:s, s:s}", "caption", field_text(r, "reference"),
	                                  "rows", rows, "warning",
	                                  "Once sent, the decision cannot be changed. The referrer is told "
	                                  "by email to sign in and read it.",
	                                  "back", back));
	json_decref(r);
	return HAVEN_OK;
}

static const struct check_step decision_check = {
    .title = "Check your decision before you send it",
    .button = "Send the decision",
    .answers = check_decision,
};

/* ---- the lists ---- */

/* Describes each row of a page (rows read as router/page.h says) and finishes the page into `model`. */
static void describe_page(const struct request *req, const struct page *page, json_t *model, json_t *rows,
                          long long total)
{
	int64_t now = auth_now();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) describe_row(r, now);
	page_finish(page, req, model, "requests", rows, "id", total, "requests");
	size_t n = json_array_size(json_object_get(model, "requests"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
}

/* How a front door narrows its queue (the queue's "status" filter), and how its select says each. */
static const char *const queue_states[] = {"waiting", "overdue", "decided", NULL};
static const char *const queue_state_labels[] = {"Waiting for a decision", "Overdue", "Decided", NULL};

/*
 * GET /requests-for-support/queue, GET /api/v1/support-requests/queue: a page
 * of the front door's own, undecided first and oldest first, with how many
 * wait for a decision and how many of those are overdue; narrowed, when
 * asked, to a status, the agency the requests came from, or one reference.
 */
static enum haven_status show_queue(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	char now[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(auth_now(), now);
	struct support_queue_filter filter = {.status = field_text(req->input, "status"),
	                                      .from_agency_id = field_int(req->input, "agency"),
	                                      .reference = field_text(req->input, "reference")};
	json_t *rows = NULL, *senders = NULL;
	struct support_counts counts;
	enum haven_status st = support_queue(req->user->agency_id, now, &filter, &page, &rows, &counts);
	if (st == HAVEN_OK)
		st = support_queue_senders(req->user->agency_id, &senders);
	if (st != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	bool filtered = filter.status || filter.from_agency_id > 0 || filter.reference;
	char chosen_agency[32] = "";
	if (filter.from_agency_id > 0)
		snprintf(chosen_agency, sizeof chosen_agency, "%lld", filter.from_agency_id);
	json_t *model = json_pack(
	    "{s:s, s:s, s:o, s:o, s:b, s:s, s:o, s:o}", "title", "Requests for support", "agency_name",
	    req->user->agency_name, "undecided_count", page_count_json(counts.undecided), "overdue_count",
	    page_count_json(counts.overdue), "filtered", filtered, "reference",
	    filter.reference ? filter.reference : "", "status_choices",
	    page_filter_options("Any status", queue_states, queue_state_labels, filter.status),
	    "agency_choices", page_filter_rows("Any agency", senders, "id", chosen_agency));
	json_decref(senders);
	json_object_set_new(model, "has_overdue", json_boolean(counts.overdue > 0));
	json_object_set_new(model, "any_requests", json_boolean(filtered || counts.total > 0));
	describe_page(req, &page, model, rows, counts.total);
	response_audit_records(res, "support_request", json_object_get(model, "requests"), "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /requests-for-support, GET /api/v1/support-requests: a page of the referrer's own, newest first. */
static enum haven_status show_mine(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL;
	long long total = -1;
	enum haven_status st = support_mine(req->user->id, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	json_t *model = json_pack("{s:s, s:b}", "title", "Your requests for support", "can_see_queue",
	                          policy_decide(req->user, "support.queue", NULL) == DECISION_ALLOW);
	describe_page(req, &page, model, rows, total);
	response_audit_records(res, "support_request", json_object_get(model, "requests"), "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

static const struct field_spec list_query[] = {PAGE_FIELDS, {0}};
static const struct field_spec queue_query[] = {
    {.name = "status", .label = "the status", .type = FIELD_CHOICE, .choices = queue_states},
    {.name = "agency",
     .label = "the agency the requests came from",
     .type = FIELD_INT,
     .min = 1,
     .max = 999999999999LL},
    {.name = "reference", .label = "the reference", .type = FIELD_TEXT, .max = 32},
    PAGE_FIELDS,
    {0},
};

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/requests-for-support",
     .action = "support.list",
     .handler = show_mine,
     .page = "support/list",
     .query = list_query,
     .redisplay = show_mine,
     .api_pattern = "/api/v1/support-requests"},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/new",
     .action = "support.create",
     .handler = new_request_form,
     .page = "support/new",
     .query = new_query},
    {.method = HTTP_POST,
     .pattern = "/requests-for-support/new/{assessment:int}",
     .action = "support.create",
     .handler = create_request,
     .page = "support/new",
     .body = page_fields,
     .redisplay = new_request_form,
     .check = &request_check},
    {.method = HTTP_POST,
     .pattern = "/api/v1/support-requests",
     .action = "support.create",
     .handler = create_request,
     .body = api_fields},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/queue",
     .action = "support.queue",
     .handler = show_queue,
     .page = "support/queue",
     .query = queue_query,
     .redisplay = show_queue,
     .api_pattern = "/api/v1/support-requests/queue"},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/{id:int}",
     .action = "support.read",
     .handler = show_request,
     .page = "support/request",
     .api_pattern = "/api/v1/support-requests/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/{id:int}/confirmation",
     .action = "support.read",
     .handler = show_confirmation,
     .page = "support/confirmation"},
    {.method = HTTP_POST,
     .pattern = "/requests-for-support/{id:int}/decision",
     .action = "support.decide",
     .handler = decide_request,
     .page = "support/request",
     .body = decision_fields,
     .redisplay = show_request,
     .check = &decision_check,
     .api_pattern = "/api/v1/support-requests/{id:int}/decision"},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* requests for support: the referrer and the front door of the child's local authority */
    {.action = "support.create", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "support.list", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "support.queue", .roles = ROLE_FRONT_DOOR, .audited = true},
    {.action = "support.read", .roles = ROLE_CHILD_WORKERS, .resource = "support_request", .audited = true},
    /* deciding is for the front door the request went to only: not a front door that referred it elsewhere */
    {.action = "support.decide",
     .roles = ROLE_FRONT_DOOR,
     .resource = "support_request_front_door",
     .audited = true,
     .shown_as = "support.read"},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Children and families",
     .action = "support.list",
     .href = "/requests-for-support",
     .text = "Your requests for support",
     .place = 20},
    {.section = "Children and families",
     .action = "support.queue",
     .href = "/requests-for-support/queue",
     .text = "Requests for support to your front door",
     .place = 30},
    {0},
};

const struct area area_support = {
    .tasks = support_tasks,
    .name = "support",
    .links = links,
    .access = access,
    .records = support_records,
    .chronology = support_chronology,
    .routes = routes,
};
