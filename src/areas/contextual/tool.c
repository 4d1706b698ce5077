/*
 * tool.c (contextual) — checking an exploitation screening tool document
 * and applying its rule (contract in tool.h).
 */
#include "areas/contextual/tool.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/json_format.h"
#include "core/json_problems.h"

/* Where a problem is: "$", "$.FIELD", "$.LIST[I]" or "$.LIST[I].FIELD" (list and field may be NULL). */
struct at {
	const char *list;
	size_t index;
	const char *field;
};

static void problem(struct json_problems *p, struct at at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct json_problems *p, struct at at, const char *fmt, ...)
{
	char path[96], item[64] = "";
	if (at.list)
		snprintf(item, sizeof item, ".%s[%zu]", at.list, at.index);
	snprintf(path, sizeof path, "$%s%s%s", item, at.field ? "." : "", at.field ? at.field : "");
	va_list ap;
	va_start(ap, fmt);
	json_vproblem(p, path, fmt, ap);
	va_end(ap);
}

/* A required string of 1 to `max` bytes at `key` of `obj`. */
static const char *text_at(struct json_problems *p, const json_t *obj, const char *key, struct at at,
                           size_t max)
{
	const json_t *v = json_object_get(obj, key);
	const char *s = json_string_value(v);
	if (!s || !*s || strlen(s) > max) {
		problem(p, at, "%s must be text of 1 to %zu characters", key, max);
		return NULL;
	}
	return s;
}

/* The tool's words for a key it does not have, said where the key is: "unknown field \"colour\"". */
static const struct json_format format = {.unknown_key_words = "unknown field"};

/* What the entries of one of the tool's lists (its domains, its indicators) are checked for alike. */
struct entries {
	const char *list;         /* the list's key: "domains" */
	const char *noun;         /* an entry, in the words: "domain" */
	const char *not_object;   /* the words when an entry is not an object */
	const char *const *known; /* an entry's keys */
	const char *text;         /* the text it needs besides its id ("name"), of 1 to text_max characters */
	size_t text_max;
};

/* The list `e` of `doc`, which must hold at least one entry. */
static const json_t *list_at(struct json_problems *p, const json_t *doc, const struct entries *e)
{
	const json_t *list = json_object_get(doc, e->list);
	if (!json_is_array(list) || json_array_size(list) == 0)
		problem(p, (struct at){NULL, 0, e->list}, "%s must be a list of at least one %s", e->list,
		        e->noun);
	return list;
}

/*
 * Entry `i` of `list` checked as each of its entries is: an object of known keys, with an id (a slug, used
 * once in the list) and its text. False when it is not an object, so nothing more of it can be checked.
 */
static bool entry_checked(struct json_problems *p, const json_t *list, size_t i, const struct entries *e)
{
	const json_t *entry = json_array_get(list, i);
	char list_path[64], path[96];
	json_path_key(list_path, sizeof list_path, "$", e->list);
	if (!json_format_item(&format, p, entry, list_path, i, e->known, e->not_object, path, sizeof path))
		return false;
	const char *id = text_at(p, entry, "id", (struct at){e->list, i, "id"}, 60);
	text_at(p, entry, e->text, (struct at){e->list, i, e->text}, e->text_max);
	if (id && !json_is_slug(id, 60))
		problem(p, (struct at){e->list, i, "id"}, "an id is lower-case letters, digits and hyphens");
	for (size_t j = 0; id && j < i; j++)
		if (json_equal(json_object_get(json_array_get(list, j), "id"), json_object_get(entry, "id")))
			problem(p, (struct at){e->list, i, "id"}, "the %s id \"%s\" is used twice", e->noun,
			        id);
	return true;
}

static const struct entries domain_entries = {
    .list = "domains",
    .noun = "domain",
    .not_object = "a domain must be an object with an id and a name",
    .known = (const char *const[]){"id", "name", NULL},
    .text = "name",
    .text_max = 200,
};
static const struct entries indicator_entries = {
    .list = "indicators",
    .noun = "indicator",
    .not_object = "an indicator must be an object",
    .known = (const char *const[]){"id", "domain", "text", "weight", "decisive", NULL},
    .text = "text",
    .text_max = 300,
};

