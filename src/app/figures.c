/*
 * figures.c — the sections of figures areas publish (see figures.h), and
 * gathering them from every area with small numbers of people suppressed.
 */
#include "app/figures.h"

#include <string.h>

#include "app/area.h"
#include "auth/policy.h"

json_t *figures_section(json_t *sections, const char *title, const char *href, const char *action)
{
	json_t *section =
	    json_pack("{s:s, s:s?, s:s, s:[]}", "title", title, "href", href, "action", action, "figures");
	json_array_append_new(sections, section);
	return section;
}

void figures_add(json_t *section, const char *label, long long count, enum suppress_kind kind)
{
	json_array_append_new(json_object_get(section, "figures"),
	                      json_pack("{s:s, s:I, s:s}", "label", label, "count", (json_int_t)count,
	                                "counts", kind == SUPPRESS_PEOPLE ? "people" : "activities"));
}

/* Sets each figure's published words; a suppressed figure's count is taken out, so no client shows it. */
static void publish(json_t *section)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(section, "figures"), i, f)
	{
		const char *counts = json_string_value(json_object_get(f, "counts"));
		enum suppress_kind kind =
		    counts && strcmp(counts, "people") == 0 ? SUPPRESS_PEOPLE : SUPPRESS_ACTIVITIES;
		long long count = json_integer_value(json_object_get(f, "count"));
		bool hidden = suppress_hides(kind, count);
		char shown[32];
		json_object_set_new(f, "shown",
		                    json_string(suppress_format(count, hidden, shown, sizeof shown)));
		json_object_set_new(f, "suppressed", json_boolean(hidden));
		if (hidden)
			json_object_set_new(f, "count", json_null());
	}
}

void figures_as_of(const char *to, int32_t today, char out[static CALENDAR_DATE_SIZE])
{
	int32_t last;
	calendar_format(calendar_parse(to, &last) && last < today ? last : today, out);
}

enum haven_status figures_gather(const struct user *user, const char *from, const char *to, json_t **out)
{
	*out = NULL;
	json_t *all = json_array();
	for (const struct area *const *a = haven_areas; *a; a++) {
		if (!(*a)->figures)
			continue;
		json_t *sections = json_array();
		enum haven_status st = (*a)->figures(from, to, sections);
		if (st != HAVEN_OK) {
			json_decref(sections);
			json_decref(all);
			return st;
		}
		size_t i;
		json_t *s;
		json_array_foreach(sections, i, s)
		{
			const char *action = json_string_value(json_object_get(s, "action"));
			if (!action || (user && policy_decide(user, action, NULL) != DECISION_ALLOW))
				continue;
			publish(s);
			json_array_append(all, s);
		}
		json_decref(sections);
	}
	*out = all;
	return HAVEN_OK;
}
