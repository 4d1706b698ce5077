/*
 * area.c (incidents) — domestic abuse incidents from the police (Operation
 * Encompass's intake): recording one on a GOV.UK form, receiving one or a
 * batch from the police records system (POST /api/v1/da-incidents), the
 * incident list and page, and the resolution queue where a person picks the
 * register child and setting the matching could not be sure of.
 *
 * Who may do what is the access policy's: police record incidents, and see
 * and resolve their own force's (the ones their agency sent: on a regional
 * hub another force's are not theirs); a local authority's front door sees
 * and resolves those in its area (incident.read / incident.resolve need the
 * relationship "da_incident"), and anyone else is refused before a handler
 * runs. Lists are scoped in their query the same way (incidents_scope).
 *
 * Recording an incident (the form, its check step and the API) is in
 * reporting.c; this file holds the list, the queue, one incident, resolving
 * a child and the route and access tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/area.h"
#include "areas/incidents/tasks.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/merged.h"
#include "areas/children/store.h"
#include "areas/households/households.h"
#include "areas/incidents/commands.h"
#include "areas/incidents/jobs.h"
#include "areas/incidents/reporting.h"
#include "areas/incidents/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/user.h"
#include "router/errors.h"
#include "router/page.h"
#include "router/page_found.h"
#include "view/chosen_option.h"
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

static const struct field_spec resolve_fields[] = {
    /* not .required: the handler says it is missing, so the page shown again keeps the setting chosen */
    {.name = "child", .label = "the child on the register", .type = FIELD_TEXT, .max = 20},
    {.name = "home_educated", .label = "whether the child is educated at home", .type = FIELD_BOOL},
    {.name = "setting", .label = "the setting", .type = FIELD_SLUG, .max = 100},
    {.name = "setting_urn", .label = "the setting's URN", .type = FIELD_INT, .min = 100000, .max = 999999},
    {0},
};

/* ---- who sees what ---- */

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
	struct incidents_scope scope;
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL, *queue = NULL;
	long long total = -1, waiting = -1;
	struct incidents_filter filter = {.police_reference = field_text(req->input, "reference"),
	                                  .risk_level = field_text(req->input, "risk")};
	enum haven_status st = incidents_scope_of(req->user->agency_id, &scope);
	if (st == HAVEN_OK)
		st = incidents_list(&scope, &filter, &page, &rows, &total);
	if (st == HAVEN_OK)
		st = incidents_unresolved(&scope, NULL, &queue, &waiting);
	if (st != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	    json_object_set_new(r, "occurred_local", local_time_text(field_text(r, "occurred_at")));
	response_audit_records(res, "da_incident", rows, "id");
	bool can_create = policy_allows(req->user, "incident.create", NULL, 0);
	json_t *model = json_pack("{s:s, s:b, s:o, s:b}", "title", "Domestic abuse incidents", "can_create",
	                          can_create, "unresolved", page_count_up_to(waiting, PAGE_COUNT_CAP_JOINED),
	                          "any_unresolved", waiting > 0);
	size_t n = page_finish_found(&page, req, model, "incidents", rows, "id", total, "incidents");
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
	long long total = -1;
	struct incidents_scope scope;
	json_t *rows = NULL;
	enum haven_status st = incidents_scope_of(req->user->agency_id, &scope);
	if (st == HAVEN_OK)
		st = incidents_unresolved(&scope, &page, &rows, &total);
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
	size_t n = page_finish_found(&page, req, model, "children", rows, "incident_child_id",
	                             total > PAGE_COUNT_CAP_JOINED ? -1 : total, "children");
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

/* The incident's household (its address: areas/households), as "household_id" for whoever may open it. */
static enum haven_status link_household(const struct request *req, json_t *incident)
{
	long long household_id = 0;
	enum haven_status st = households_of_incident(field_int(req->params, "id"), &household_id);
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK; /* no address, no household */
	if (st != HAVEN_OK)
		return st;
	if (policy_allows(req->user, "household.read", "household", household_id))
		json_object_set_new(incident, "household_id", json_integer((json_int_t)household_id));
	return HAVEN_OK;
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
		bool can_resolve =
		    policy_allows(req->user, "incident.resolve", "da_incident", field_int(req->params, "id"));
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
	if ((st = link_household(req, incident)) != HAVEN_OK) {
		json_decref(incident);
		return st;
	}
	json_t *model = json_pack("{s:s+, s:o}", "title", "Incident ",
	                          field_text(incident, "police_reference"), "incident", incident);
	response_set_model(res, model);
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
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(child, "candidates"), i, c)
	{
		char id[32];
		snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
		json_object_set_new(c, "checked", json_boolean(picked && strcmp(picked, id) == 0));
	}
	chosen_option_mark(json_object_get(child, "settings"), "slug", json_object_get(in, "setting"));
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

/*
 * Register child `id` picked for the incident's child was merged away: it stands for no one, and the
 * matcher offers the record kept in its place, so the refusal (children_merged_errors, on "child") names
 * that one. Only when the record kept is among this child's candidates, already shown: any other id is
 * refused as not offered, by the store (incidents_resolve), without telling whether it exists or what
 * became of it.
 */
static enum haven_status refuse_merged(const struct request *req, long long id, json_t *errors)
{
	long long kept = 0;
	enum haven_status st = children_kept_record(id, &kept);
	if (st == HAVEN_ERR_NOT_FOUND || (st == HAVEN_OK && kept == id))
		return HAVEN_OK;
	json_t *child = NULL;
	if (st == HAVEN_OK)
		st =
		    incidents_child_for_resolution(field_int(req->params, "id"), child_position(req), &child);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	bool offered = false;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(child, "candidates"), i, c) offered =
	    offered || field_int(c, "id") == kept;
	json_decref(child);
	return offered ? children_merged_errors(id, "child", "select that one", errors) : HAVEN_OK;
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
		else {
			enum haven_status merged = refuse_merged(req, r.register_child_id, errors);
			if (merged != HAVEN_OK) {
				json_decref(errors);
				return merged;
			}
		}
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
	response_success(res, "The child was matched");
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
     .handler = incidents_new_form,
     .page = "incidents/new"},
    {.method = HTTP_POST,
     .pattern = "/incidents",
     .action = "incident.create",
     .handler = incidents_create_from_form,
     .page = "incidents/new",
     .body = incidents_form_fields,
     .redisplay = incidents_new_form,
     .check = &incidents_check_step},
    {.method = HTTP_POST,
     .pattern = "/api/v1/da-incidents",
     .action = "incident.create",
     .handler = incidents_create_from_api,
     .body = incidents_api_fields},
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
    /* domestic abuse incidents: police record them and see and resolve their own force's; a local
     * authority sees its area's and resolves which child and setting an unmatched child is */
    {.action = "incident.create", .roles = ROLE_POLICE, .audited = true},
    {.action = "incident.list", .roles = ROLE_POLICE | ROLE_FRONT_DOOR, .audited = true},
    {.action = "incident.read",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR,
     .resource = "da_incident",
     .audited = true},
    {.action = "incident.resolve",
     .roles = ROLE_POLICE | ROLE_FRONT_DOOR,
     .resource = "da_incident",
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
    .subject_access = incidents_subject_access,
    .routes = routes,
    .commands = incidents_commands,
    .working_days_changed = incidents_recount_waiting_in,
    .job = &incidents_waiting_job,
};
