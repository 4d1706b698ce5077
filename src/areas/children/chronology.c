/*
 * chronology.c (children) — one view of a child: every event any area holds
 * about the child (each area's `.chronology`, app/area.h), oldest first,
 * filtered by kind and period, for the page, the printout for a strategy
 * meeting and the API.
 *
 * Need to know: an event is shown only if the policy lets the viewer take its
 * `action` on the record it comes from, as opening that record would. The
 * others are counted, never described; the count is of the whole chronology,
 * whatever the filters, and the kinds offered are those of the events shown,
 * so filtering cannot be used to learn what a hidden event is or when it
 * happened. The route's action ("child.chronology") needs a relationship to
 * the child and is audited as a read of the child.
 */
#include "areas/children/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "areas/calendar/london.h"
#include "areas/children/store.h"
#include "areas/partnership/store.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "router/errors.h"

/* A kind is text, not a slug: some areas' kinds have underscores ("mace_meeting"); only a kind shown is
 * taken. */
const struct field_spec children_chronology_query[] = {
    {.name = "kind", .label = "the kind of event", .type = FIELD_TEXT, .max = 60},
    PERIOD_FIELDS,
    {0},
};

/* A period given by only one of its dates: the other is today, or twenty years before the end. */
static const struct period_rule chronology_period = {.by = PERIOD_LAST_MONTHS, .length = 240};

/* An event with what it is ordered by: when it happened (UTC seconds) and England's day then. */
struct dated_event {
	json_t *event;
	int64_t utc; /* for an event known by its day, the end of that day (read_at) */
	int32_t day;
	size_t arrival; /* the order the areas gave it, so equal times keep a stable order */
};

/*
 * Reads an event's "at" (an instant or a day); false if it is neither. An
 * event known only by its day (a discussion held, a placing authority told)
 * is ordered after that day's timed events, which it mostly answers: a
 * telling recorded for the evening a child was reported missing follows the
 * report, not precedes it.
 */
static bool read_at(const char *at, int64_t *utc, int32_t *day)
{
	if (at && calendar_parse(at, day)) {
		*utc = calendar_utc_from_london(*day, 86400) - 1;
		return true;
	}
	if (at && calendar_parse_instant(at, utc)) {
		*day = calendar_london_day(*utc);
		return true;
	}
	return false;
}

