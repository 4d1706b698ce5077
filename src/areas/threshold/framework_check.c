/*
 * framework_check.c (threshold) — checking a levels-of-need framework
 * document before it is used: threshold_framework_check, the one validator
 * of the document itself (see framework.h and docs/levels-of-need.md).
 *
 * The checker walks the document once, section by section, and names every
 * problem by its JSON path, so the person publishing a version can fix all of
 * them in one go. Later sections are checked against earlier ones (an
 * indicator's domain must be one of "domains"), so a problem early on may
 * also be reported where it is used; that is the honest answer.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/json_format.h"
#include "areas/threshold/framework.h"
#include "core/json_problems.h"
#include "core/utf8.h"

#define MAX_TEXT 2000
#define MAX_NAME 300
#define MAX_ID 100

/* ---- checking fields (problems are reported as core/json_problems.h says) ---- */

static const struct json_format format = {.unknown_key =
                                              "is not a field of the framework format (check its spelling)"};

/* An identifier: lower-case letters, digits and hyphens. */
static const char *ident(struct json_problems *c, const json_t *obj, const char *path, const char *key)
{
	const char *s = json_problems_text(c, obj, path, key, MAX_ID, true);
	if (s && !json_is_slug(s, MAX_ID)) {
		char p[512];
		json_path_key(p, sizeof p, path, key);
		json_problem(c, p, "must use only lower-case letters, digits and hyphens");
		return NULL;
	}
	return s;
}

