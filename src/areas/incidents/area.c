/*
 * area.c (incidents) — domestic abuse incidents from the police (Operation
 * Encompass's intake): recording one on a GOV.UK form, receiving one or a
 * batch from the police records system (POST /api/v1/da-incidents), the
 * incident list and page, and the resolution queue where a person picks the
 * register child and setting the matching could not be sure of.
 *
 * Who may do what is the access policy's: police record incidents and see
 * every one; a local authority's front door sees and resolves those in its
 * area (incident.read / incident.resolve need the relationship
 * "da_incident"), and anyone else is refused before a handler runs. Lists
 * are scoped in their query the same way.
 *
 * The form and the API share one checker (incident.c): the form's fields
 * are only loosely typed by their specs, then turned into the same JSON
 * incident the API takes, and the checker's errors are mapped back onto the
 * form's fields ("children[1].date_of_birth" is child_2_date_of_birth).
 * Without JavaScript, "Add another adult/child" submits the form, which
 * comes back with one more blank row and everything typed kept.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/area.h"
#include "areas/incidents/tasks.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/incidents/commands.h"
#include "areas/incidents/deadline.h"
#include "areas/incidents/incident.h"
#include "areas/incidents/intake.h"
#include "areas/incidents/jobs.h"
#include "areas/incidents/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/user.h"
#include "router/errors.h"
#include "router/page.h"
#include "view/status_tag.h"

static const struct field_spec list_query[] = {PAGE_FIELDS, {0}};

static const char *const risk_filter_choices[] = {"standard", "medium", "high", NULL};

/* The incidents list: found by the force's reference, or narrowed to a risk level, and paged. */
static const struct field_spec incidents_query[] = {
    {.name = "reference", .label = "the police reference", .type = FIELD_TEXT, .max = 100},
    {.name = "risk", .label = "the risk level", .type = FIELD_CHOICE, .choices = risk_filter_choices},
    PAGE_FIELDS,
    {0},
};

/* ---- the form's fields ---- */

static const char *const add_choices[] = {"adult", "child", NULL};

