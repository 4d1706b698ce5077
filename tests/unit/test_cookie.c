/*
 * test_cookie.c — tests reading one cookie from a Cookie header
 * (http/cookie.h) as RFC 6265 has browsers send it and as anyone else
 * might: several cookies, spaces and tabs, quoted values, a name sent
 * twice, empty values and headers, a pair with no '=', a value longer than
 * the reader's buffer, and values holding what a cookie-octet may not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/cookie.h"

#define NONE NULL /* the header carries no cookie of the name */

static void reads(void **state)
{
	(void)state;
	static const struct {
		const char *header, *name, *want;
	} cases[] = {
	    {NULL, "a", NONE},
	    {"", "a", NONE},
	    {"a=1", "a", "1"},
	    /* several cookies, as browsers send them ("; " between pairs) */
	    {"haven_csrf=abc; haven_session=tok-EN_1; haven_device=d.e.v", "haven_session", "tok-EN_1"},
	    {"haven_csrf=abc; haven_session=tok; haven_device=dev", "haven_device", "dev"},
	    {"haven_csrf=abc; haven_session=tok", "haven_csrf", "abc"},
	    /* spaces and tabs around pairs, names and values; none between them otherwise */
	    {"  a=1  ;\tb=2\t", "b", "2"},
	    {"a = 1", "a", "1"},
	    {"a=1;b=2", "b", "2"},
	    {";;; a=1 ;;", "a", "1"},
	    /* a name matches whole and exactly */
	    {"xa=1; a=2", "a", "2"},
	    {"ab=1", "a", NONE},
	    {"A=1", "a", NONE},
	    {"haven_session_old=1; haven_session=2", "haven_session", "2"},
	    /* quoted values lose their quotes; a lone quote is no cookie-octet */
	    {"a=\"quoted\"", "a", "quoted"},
	    {"a=\"\"", "a", ""},
	    {"a=\"", "a", NONE},
	    {"a=\"x", "a", NONE},
	    {"a=\"x\"y\"", "a", NONE},
	    /* a name sent twice: the first well-formed one */
	    {"a=first; a=second", "a", "first"},
	    {"a=bad value; a=good", "a", "good"},
	    {"a; a=after", "a", "after"},
	    /* empty: a cookie with an empty value is there, empty */
	    {"a=", "a", ""},
	    {"a=; b=2", "a", ""},
	    {"=1", "a", NONE},
	    /* no '=' at all */
	    {"a", "a", NONE},
	    {"a; b", "b", NONE},
	    /* what a cookie-octet may not be: space, comma, backslash, control, non-ASCII */
	    {"a=x y", "a", NONE},
	    {"a=x,y", "a", NONE},
	    {"a=x\\y", "a", NONE},
	    {"a=x\x01y", "a", NONE},
	    {"a=caf\xc3\xa9", "a", NONE},
	    {"a=x=y", "a", "x=y"},
	    {"a=!#$%&'()*+-./:<>?@[]^_`{|}~", "a", "!#$%&'()*+-./:<>?@[]^_`{|}~"},
	    /* RFC 2965's comma between cookies is not RFC 6265's: the value is refused */
	    {"a=1, b=2", "a", NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[64];
		bool found = cookie_value(cases[i].header, cases[i].name, out, sizeof out);
		if (found != (cases[i].want != NONE) || (found && strcmp(out, cases[i].want) != 0) ||
		    (!found && out[0] != '\0'))
			fail_msg("\"%s\" for %s gave %s \"%s\", expected %s",
			         cases[i].header ? cases[i].header : "(none)", cases[i].name,
			         found ? "found" : "none", out, cases[i].want ? cases[i].want : "none");
	}
}

/* A value that does not fit the reader's buffer is no cookie: Haven set none that long. */
static void overlong(void **state)
{
	(void)state;
	char out[4];
	assert_true(cookie_value("a=123", "a", out, sizeof out));
	assert_string_equal(out, "123");
	assert_false(cookie_value("a=1234", "a", out, sizeof out));
	assert_string_equal(out, "");
	/* the first well-formed one is the cookie, too long or not: no falling back to a later one */
	assert_false(cookie_value("a=1234; a=1", "a", out, sizeof out));
	assert_true(cookie_value("a=\"123\"", "a", out, sizeof out)); /* the quotes are not the value's */
	assert_string_equal(out, "123");

	/* a header as long as the server takes (16 KB), the cookie last */
	char header[16 * 1024];
	memset(header, 'x', sizeof header);
	memcpy(header, "pad=", 4);
	memcpy(header + sizeof header - 12, "; a=found", 10);
	header[sizeof header - 2] = '\0';
	char found[16];
	assert_true(cookie_value(header, "a", found, sizeof found));
	assert_string_equal(found, "found");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(reads), cmocka_unit_test(overlong)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