/* A whole number in [min, max]; returns false (having reported it) if not. */
static bool integer(struct json_problems *c, const json_t *obj, const char *path, const char *key,
                    long long min, long long max, long long *out)
{
	char p[512];
	json_path_key(p, sizeof p, path, key);
	const json_t *v = json_object_get(obj, key);
	if (!v) {
		json_problem(c, p, "is missing");
		return false;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		if (max - min < 1000)
			json_problem(c, p, "must be a whole number from %lld to %lld", min, max);
		else
			json_problem(c, p, "must be a whole number of at least %lld", min);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* Item i must be an object: reports it otherwise. */
static bool object_item(struct json_problems *c, const json_t *item, const char *path)
{
	if (json_is_object(item))
		return true;
	json_problem(c, path, "must be an object");
	return false;
}

/* Reports `id` if it was seen before in `seen` (an object used as a set) and records it. */
static void unique(struct json_problems *c, json_t *seen, const char *id, const char *path, const char *what)
{
	if (!id)
		return;
	if (json_object_get(seen, id)) {
		json_problem(c, path, "repeats the %s \"%s\"", what, id);
		return;
	}
	json_object_set_new(seen, id, json_true());
}

/* The object `obj` at `path`: false (having reported it) when it is missing or not an object; its keys not
 * in `keys` are reported. */
static bool required_object(struct json_problems *c, const json_t *obj, const char *path,
                            const char *const *keys)
{
	if (!obj) {
		json_problem(c, path, "is missing");
		return false;
	}
	if (!object_item(c, obj, path))
		return false;
	json_format_keys(&format, c, obj, path, keys);
	return true;
}

/* The item's "id", an identifier, reported at PATH.id when it repeats one in `seen` (which it joins). */
static void unique_ident(struct json_problems *c, json_t *seen, const json_t *item, const char *path,
                         const char *what)
{
	char p[512];
	json_path_key(p, sizeof p, path, "id");
	unique(c, seen, ident(c, item, path, "id"), p, what);
}

/* What is checked of item `i` of a list, at `path`, once it is an object with only its format's keys. */
typedef void item_check(struct json_problems *c, const json_t *item, size_t i, const char *path,
                        void *context);

/* What a kind of list's items are: the keys an item may have, what its "id" is called in messages (NULL:
 * an item has no id), and what else is checked of it. */
struct item_kind {
	const char *const *keys;
	const char *id_what;
	item_check *check;
};

/*
 * Each item of `list` (at `list_path`; NULL: nothing to walk) as `kind` says: an object with only its
 * keys, and then, when it has an id, an identifier not repeating one in `ids` (which it joins; NULL:
 * the list's own), and whatever its check says of it, given `context`.
 */
static void check_items(struct json_problems *c, const json_t *list, const char *list_path,
                        const struct item_kind *kind, json_t *ids, void *context)
{
	json_t *own = kind->id_what && !ids ? json_object() : NULL;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		char p[160];
		if (!json_format_item(&format, c, item, list_path, i, kind->keys, NULL, p, sizeof p))
			continue;
		if (kind->id_what)
			unique_ident(c, ids ? ids : own, item, p, kind->id_what);
		kind->check(c, item, i, p, context);
	}
	json_decref(own);
}

static void check_name(struct json_problems *c, const json_t *item, size_t i, const char *p, void *context)
{
	(void)i;
	(void)context;
	(void)json_problems_text(c, item, p, "name", MAX_NAME, true);
}

/* A list of {id, name} items (age bands, a domain's dimensions), each id unique; `what` names an id in
 * messages. */
static void check_named_items(struct json_problems *c, const json_t *list, const char *list_path,
                              const char *what)
{
	static const char *const keys[] = {"id", "name", NULL};
	const struct item_kind named = {keys, what, check_name};
	check_items(c, list, list_path, &named, NULL, NULL);
}

/* ---- the sections ---- */

static void check_level(struct json_problems *c, const json_t *l, size_t i, const char *p, void *context)
{
	(void)context;
	long long n;
	if (integer(c, l, p, "number", 1, 10, &n) && n != (long long)i + 1) {
		char q[192];
		json_path_key(q, sizeof q, p, "number");
		json_problem(c, q, "must be %zu: levels are numbered 1, 2, 3 and so on, in order", i + 1);
	}
	(void)json_problems_text(c, l, p, "name", MAX_NAME, true);
	(void)json_problems_text(c, l, p, "description", MAX_TEXT, true);
	(void)json_problems_text(c, l, p, "course_of_action", MAX_TEXT, true);
}

static long long check_levels(struct json_problems *c, const json_t *doc)
{
	static const char *const keys[] = {"number", "name", "description", "course_of_action", NULL};
	static const struct item_kind level = {keys, NULL, check_level};
	const json_t *levels = json_problems_array(c, doc, "$", "levels", 10);
	check_items(c, levels, "$.levels", &level, NULL, NULL);
	return (long long)json_array_size(levels);
}

static void check_domain(struct json_problems *c, const json_t *d, size_t i, const char *p, void *context)
{
	(void)i;
	(void)context;
	(void)json_problems_text(c, d, p, "name", MAX_NAME, true);
	const json_t *dims = json_problems_array(c, d, p, "dimensions", 30);
	char dims_path[192];
	json_path_key(dims_path, sizeof dims_path, p, "dimensions");
	check_named_items(c, dims, dims_path, "dimension id");
}

static void check_domains(struct json_problems *c, const json_t *doc)
{
	static const char *const keys[] = {"id", "name", "dimensions", NULL};
	static const struct item_kind domain = {keys, "domain id", check_domain};
	check_items(c, json_problems_array(c, doc, "$", "domains", 20), "$.domains", &domain, NULL, NULL);
}

static void check_age_bands(struct json_problems *c, const json_t *doc)
{
	check_named_items(c, json_problems_array(c, doc, "$", "age_bands", 20), "$.age_bands", "age band id");
}

/* A list of strings, each passing `ok`, without repeats; `what` names an item in messages. */
static void check_string_list(struct json_problems *c, const json_t *list, const char *path, size_t max_items,
                              bool (*ok)(const json_t *doc, const char *s), const json_t *doc,
                              const char *bad)
{
	if (!json_is_array(list)) {
		json_problem(c, path, "must be a list");
		return;
	}
	if (json_array_size(list) == 0) {
		json_problem(c, path, "must not be empty (leave it out instead)");
		return;
	}
	if (json_array_size(list) > max_items) {
		json_problem(c, path, "must have %zu items or fewer", max_items);
		return;
	}
	json_t *seen = json_object();
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		char p[160];
		json_path_index(p, sizeof p, path, i);
		const char *s = json_string_value(v);
		if (!s)
			json_problem(c, p, "must be text");
		else if (!ok(doc, s))
			json_problem(c, p, "\"%.*s\" %s", (int)utf8_cut_length(s, 100), s, bad);
		else
			unique(c, seen, s, p, "value");
	}
	json_decref(seen);
}

