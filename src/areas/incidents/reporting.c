/*
 * reporting.c (incidents) — recording a domestic abuse incident: the GOV.UK
 * form (adults' and children's rows, "Add another adult/child" without
 * JavaScript, everything typed kept), its check-your-answers step, and the
 * police records system's API (one incident or an idempotent batch). The
 * form and the API share one checker (incident.c): the form's fields are
 * turned into the same JSON incident the API takes, and the checker's errors
 * are mapped back onto the form's fields ("children[1].date_of_birth" is
 * child_2_date_of_birth). The routes are in area.c (reporting.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/batch.h"
#include "areas/calendar/london.h"
#include "areas/incidents/incident.h"
#include "areas/incidents/intake.h"
#include "areas/incidents/reporting.h"
#include "areas/incidents/store.h"
#include "auth/session.h"
#include "router/errors.h"
#include "view/chosen_option.h"

static const char *const add_choices[] = {"adult", "child", NULL};

#define ADULT_FIELDS(N)                                                                                      \
	{.name = "adult_" #N "_name", .label = "adult " #N "'s name", .type = FIELD_TEXT},                   \
	    {.name = "adult_" #N "_role", .label = "adult " #N "'s role", .type = FIELD_TEXT},               \
	    {.name = "adult_" #N "_date_of_birth",                                                           \
	     .label = "adult " #N "'s date of birth",                                                        \
	     .type = FIELD_TEXT,                                                                             \
	     .date_input = true},                                                                            \
	    {.name = "adult_" #N "_contact_phone",                                                           \
	     .label = "adult " #N "'s phone number",                                                         \
	     .type = FIELD_TEXT},                                                                            \
	    {.name = "adult_" #N "_safe_to_call",                                                            \
	     .label = "whether it is safe to call",                                                          \
	     .type = FIELD_TEXT},                                                                            \
	    {.name = "adult_" #N "_safe_to_leave_message",                                                   \
	     .label = "whether a message is safe",                                                           \
	     .type = FIELD_TEXT},                                                                            \
	    {.name = "adult_" #N "_safe_times", .label = "the safe times", .type = FIELD_TEXT},              \
	{                                                                                                    \
		.name = "adult_" #N "_safe_number", .label = "the safe number", .type = FIELD_TEXT           \
	}

#define CHILD_FIELDS(N)                                                                                      \
	{.name = "child_" #N "_given_name", .label = "child " #N "'s given name", .type = FIELD_TEXT},       \
	    {.name = "child_" #N "_family_name", .label = "child " #N "'s family name", .type = FIELD_TEXT}, \
	    {.name = "child_" #N "_date_of_birth",                                                           \
	     .label = "child " #N "'s date of birth",                                                        \
	     .type = FIELD_TEXT,                                                                             \
	     .date_input = true},                                                                            \
	    {.name = "child_" #N "_setting_name", .label = "child " #N "'s setting", .type = FIELD_TEXT},    \
	    {.name = "child_" #N "_setting_urn", .label = "child " #N "'s setting URN", .type = FIELD_TEXT}, \
	    {.name = "child_" #N "_present",                                                                 \
	     .label = "whether child " #N " was present",                                                    \
	     .type = FIELD_TEXT},                                                                            \
	    {.name = "child_" #N "_where_during", .label = "where child " #N " was", .type = FIELD_TEXT},    \
	    {.name = "child_" #N "_spoken_to",                                                               \
	     .label = "whether child " #N " was spoken to",                                                  \
	     .type = FIELD_TEXT},                                                                            \
	{                                                                                                    \
		.name = "child_" #N "_child_said", .label = "what child " #N " said", .type = FIELD_TEXT     \
	}

const struct field_spec incidents_form_fields[] = {
    {.name = "police_reference", .label = "the police reference", .type = FIELD_TEXT},
    /* typed in the date input's boxes; checked here with the rest of the incident */
    {.name = "occurred_on", .label = "the date of the incident", .type = FIELD_TEXT, .date_input = true},
    {.name = "occurred_time", .label = "the time of the incident", .type = FIELD_TEXT},
    {.name = "location", .label = "the location", .type = FIELD_TEXT},
    {.name = "la_code", .label = "the local authority area", .type = FIELD_TEXT},
    {.name = "risk_level", .label = "the DASH risk level", .type = FIELD_TEXT},
    {.name = "circumstances", .label = "the brief circumstances", .type = FIELD_TEXT},
    {.name = "adult_rows",
     .label = "the number of adults shown",
     .type = FIELD_INT,
     .min = 0,
     .max = INCIDENT_MAX_ADULTS},
    {.name = "child_rows",
     .label = "the number of children shown",
     .type = FIELD_INT,
     .min = 0,
     .max = INCIDENT_MAX_CHILDREN},
    {.name = "add", .label = "what to add", .type = FIELD_CHOICE, .choices = add_choices},
    ADULT_FIELDS(1),
    ADULT_FIELDS(2),
    ADULT_FIELDS(3),
    ADULT_FIELDS(4),
    ADULT_FIELDS(5),
    ADULT_FIELDS(6),
    ADULT_FIELDS(7),
    ADULT_FIELDS(8),
    ADULT_FIELDS(9),
    ADULT_FIELDS(10),
    CHILD_FIELDS(1),
    CHILD_FIELDS(2),
    CHILD_FIELDS(3),
    CHILD_FIELDS(4),
    CHILD_FIELDS(5),
    CHILD_FIELDS(6),
    CHILD_FIELDS(7),
    CHILD_FIELDS(8),
    CHILD_FIELDS(9),
    CHILD_FIELDS(10),
    CHILD_FIELDS(11),
    CHILD_FIELDS(12),
    CHILD_FIELDS(13),
    CHILD_FIELDS(14),
    CHILD_FIELDS(15),
    {0},
};

