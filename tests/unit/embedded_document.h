/*
 * embedded_document.h — a JSON document the binary embeds (an area's demo
 * data, core/embedded.h), for the unit tests of the checker that must take
 * it: read as `haven` reads it (a key given twice refused), and a checker's
 * first problem named when a document that must pass does not. Static
 * inline, because each unit test is built from its one file
 * (CMakeLists.txt), as temp_store.h.
 */
#ifndef HAVEN_TESTS_UNIT_EMBEDDED_DOCUMENT_H
#define HAVEN_TESTS_UNIT_EMBEDDED_DOCUMENT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include "core/embedded.h"

/* The embedded file `name` as JSON; the test fails, saying why, if it is missing or not JSON. */
static inline json_t *embedded_document(const char *name)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f)
		fail_msg("%s is not embedded", name);
	json_error_t err;
	json_t *doc = json_loadb(f->data, f->size, JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		fail_msg("%s: %s", name, err.text);
	return doc;
}

/* Fails the test naming the first of a checker's problems ({"path", "message"}), if it has any. */
static inline void assert_no_problems(const json_t *problems)
{
	const json_t *first = json_array_get(problems, 0);
	if (first)
		fail_msg("%s: %s", json_string_value(json_object_get(first, "path")),
		         json_string_value(json_object_get(first, "message")));
}

#endif
