/*
 * test_json_problems.c — tests that a document checker's problem naming a
 * key from the document is kept whole however long the key (src/core/
 * json_problems.h): the key is cut at 100 bytes at a character boundary, so
 * a character across the cut never makes the path invalid text, which
 * would lose the problem.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "core/json_problems.h"

static void unknown_key_with_a_character_across_the_cut(void **state)
{
	(void)state;
	char key[120];
	memset(key, 'k', 99);
	memcpy(key + 99, "\xc3\xa9tail", sizeof "\xc3\xa9tail"); /* é at bytes 99 and 100 */
	json_t *doc = json_object();
	json_object_set_new(doc, key, json_true());
	static const char *const allowed[] = {"name", NULL};
	struct json_problems p = {.list = json_array(), .most = 10};
	json_problems_unknown_keys(&p, doc, "$.rule", allowed, "is not a field of a rule");
	assert_int_equal(p.count, 1);
	assert_int_equal(json_array_size(p.list), 1); /* kept, not lost to invalid text */
	const char *path = json_string_value(json_object_get(json_array_get(p.list, 0), "path"));
	assert_non_null(path);
	assert_int_equal(strlen(path), strlen("$.rule.") + 99); /* cut before the é, not inside it */
	assert_int_equal(strncmp(path, "$.rule.kkk", 10), 0);
	json_decref(p.list);
	json_decref(doc);
}

static void short_key_whole(void **state)
{
	(void)state;
	char out[64];
	json_path_key(out, sizeof out, "$.rule", "caf\xc3\xa9");
	assert_string_equal(out, "$.rule.caf\xc3\xa9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(unknown_key_with_a_character_across_the_cut),
	    cmocka_unit_test(short_key_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