/* The API: one incident's fields, or "incidents" for a batch; incident.c checks the rest. */
const struct field_spec incidents_api_fields[] = {
    {.name = "police_reference", .label = "the police reference", .type = FIELD_TEXT},
    {.name = "occurred_at", .label = "the date and time of the incident", .type = FIELD_TEXT},
    {.name = "location", .label = "the location", .type = FIELD_TEXT},
    {.name = "la_code", .label = "the local authority code", .type = FIELD_INT},
    {.name = "risk_level", .label = "the DASH risk level", .type = FIELD_TEXT},
    {.name = "circumstances", .label = "the brief circumstances", .type = FIELD_TEXT},
    {.name = "adults", .label = "the adults", .type = FIELD_JSON},
    {.name = "children", .label = "the children", .type = FIELD_JSON},
    {.name = "incidents", .label = "the incidents", .type = FIELD_JSON},
    {0},
};

/* ---- the form ---- */

struct row_field {
	const char *key, *label, *hint;
	enum { ROW_TEXT, ROW_TEXTAREA, ROW_YES_NO, ROW_ROLE, ROW_DATE } kind;
	const char *width; /* govuk-input--width-N, or NULL for full width */
};

static const struct row_field adult_row[] = {
    {"name", "Name", NULL, ROW_TEXT, NULL},
    {"role", "Role", NULL, ROW_ROLE, NULL},
    {"date_of_birth", "Date of birth (optional)", "For example, 17 5 1990", ROW_DATE, NULL},
    {"contact_phone", "Phone number (victim only, optional)", NULL, ROW_TEXT, "govuk-input--width-20"},
    {"safe_to_call", "Is it safe to call? (victim only)", NULL, ROW_YES_NO, NULL},
    {"safe_to_leave_message", "Is it safe to leave a message? (victim only)", NULL, ROW_YES_NO, NULL},
    {"safe_times", "Safe times to contact (victim only, optional)",
     "For example, weekdays 10:00 to 14:00 only", ROW_TEXT, NULL},
    {"safe_number", "A safe number, if different (victim only, optional)", NULL, ROW_TEXT,
     "govuk-input--width-20"},
    {NULL, NULL, NULL, ROW_TEXT, NULL},
};

