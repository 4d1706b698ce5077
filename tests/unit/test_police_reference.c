/*
 * test_police_reference.c — tests the police reference shared by the
 * incident and missing-episode intakes (src/app/police_reference.h): which
 * references are accepted (length, characters), and how a batch's message
 * names a record: by its reference when it is one, by number alone when it
 * is missing, not text, or not a reference (so arbitrary text is never
 * echoed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "app/police_reference.h"

static void references(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
	    {"LAN/2026/000123", true},
	    {"a.b-c_d", true},
	    {"x", true},
	    {"", false},
	    {"LAN 2026", false}, /* a space */
	    {"<script>", false},
	    {"ref\n", false},
	    {"LAN/2026/é", false},
	    {"12345678901234567890123456789012345678901234567890", true},   /* 50 */
	    {"123456789012345678901234567890123456789012345678901", false}, /* 51 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (police_reference_ok(cases[i].text) != cases[i].ok)
			fail_msg("case %zu: \"%s\" %s", i, cases[i].text,
			         cases[i].ok ? "refused" : "accepted");
}

static void batch_labels(void **state)
{
	(void)state;
	char out[128];
	json_t *raw = json_pack("{s:s}", "police_reference", "LAN/2026/1");
	police_batch_label("Incident", raw, 2, out, sizeof out);
	assert_string_equal(out, "Incident 3 (LAN/2026/1): ");
	json_object_set_new(raw, "police_reference", json_string("not a <reference>"));
	police_batch_label("Episode", raw, 0, out, sizeof out);
	assert_string_equal(out, "Episode 1: ");
	json_object_set_new(raw, "police_reference", json_integer(7));
	police_batch_label("Episode", raw, 9, out, sizeof out);
	assert_string_equal(out, "Episode 10: ");
	police_batch_label("Incident", NULL, 0, out, sizeof out);
	assert_string_equal(out, "Incident 1: ");
	json_decref(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(references),
	    cmocka_unit_test(batch_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