bool tool_check(const json_t *doc, json_t *list)
{
	struct json_problems p = {.list = list, .most = TOOL_MAX_PROBLEMS};
	if (!json_is_object(doc)) {
		problem(&p, (struct at){NULL, 0, NULL}, "the tool must be a JSON object");
		return false;
	}
	static const char *const top[] = {"version", "title", "domains", "indicators", "rule", NULL};
	json_format_keys(&format, &p, doc, "$", top);
	text_at(&p, doc, "version", (struct at){NULL, 0, "version"}, 20);
	text_at(&p, doc, "title", (struct at){NULL, 0, "title"}, 200);

	const json_t *domains = list_at(&p, doc, &domain_entries);
	size_t i, j;
	const json_t *d;
	for (i = 0; i < json_array_size(domains); i++)
		entry_checked(&p, domains, i, &domain_entries);

	const json_t *indicators = list_at(&p, doc, &indicator_entries);
	const json_t *ind;
	json_array_foreach(indicators, i, ind)
	{
		if (!entry_checked(&p, indicators, i, &indicator_entries))
			continue;
		const json_t *domain = json_object_get(ind, "domain");
		bool found = false;
		json_array_foreach(domains, j, d) found =
		    found || json_equal(json_object_get(d, "id"), domain);
		if (!found)
			problem(&p, (struct at){"indicators", i, "domain"},
			        "the domain must be the id of one of the domains");
		const json_t *w = json_object_get(ind, "weight");
		if (!json_is_integer(w) || json_integer_value(w) < 1 || json_integer_value(w) > 10)
			problem(&p, (struct at){"indicators", i, "weight"},
			        "the weight must be a whole number from 1 to 10");
		const json_t *decisive = json_object_get(ind, "decisive");
		if (decisive && !json_is_boolean(decisive))
			problem(&p, (struct at){"indicators", i, "decisive"},
			        "decisive must be true or false");
	}
	json_array_foreach(domains, i, d)
	{
		bool used = false;
		json_array_foreach(indicators, j, ind) used =
		    used || json_equal(json_object_get(ind, "domain"), json_object_get(d, "id"));
		if (json_is_object(d) && !used)
			problem(&p, (struct at){"domains", i, NULL}, "the domain has no indicators");
	}

	const json_t *rule = json_object_get(doc, "rule");
	if (!json_is_object(rule)) {
		problem(&p, (struct at){NULL, 0, "rule"},
		        "the rule must be an object with medium_at and high_at");
	} else {
		static const char *const known[] = {"medium_at", "high_at", NULL};
		json_format_keys(&format, &p, rule, "$.rule", known);
		const json_t *m = json_object_get(rule, "medium_at"), *h = json_object_get(rule, "high_at");
		if (!json_is_integer(m) || json_integer_value(m) < 1)
			problem(&p, (struct at){NULL, 0, "rule.medium_at"},
			        "medium_at must be a whole number of at least 1");
		if (!json_is_integer(h) ||
		    (json_is_integer(m) && json_integer_value(h) <= json_integer_value(m)))
			problem(&p, (struct at){NULL, 0, "rule.high_at"},
			        "high_at must be a whole number above medium_at");
	}
	return p.count == 0;
}

bool tool_apply(const json_t *doc, const json_t *ticked, struct tool_outcome *out, const char **unknown)
{
	*out = (struct tool_outcome){.level = "low"};
	*unknown = NULL;
	const json_t *indicators = json_object_get(doc, "indicators");
	size_t i, j;
	const json_t *t, *ind;
	json_array_foreach(ticked, i, t)
	{
		bool repeated = false;
		for (j = 0; j < i && !repeated; j++)
			repeated = json_equal(json_array_get(ticked, j), t);
		if (repeated)
			continue;
		const json_t *found = NULL;
		json_array_foreach(indicators, j, ind) if (json_equal(json_object_get(ind, "id"), t)) found =
		    ind;
		if (!found) {
			*unknown = json_is_string(t) ? json_string_value(t) : "(not text)";
			return false;
		}
		out->score += (int)json_integer_value(json_object_get(found, "weight"));
		out->decisive = out->decisive || json_is_true(json_object_get(found, "decisive"));
	}
	const json_t *rule = json_object_get(doc, "rule");
	if (out->decisive || out->score >= json_integer_value(json_object_get(rule, "high_at")))
		out->level = "high";
	else if (out->score >= json_integer_value(json_object_get(rule, "medium_at")))
		out->level = "medium";
	return true;
}