static const struct row_field child_row[] = {
    {"given_name", "Given name", NULL, ROW_TEXT, NULL},
    {"family_name", "Family name", NULL, ROW_TEXT, NULL},
    {"date_of_birth", "Date of birth", "For example, 12 4 2016", ROW_DATE, NULL},
    {"setting_name", "School, college or setting (if known)", NULL, ROW_TEXT, NULL},
    {"setting_urn", "Its URN (if known)", "The 6-digit unique reference number", ROW_TEXT,
     "govuk-input--width-10"},
    {"present", "Was the child present?", NULL, ROW_YES_NO, NULL},
    {"where_during", "Where was the child during the incident? (optional)", NULL, ROW_TEXT, NULL},
    {"spoken_to", "Was the child spoken to?", NULL, ROW_YES_NO, NULL},
    {"child_said", "What did the child say? (if spoken to)", NULL, ROW_TEXTAREA, NULL},
    {NULL, NULL, NULL, ROW_TEXT, NULL},
};

/* The first error message for form field `name`, or NULL. */
static const char *error_for(const json_t *errors, const char *name)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i,
	                   e) if (strcmp(field_text(e, "field"), name) == 0) return field_text(e, "message");
	return NULL;
}

/* A row's select: "Select" (chosen while nothing is), then `count` {value, text} `choices`. */
static json_t *select_options(const char *const (*choices)[2], size_t count, const char *chosen)
{
	json_t *list = json_pack("[{s:s, s:s}]", "value", "", "text", "Select");
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list,
		                      json_pack("{s:s, s:s}", "value", choices[i][0], "text", choices[i][1]));
	json_t *value = json_string(chosen ? chosen : "");
	chosen_option_mark(list, "value", value);
	json_decref(value);
	return list;
}

/* The options of a row's select: a role's, or yes or no. */
static json_t *options(const char *chosen, bool role)
{
	static const char *const roles[][2] = {
	    {"victim", "Victim"}, {"suspect", "Suspect"}, {"other", "Other"}};
	static const char *const yn[][2] = {{"yes", "Yes"}, {"no", "No"}};
	return role ? select_options(roles, 3, chosen) : select_options(yn, 2, chosen);
}

/*
 * A row's date of birth in its date input's boxes (templates/date-input): the
 * date, or the boxes as the field checks passed them on ("YEAR-MONTH-DAY" as
 * typed, when they make no real date); with an error, the boxes at fault marked
 * (all three for a mistake about the whole date, such as one in the future).
 */
static void row_date_boxes(json_t *field, const char *value, bool has_error)
{
	char boxes[DATE_PARTS][FIELDS_DATE_BOX_SIZE] = {"", "", ""};
	fields_date_boxes_of(value, boxes);
	struct date_parts_check check;
	fields_date_from_parts(boxes[DATE_PART_DAY], boxes[DATE_PART_MONTH], boxes[DATE_PART_YEAR], &check);
	bool boxes_at_fault = check.problem == DATE_PARTS_MISSING || check.problem == DATE_PARTS_NOT_REAL;
	for (int p = 0; p < DATE_PARTS; p++) {
		char key[16];
		json_object_set_new(field, fields_date_part_names[p], json_string(boxes[p]));
		snprintf(key, sizeof key, "error_%s", fields_date_part_names[p]);
		json_object_set_new(field, key,
		                    json_boolean(has_error && (!boxes_at_fault || check.wrong[p])));
	}
}

/*
 * The rows of adults or children for the page: each field with its value and
 * error, each row with its id ("child-2"). The row just added by "Add another"
 * (`added`, 0 for none) gets the focus on its first field, so the person
 * carries on where the new row is rather than at the top of the page.
 */