/*
 * A priority's key as the priorities area makes them ("domestic_abuse"):
 * which priorities there are is data, checked against the partnership's own
 * when a version is published (framework_priorities.h), not here.
 */
static bool is_tag(const json_t *doc, const char *s)
{
	(void)doc;
	size_t len = strlen(s);
	return len > 0 && len <= THRESHOLD_MAX_TAG && s[0] >= 'a' && s[0] <= 'z' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == len;
}

static bool is_age_band(const json_t *doc, const char *s)
{
	return threshold_age_band(doc, s) != NULL;
}

static bool is_example(const json_t *doc, const char *s)
{
	(void)doc;
	size_t len = strlen(s);
	return len > 0 && len <= MAX_TEXT && strspn(s, " \t\r\n") < len;
}

/* What an indicator, a local authority or a route is checked against: the document, its number of levels. */
struct framework_context {
	const json_t *doc;
	long long level_count;
};

static void check_indicator(struct json_problems *c, const json_t *ind, size_t i, const char *p,
                            void *context)
{
	(void)i;
	const struct framework_context *f = context;
	const json_t *doc = f->doc;
	char q[192];
	const char *domain_id = json_problems_text(c, ind, p, "domain", MAX_ID, true);
	const json_t *domain = domain_id ? threshold_domain(doc, domain_id) : NULL;
	if (domain_id && !domain) {
		json_path_key(q, sizeof q, p, "domain");
		json_problem(c, q, "\"%.*s\" is not the id of one of the domains",
		             (int)utf8_cut_length(domain_id, 100), domain_id);
	}
	const char *dimension_id = json_problems_text(c, ind, p, "dimension", MAX_ID, true);
	if (domain && dimension_id && !threshold_dimension(domain, dimension_id)) {
		json_path_key(q, sizeof q, p, "dimension");
		json_problem(c, q, "\"%.*s\" is not the id of a dimension of the domain \"%.*s\"",
		             (int)utf8_cut_length(dimension_id, 100), dimension_id,
		             (int)utf8_cut_length(domain_id, 100), domain_id);
	}
	long long level;
	if (f->level_count > 0)
		(void)integer(c, ind, p, "level", 1, f->level_count, &level);
	else
		(void)integer(c, ind, p, "level", 1, 10, &level);
	(void)json_problems_text(c, ind, p, "text", 500, true);
	json_path_key(q, sizeof q, p, "examples");
	const json_t *examples = json_object_get(ind, "examples");
	if (!examples)
		json_problem(c, q, "is missing: give at least one plain-language example");
	else
		check_string_list(c, examples, q, 20, is_example, doc, "must be non-empty text");
	const json_t *tags = json_object_get(ind, "tags");
	if (tags) {
		json_path_key(q, sizeof q, p, "tags");
		check_string_list(c, tags, q, 3, is_tag, doc,
		                  "is not a priority's key: lower-case letters, digits and _ (like "
		                  "domestic_abuse)");
	}
	const json_t *bands = json_object_get(ind, "age_bands");
	if (bands) {
		json_path_key(q, sizeof q, p, "age_bands");
		check_string_list(c, bands, q, 20, is_age_band, doc, "is not the id of one of the age bands");
	}
}

static void check_indicators(struct json_problems *c, const json_t *doc, long long level_count)
{
	static const char *const keys[] = {"id",       "domain", "dimension", "level", "text",
	                                   "examples", "tags",   "age_bands", NULL};
	static const struct item_kind indicator = {keys, "indicator id", check_indicator};
	struct framework_context f = {.doc = doc, .level_count = level_count};
	check_items(c, json_problems_array(c, doc, "$", "indicators", 1000), "$.indicators", &indicator, NULL,
	            &f);
}

