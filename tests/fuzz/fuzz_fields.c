/*
 * fuzz_fields.c — field validation (router/fields.h) against the field specs
 * of Haven's real routes, through the same steps the server takes
 * (http/server.c, validate_input): a query string or a urlencoded form body
 * decoded by form_parse, or a JSON body read by fields_read_json.
 *
 * Input: the first byte picks a route (among those that declare query or
 * body fields), the second how its input arrives (query, form or JSON), the
 * rest is the input. Beyond not crashing: an accepted input gives only
 * declared fields with values of their declared JSON types and no errors; a
 * refused one gives at least one error, each naming a field (or "") with a
 * message. Where a route's accepted input is a period (PERIOD_FIELDS), the
 * period read from it by each kind of rule runs forwards and is no longer
 * than the rule allows, or is refused with one error on "to". What was typed,
 * as kept to show again (fields_keep_typed), holds every value of a list
 * field in order, and no secret.
 */
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "fuzz.h"
#include "http/form.h"
#include "router/fields.h"

enum input_kind { INPUT_QUERY, INPUT_FORM, INPUT_JSON, INPUT_KINDS };

/* Every route with field specs, in area order: found once. */
static const struct route *routes[512];
static size_t route_count;

static void find_routes(void)
{
	for (size_t a = 0; haven_areas[a]; a++)
		for (const struct route *r = haven_areas[a]->routes; r && r->pattern; r++)
			if ((r->query || r->body) && route_count < sizeof routes / sizeof routes[0])
				routes[route_count++] = r;
	FUZZ_ASSERT(route_count > 0);
}

static void check_value(const struct field_spec *f, const json_t *v)
{
	switch (f->type) {
	case FIELD_INT: FUZZ_ASSERT(json_is_integer(v)); break;
	case FIELD_BOOL: FUZZ_ASSERT(json_is_boolean(v)); break;
	case FIELD_JSON: FUZZ_ASSERT(json_is_object(v) || json_is_array(v)); break;
	case FIELD_TEXT:
	case FIELD_SLUG:
	case FIELD_EMAIL: FUZZ_ASSERT(json_is_string(v) && json_string_length(v) > 0); break;
	case FIELD_DATE: FUZZ_ASSERT(json_is_string(v) && fields_is_date(json_string_value(v))); break;
	case FIELD_CURSOR: {
		/* "ID.POSITION", as router/page.h writes it: digits, one dot, digits */
		FUZZ_ASSERT(json_is_string(v));
		const char *s = json_string_value(v);
		size_t id = strspn(s, "0123456789");
		FUZZ_ASSERT(id > 0 && s[id] == '.' && strspn(s + id + 1, "0123456789") == strlen(s + id + 1));
		break;
	}
	case FIELD_CHOICE: {
		FUZZ_ASSERT(json_is_string(v));
		FUZZ_ASSERT(fields_is_choice(f, json_string_value(v)));
		break;
	}
	}
}

static void check_outcome(const struct field_spec *specs, enum haven_status st, const json_t *values,
                          const json_t *errors)
{
	FUZZ_ASSERT(json_is_object(values));
	FUZZ_ASSERT(st == HAVEN_OK ? json_array_size(errors) == 0 : json_array_size(errors) > 0);
	size_t i;
	const json_t *e;
	json_array_foreach(errors, i, e)
	{
		FUZZ_ASSERT(json_is_string(json_object_get(e, "field")));
		FUZZ_ASSERT(json_string_length(json_object_get(e, "message")) > 0);
	}
	const char *name;
	const json_t *v;
	json_object_foreach((json_t *)values, name, v)
	{
		const struct field_spec *f = specs;
		while (f && f->name && strcmp(f->name, name) != 0)
			f++;
		FUZZ_ASSERT(f && f->name);
		if (f->multiple && f->type != FIELD_JSON) {
			/* only a whole list is ever given as [] (fields.h) */
			FUZZ_ASSERT(json_is_array(v) && (json_array_size(v) > 0 || f->whole_list));
			size_t k;
			const json_t *item;
			json_array_foreach(v, k, item)
			{
				/* a form's list with an entry refused holds every entry as typed, for the
				 * page shown again (fields.h): text, not a typed value */
				if (st != HAVEN_OK && json_is_string(item))
					continue;
				check_value(f, item);
			}
		} else {
			check_value(f, v);
		}
	}
}

/* Whether `specs` declares the period fields "from" and "to" as dates. */
static bool has_period(const struct field_spec *specs)
{
	int dates = 0;
	for (const struct field_spec *f = specs; f && f->name; f++)
		dates +=
		    f->type == FIELD_DATE && (strcmp(f->name, "from") == 0 || strcmp(f->name, "to") == 0);
	return dates == 2;
}