static json_t *form_rows(const json_t *in, const json_t *errors, const char *prefix,
                         const struct row_field *spec, int count, const char *legend, int added)
{
	json_t *rows = json_array();
	for (int n = 1; n <= count; n++) {
		json_t *fields = json_array();
		for (const struct row_field *f = spec; f->key; f++) {
			char name[64];
			snprintf(name, sizeof name, "%s_%d_%s", prefix, n, f->key);
			const char *value = field_text(in, name);
			const char *error = error_for(errors, name);
			json_t *field = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b}", "name", name, "label",
			                          f->label, "value", value ? value : "", "is_text",
			                          f->kind == ROW_TEXT, "is_textarea", f->kind == ROW_TEXTAREA,
			                          "is_select", f->kind == ROW_YES_NO || f->kind == ROW_ROLE);
			if (f->hint)
				json_object_set_new(field, "hint", json_string(f->hint));
			if (f->width)
				json_object_set_new(field, "width", json_string(f->width));
			if (error)
				json_object_set_new(field, "error", json_string(error));
			if (f->kind == ROW_YES_NO || f->kind == ROW_ROLE)
				json_object_set_new(field, "options", options(value, f->kind == ROW_ROLE));
			if (f->kind == ROW_DATE) {
				json_object_set_new(field, "is_date", json_true());
				row_date_boxes(field, value, error != NULL);
			}
			if (n == added && f == spec)
				json_object_set_new(field, "autofocus", json_true());
			json_array_append_new(fields, field);
		}
		char title[32], id[32];
		snprintf(title, sizeof title, "%s %d", legend, n);
		snprintf(id, sizeof id, "%s-%d", prefix, n);
		json_array_append_new(rows, json_pack("{s:i, s:s, s:s, s:o}", "n", n, "id", id, "legend",
		                                      title, "fields", fields));
	}
	return rows;
}

/* Digits as an integer; other text is passed on for the checker to refuse. */
static json_t *form_int(const char *v)
{
	if (!v)
		return NULL;
	for (const char *p = v; *p; p++)
		if (!isdigit((unsigned char)*p) || p - v > 12)
			return json_string(v);
	return json_integer(atoll(v));
}

/* The form's model with `adults` and `children` rows; `added` names the row kind just added ("adult",
 * "child") or is NULL. */
static enum haven_status form_model(long long sender_agency_id, const json_t *in, const json_t *errors,
                                    int adults, int children, const char *added, json_t **out)
{
	int added_adult = added && strcmp(added, "adult") == 0 ? adults : 0;
	int added_child = added && strcmp(added, "child") == 0 ? children : 0;
	json_t *areas = NULL;
	enum haven_status st = incidents_areas(sender_agency_id, &areas);
	if (st != HAVEN_OK)
		return st;
	/* the area chosen is the one the incident would be sent with */
	json_t *la = form_int(field_text(in, "la_code"));
	chosen_option_mark(areas, "code", la);
	json_decref(la);
	json_t *model = json_pack(
	    "{s:s, s:o, s:o, s:o, s:i, s:i, s:b, s:b}", "title", "Record a domestic abuse incident", "areas",
	    areas, "adults", form_rows(in, errors, "adult", adult_row, adults, "Adult", added_adult),
	    "children", form_rows(in, errors, "child", child_row, children, "Child", added_child),
	    "adult_rows", adults, "child_rows", children, "can_add_adult", adults < INCIDENT_MAX_ADULTS,
	    "can_add_child", children < INCIDENT_MAX_CHILDREN);
	/* the risk level's radios */
	static const char *const risk_levels[] = {"standard", "medium", "high", NULL};
	static const char *const risk_labels[] = {"Standard", "Medium", "High"};
	json_object_set_new(
	    model, "risk_levels",
	    chosen_option_radios("risk_level", risk_levels, risk_labels, field_text(in, "risk_level")));
	*out = model;
	return HAVEN_OK;
}