static int by_time(const void *a, const void *b)
{
	const struct dated_event *x = a, *y = b;
	if (x->utc != y->utc)
		return x->utc < y->utc ? -1 : 1;
	return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

/* "30 November 2026, 22:10" in England's time for an instant; "30 November 2026" for a day. */
static void set_when(json_t *event, const struct dated_event *d)
{
	char day[CALENDAR_LONG_DATE_SIZE], when[CALENDAR_LONG_DATE_SIZE + 16];
	calendar_format_long(d->day, day);
	const char *at = json_string_value(json_object_get(event, "at"));
	if (strlen(at) > CALENDAR_DATE_SIZE - 1) {
		int32_t local_day, seconds;
		calendar_london_from_utc(d->utc, &local_day, &seconds);
		snprintf(when, sizeof when, "%s, %02d:%02d", day, seconds / 3600, seconds / 60 % 60);
	} else {
		snprintf(when, sizeof when, "%s", day);
	}
	json_object_set_new(event, "when", json_string(when));
	char date[CALENDAR_DATE_SIZE];
	calendar_format(d->day, date);
	json_object_set_new(event, "date", json_string(date));
}

/* Whether `user` may see event `e`: the policy allows the event's action on its record. */
static bool event_shown(const struct user *user, const json_t *e)
{
	const char *action = json_string_value(json_object_get(e, "action"));
	return action && policy_allows(user, action, json_string_value(json_object_get(e, "record_type")),
	                               json_integer_value(json_object_get(e, "record_id")));
}

/*
 * Every area's events about child `id`, in *events (oldest first), split by
 * whether `user` may open the record each comes from: *hidden counts the others.
 */
static enum haven_status gather(const struct user *user, long long id, struct dated_event **events,
                                size_t *count, long long *hidden)
{
	/* the child's own events, and those of every record merged into theirs (each member but the child is
	 * read as merged in: the record it is merged into is read too) */
	json_t *family = NULL, *all = json_array();
	enum haven_status st = children_family(id, &family);
	size_t f;
	json_t *member;
	json_array_foreach(st == HAVEN_OK ? family : NULL, f, member)
	{
		for (const struct area *const *a = haven_areas; *a && st == HAVEN_OK; a++)
			st = chronology_read_kinds(all, (*a)->chronology, field_int(member, "id"),
			                           field_int(member, "id") != id, user->agency_id);
	}
	json_decref(family);
	if (st != HAVEN_OK) {
		json_decref(all);
		return st;
	}
	*events = xcalloc(json_array_size(all) + 1, sizeof **events);
	*count = 0;
	*hidden = 0;
	size_t i;
	json_t *e;
	json_array_foreach(all, i, e)
	{
		if (!event_shown(user, e)) {
			(*hidden)++;
			continue;
		}
		struct dated_event d = {.event = json_incref(e), .arrival = i};
		if (!read_at(json_string_value(json_object_get(e, "at")), &d.utc, &d.day)) {
			json_decref(
			    e); /* an area's mistake: logged nowhere useful to the viewer, so left out */
			continue;
		}
		(*events)[(*count)++] = d;
	}
	json_decref(all);
	qsort(*events, *count, sizeof **events, by_time);
	return HAVEN_OK;
}

/* The kinds of the events shown, in the order first seen, for the filter (the chosen one selected). */
static json_t *kinds_of(const struct dated_event *events, size_t count, const char *chosen, bool *known)
{
	json_t *kinds = json_array();
	*known = chosen == NULL;
	for (size_t i = 0; i < count; i++) {
		const char *kind = json_string_value(json_object_get(events[i].event, "kind"));
		bool seen = false;
		size_t j;
		json_t *k;
		json_array_foreach(kinds, j, k) seen =
		    seen || strcmp(json_string_value(json_object_get(k, "kind")), kind) == 0;
		if (seen)
			continue;
		bool selected = chosen && strcmp(chosen, kind) == 0;
		*known = *known || selected;
		json_array_append_new(kinds, json_pack("{s:s, s:O, s:b}", "kind", kind, "label",
		                                       json_object_get(events[i].event, "kind_label"),
		                                       "selected", selected));
	}
	return kinds;
}

/* What to say about the events the viewer cannot see, and whom to ask, never what they are. */
static enum haven_status hidden_line(const struct user *user, const json_t *child, long long hidden,
                                     json_t *model)
{
	json_object_set_new(model, "hidden_count", json_integer(hidden));
	if (hidden == 0)
		return HAVEN_OK;
	/* whom to ask: the front door of the child's area, if the child has one and it has a front door */
	json_t *front_door = NULL;
	const json_t *la_code = json_object_get(child, "la_code");
	enum haven_status st = json_is_integer(la_code)
	                           ? partnership_front_door(NULL, json_integer_value(la_code), &front_door)
	                           : HAVEN_ERR_NOT_FOUND;
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return st;
	const char *ask = "the safeguarding partnership team";
	if (front_door && json_integer_value(json_object_get(front_door, "id")) != user->agency_id)
		ask = json_string_value(json_object_get(front_door, "name"));
	char text[1200];
	snprintf(text, sizeof text,
	         "%lld %s in this child's chronology %s held by records you cannot open. If you need to know "
	         "more, ask %s.",
	         hidden, hidden == 1 ? "event" : "events", hidden == 1 ? "is" : "are", ask);
	json_object_set_new(model, "hidden_text", json_string(text));
	json_object_set_new(model, "ask", json_string(ask));
	json_decref(front_door);
	return HAVEN_OK;
}

enum haven_status children_show_chronology(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *child = NULL;
	enum haven_status st = children_get(id, &child);
	if (st != HAVEN_OK)
		return st;
	struct dated_event *events = NULL;
	size_t count = 0;
	long long hidden = 0;
	if ((st = gather(req->user, id, &events, &count, &hidden)) != HAVEN_OK) {
		json_decref(child);
		return st;
	}

	/* the filters: a kind among those shown, and a period (only when a date is given) */
	const char *kind = field_text(req->input, "kind");
	bool kind_known;
	json_t *kinds = kinds_of(events, count, kind, &kind_known), *errors = json_array();
	if (!kind_known)
		errors_add(errors, "kind", "Choose a kind of event from the list");
	bool dated = field_text(req->input, "from") || field_text(req->input, "to");
	struct period period;
	period_from_input(req->input, &chronology_period, calendar_london_today(), &period, errors);
	bool refused = json_array_size(errors) > 0;

	json_t *shown = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *e = events[i].event;
		bool wanted =
		    refused || ((!kind || strcmp(kind, json_string_value(json_object_get(e, "kind"))) == 0) &&
		                (!dated || (events[i].day >= period.from && events[i].day <= period.to)));
		if (wanted) {
			set_when(e, &events[i]);
			json_array_append(shown, e);
		}
		json_decref(e);
	}
	free(events);

	json_t *model =
	    json_pack("{s:s, s:{s:I, s:O, s:O}, s:o, s:o, s:b, s:b, s:{s:s, s:s}}", "title", "Chronology",
	              "child", "id", (json_int_t)id, "given_name", json_object_get(child, "given_name"),
	              "family_name", json_object_get(child, "family_name"), "events", shown, "kinds", kinds,
	              "any", json_array_size(shown) > 0, "filtered", (kind || dated) && !refused, "period",
	              "from", dated ? period.from_text : "", "to", dated ? period.to_text : "");
	st = hidden_line(req->user, child, hidden, model);
	json_decref(child);
	if (st != HAVEN_OK) {
		json_decref(model);
		json_decref(errors);
		return st;
	}
	response_set_model(res, model);
	if (refused)
		response_errors(res, errors); /* the page again, unfiltered, with the filters' errors */
	else
		json_decref(errors);
	return HAVEN_OK;
}
