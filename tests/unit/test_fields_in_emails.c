/*
 * test_fields_in_emails.c — tests the check on text that Haven writes into its emails (a field's
 * in_emails, router/fields.h: a person's name, "Hello NAME,"): it must be one line and hold no web or
 * email address, not even a bare host ("evil.com") that a mail client would make a link reading as
 * Haven's, while names as people write them, with initials, joined parts, accents, hyphens, apostrophes
 * and pronouns, are taken as they were typed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "core/status.h"
#include "router/fields.h"

static const struct field_spec name_specs[] = {
    {.name = "name", .label = "the full name", .type = FIELD_TEXT, .max = 200, .in_emails = true},
    {0},
};

/* Validates each of `names` alone: each is refused with the one message `want`, or taken as it was typed if
 * `want` is "" (what it gave is shown if not). */
static void expect_each(const char *const *names, const char *want)
{
	for (size_t i = 0; names[i]; i++) {
		const struct field_pair pair = {"name", names[i]};
		json_t *values = NULL, *errors = json_array();
		enum haven_status st = fields_validate_pairs(name_specs, &pair, 1, NULL, &values, errors);
		const char *got = json_string_value(json_object_get(json_array_get(errors, 0), "message"));
		if (strcmp(got ? got : "", want) != 0)
			print_error("%s: \"%s\"\n", names[i], got ? got : "");
		assert_string_equal(got ? got : "", want);
		assert_int_equal(json_array_size(errors), *want ? 1 : 0);
		assert_int_equal(st, *want ? HAVEN_ERR_INVALID : HAVEN_OK);
		if (*want)
			assert_null(json_object_get(values, "name"));
		else
			assert_string_equal(json_string_value(json_object_get(values, "name")), names[i]);
		json_decref(values);
		json_decref(errors);
	}
}

static void test_names_as_people_write_them(void **state)
{
	(void)state;
	static const char *const names[] = {
	    "St.John Smith",
	    "J. R. Hartley",
	    "Anne-Marie O'Neil",
	    "Zoë Ñúñez",
	    "Dr. Amara Okafor",
	    /* joined initials and parts that are no top-level domain, a sentence's dot, numbers */
	    "J.R.Hartley",
	    "O.Neil",
	    "Mrs. A. Smith.",
	    "Ann Smith, Jr.",
	    "Sr. Mary (St. Anne's)",
	    "1.5 FTE Ann",
	    /* a slash with no dot in its word: pronouns, a double-barrelled name written so */
	    "Zoë Ng (she/her)",
	    "Smith/Jones",
	    /* a soft hyphen and a joiner, which the fold for the address checks drops, are kept as typed */
	    "Anne\u00ADMarie O'Neil",
	    "\u0646\u0627\u0645\u200C\u0647 Ahmadi",
	    /* an ellipsis, which the fold makes three dots, or any run of dots: a host has a part between its
	     * dots, so "Ann…com" is no "Ann.com" */
	    "Ann\u2026com",
	    "Ann...com",
	    "Ann\u2025com Smith",
	    "Ann\u3002\u3002com",
	    "Ann\u2026 co.",
	    /* "www" with no dot after it, at the end of the text too */
	    "Bowwwa Www",
	    NULL,
	};
	expect_each(names, "");
}

static void test_addresses_refused(void **state)
{
	(void)state;
	static const char *const addresses[] = {
	    /* what starts an address, and an email address */
	    "Visit http://evil.example/reset now",
	    "Go to WWW.evil.example",
	    "Write to help@evil.example",
	    /* a host written bare: its last part is a top-level domain, in any case, script or punctuation */
	    "evil.com",
	    "Visit evil.com/login",
	    "haven.gov.uk",
	    "x.co",
	    "Visit EVIL.COM.",
	    "(evil.com)",
	    "Ann evil.com, today",
	    "evil.xn--p1ai",
	    "пример.РФ",
	    "evil。com",
	    "evil\uFF0Ecom",
	    "evil\uFF61com",
	    /* a host in a word with a space in it: "vil.com" is linked all the same */
	    "e vil.com",
	    /* a run of dots ends a word, not the check: a host before or after one is still a host */
	    "Ann\u2026evil.com",
	    "evil.com\u2026",
	    "Visit evil.com...now",
	    /* compatibility forms that IDNA maps to plain letters, and a soft hyphen, which it drops: each
	     * reads "evil.com" to a mail client, or "@" and "www." */
	    "Visit ｅｖｉｌ．ｃｏｍ",
	    "Visit evil.ｃｏｍ",
	    "Visit evil\u00AD.com",
	    "Visit evil\u00AD.\u00ADcom",
	    "Write to help＠evil.example",
	    "Go to ｗｗｗ．evil.example",
	    /* "www" and an ideographic full stop, with no top-level domain after it */
	    "Go to www\u3002evil",
	    "Visit ｈｔｔｐｓ：／／evil.example",
	    /* a name joined to a part that is a top-level domain too: written with a space instead */
	    "A.Bank",
	    "J.Bond",
	    /* an IPv4 address, a path after a host that is no top-level domain, a Windows share */
	    "Visit 203.0.113.5",
	    "Visit evil.example/login",
	    /* ... with the other dots of host names, which IDNA reads as "." */
	    "x\u3002y/z",
	    "Visit evil\u3002example/reset",
	    "x\uFF61y/z",
	    "x\uFF0Ey/z",
	    "\\\\evil\\share",
	    "Ann\\Smith",
	    NULL,
	};
	expect_each(addresses, "The full name must not include a web address or an email address");
}

static void test_line_breaks_refused(void **state)
{
	(void)state;
	static const char *const names[] = {"Ann\tSmith", "Ann\nSmith", "Ann\r\nSmith", NULL};
	expect_each(names, "The full name must be on one line, with no line breaks or tabs");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names_as_people_write_them),
	    cmocka_unit_test(test_addresses_refused),
	    cmocka_unit_test(test_line_breaks_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