/* GET /incidents/new (and the page again if its fields fail their specs). */
enum haven_status incidents_new_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	json_t *none = json_array();
	/* shown again from a check page (Change), the form keeps the rows it had */
	const json_t *in = req->input;
	int adults = json_object_get(in, "adult_rows") ? (int)field_int(in, "adult_rows") : 1;
	int children = json_object_get(in, "child_rows") ? (int)field_int(in, "child_rows") : 1;
	enum haven_status st =
	    form_model(req->user->agency_id, req->input, none, adults, children, NULL, &model);
	json_decref(none);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* A form's yes/no select as a JSON boolean; other text is passed on for the checker to refuse. */
static json_t *form_bool(const char *v)
{
	if (!v)
		return NULL;
	if (strcmp(v, "yes") == 0)
		return json_true();
	if (strcmp(v, "no") == 0)
		return json_false();
	return json_string(v);
}

static void put(json_t *object, const char *key, json_t *value)
{
	if (value)
		json_object_set_new(object, key, value);
}

/* Whether row N of `prefix` has anything typed in it (blank rows are left out). */
static bool row_used(const json_t *in, const char *prefix, int n, const struct row_field *spec)
{
	for (const struct row_field *f = spec; f->key; f++) {
		char name[64];
		snprintf(name, sizeof name, "%s_%d_%s", prefix, n, f->key);
		if (field_text(in, name))
			return true;
	}
	return false;
}

/* The incident as the API would take it, from the form; `rows` maps its list positions back to form rows. */
static json_t *incident_from_form(const json_t *in, int adults, int children, int *adult_of, int *child_of,
                                  json_t *errors)
{
	json_t *incident = json_object();
	put(incident, "police_reference", json_incref(json_object_get(in, "police_reference")));
	put(incident, "location", json_incref(json_object_get(in, "location")));
	put(incident, "risk_level", json_incref(json_object_get(in, "risk_level")));
	put(incident, "circumstances", json_incref(json_object_get(in, "circumstances")));
	put(incident, "la_code", form_int(field_text(in, "la_code")));
	/* the date and time as people read a clock in the UK */
	const char *on = field_text(in, "occurred_on"), *at = field_text(in, "occurred_time");
	int32_t day;
	int minute;
	if (!on)
		errors_add(errors, "occurred_on", "Enter the date of the incident");
	else if (!calendar_parse(on, &day))
		fields_add_date_error(errors, "occurred_on", "the date of the incident", on);
	if (!at)
		errors_add(errors, "occurred_time", "Enter the time of the incident");
	else if (!calendar_parse_clock(at, &minute))
		errors_add(errors, "occurred_time",
		           "The time of the incident must be a 24-hour time, like 19:30");
	if (on && at && calendar_parse(on, &day) && calendar_parse_clock(at, &minute)) {
		char text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(calendar_utc_from_london(day, minute * 60), text);
		json_object_set_new(incident, "occurred_at", json_string(text));
	}
	json_t *list = json_array();
	int used = 0;
	for (int n = 1; n <= adults; n++) {
		if (!row_used(in, "adult", n, adult_row))
			continue;
		json_t *a = json_object();
		for (const struct row_field *f = adult_row; f->key; f++) {
			char name[64];
			snprintf(name, sizeof name, "adult_%d_%s", n, f->key);
			const char *v = field_text(in, name);
			put(a, f->key, f->kind == ROW_YES_NO ? form_bool(v) : v ? json_string(v) : NULL);
		}
		adult_of[used++] = n;
		json_array_append_new(list, a);
	}
	json_object_set_new(incident, "adults", list);
	list = json_array();
	used = 0;
	for (int n = 1; n <= children; n++) {
		if (!row_used(in, "child", n, child_row))
			continue;
		json_t *c = json_object();
		for (const struct row_field *f = child_row; f->key; f++) {
			char name[64];
			snprintf(name, sizeof name, "child_%d_%s", n, f->key);
			const char *v = field_text(in, name);
			put(c, f->key,
			    f->kind == ROW_YES_NO                ? form_bool(v)
			    : strcmp(f->key, "setting_urn") == 0 ? form_int(v)
			    : v                                  ? json_string(v)
			                                         : NULL);
		}
		child_of[used++] = n;
		json_array_append_new(list, c);
	}
	json_object_set_new(incident, "children", list);
	return incident;
}

