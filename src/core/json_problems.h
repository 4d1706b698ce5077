/*
 * json_problems.h — how a checker of a JSON document (the levels-of-need
 * framework, the neglect and exploitation tools, the QA standards) reports
 * what is wrong with it: a list of {"path": "$.levels[2].name", "message":
 * "is missing"}, every problem named by its JSON path so whoever publishes a
 * version can fix them all in one go.
 *
 * The list is capped (a wrong file would otherwise give thousands): the last
 * problem kept says "too many problems: fix these N first".
 */
#ifndef HAVEN_CORE_JSON_PROBLEMS_H
#define HAVEN_CORE_JSON_PROBLEMS_H

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct json_problems {
	json_t *list; /* where each {path, message} is appended (borrowed) */
	size_t most;  /* the most kept in list */
	size_t count; /* every problem found, kept or not: 0 means the document is sound */
};

/* Reports a problem at path (kept only while fewer than p->most are). */
void json_problem(struct json_problems *p, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same, for a checker that builds the path itself and passes its own arguments on. */
void json_vproblem(struct json_problems *p, const char *path, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* "$.levels[2]" from "$.levels" and 2. */
void json_path_index(char *out, size_t size, const char *path, size_t i);

/*
 * "$.rule.x" from "$.rule" and "x" (the key cut at 100 bytes, at a
 * character boundary: it may come from the document).
 */
void json_path_key(char *out, size_t size, const char *path, const char *key);

/* True if key is one of allowed (ended by NULL). */
bool json_key_allowed(const char *key, const char *const *allowed);

/* Reports, at PATH.KEY, each key of obj not in allowed (ended by NULL) with message ("is not a field ...").
 */
void json_problems_unknown_keys(struct json_problems *p, const json_t *obj, const char *path,
                                const char *const *allowed, const char *message);

/* True if s is 1..max bytes of lower-case letters, digits and hyphens (an id in a document). */
bool json_is_slug(const char *s, size_t max);

/*
 * The string obj[key] of 1..max bytes, not blank and without a NUL; else NULL,
 * reported at PATH.KEY ("is missing" only when required).
 */
const char *json_problems_text(struct json_problems *p, const json_t *obj, const char *path, const char *key,
                               size_t max, bool required);

/* The array obj[key] of 1..max items; else NULL, reported at PATH.KEY. */
const json_t *json_problems_array(struct json_problems *p, const json_t *obj, const char *path,
                                  const char *key, size_t max);

#endif
