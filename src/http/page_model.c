/*
 * page_model.c — what the server adds to every page's model before it is
 * drawn (page_model.h): the session's end, the current section of the
 * header navigation, a kept form's fields, the boxes of each date input, and
 * stored instants and dates said the one way people read them. Pure: no connection,
 * no database, so what a page shows is decided in one place.
 */
#include "http/page_model.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "router/fields.h"

/*
 * What a signed-in page says of the session's end: when it ends if unused,
 * in England's time ("4:15pm", shown on every page for people without
 * JavaScript), and the seconds left and the idle timeout for haven.js's
 * warning before it ends (the GOV.UK timeout warning).
 */
void page_model_session_end(json_t *current_user, const struct user *user)
{
	int64_t now = auth_now();
	int32_t day, seconds;
	calendar_london_from_utc(user->session_ends_at, &day, &seconds);
	char clock[CALENDAR_CLOCK_SIZE];
	calendar_format_clock(seconds, clock);
	int64_t left = user->session_ends_at > now ? user->session_ends_at - now : 0;
	json_object_set_new(current_user, "session_ends", json_string(clock));
	json_object_set_new(current_user, "session_seconds_left", json_integer((json_int_t)left));
	json_object_set_new(current_user, "session_idle_seconds",
	                    json_integer((json_int_t)auth_get_settings()->idle_timeout));
}

void page_model_kept_fields(json_t *model, const json_t *typed)
{
	/* forms show what was typed where they show it after an error, but there is no error to summarise */
	json_t *none = json_array();
	errors_on_page(model, none, typed);
	json_decref(none);
	json_object_set_new(model, "kept_form", json_true());
}

/*
 * The header navigation's sections, by the route patterns under them: a
 * page in one is marked as the current section (GOV.UK service navigation:
 * aria-current "page" on the section's own page, "true" on a page below it).
 */
static const struct {
	const char *path, *name;
} nav_sections[] = {
    {"/agencies", "agencies"}, {"/dashboard", "dashboard"}, {"/work", "work"}, {"/sign-in", "sign_in"}};

void page_model_nav(json_t *page, const char *pattern)
{
	for (size_t i = 0; i < sizeof nav_sections / sizeof nav_sections[0]; i++) {
		size_t len = strlen(nav_sections[i].path);
		if (strncmp(pattern, nav_sections[i].path, len) != 0 || (pattern[len] && pattern[len] != '/'))
			continue;
		json_object_set_new(page, "nav",
		                    json_pack("{s:s}", nav_sections[i].name, pattern[len] ? "true" : "page"));
		return;
	}
}

/* Puts a date's YYYY-MM-DD into the boxes of `input` (day and month without a leading zero). */
static void date_boxes_from_text(json_t *input, const char *text)
{
	int32_t day;
	if (!text || !calendar_parse(text, &day))
		return;
	int year, month, mday;
	calendar_to_ymd(day, &year, &month, &mday);
	json_object_set_new(input, "day", json_sprintf("%d", mday));
	json_object_set_new(input, "month", json_sprintf("%d", month));
	json_object_set_new(input, "year", json_sprintf("%d", year));
}

/*
 * A record's own date NAME on a form that changes it: the model's NAME, else
 * that of an object directly under the model (a case's dates are under
 * "case"), the first found.
 */
static const char *record_date(const json_t *model, const char *name)
{
	const char *date = field_text(model, name);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)model, key, v)
	{
		if (date)
			break;
		if (json_is_object(v) && strcmp(key, "submitted") != 0)
			date = field_text(v, name);
	}
	return date;
}

/*
 * The boxes of every date input a page may draw (templates/date-input,
 * "date_input.NAME"): what was typed in them (in this request, or in a
 * kept form's fields, which the model holds as "submitted"), or the date
 * sent whole, or the record's own NAME (record_date, on a form that
 * changes it); and the error on the field, marking the boxes at fault (all
 * three for an error about the whole date, such as one a handler found).
 */
void page_model_date_inputs(json_t *model, const json_t *submitted, const json_t *date_fields)
{
	const json_t *typed_in[] = {submitted, json_object_get(model, "submitted")};
	json_t *inputs = json_object();
	const char *name;
	json_t *unused;
	json_object_foreach((json_t *)date_fields, name, unused)
	{
		json_t *input = json_pack("{s:s}", "name", name);
		bool typed = false;
		for (size_t t = 0; t < 2 && !typed; t++) {
			for (int p = 0; p < DATE_PARTS; p++) {
				char box[128];
				snprintf(box, sizeof box, "%s-%s", name, fields_date_part_names[p]);
				json_t *text = json_object_get(typed_in[t], box);
				if (json_is_string(text)) {
					json_object_set(input, fields_date_part_names[p], text);
					typed = true;
				}
			}
		}
		const char *whole = NULL;
		for (size_t t = 0; t < 2 && !whole; t++)
			whole = field_text(typed_in[t], name);
		if (!typed)
			date_boxes_from_text(input, whole ? whole : record_date(model, name));
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(model, "errors"), i, e)
		{
			if (!json_equal(json_object_get(e, "field"), json_object_get(input, "name")))
				continue;
			json_object_set(input, "error", json_object_get(e, "message"));
			json_t *parts = json_object_get(e, "parts");
			for (int p = 0; p < DATE_PARTS; p++) {
				bool wrong = !parts;
				size_t k;
				json_t *part;
				json_array_foreach(parts, k, part) wrong =
				    wrong || strcmp(json_string_value(part), fields_date_part_names[p]) == 0;
				char key[16];
				snprintf(key, sizeof key, "error_%s", fields_date_part_names[p]);
				json_object_set_new(input, key, json_boolean(wrong));
			}
			break;
		}
		json_object_set_new(inputs, name, input);
	}
	json_object_set_new(model, "date_input", inputs);
}