/* The checker's field ("children[1].date_of_birth") as the form's ("child_2_date_of_birth"). */
static void form_field_name(const char *field, const int *adult_of, const int *child_of, char *out,
                            size_t size)
{
	unsigned long i = 0;
	char key[64];
	if (sscanf(field, "adults[%lu].%63s", &i, key) == 2 && i < INCIDENT_MAX_ADULTS)
		snprintf(out, size, "adult_%d_%s", adult_of[i], key);
	else if (sscanf(field, "children[%lu].%63s", &i, key) == 2 && i < INCIDENT_MAX_CHILDREN)
		snprintf(out, size, "child_%d_%s", child_of[i], key);
	else if (strcmp(field, "occurred_at") == 0)
		snprintf(out, size, "occurred_on");
	else if (strcmp(field, "adults") == 0 || strcmp(field, "children") == 0)
		snprintf(out, size, "child_1_given_name");
	else
		snprintf(out, size, "%s", field);
}

/*
 * The form again with `adults` and `children` rows: after errors (taken; each
 * row shows its own, and the server adds the summary and what was typed), or
 * with none, one row more, what was typed kept.
 */
static enum haven_status form_again(struct request *req, struct response *res, json_t *errors, int adults,
                                    int children, const char *added)
{
	json_t *model = NULL;
	enum haven_status st =
	    form_model(req->user->agency_id, req->input, errors, adults, children, added, &model);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	if (!json_array_size(errors))
		json_object_set_new(model, "submitted", json_deep_copy(req->input));
	response_set_model(res, model);
	response_errors(res, errors);
	return HAVEN_OK;
}

/*
 * The checker's errors (taken) after the form's own in `page_errors`, under the form's names (the date only
 * once). A date of birth typed in boxes that make no real date (`in`, the form's input) is named the GOV.UK
 * way, its boxes at fault marked, rather than as the API's text date.
 */
static void add_checker_errors(json_t *page_errors, const json_t *errors, const json_t *in,
                               const int *adult_of, const int *child_of)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		char name[80], who[8];
		int n, end = 0;
		form_field_name(field_text(e, "field"), adult_of, child_of, name, sizeof name);
		const char *typed = field_text(in, name);
		int32_t day;
		if (sscanf(name, "%7[a-z]_%d_date_of_birth%n", who, &n, &end) == 2 && name[end] == '\0' &&
		    typed && !calendar_parse(typed, &day)) {
			char label[48];
			snprintf(label, sizeof label, "%s %d's date of birth", who, n);
			fields_add_date_error(page_errors, name, label, typed);
		} else if (!error_for(page_errors, name) || strcmp(name, "occurred_on") != 0) {
			errors_add(page_errors, name, field_text(e, "message"));
		}
	}
}