#define ADULT_FIELDS(N)                                                                                      \
	{.name = "adult_" #N "_name", .label = "adult " #N "'s name", .type = FIELD_TEXT},                   \
	    {.name = "adult_" #N "_role", .label = "adult " #N "'s role", .type = FIELD_TEXT},               \
	    {.name = "adult_" #N "_date_of_birth",                                                           \
	     .label = "adult " #N "'s date of birth",                                                        \
	     .type = FIELD_TEXT},                                                                            \
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
	     .type = FIELD_TEXT},                                                                            \
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

static const struct field_spec form_fields[] = {
    {.name = "police_reference", .label = "the police reference", .type = FIELD_TEXT},
    {.name = "occurred_on", .label = "the date of the incident", .type = FIELD_TEXT},
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
static const struct field_spec api_fields[] = {
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

static const struct field_spec resolve_fields[] = {
    /* not .required: the handler says it is missing, so the page shown again keeps the setting chosen */
    {.name = "child", .label = "the child on the register", .type = FIELD_TEXT, .max = 20},
    {.name = "home_educated", .label = "whether the child is educated at home", .type = FIELD_BOOL},
    {.name = "setting", .label = "the setting", .type = FIELD_SLUG, .max = 100},
    {.name = "setting_urn", .label = "the setting's URN", .type = FIELD_INT, .min = 100000, .max = 999999},
    {0},
};

/* ---- who sees what ---- */

/* Police (who oversee every incident) see all: 0; a local authority its area's code; anyone else -1
 * (nothing). */
static enum haven_status scope_of(const struct request *req, long long *la_code)
{
	struct resource none = {"da_incident", 0};
	if (policy_decide(req->user, "incident.read", &none) == DECISION_ALLOW) {
		*la_code = 0;
		return HAVEN_OK;
	}
	enum haven_status st = incidents_agency_la(req->user->agency_id, la_code);
	if (st == HAVEN_OK && *la_code == 0)
		*la_code = -1;
	return st;
}

/* How each child's matching stands, as the incident page shows it. */
static const struct status_tag match_statuses[] = {
    {"unresolved", "Waiting to be resolved", "govuk-tag--red"},
    {"matched", "Matched", "govuk-tag--green"},
    {"registered", "Added to the register", "govuk-tag--green"},
    {"resolved", "Resolved by hand", "govuk-tag--green"},
    {"home_educated", "Educated at home", "govuk-tag--green"},
    {"not_notifiable", "Not notifiable", "govuk-tag--grey"},
    {0},
};

/* "2026-11-26T19:30:00Z" as UK local time for people: "Thursday 26 November 2026, 19:30 (GMT)". */
static json_t *local_time_text(const char *utc_text)
{
	int64_t utc;
	if (!utc_text || !calendar_parse_instant(utc_text, &utc))
		return json_null();
	int32_t day, seconds;
	calendar_london_from_utc(utc, &day, &seconds);
	char date[CALENDAR_LONG_DATE_SIZE], out[96];
	calendar_format_long(day, date);
	snprintf(out, sizeof out, "%s %s, %02d:%02d (%s)", calendar_weekday_name(day), date, seconds / 3600,
	         seconds / 60 % 60, calendar_london_offset(utc) ? "BST" : "GMT");
	return json_string(out);
}

/*
 * How long a waiting child has until the deadline its notification would have, in words
 * ("Due in 3 hours 20 minutes", "Overdue by 1 day 2 hours"), and whether it is past it.
 */
static void set_waiting_due(json_t *row, int64_t now)
{
	int64_t due;
	if (!calendar_parse_instant(field_text(row, "waiting_due_at"), &due))
		return;
	char length[CALENDAR_DURATION_SIZE], words[CALENDAR_DURATION_SIZE + 16];
	calendar_format_duration(due - now, length);
	snprintf(words, sizeof words, "%s %s", due <= now ? "Overdue by" : "Due in", length);
	json_object_set_new(row, "waiting_due_local", local_time_text(field_text(row, "waiting_due_at")));
	json_object_set_new(row, "waiting_due_words", json_string(words));
	json_object_set_new(row, "overdue", json_boolean(due <= now));
}

/* ---- the list and the queue ---- */

/* GET /incidents, GET /api/v1/da-incidents. */
static enum haven_status list_incidents(struct request *req, struct response *res)
{
	long long la = 0;
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL, *queue = NULL;
	long long total = -1, waiting = -1;
	struct incidents_filter filter = {.police_reference = field_text(req->input, "reference"),
	                                  .risk_level = field_text(req->input, "risk")};
	enum haven_status st = scope_of(req, &la);
	if (st == HAVEN_OK)
		st = incidents_list(la, &filter, &page, &rows, &total);
	if (st == HAVEN_OK)
		st = incidents_unresolved(la, NULL, &queue, &waiting);
	if (st != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	    json_object_set_new(r, "occurred_local", local_time_text(field_text(r, "occurred_at")));
	response_audit_records(res, "da_incident", rows, "id");
	bool can_create = policy_decide(req->user, "incident.create", NULL) == DECISION_ALLOW;
	json_t *model = json_pack("{s:s, s:b, s:o, s:b}", "title", "Domestic abuse incidents", "can_create",
	                          can_create, "unresolved", page_count_up_to(waiting, PAGE_COUNT_CAP_JOINED),
	                          "any_unresolved", waiting > 0);
	page_finish(&page, req, model, "incidents", rows, "id", total, "incidents");
	size_t n = json_array_size(json_object_get(model, "incidents"));
	json_object_set_new(model, "found", json_boolean(n > 0));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	/* what the filter form shows again: the reference typed and the risk chosen */
	bool filtered = filter.police_reference || filter.risk_level;
	json_object_set_new(model, "filtered", json_boolean(filtered));
	json_object_set_new(model, "reference",
	                    json_string(filter.police_reference ? filter.police_reference : ""));
	json_t *risks = json_array();
	for (const char *const *level = risk_filter_choices; *level; level++)
		json_array_append_new(risks,
		                      json_pack("{s:s, s:b}", "value", *level, "selected",
		                                filter.risk_level && strcmp(filter.risk_level, *level) == 0));
	json_object_set_new(model, "risk_choices", risks);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /incidents/unresolved, GET /api/v1/da-incidents/unresolved. */
static enum haven_status list_unresolved(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	long long la = 0, total = -1;
	json_t *rows = NULL;
	enum haven_status st = scope_of(req, &la);
	if (st == HAVEN_OK)
		st = incidents_unresolved(la, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	int64_t now = time(NULL);
	json_array_foreach(rows, i, r)
	{
		json_object_set_new(r, "occurred_local", local_time_text(field_text(r, "occurred_at")));
		set_waiting_due(r, now);
	}
	json_t *model = json_pack("{s:s}", "title", "Children waiting to be matched");
	/* counted only so far (PAGE_COUNT_CAP_JOINED): past it, the page says "more" without a total */
	page_finish(&page, req, model, "children", rows, "incident_child_id",
	            total > PAGE_COUNT_CAP_JOINED ? -1 : total, "children");
	size_t n = json_array_size(json_object_get(model, "children"));
	json_object_set_new(model, "found", json_boolean(n > 0));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- one incident ---- */

static json_t *yes_no(const json_t *v)
{
	if (json_is_integer(v))
		return json_string(json_integer_value(v) ? "Yes" : "No");
	return json_string("Not recorded");
}

/* GET /incidents/{id}, GET /api/v1/da-incidents/{id}. */
static enum haven_status show_incident(struct request *req, struct response *res)
{
	json_t *incident = NULL;
	enum haven_status st = incidents_get(field_int(req->params, "id"), &incident);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		json_object_set_new(incident, "occurred_local",
		                    local_time_text(field_text(incident, "occurred_at")));
		json_object_set_new(incident, "received_local",
		                    local_time_text(field_text(incident, "received_at")));
		if (field_text(incident, "location") && !field_text(incident, "location")[0])
			json_object_set_new(incident, "location",
			                    json_null()); /* not given: the page says so */
		size_t i, j;
		json_t *c, *a, *n;
		json_array_foreach(json_object_get(incident, "adults"), i, a)
		{
			json_object_set_new(a, "is_victim",
			                    json_boolean(strcmp(field_text(a, "role"), "victim") == 0));
			json_object_set_new(a, "safe_to_call_text",
			                    yes_no(json_object_get(a, "safe_to_call")));
			json_object_set_new(a, "safe_to_leave_message_text",
			                    yes_no(json_object_get(a, "safe_to_leave_message")));
		}
		/* incident.resolve is about one incident: without the record the policy always refuses */
		struct resource me = {"da_incident", field_int(req->params, "id")};
		bool can_resolve = policy_decide(req->user, "incident.resolve", &me) == DECISION_ALLOW;
		json_array_foreach(json_object_get(incident, "children"), i, c)
		{
			const char *status = field_text(c, "match_status");
			const struct status_tag *shown = status_tag_find(match_statuses, status);
			if (shown) { /* the child's own "status" is match_status; only the words and colour
				        are added */
				json_object_set_new(c, "status_label", json_string(shown->label));
				json_object_set_new(c, "status_tag", json_string(shown->tag));
			}
			json_object_set_new(c, "present_text", yes_no(json_object_get(c, "present")));
			json_object_set_new(c, "spoken_to_text", yes_no(json_object_get(c, "spoken_to")));
			json_object_set_new(c, "can_resolve",
			                    json_boolean(can_resolve && strcmp(status, "unresolved") == 0));
			json_t *mine = json_array();
			json_array_foreach(json_object_get(incident, "notifications"), j, n)
			{
				if (json_equal(json_object_get(n, "child_position"),
				               json_object_get(c, "position"))) {
					json_object_set_new(n, "due_local",
					                    local_time_text(field_text(n, "due_at")));
					json_array_append(mine, n);
				}
			}
			json_object_set_new(c, "notifications_for", mine);
		}
	}
	json_t *model = json_pack("{s:s+, s:o}", "title", "Incident ",
	                          field_text(incident, "police_reference"), "incident", incident);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- the form ---- */

struct row_field {
	const char *key, *label, *hint;
	enum { ROW_TEXT, ROW_TEXTAREA, ROW_YES_NO, ROW_ROLE } kind;
	const char *width; /* govuk-input--width-N, or NULL for full width */
};

static const struct row_field adult_row[] = {
    {"name", "Name", NULL, ROW_TEXT, NULL},
    {"role", "Role", NULL, ROW_ROLE, NULL},
    {"date_of_birth", "Date of birth (optional)", "For example, 1990-05-17", ROW_TEXT,
     "govuk-input--width-10"},
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
    {"date_of_birth", "Date of birth", "For example, 2016-04-12", ROW_TEXT, "govuk-input--width-10"},
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

static json_t *options(const char *chosen, bool role)
{
	static const char *const roles[][2] = {
	    {"victim", "Victim"}, {"suspect", "Suspect"}, {"other", "Other"}};
	static const char *const yn[][2] = {{"yes", "Yes"}, {"no", "No"}};
	json_t *list = json_array();
	json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "text", "Select", "selected",
	                                      !chosen || !chosen[0]));
	size_t n = role ? 3 : 2;
	for (size_t i = 0; i < n; i++) {
		const char *v = role ? roles[i][0] : yn[i][0];
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", v, "text",
		                                      role ? roles[i][1] : yn[i][1], "selected",
		                                      chosen && strcmp(chosen, v) == 0));
	}
	return list;
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

/* The form's model with `adults` and `children` rows; `added` names the row kind just added ("adult",
 * "child") or is NULL. */
static enum haven_status form_model(const json_t *in, const json_t *errors, int adults, int children,
                                    const char *added, json_t **out)
{
	int added_adult = added && strcmp(added, "adult") == 0 ? adults : 0;
	int added_child = added && strcmp(added, "child") == 0 ? children : 0;
	json_t *areas = NULL;
	enum haven_status st = incidents_areas(&areas);
	if (st != HAVEN_OK)
		return st;
	const char *la = field_text(in, "la_code");
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		char code[32];
		snprintf(code, sizeof code, "%lld",
		         (long long)json_integer_value(json_object_get(a, "code")));
		json_object_set_new(a, "selected", json_boolean(la && strcmp(la, code) == 0));
	}
	json_t *model = json_pack(
	    "{s:s, s:o, s:o, s:o, s:i, s:i, s:b, s:b}", "title", "Record a domestic abuse incident", "areas",
	    areas, "adults", form_rows(in, errors, "adult", adult_row, adults, "Adult", added_adult),
	    "children", form_rows(in, errors, "child", child_row, children, "Child", added_child),
	    "adult_rows", adults, "child_rows", children, "can_add_adult", adults < INCIDENT_MAX_ADULTS,
	    "can_add_child", children < INCIDENT_MAX_CHILDREN);
	/* the risk level's radios */
	const char *risk = field_text(in, "risk_level");
	json_object_set_new(model, "risk",
	                    json_pack("{s:b, s:b, s:b}", "standard", risk && !strcmp(risk, "standard"),
	                              "medium", risk && !strcmp(risk, "medium"), "high",
	                              risk && !strcmp(risk, "high")));
	*out = model;
	return HAVEN_OK;
}

/* GET /incidents/new (and the page again if its fields fail their specs). */
static enum haven_status new_incident_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	json_t *none = json_array();
	/* shown again from a check page (Change), the form keeps the rows it had */
	const json_t *in = req->input;
	int adults = json_object_get(in, "adult_rows") ? (int)field_int(in, "adult_rows") : 1;
	int children = json_object_get(in, "child_rows") ? (int)field_int(in, "child_rows") : 1;
	enum haven_status st = form_model(req->input, none, adults, children, NULL, &model);
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
		errors_add(errors, "occurred_on",
		           "The date of the incident must be a real date, written like 2026-11-26");
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
	enum haven_status st = form_model(req->input, errors, adults, children, added, &model);
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

/* The checker's errors (taken) after the form's own in `page_errors`, under the form's names (the date only
 * once). */
static void add_checker_errors(json_t *page_errors, const json_t *errors, const int *adult_of,
                               const int *child_of)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		char name[80];
		form_field_name(field_text(e, "field"), adult_of, child_of, name, sizeof name);
		if (!error_for(page_errors, name) || strcmp(name, "occurred_on") != 0)
			errors_add(page_errors, name, field_text(e, "message"));
	}
}

/* POST /incidents: the form (or "Add another adult/child", which shows it again with one more row). */
static enum haven_status create_from_form(struct request *req, struct response *res)
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
		long long *codes = NULL;
		size_t n = 0;
		if (incidents_la_codes(&codes, &n) == HAVEN_OK) {
			struct incident_check check = {codes, n, (int64_t)time(NULL), "", ""};
			ignored = incident_check(incident, &check, errors);
		}
		free(codes);
		json_decref(ignored);
	}
	json_decref(list);
	if (st == HAVEN_OK) {
		long long id = json_integer_value(json_object_get(json_array_get(results, 0), "id"));
		json_decref(results);
		json_decref(errors);
		json_decref(form_errors);
		response_done(res, NULL, "/incidents/%lld", id);
		return HAVEN_OK;
	}
	if (st != HAVEN_ERR_INVALID && st != HAVEN_ERR_CONFLICT) {
		json_decref(errors);
		json_decref(form_errors);
		return st;
	}
	json_t *page_errors = form_errors;
	add_checker_errors(page_errors, errors, adult_of, child_of);
	json_decref(errors);
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
	long long *codes = NULL;
	size_t n = 0;
	enum haven_status st = incidents_la_codes(&codes, &n);
	json_t *checked = NULL;
	if (st == HAVEN_OK) {
		struct incident_check check = {codes, n, (int64_t)time(NULL), "", ""};
		checked = incident_check(incident, &check, errors);
	}
	free(codes);
	json_decref(incident);
	if (st != HAVEN_OK || json_array_size(page_errors) || json_array_size(errors)) {
		json_decref(checked);
		add_checker_errors(page_errors, errors, adult_of, child_of);
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

static const struct check_step incident_check_step = {
    .title = "Check the incident before you send it",
    .button = "Send the incident",
    .answers = check_incident,
    .needed = sends_incident,
};

/* POST /api/v1/da-incidents: one incident, or {"incidents": [...]}. */
static enum haven_status create_from_api(struct request *req, struct response *res)
{
	json_t *in = req->input;
	json_t *batch = json_object_get(in, "incidents");
	json_t *errors = json_array();
	json_t *list;
	if (batch) {
		if (json_object_size(in) != 1) {
			errors_add(errors, "incidents",
			           "Send either one incident or {\"incidents\": [...]}, not both");
			response_errors(res, errors);
			return HAVEN_OK;
		}
		if (!json_is_array(batch)) {
			errors_add(errors, "incidents", "The incidents must be a list");
			response_errors(res, errors);
			return HAVEN_OK;
		}
		list = json_incref(batch);
	} else {
		list = json_pack("[O]", in);
	}
	json_t *results = NULL;
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    incidents_intake(list, batch != NULL, "api", "incident.create", &actor, &results, errors);
	json_decref(list);
	if (st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) {
		if (st == HAVEN_ERR_CONFLICT)
			res->status = 409;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st != HAVEN_OK)
		return st;
	bool created = false;
	size_t i;
	json_t *r;
	json_array_foreach(results, i, r) created =
	    created || strcmp(field_text(r, "status"), "created") == 0;
	res->status = created ? 201 : 200;
	if (batch) {
		response_set_model(res, json_pack("{s:o}", "incidents", results));
	} else {
		json_t *one = json_incref(json_array_get(results, 0));
		json_decref(results);
		json_object_del(one, "index");
		/* the children's matching, so the sender knows at once which wait for a person */
		json_t *incident = NULL;
		if (incidents_get(json_integer_value(json_object_get(one, "id")), &incident) == HAVEN_OK) {
			json_t *children = json_array();
			json_array_foreach(json_object_get(incident, "children"), i, r) json_array_append_new(
			    children, json_pack("{s:O, s:O, s:O}", "position", json_object_get(r, "position"),
			                        "match_status", json_object_get(r, "match_status"),
			                        "match_note", json_object_get(r, "match_note")));
			json_object_set_new(one, "children", children);
			json_decref(incident);
		}
		char location[64];
		snprintf(location, sizeof location, "/api/v1/da-incidents/%lld",
		         (long long)json_integer_value(json_object_get(one, "id")));
		response_add_header_copy(res, "Location", location);
		response_set_model(res, one);
	}
	return HAVEN_OK;
}

/* ---- resolving a child ---- */

static long long child_position(const struct request *req)
{
	return field_int(req->params, "child");
}

static enum haven_status resolution_model(struct request *req, json_t **out)
{
	json_t *child = NULL;
	enum haven_status st =
	    incidents_child_for_resolution(field_int(req->params, "id"), child_position(req), &child);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(child, "occurred_local", local_time_text(field_text(child, "occurred_at")));
	bool unresolved = strcmp(field_text(child, "match_status"), "unresolved") == 0;
	json_object_set_new(child, "is_unresolved", json_boolean(unresolved));
	/* the page shows the register's candidates while the child is unresolved: each is a view of a child
	 */
	struct actor actor = auth_actor(req);
	if (unresolved &&
	    (st = incidents_audit_candidates(json_object_get(child, "candidates"), &actor)) != HAVEN_OK) {
		json_decref(child);
		return st;
	}
	char title[160];
	snprintf(title, sizeof title, "Match child %lld of incident %s", child_position(req),
	         field_text(child, "police_reference"));
	*out = json_pack("{s:s, s:o}", "title", title, "child", child);
	return HAVEN_OK;
}

/* On the resolution page shown again after errors, the register child and the setting chosen, chosen again.
 */
static void keep_resolution_choices(json_t *model, const json_t *in)
{
	json_t *child = json_object_get(model, "child");
	const char *picked = field_text(in, "child");
	const char *slug = field_text(in, "setting");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(child, "candidates"), i, c)
	{
		char id[32];
		snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
		json_object_set_new(c, "checked", json_boolean(picked && strcmp(picked, id) == 0));
	}
	json_array_foreach(json_object_get(child, "settings"), i, c)
	{
		const char *each = field_text(c, "slug");
		json_object_set_new(c, "selected", json_boolean(slug && each && strcmp(slug, each) == 0));
	}
}

/* GET /incidents/{id}/children/{child}/resolve, and the page again after errors, what was chosen kept. */
static enum haven_status resolve_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = resolution_model(req, &model);
	if (st != HAVEN_OK)
		return st;
	keep_resolution_choices(model, req->input);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The API's answer after a child is resolved: that child of the incident as it now is. */
static enum haven_status show_resolved_child(struct request *req, struct response *res)
{
	json_t *incident = NULL;
	enum haven_status st = incidents_get(field_int(req->params, "id"), &incident);
	if (st != HAVEN_OK)
		return st;
	json_t *c = json_incref(
	    json_array_get(json_object_get(incident, "children"), (size_t)child_position(req) - 1));
	json_decref(incident);
	response_set_model(res, c ? c : json_object());
	return HAVEN_OK;
}

/* POST /incidents/{id}/children/{child}/resolve and its API twin. */
static enum haven_status resolve_child(struct request *req, struct response *res)
{
	json_t *in = req->input;
	json_t *errors = json_array();
	struct incident_resolution r = {
	    .incident_id = field_int(req->params, "id"),
	    .position = child_position(req),
	    .home_educated = json_is_true(json_object_get(in, "home_educated")),
	};
	const char *child = field_text(in, "child");
	if (!child)
		errors_add(errors, "child", "Select the child on the register, or that it is none of them");
	else if (strcmp(child, "new") != 0) {
		char *end;
		r.register_child_id = strtoll(child, &end, 10);
		if (*end || r.register_child_id <= 0)
			errors_add(errors, "child",
			           "Select a child from the register, or create a new record");
	}
	const char *slug = field_text(in, "setting");
	bool has_urn = json_object_get(in, "setting_urn") != NULL;
	enum haven_status st = HAVEN_OK;
	if (r.home_educated && (slug || has_urn))
		errors_add(errors, "setting",
		           "A child educated at home has no setting: leave the setting empty");
	else if (slug && has_urn)
		errors_add(errors, "setting_urn", "Give the setting or its URN, not both");
	else if (slug) {
		st = incidents_setting_by_slug(slug, &r.setting_agency_id);
		if (st == HAVEN_ERR_NOT_FOUND)
			errors_add(errors, "setting", "Select the setting from the list");
	} else if (has_urn) {
		st = incidents_setting_by_urn(field_int(in, "setting_urn"), &r.setting_agency_id);
		if (st == HAVEN_ERR_NOT_FOUND)
			errors_add(errors, "setting_urn", "No setting in Haven has this URN");
	}
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND) {
		json_decref(errors);
		return st;
	}
	if (!json_array_size(errors)) {
		const char *field = NULL, *why = NULL;
		struct actor actor = auth_actor(req);
		st = incidents_resolve(&r, &actor, &field, &why);
		if (st == HAVEN_ERR_INVALID && why)
			errors_add(errors, field, why);
		else if (st == HAVEN_ERR_CONFLICT)
			errors_add(errors, "child", "This child has already been matched or resolved");
		else if (st != HAVEN_OK) {
			json_decref(errors);
			return st;
		}
	}
	if (json_array_size(errors)) {
		if (st == HAVEN_ERR_CONFLICT)
			res->status = 409;
		response_errors(res,
		                errors); /* the page again: the route's redisplay keeps what was chosen */
		return HAVEN_OK;
	}
	json_decref(errors);
	response_done(res, show_resolved_child, "/incidents/%lld", r.incident_id);
	return HAVEN_OK;
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/incidents",
     .action = "incident.list",
     .handler = list_incidents,
     .page = "incidents/list",
     .query = incidents_query,
     .redisplay = list_incidents,
     .api_pattern = "/api/v1/da-incidents"},
    {.method = HTTP_GET,
     .pattern = "/incidents/unresolved",
     .action = "incident.list",
     .handler = list_unresolved,
     .page = "incidents/unresolved",
     .query = list_query,
     .redisplay = list_unresolved,
     .api_pattern = "/api/v1/da-incidents/unresolved"},
    {.method = HTTP_GET,
     .pattern = "/incidents/new",
     .action = "incident.create",
     .handler = new_incident_form,
     .page = "incidents/new"},
    {.method = HTTP_POST,
     .pattern = "/incidents",
     .action = "incident.create",
     .handler = create_from_form,
     .page = "incidents/new",
     .body = form_fields,
     .redisplay = new_incident_form,
     .check = &incident_check_step},
    {.method = HTTP_POST,
     .pattern = "/api/v1/da-incidents",
     .action = "incident.create",
     .handler = create_from_api,
     .body = api_fields},
    {.method = HTTP_GET,
     .pattern = "/incidents/{id:int}",
     .action = "incident.read",
     .handler = show_incident,
     .page = "incidents/incident",
     .api_pattern = "/api/v1/da-incidents/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/incidents/{id:int}/children/{child:int}/resolve",
     .action = "incident.resolve",
     .handler = resolve_form,
     .page = "incidents/resolve"},
    {.method = HTTP_POST,
     .pattern = "/incidents/{id:int}/children/{child:int}/resolve",
     .action = "incident.resolve",
     .handler = resolve_child,
     .page = "incidents/resolve",
     .body = resolve_fields,
     .redisplay = resolve_form,
     .api_pattern = "/api/v1/da-incidents/{id:int}/children/{child:int}/resolve"},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* domestic abuse incidents: police record them and see them all; a local authority sees its area's
     * and resolves which child and setting an unmatched child is */
    {.action = "incident.create", .roles = ROLE_POLICE, .audited = true},
    {.action = "incident.list", .roles = ROLE_POLICE | ROLE_FRONT_DOOR, .audited = true},
    {.action = "incident.read",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR,
     .resource = "da_incident",
     .every_record = ROLE_POLICE,
     .audited = true},
    {.action = "incident.resolve",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR,
     .resource = "da_incident",
     .every_record = ROLE_POLICE,
     .audited = true,
     .shown_as = "incident.resolve"},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Domestic abuse",
     .action = "incident.create",
     .href = "/incidents/new",
     .text = "Record a domestic abuse incident",
     .place = 60},
    {.section = "Domestic abuse",
     .action = "incident.list",
     .href = "/incidents",
     .text = "Domestic abuse incidents",
     .place = 70},
    {.section = "Domestic abuse",
     .action = "incident.list",
     .href = "/incidents/unresolved",
     .text = "Children waiting to be matched",
     .place = 80},
    {0},
};

const struct area area_incidents = {
    .tasks = incidents_tasks,
    .name = "incidents",
    .links = links,
    .access = access,
    .records = incidents_records,
    .chronology = incidents_chronology,
    .routes = routes,
    .commands = incidents_commands,
    .start = incidents_jobs_start,
    .stop = incidents_jobs_stop,
};
