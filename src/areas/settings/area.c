/*
 * area.c (settings) — schools, colleges and early years settings: the
 * agencies the DfE lists in "Get Information about Schools", with their Key
 * Adults and when their school day starts (Operation Encompass notifications
 * are due before it).
 *
 * The directory and a setting's page are for everyone signed in (as GIAS
 * itself is public; a setting's name is not personal data, so the name
 * search may sit in the query string). Changing the school-day start is
 * setting.update: a setting's own Key Adults, or the partnership for any
 * setting, which the policy decides from the setting's id (its agency's).
 * One handler per use case serves the page and the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "areas/settings/import.h"
#include "areas/settings/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "router/page.h"

/* The earliest and latest a school day may start: outside these it is surely a slip (20:45 for 08:45). */
#define EARLIEST_START "06:00"
#define LATEST_START "11:00"

static const struct field_spec directory_filter[] = {
    {.name = "area", .label = "the local authority area", .type = FIELD_SLUG, .max = 100},
    {.name = "name", .label = "the name of the setting", .type = FIELD_TEXT, .max = 100},
    PAGE_FIELDS,
    {0},
};

/* The page's form: the GOV.UK pattern of separate hour and minute boxes, as for dates. */
static const struct field_spec start_form_fields[] = {
    {.name = "hour",
     .label = "the hour the school day starts",
     .type = FIELD_TEXT,
     .required = true,
     .max = 10},
    {.name = "minute",
     .label = "the minute the school day starts",
     .type = FIELD_TEXT,
     .required = true,
     .max = 10},
    {0},
};

/* The API's: one "HH:MM" string, as the API answers it. */
static const struct field_spec start_api_fields[] = {
    {.name = "school_day_start",
     .label = "when the school day starts",
     .type = FIELD_TEXT,
     .required = true,
     .max = 10},
    {0},
};

/* ---- helpers ---- */

static long long setting_id(const struct request *req)
{
	return field_int(req->params, "id");
}

static const char *agency_type_label(const char *type)
{
	if (type && strcmp(type, "college") == 0)
		return "College";
	if (type && strcmp(type, "early_years") == 0)
		return "Early years setting";
	return "School";
}

/* Adds what people read rather than what is stored: "4 to 11", "College". */
static void add_labels(json_t *setting)
{
	json_t *low = json_object_get(setting, "low_age"), *high = json_object_get(setting, "high_age");
	char range[40] = "Not recorded";
	if (json_is_integer(low) && json_is_integer(high))
		snprintf(range, sizeof range, "%lld to %lld", (long long)json_integer_value(low),
		         (long long)json_integer_value(high));
	else if (json_is_integer(low))
		snprintf(range, sizeof range, "From %lld", (long long)json_integer_value(low));
	else if (json_is_integer(high))
		snprintf(range, sizeof range, "Up to %lld", (long long)json_integer_value(high));
	json_object_set_new(setting, "age_range", json_string(range));
	json_object_set_new(
	    setting, "agency_type_label",
	    json_string(agency_type_label(json_string_value(json_object_get(setting, "agency_type")))));
	const char *status = json_string_value(json_object_get(setting, "status"));
	json_object_set_new(setting, "open", json_boolean(status && strcmp(status, "Open") == 0));
}

/* ---- the directory ---- */