/* POST /incidents: the form (or "Add another adult/child", which shows it again with one more row). */
enum haven_status incidents_create_from_form(struct request *req, struct response *res)
{
	json_t *in = req->input;
	int adults = json_object_get(in, "adult_rows") ? (int)field_int(in, "adult_rows") : 1;
	int children = json_object_get(in, "child_rows") ? (int)field_int(in, "child_rows") : 1;
	const char *add = field_text(in, "add");
	json_t *errors = json_array();
	if (add) {
		const char *added = NULL;
		if (strcmp(add, "adult") == 0 && adults < INCIDENT_MAX_ADULTS) {
			adults++;
			added = "adult";
		}
		if (strcmp(add, "child") == 0 && children < INCIDENT_MAX_CHILDREN) {
			children++;
			added = "child";
		}
		return form_again(req, res, errors, adults, children, added);
	}
	int adult_of[INCIDENT_MAX_ADULTS] = {0}, child_of[INCIDENT_MAX_CHILDREN] = {0};
	json_t *form_errors = json_array();
	json_t *incident = incident_from_form(in, adults, children, adult_of, child_of, form_errors);
	json_t *list = json_pack("[o]", incident);
	json_t *results = NULL;
	struct actor actor = auth_actor(req);
	enum haven_status st = HAVEN_ERR_INVALID;
	if (json_array_size(form_errors) == 0)
		st = incidents_intake(list, false, "web", "incident.create", &actor, &results, errors);
	else {
		/* still check the rest, so every problem shows at once */
		json_t *ignored = NULL;
		struct incidents_la_codes areas;
		if (incidents_la_codes(actor.agency_id, &areas) == HAVEN_OK) {
			struct incident_check check = {areas.codes, areas.count, (int64_t)time(NULL),
			                               "",          "",          areas.limited};
			ignored = incident_check(incident, &check, errors);
			free(areas.codes);
		}
		json_decref(ignored);
	}
	json_decref(list);
	if (st == HAVEN_OK) {
		long long id = json_integer_value(json_object_get(json_array_get(results, 0), "id"));
		json_decref(results);
		json_decref(errors);
		json_decref(form_errors);
		response_success(res, "The incident was recorded");
		response_done(res, NULL, "/incidents/%lld", id);
		return HAVEN_OK;
	}
	if (st != HAVEN_ERR_INVALID && st != HAVEN_ERR_CONFLICT) {
		json_decref(errors);
		json_decref(form_errors);
		return st;
	}
	json_t *page_errors = form_errors;
	add_checker_errors(page_errors, errors, in, adult_of, child_of);
	json_decref(errors);
	if (!errors_explain_refusal(page_errors, "incidents")) {
		json_decref(page_errors);
		return HAVEN_ERR_INTERNAL;
	}
	if (st == HAVEN_ERR_CONFLICT)
		res->status = 409;
	return form_again(req, res, page_errors, adults, children, NULL);
}

/* A row of the check page: `key`, `value`, and the form field its Change returns to. */
static void check_row(json_t *rows, const char *key, const char *value, const char *field)
{
	json_array_append_new(
	    rows, json_pack("{s:s, s:s, s:s}", "key", key, "value", value ? value : "", "change", field));
}

/*
 * An incident checked before it is sent (router.h, struct check_step): once
 * saved, its children are matched and their schools and the IDVA service
 * told. The form is checked as it would be when sent, so the page shows only
 * what will be saved, or the form again with every problem.
 */
