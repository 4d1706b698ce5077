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

/* Whether `key` names an instant: Haven's stored times are "…_at" ("created_at", "acknowledged_at") or "at".
 */
static bool names_instant(const char *key)
{
	size_t len = strlen(key);
	return strcmp(key, "at") == 0 || (len > 3 && strcmp(key + len - 3, "_at") == 0);
}

/*
 * The instant a "…_at" value holds: ISO 8601 as Haven stores it
 * ("2026-12-03T09:15:00Z", with or without a fraction of a second),
 * SQLite's datetime() ("2026-12-03 09:15:00", UTC), or Unix seconds.
 */
static bool instant_of(const json_t *value, int64_t *utc)
{
	if (json_is_integer(value) && json_integer_value(value) >= 946684800) { /* 2000 on: not a count */
		*utc = json_integer_value(value);
		return true;
	}
	const char *text = json_string_value(value);
	if (!text)
		return false;
	char iso[CALENDAR_INSTANT_SIZE];
	if (strlen(text) == 19 && text[10] == ' ') {
		snprintf(iso, sizeof iso, "%.10sT%.8sZ", text, text + 11);
		text = iso;
	}
	return calendar_parse_instant(text, utc);
}

/*
 * Calls `visit` on every object in `value`, however deep (under objects' keys
 * and in arrays), each before the objects it holds: what `visit` adds or
 * changes in its object is text, never another object to walk.
 */
static void each_object(json_t *value, void (*visit)(json_t *object))
{
	const char *key;
	json_t *v;
	size_t i;
	if (json_is_array(value)) {
		json_array_foreach(value, i, v) each_object(v, visit);
		return;
	}
	if (!json_is_object(value))
		return;
	visit(value);
	json_object_foreach(value, key, v)
	{
		if (json_is_object(v) || json_is_array(v))
			each_object(v, visit);
	}
}

/* An object's stored instants, in words (page_model_instants). */
static void instants_in_words(json_t *object)
{
	const char *key;
	json_t *v;
	json_object_foreach(object, key, v)
	{
		int64_t utc;
		if (names_instant(key) && instant_of(v, &utc)) {
			char words[CALENDAR_WHEN_SIZE];
			calendar_format_when(utc, words);
			json_object_set_new(object, key, json_string(words));
		}
	}
}

/*
 * Pages show people the time the one way ("Thursday 3 December 2026 at
 * 9:15am", England's time: calendar_format_when) wherever a model holds a
 * stored instant under an "at" or "…_at" key, however deep; the API keeps the
 * instant as stored. Other values, and "…_at" values that are no instant,
 * are left alone.
 */
void page_model_instants(json_t *value)
{
	each_object(value, instants_in_words);
}

/*
 * A date "YYYY-MM-DD" as people read it: "3 December 2026", or with its
 * weekday, "Thursday 3 December 2026". False (and `out` empty) for text that
 * is no real date.
 */
bool page_model_date_words(const char *text, bool weekday, char out[static PAGE_MODEL_DATE_WORDS_SIZE])
{
	int32_t day;
	out[0] = '\0';
	if (!text || !calendar_parse(text, &day))
		return false;
	char date[CALENDAR_LONG_DATE_SIZE];
	calendar_format_long(day, date);
	if (weekday)
		snprintf(out, PAGE_MODEL_DATE_WORDS_SIZE, "%s %s", calendar_weekday_name(day), date);
	else
		snprintf(out, PAGE_MODEL_DATE_WORDS_SIZE, "%s", date);
	return true;
}

/* An object's dates gain their words (page_model_dates). */
static void dates_in_words(json_t *object)
{
	const char *key;
	json_t *v;
	json_t *words = json_object(); /* added after the walk: an object is not changed while walked */
	json_object_foreach(object, key, v)
	{
		char plain[PAGE_MODEL_DATE_WORDS_SIZE], with_weekday[PAGE_MODEL_DATE_WORDS_SIZE];
		if (json_is_string(v) && json_string_length(v) == 10 &&
		    page_model_date_words(json_string_value(v), false, plain)) {
			page_model_date_words(json_string_value(v), true, with_weekday);
			json_object_set_new(words, key, json_pack("[s,s]", plain, with_weekday));
		}
	}
	json_object_foreach(words, key, v)
	{
		/* a key a handler set itself (a task's "due_words": "due in 3 days") is its own */
		static const char *const suffixes[] = {"_words", "_words_weekday"};
		for (size_t s = 0; s < 2; s++) {
			char name[256];
			snprintf(name, sizeof name, "%s%s", key, suffixes[s]);
			if (!json_object_get(object, name))
				json_object_set(object, name, json_array_get(v, s));
		}
	}
	json_decref(words);
}

/*
 * Pages show a date the one way: wherever a model holds a date "YYYY-MM-DD"
 * under a key K, however deep, it gains K_words ("3 December 2026") and
 * K_words_weekday ("Thursday 3 December 2026", for dates people plan by:
 * due dates, deadlines, sessions), unless the model has them already, and
 * templates show those. K itself stays ISO, for the values of inputs and the
 * addresses of links; the API gets none of it.
 */
void page_model_dates(json_t *value)
{
	each_object(value, dates_in_words);
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
