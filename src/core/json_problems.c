/*
 * json_problems.c — collecting a JSON document's problems by path, with a
 * cap, and the field checks the document checkers share (json_problems.h).
 */
#include "core/json_problems.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

void json_vproblem(struct json_problems *p, const char *path, const char *fmt, va_list ap)
{
	p->count++;
	if (p->count > p->most)
		return;
	char message[512];
	if (p->count == p->most)
		snprintf(message, sizeof message, "too many problems: fix these %zu first", p->most - 1);
	else
		vsnprintf(message, sizeof message, fmt, ap);
	json_array_append_new(p->list, json_pack("{s:s, s:s}", "path", path, "message", message));
}

void json_problem(struct json_problems *p, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_vproblem(p, path, fmt, ap);
	va_end(ap);
}

void json_path_index(char *out, size_t size, const char *path, size_t i)
{
	snprintf(out, size, "%s[%zu]", path, i);
}

void json_path_key(char *out, size_t size, const char *path, const char *key)
{
	snprintf(out, size, "%s.%.*s", path, (int)utf8_cut_length(key, 100), key);
}

bool json_key_allowed(const char *key, const char *const *allowed)
{
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(*a, key) == 0)
			return true;
	return false;
}

void json_problems_unknown_keys(struct json_problems *p, const json_t *obj, const char *path,
                                const char *const *allowed, const char *message)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		if (json_key_allowed(key, allowed))
			continue;
		char where[512];
		json_path_key(where, sizeof where, path, key);
		json_problem(p, where, "%s", message);
	}
}

bool json_is_slug(const char *s, size_t max)
{
	if (!s || !*s || strlen(s) > max)
		return false;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return false;
	return true;
}

const char *json_problems_text(struct json_problems *p, const json_t *obj, const char *path, const char *key,
                               size_t max, bool required)
{
	char where[512];
	json_path_key(where, sizeof where, path, key);
	const json_t *v = json_object_get(obj, key);
	if (!v) {
		if (required)
			json_problem(p, where, "is missing");
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (!s)
		json_problem(p, where, "must be text");
	else if (len == 0 || strspn(s, " \t\r\n") == len)
		json_problem(p, where, "must not be empty");
	else if (len > max)
		json_problem(p, where, "must be %zu characters or fewer", max);
	else if (strlen(s) != len)
		json_problem(p, where, "must not contain a NUL character");
	else
		return s;
	return NULL;
}

const json_t *json_problems_array(struct json_problems *p, const json_t *obj, const char *path,
                                  const char *key, size_t max)
{
	char where[512];
	json_path_key(where, sizeof where, path, key);
	const json_t *v = json_object_get(obj, key);
	if (!v)
		json_problem(p, where, "is missing");
	else if (!json_is_array(v))
		json_problem(p, where, "must be a list");
	else if (json_array_size(v) == 0)
		json_problem(p, where, "must not be empty");
	else if (json_array_size(v) > max)
		json_problem(p, where, "must have %zu items or fewer", max);
	else
		return v;
	return NULL;
}