static enum haven_status check_incident(struct request *req, struct response *res)
{
	json_t *in = req->input;
	int adults = json_object_get(in, "adult_rows") ? (int)field_int(in, "adult_rows") : 1;
	int children = json_object_get(in, "child_rows") ? (int)field_int(in, "child_rows") : 1;
	int adult_of[INCIDENT_MAX_ADULTS] = {0}, child_of[INCIDENT_MAX_CHILDREN] = {0};
	json_t *page_errors = json_array(), *errors = json_array();
	json_t *incident = incident_from_form(in, adults, children, adult_of, child_of, page_errors);
	struct incidents_la_codes areas;
	enum haven_status st = incidents_la_codes(req->user->agency_id, &areas);
	json_t *checked = NULL;
	if (st == HAVEN_OK) {
		struct incident_check check = {areas.codes, areas.count, (int64_t)time(NULL),
		                               "",          "",          areas.limited};
		checked = incident_check(incident, &check, errors);
		free(areas.codes);
	}
	json_decref(incident);
	if (st != HAVEN_OK || json_array_size(page_errors) || json_array_size(errors)) {
		json_decref(checked);
		add_checker_errors(page_errors, errors, in, adult_of, child_of);
		json_decref(errors);
		if (st != HAVEN_OK) {
			json_decref(page_errors);
			return st;
		}
		return form_again(req, res, page_errors, adults, children, NULL);
	}
	json_decref(errors);
	json_decref(page_errors);
	json_t *rows = json_array();
	char text[1200];
	check_row(rows, "Police reference", field_text(checked, "police_reference"), "police_reference");
	int64_t at;
	if (calendar_parse_instant(field_text(checked, "occurred_at"), &at)) {
		int32_t day, seconds;
		calendar_london_from_utc(at, &day, &seconds);
		char date[CALENDAR_LONG_DATE_SIZE];
		calendar_format_long(day, date);
		snprintf(text, sizeof text, "%s at %02d:%02d", date, (int)(seconds / 3600),
		         (int)(seconds / 60 % 60));
		check_row(rows, "When it happened", text, "occurred_on");
	}
	check_row(rows, "Where", field_text(checked, "location"), "location");
	/* the codes are plain words ("medium", "victim"): shown as the form's labels are, capitalised */
	snprintf(text, sizeof text, "%s", field_text(checked, "risk_level"));
	text[0] = (char)toupper((unsigned char)text[0]);
	check_row(rows, "DASH risk level", text, "risk_level");
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(checked, "adults"), i, p)
	{
		char key[40], field[40];
		snprintf(key, sizeof key, "Adult %zu", i + 1);
		snprintf(field, sizeof field, "adult_%d_name", adult_of[i]);
		snprintf(text, sizeof text, "%s (%s)", field_text(p, "name"), field_text(p, "role"));
		check_row(rows, key, text, field);
	}
	json_array_foreach(json_object_get(checked, "children"), i, p)
	{
		char key[40], field[40];
		snprintf(key, sizeof key, "Child %zu", i + 1);
		snprintf(field, sizeof field, "child_%d_given_name", child_of[i]);
		const char *dob = field_text(p, "date_of_birth");
		int32_t d;
		char born[CALENDAR_LONG_DATE_SIZE] = "date of birth not known";
		if (dob && calendar_parse(dob, &d))
			calendar_format_long(d, born);
		snprintf(text, sizeof text, "%s %s, %s%s", field_text(p, "given_name"),
		         field_text(p, "family_name"), dob ? "born " : "", born);
		check_row(rows, key, text, field);
	}
	json_decref(checked);
	response_set_model(res, json_pack("{s:s, s:o, s:s, s:s}", "caption", "Domestic abuse incident",
	                                  "rows", rows, "warning",
	                                  "Once you send it, the children are matched and their schools' Key "
	                                  "Adults and the IDVA service are told at once.",
	                                  "back", "/incidents"));
	return HAVEN_OK;
}

/* "Add another adult/child" shows the form again: only sending the incident is checked. */
static bool sends_incident(const struct request *req)
{
	return !json_object_get(req->input, "add");
}

const struct check_step incidents_check_step = {
    .title = "Check the incident before you send it",
    .button = "Send the incident",
    .answers = check_incident,
    .needed = sends_incident,
};

/* POST /api/v1/da-incidents: one incident, or {"incidents": [...]}. */
enum haven_status incidents_create_from_api(struct request *req, struct response *res)
{
	json_t *list, *results = NULL, *errors = json_array(), *one;
	bool batch;
	if (!batch_records(req->input, "incidents", "incident", res, &list, &batch)) {
		json_decref(errors);
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    incidents_intake(list, batch, "api", "incident.create", &actor, &results, errors);
	json_decref(list);
	st = batch_answer(res, st, errors, results, batch, "incidents", "/api/v1/da-incidents/", &one);
	/* the children's matching, so the sender knows at once which wait for a person */
	json_t *incident = NULL;
	if (one && incidents_get(json_integer_value(json_object_get(one, "id")), &incident) == HAVEN_OK) {
		json_t *children = json_array(), *child;
		size_t i;
		json_array_foreach(json_object_get(incident, "children"), i, child) json_array_append_new(
		    children, json_pack("{s:O, s:O, s:O}", "position", json_object_get(child, "position"),
		                        "match_status", json_object_get(child, "match_status"), "match_note",
		                        json_object_get(child, "match_note")));
		json_object_set_new(one, "children", children);
		json_decref(incident);
	}
	return st;
}