static enum haven_status list_settings(struct request *req, struct response *res)
{
	const char *area = field_text(req->input, "area");
	const char *name = field_text(req->input, "name");
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *settings = NULL, *areas = NULL;
	long long total = -1;
	enum haven_status st = settings_list(area, name, &page, &settings, &total);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(settings, i, s) add_labels(s);
	json_t *model = json_pack("{s:s, s:o, s:b}", "title", "Schools, colleges and early years settings",
	                          "count", page_count_json(total), "found", total > 0);
	page_finish(&page, req, model, "settings", settings, "id", total, "settings");
	json_t *filter = json_object();
	if (area)
		json_object_set_new(filter, "area", json_string(area));
	if (name)
		json_object_set_new(filter, "name", json_string(name));
	json_object_set_new(model, "filter", filter);
	if (!req->api) {
		/* the local authorities for the filter, marking the chosen one */
		if ((st = settings_list_areas(&areas)) != HAVEN_OK) {
			json_decref(model);
			return st;
		}
		json_array_foreach(areas, i, s) json_object_set_new(
		    s, "selected",
		    json_boolean(area && strcmp(area, json_string_value(json_object_get(s, "slug"))) == 0));
		json_object_set_new(model, "areas", areas);
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- one setting ---- */

static enum haven_status setting_model(struct request *req, json_t **out)
{
	long long id = setting_id(req);
	json_t *setting = NULL;
	enum haven_status st = settings_get(id, &setting);
	if (st != HAVEN_OK)
		return st;
	add_labels(setting);
	json_object_set_new(setting, "has_key_adults",
	                    json_boolean(json_array_size(json_object_get(setting, "key_adults"))));
	*out = json_pack("{s:O, s:o, s:b}", "title", json_object_get(setting, "name"), "setting", setting,
	                 "can_change", policy_allows(req->user, "setting.update", "setting", id));
	return HAVEN_OK;
}

static enum haven_status show_setting(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = setting_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* ---- the school-day start ---- */

/* The form, showing the time the setting has now (or what was typed, after an error). */
static enum haven_status start_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = setting_model(req, &model);
	if (st != HAVEN_OK)
		return st;
	const char *now =
	    json_string_value(json_object_get(json_object_get(model, "setting"), "school_day_start"));
	if (now && strlen(now) == 5) {
		json_object_set_new(model, "hour", json_stringn(now, 2));
		json_object_set_new(model, "minute", json_string(now + 3));
	}
	json_object_set_new(model, "title", json_string("When does the school day start?"));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* Reads 1 or 2 digits from 0 to max; -1 if `s` is anything else. */
static int two_digits(const char *s, int max)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 2)
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

/*
 * The time asked for, as "HH:MM" in `out`, or errors naming the field:
 * hour and minute from the page's form, school_day_start from the API.
 */
static void read_start(const struct request *req, char out[6], json_t *errors)
{
	int hour = -1, minute = -1;
	const char *field = "hour";
	if (req->api) {
		field = "school_day_start";
		const char *text = field_text(req->input, "school_day_start");
		const char *colon = text ? strchr(text, ':') : NULL;
		if (colon && colon - text <= 2) {
			char h[3] = {0};
			memcpy(h, text, (size_t)(colon - text));
			hour = two_digits(h, 23);
			minute = strlen(colon + 1) == 2 ? two_digits(colon + 1, 59) : -1;
		}
		if (hour < 0 || minute < 0) {
			errors_add(
			    errors, field,
			    "Enter when the school day starts as a time on the 24-hour clock, like 08:45");
			return;
		}
	} else {
		hour = two_digits(field_text(req->input, "hour"), 23);
		minute = two_digits(field_text(req->input, "minute"), 59);
		if (hour < 0)
			errors_add(errors, "hour",
			           "The hour the school day starts must be a number from 0 to 23");
		if (minute < 0)
			errors_add(errors, "minute",
			           "The minute the school day starts must be a number from 0 to 59");
		if (hour < 0 || minute < 0)
			return;
	}
	/* hour 0-23 and minute 0-59 by now: written digit by digit */
	out[0] = (char)('0' + hour / 10);
	out[1] = (char)('0' + hour % 10);
	out[2] = ':';
	out[3] = (char)('0' + minute / 10);
	out[4] = (char)('0' + minute % 10);
	out[5] = '\0';
	if (strcmp(out, EARLIEST_START) < 0 || strcmp(out, LATEST_START) > 0)
		errors_add(errors, field,
		           "The school day must start between " EARLIEST_START " and " LATEST_START
		           " (use the 24-hour clock)");
}

static enum haven_status change_start(struct request *req, struct response *res)
{
	long long id = setting_id(req);
	char hhmm[6] = "";
	json_t *errors = json_array();
	read_start(req, hhmm, errors);
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct actor actor = auth_actor(req);
	enum haven_status st = settings_set_school_day_start(id, hhmm, &actor);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The school day's start was changed");
	response_done(res, show_setting, "/settings/%lld", id);
	return HAVEN_OK;
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/settings",
     .action = ACTION_SIGNED_IN,
     .handler = list_settings,
     .page = "settings/list",
     .query = directory_filter,
     .redisplay = list_settings,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/settings/{id:int}",
     .action = ACTION_SIGNED_IN,
     .handler = show_setting,
     .page = "settings/setting",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/settings/{id:int}/school-day-start",
     .action = "setting.update",
     .handler = start_form,
     .page = "settings/school-day-start"},
    {.method = HTTP_POST,
     .pattern = "/settings/{id:int}/school-day-start",
     .action = "setting.update",
     .handler = change_start,
     .page = "settings/school-day-start",
     .body = start_form_fields,
     .redisplay = start_form},
    {.method = HTTP_PUT,
     .pattern = "/api/v1/settings/{id:int}/school-day-start",
     .action = "setting.update",
     .handler = change_start,
     .body = start_api_fields},
    {.method = HTTP_POST,
     .pattern = "/api/v1/settings/{id:int}/school-day-start",
     .action = "setting.update",
     .handler = change_start,
     .body = start_api_fields},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* schools, colleges and early years settings: the directory is public (as GIAS is); a setting's own
     * Key Adults and the partnership keep its details (the school-day start time) */
    {.action = "setting.update",
     .roles = ROLE_DSL | ROLE_PARTNERSHIP,
     .resource = "setting",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "The partnership",
     .action = ACTION_SIGNED_IN,
     .href = "/settings",
     .text = "Find a school, college or early years setting",
     .place = 260},
    {0},
};

const struct area area_settings = {
    .name = "settings",
    .links = links,
    .access = access,
    .records = settings_records,
    .routes = routes,
    .commands = settings_commands,
    .load_demo = settings_load_demo,
    /* after the partnership's agencies (10) and the accounts (20: the Key Adults) */
    .demo_order = 25,
};