static void check_rule(struct json_problems *c, const json_t *doc, long long level_count)
{
	static const char *const keys[] = {"raise_one_level_when", "highest_level", NULL};
	static const char *const raise_keys[] = {"domains_at_least", "indicators_at_least",
	                                         "at_or_above_level", NULL};
	const json_t *rule = json_object_get(doc, "suggestion_rule");
	if (!required_object(c, rule, "$.suggestion_rule", keys))
		return;
	long long max = level_count > 0 ? level_count : 10, n;
	(void)integer(c, rule, "$.suggestion_rule", "highest_level", 1, max, &n);
	const json_t *raise = json_object_get(rule, "raise_one_level_when");
	const char *p = "$.suggestion_rule.raise_one_level_when";
	if (!required_object(c, raise, p, raise_keys))
		return;
	(void)integer(c, raise, p, "domains_at_least", 1, 20, &n);
	(void)integer(c, raise, p, "indicators_at_least", 1, 1000, &n);
	(void)integer(c, raise, p, "at_or_above_level", 1, max, &n);
}

static const char *const service_kinds[] = {"universal",    "early_help", "front_door",
                                            "out_of_hours", "other",      NULL};

static void check_service(struct json_problems *c, const json_t *s, size_t i, const char *p, void *context)
{
	(void)i;
	(void)context;
	char q[192];
	const char *kind = json_problems_text(c, s, p, "kind", MAX_ID, true);
	bool known = false;
	for (const char *const *k = service_kinds; kind && *k && !known; k++)
		known = strcmp(*k, kind) == 0;
	if (kind && !known) {
		json_path_key(q, sizeof q, p, "kind");
		json_problem(c, q, "must be universal, early_help, front_door, out_of_hours or other");
	}
	(void)json_problems_text(c, s, p, "name", MAX_NAME, true);
	(void)json_problems_text(c, s, p, "description", MAX_TEXT, true);
	(void)json_problems_text(c, s, p, "hours", MAX_NAME, false);
	(void)json_problems_text(c, s, p, "web", MAX_NAME, false);
	const char *phone = json_problems_text(c, s, p, "phone", 50, false);
	const char *email = json_problems_text(c, s, p, "email", 254, false);
	if (email && (!strchr(email, '@') || strchr(email, ' '))) {
		json_path_key(q, sizeof q, p, "email");
		json_problem(c, q, "must be an email address, like front-door@example.org");
	}
	if (!phone && !email && json_is_object(s) && !json_object_get(s, "phone") &&
	    !json_object_get(s, "email")) {
		json_problem(c, p, "must give a phone number or an email address, or both");
	}
}

static void check_services(struct json_problems *c, const json_t *la, const char *path, json_t *ids)
{
	static const char *const keys[] = {"id",    "kind",  "name", "description", "phone",
	                                   "email", "hours", "web",  NULL};
	static const struct item_kind service = {keys, "service id", check_service};
	char sp[96];
	json_path_key(sp, sizeof sp, path, "services");
	check_items(c, json_problems_array(c, la, path, "services", 50), sp, &service, ids, NULL);
}

/* A local authority's routes so far: its services' ids, and which levels have a route. */
struct routes_context {
	const json_t *ids;
	long long level_count;
	bool has[11];
};