static void check_period(const json_t *values)
{
	static const struct period_rule rules[] = {
	    {.by = PERIOD_REPORTING_YEAR},
	    {.by = PERIOD_LAST_MONTHS, .length = 12},
	    {.by = PERIOD_LAST_DAYS, .length = 90, .max_days = 1096, .max_words = "3 years"},
	};
	int32_t today = calendar_from_ymd(2026, 11, 26);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		json_t *errors = json_array();
		struct period p;
		bool ok = period_from_input(values, &rules[i], today, &p, errors);
		int32_t from = 0, to = 0;
		FUZZ_ASSERT(calendar_parse(p.from_text, &from) && from == p.from);
		FUZZ_ASSERT(calendar_parse(p.to_text, &to) && to == p.to);
		if (ok)
			FUZZ_ASSERT(p.from <= p.to &&
			            (!rules[i].max_days || p.to - p.from < rules[i].max_days) &&
			            json_array_size(errors) == 0);
		else
			FUZZ_ASSERT(
			    json_array_size(errors) == 1 &&
			    strcmp(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			           "to") == 0);
		json_decref(errors);
	}
}

/*
 * What was typed, as the server keeps it to show again and carry to a check page (fields_keep_typed):
 * every value of a list field, in the order sent, never a secret, and any other field its last value.
 */
static void check_kept_typed(const struct field_spec *specs, const struct field_pair *pairs, size_t count)
{
	json_t *typed = json_object();
	fields_keep_typed(typed, specs, pairs, count);
	json_t *seen = json_object(); /* per list field: how many of its values were checked */
	for (size_t i = 0; i < count; i++) {
		json_t *text = json_string(pairs[i].value);
		json_t *kept = json_object_get(typed, pairs[i].name);
		if (!text || fields_utf8_length(pairs[i].name, strlen(pairs[i].name)) < 0) {
			json_decref(text); /* not valid text: never kept */
			continue;
		}
		if (fields_secret(specs, pairs[i].name)) {
			FUZZ_ASSERT(!kept);
		} else if (json_is_array(kept)) {
			json_t *n = json_object_get(seen, pairs[i].name);
			size_t at = n ? (size_t)json_integer_value(n) : 0;
			FUZZ_ASSERT(json_equal(json_array_get(kept, at), text));
			json_object_set_new(seen, pairs[i].name, json_integer((json_int_t)(at + 1)));
		} else {
			FUZZ_ASSERT(json_is_string(kept));
		}
		json_decref(text);
	}
	const char *name;
	json_t *kept;
	json_object_foreach(typed, name, kept)
	{
		if (json_is_array(kept))
			FUZZ_ASSERT(json_array_size(kept) ==
			            (size_t)json_integer_value(json_object_get(seen, name)));
	}
	json_decref(seen);
	json_decref(typed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!route_count)
		find_routes();
	if (size < 2)
		return 0;
	const struct route *route = routes[data[0] % route_count];
	enum input_kind kind = data[1] % INPUT_KINDS;
	const char *input = (const char *)data + 2;
	size_t len = size - 2;
	json_t *errors = json_array(), *values = NULL;
	enum haven_status st;
	if (kind == INPUT_JSON) {
		json_t *doc = fields_read_json(route->body, input, len, errors);
		if (doc) {
			st = fields_validate_json(route->body, doc, &values, errors);
			check_outcome(route->body, st, values, errors);
			json_decref(doc);
		} else {
			/* what cannot be read is one error, naming a field of the route's or none */
			FUZZ_ASSERT(json_array_size(errors) == 1);
			const json_t *e = json_array_get(errors, 0);
			const char *field = json_string_value(json_object_get(e, "field"));
			FUZZ_ASSERT(field && json_string_length(json_object_get(e, "message")) > 0);
			const struct field_spec *f = route->body;
			while (*field && f && f->name && strcmp(f->name, field) != 0)
				f++;
			FUZZ_ASSERT(!*field || (f && f->name));
		}
	} else {
		struct field_pair *pairs = NULL;
		size_t count = 0;
		form_parse(input, len, &pairs, &count);
		static const char *const csrf_field[] = {"csrf_token", NULL};
		const struct field_spec *specs = kind == INPUT_QUERY ? route->query : route->body;
		st = fields_validate_pairs(specs, pairs, count, kind == INPUT_FORM ? csrf_field : NULL,
		                           &values, errors);
		check_outcome(specs, st, values, errors);
		if (st == HAVEN_OK && has_period(specs))
			check_period(values);
		check_kept_typed(specs, pairs, count);
		form_pairs_free(pairs, count);
	}
	json_decref(values);
	json_decref(errors);
	return 0;
}
