/*
 * standards.c (assurance) — checking and reading a standards document
 * (standards.h). Every problem is named by its JSON path, so the import
 * command and the API say exactly what to fix.
 */
#include "areas/assurance/standards.h"

#include <string.h>

#include "app/json_format.h"
#include "core/buf.h"
#include "core/json_problems.h"
#include "core/utf8.h"

/* Checks that object[key] is a string of min..max characters; returns it, or NULL. */
static const char *text(struct json_problems *c, const json_t *object, const char *path, const char *key,
                        size_t min, size_t max)
{
	char where[128];
	json_path_key(where, sizeof where, path, key);
	const json_t *v = json_object_get(object, key);
	if (!v) {
		json_problem(c, where, "is required");
		return NULL;
	}
	if (!json_is_string(v)) {
		json_problem(c, where, "must be text");
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t n = utf8_characters(s); /* jansson holds valid UTF-8 */
	if (n < min || n > max) {
		json_problem(c, where, "must be %zu to %zu characters long", min, max);
		return NULL;
	}
	if (strlen(s) != json_string_length(v)) {
		json_problem(c, where, "must not contain a NUL character");
		return NULL;
	}
	return s;
}

/* A key the format does not know is refused, quoted: a misspelt key would be silently lost. */
static const struct json_format format = {.unknown_key = NULL};

static bool is_slug(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return *s && s[0] != '-';
}

/* True if entries[0..i) have `key` equal to value. */
static bool seen_before(const json_t *entries, size_t i, const char *key, const char *value)
{
	for (size_t j = 0; j < i; j++) {
		const char *other = json_string_value(json_object_get(json_array_get(entries, j), key));
		if (other && strcmp(other, value) == 0)
			return true;
	}
	return false;
}

/* True if `list` at `path` is a list of min..max `items`; else false, reported. */
static bool sized_list(struct json_problems *c, const json_t *list, const char *path, size_t min, size_t max,
                       const char *items)
{
	if (!json_is_array(list)) {
		json_problem(c, path, list ? "must be a list" : "is required");
		return false;
	}
	if (json_array_size(list) < min || json_array_size(list) > max) {
		json_problem(c, path, "must have %zu to %zu %s", min, max, items);
		return false;
	}
	return true;
}

static const char *const top_keys[] = {"kind", "version", "title", "scale", "standards", NULL};
static const char *const scale_keys[] = {"value", "label", "definition", "rating", NULL};
static const char *const standard_keys[] = {"id", "title", "expectations", "evidence", NULL};

static void check_scale(struct json_problems *c, const json_t *scale)
{
	if (!sized_list(c, scale, "$.scale", 2, 10, "values"))
		return;
	size_t i;
	const json_t *entry;
	json_array_foreach(scale, i, entry)
	{
		char path[64];
		if (!json_format_item(&format, c, entry, "$.scale", i, scale_keys, NULL, path, sizeof path))
			continue;
		const char *value = text(c, entry, path, "value", 1, 20);
		if (value && seen_before(scale, i, "value", value))
			json_problem(c, path, "repeats the value \"%s\": each value must be different",
			             value);
		text(c, entry, path, "label", 1, 100);
		text(c, entry, path, "definition", 1, 1000);
		const char *rating = text(c, entry, path, "rating", 1, 10);
		if (rating && strcmp(rating, "red") != 0 && strcmp(rating, "amber") != 0 &&
		    strcmp(rating, "green") != 0) {
			char where[80];
			json_path_key(where, sizeof where, path, "rating");
			json_problem(c, where, "must be red, amber or green");
		}
	}
}

static void check_standards(struct json_problems *c, const json_t *standards)
{
	if (!sized_list(c, standards, "$.standards", 1, 200, "standards"))
		return;
	size_t i;
	const json_t *s;
	json_array_foreach(standards, i, s)
	{
		char path[64];
		if (!json_format_item(&format, c, s, "$.standards", i, standard_keys, NULL, path,
		                      sizeof path))
			continue;
		const char *id = text(c, s, path, "id", 1, 40);
		char where[80];
		json_path_key(where, sizeof where, path, "id");
		if (id && !is_slug(id))
			json_problem(
			    c, where,
			    "must be lower-case letters, digits and hyphens, not starting with a hyphen");
		else if (id && seen_before(standards, i, "id", id))
			json_problem(c, where, "repeats the id \"%s\": each standard's id must be different",
			             id);
		text(c, s, path, "title", 1, 200);
		text(c, s, path, "expectations", 1, 5000);
		text(c, s, path, "evidence", 1, 5000);
	}
}

bool assurance_standards_check(const json_t *doc, json_t *problems)
{
	struct json_problems c = {.list = problems, .most = ASSURANCE_MAX_PROBLEMS};
	if (!json_is_object(doc)) {
		json_problem(&c, "$", "must be an object");
		return false;
	}
	json_format_keys(&format, &c, doc, "$", top_keys);
	const char *kind = text(&c, doc, "$", "kind", 1, 20);
	if (kind && strcmp(kind, "section11") != 0 && strcmp(kind, "section175") != 0)
		json_problem(&c, "$.kind", "must be section11 or section175");
	text(&c, doc, "$", "version", 1, 40);
	text(&c, doc, "$", "title", 1, 200);
	check_scale(&c, json_object_get(doc, "scale"));
	check_standards(&c, json_object_get(doc, "standards"));
	return c.count == 0;
}

/* The entry of array doc[list] whose `key` is `value`. */
static const json_t *find(const json_t *doc, const char *list, const char *key, const char *value)
{
	if (!value)
		return NULL;
	size_t i;
	const json_t *entry;
	json_array_foreach(json_object_get(doc, list), i, entry)
	{
		const char *v = json_string_value(json_object_get(entry, key));
		if (v && strcmp(v, value) == 0)
			return entry;
	}
	return NULL;
}

const json_t *assurance_standard(const json_t *doc, const char *id)
{
	return find(doc, "standards", "id", id);
}

const json_t *assurance_scale_entry(const json_t *doc, const char *value)
{
	return find(doc, "scale", "value", value);
}

void assurance_scale_shown(json_t *doc)
{
	size_t i;
	json_t *entry;
	json_array_foreach(json_object_get(doc, "scale"), i, entry)
	{
		const char *value = json_string_value(json_object_get(entry, "value"));
		const char *label = json_string_value(json_object_get(entry, "label"));
		const char *rating = json_string_value(json_object_get(entry, "rating"));
		if (!value || !label)
			continue;
		struct buf b = BUF_INIT;
		if (rating && strcmp(value, rating) == 0)
			buf_append_str(&b, label);
		else
			buf_printf(&b, "%s: %s", value, label);
		json_object_set_new(entry, "shown", json_string(buf_cstr(&b)));
		buf_free(&b);
	}
}

const char *assurance_rating(const json_t *doc, const char *value)
{
	return json_string_value(json_object_get(assurance_scale_entry(doc, value), "rating"));
}
