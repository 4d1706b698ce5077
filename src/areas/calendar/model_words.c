/*
 * model_words.c — a model's stored instants and dates in the words people read
 * (model_words.h), the one way for pages (http/page_model.c) and emails
 * (areas/mail/compose.c) alike.
 */
#include "areas/calendar/model_words.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "core/calendar.h"

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

/* An object's stored instants, in words (model_words_instants). */
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
void model_words_instants(json_t *value)
{
	each_object(value, instants_in_words);
}

void model_words_local_time(json_t *object, const char *key)
{
	int64_t utc;
	if (!calendar_parse_instant(json_string_value(json_object_get(object, key)), &utc))
		return;
	int32_t day, seconds;
	calendar_london_from_utc(utc, &day, &seconds);
	char date[CALENDAR_LONG_DATE_SIZE], text[80], local_key[64];
	calendar_format_long(day, date);
	snprintf(text, sizeof text, "%s at %02d:%02d", date, (int)(seconds / 3600), (int)(seconds / 60 % 60));
	snprintf(local_key, sizeof local_key, "%s_local", key);
	json_object_set_new(object, local_key, json_string(text));
}

/*
 * A date "YYYY-MM-DD" as people read it: "3 December 2026", or with its
 * weekday, "Thursday 3 December 2026". False (and `out` empty) for text that
 * is no real date.
 */
bool model_date_words(const char *text, bool weekday, char out[static MODEL_DATE_WORDS_SIZE])
{
	int32_t day;
	out[0] = '\0';
	if (!text || !calendar_parse(text, &day))
		return false;
	char date[CALENDAR_LONG_DATE_SIZE];
	calendar_format_long(day, date);
	if (weekday)
		snprintf(out, MODEL_DATE_WORDS_SIZE, "%s %s", calendar_weekday_name(day), date);
	else
		snprintf(out, MODEL_DATE_WORDS_SIZE, "%s", date);
	return true;
}

/* An object's dates gain their words (model_words_dates). */
static void dates_in_words(json_t *object)
{
	const char *key;
	json_t *v;
	json_t *words = json_object(); /* added after the walk: an object is not changed while walked */
	json_object_foreach(object, key, v)
	{
		char plain[MODEL_DATE_WORDS_SIZE], with_weekday[MODEL_DATE_WORDS_SIZE];
		if (json_is_string(v) && json_string_length(v) == 10 &&
		    model_date_words(json_string_value(v), false, plain)) {
			model_date_words(json_string_value(v), true, with_weekday);
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
void model_words_dates(json_t *value)
{
	each_object(value, dates_in_words);
}