static void check_route(struct json_problems *c, const json_t *r, size_t i, const char *p, void *context)
{
	(void)i;
	struct routes_context *rc = context;
	long long level;
	char q[192];
	if (integer(c, r, p, "level", 1, rc->level_count > 0 ? rc->level_count : 10, &level)) {
		if (rc->has[level]) {
			json_path_key(q, sizeof q, p, "level");
			json_problem(c, q, "repeats level %lld: give one route for each level", level);
		}
		rc->has[level] = true;
	}
	(void)json_problems_text(c, r, p, "what_to_do", MAX_TEXT, true);
	json_path_key(q, sizeof q, p, "services");
	const json_t *list = json_object_get(r, "services");
	if (!list) {
		json_problem(c, q, "is missing");
		return;
	}
	if (!json_is_array(list)) {
		json_problem(c, q, "must be a list");
		return;
	}
	size_t j;
	json_t *sid;
	json_array_foreach(list, j, sid)
	{
		char s[224];
		json_path_index(s, sizeof s, q, j);
		if (!json_is_string(sid))
			json_problem(c, s, "must be text");
		else if (!json_object_get(rc->ids, json_string_value(sid)))
			json_problem(c, s, "\"%.*s\" is not the id of one of this local authority's services",
			             (int)utf8_cut_length(json_string_value(sid), 100),
			             json_string_value(sid));
	}
}

static void check_routes(struct json_problems *c, const json_t *la, const char *path, const json_t *ids,
                         long long level_count)
{
	static const char *const keys[] = {"level", "what_to_do", "services", NULL};
	static const struct item_kind route = {keys, NULL, check_route};
	char rp[96];
	json_path_key(rp, sizeof rp, path, "routes");
	const json_t *routes = json_problems_array(c, la, path, "routes", 10);
	struct routes_context rc = {.ids = ids, .level_count = level_count};
	check_items(c, routes, rp, &route, NULL, &rc);
	if (routes)
		for (long long l = 1; l <= level_count && l <= 10; l++)
			if (!rc.has[l])
				json_problem(c, rp,
				             "has no route for level %lld: give one route for each level", l);
}

/* The local authorities so far: their codes, each given once, and the document's number of levels. */
struct local_context {
	json_t *codes;
	long long level_count;
};

static void check_one_local(struct json_problems *c, const json_t *la, size_t i, const char *p, void *context)
{
	(void)i;
	struct local_context *lc = context;
	long long code;
	if (integer(c, la, p, "code", 1, 999, &code)) {
		char key[16], q[192];
		snprintf(key, sizeof key, "%lld", code);
		json_path_key(q, sizeof q, p, "code");
		unique(c, lc->codes, key, q, "local authority code");
	}
	(void)json_problems_text(c, la, p, "name", MAX_NAME, true);
	json_t *ids = json_object();
	check_services(c, la, p, ids);
	check_routes(c, la, p, ids, lc->level_count);
	json_decref(ids);
}

static void check_local(struct json_problems *c, const json_t *doc, long long level_count)
{
	static const char *const keys[] = {"code", "name", "services", "routes", NULL};
	static const struct item_kind local = {keys, NULL, check_one_local};
	struct local_context lc = {.codes = json_object(), .level_count = level_count};
	check_items(c, json_problems_array(c, doc, "$", "local_authorities", 200), "$.local_authorities",
	            &local, NULL, &lc);
	json_decref(lc.codes);
}

bool threshold_framework_check(const json_t *doc, json_t *problems)
{
	struct json_problems c = {.list = problems, .most = THRESHOLD_MAX_PROBLEMS};
	if (!json_is_object(doc)) {
		json_problem(&c, "$", "must be an object (the whole framework document)");
		return false;
	}
	static const char *const keys[] = {"version",           "title",     "summary",    "levels",
	                                   "domains",           "age_bands", "indicators", "suggestion_rule",
	                                   "local_authorities", NULL};
	json_format_keys(&format, &c, doc, "$", keys);
	const char *version = json_problems_text(&c, doc, "$", "version", 50, true);
	if (version)
		for (const char *p = version; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_') {
				json_problem(&c, "$.version",
				             "must use only letters, digits, dots, hyphens and underscores");
				break;
			}
	(void)json_problems_text(&c, doc, "$", "title", MAX_NAME, true);
	(void)json_problems_text(&c, doc, "$", "summary", MAX_TEXT, false);
	long long levels = check_levels(&c, doc);
	check_domains(&c, doc);
	check_age_bands(&c, doc);
	check_indicators(&c, doc, levels);
	check_rule(&c, doc, levels);
	check_local(&c, doc, levels);
	return c.count == 0;
}
