/*
 * test_fields.c — tests typed input validation (router/fields.h): every field
 * type through both faces, decoded string pairs (query strings and forms,
 * fields_validate_pairs) and JSON bodies (fields_validate_json). Tables of
 * valid input give the exact typed values expected; tables of invalid input
 * give the field and the message (GOV.UK style) the user must see. Also:
 * repeated fields, multiple fields, empty optional values being left out, a
 * valid field kept beside an invalid one, a JSON body that is not an object,
 * errors appended to those already there, and the trimming and
 * control-character check on their own.
 * The rest of typed input has a file of its own: required fields
 * (test_fields_required.c), lists and what was typed kept to show again
 * (test_fields_lists.c), unknown and ignored names (test_fields_unknown.c),
 * dates (test_fields_dates.c) and the FIELD_JSON type (test_fields_json.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "fields_fixture.h"
#include "router/fields.h"

#define MAX_PAIRS 4

/* Valid pairs and the exact values object they give. */
struct valid_pairs {
	struct field_pair pairs[MAX_PAIRS]; /* ended by a NULL name */
	const char *values;                 /* JSON */
};

static const struct valid_pairs valid_pairs[] = {
    /* TEXT: trimmed, length in characters, newline and tab allowed */
    {{{"name", "Ann"}}, "{\"name\": \"Ann\"}"},
    {{{"name", "  Ann \t "}}, "{\"name\": \"Ann\"}"},
    {{{"name", "Jo"}}, "{\"name\": \"Jo\"}"},
    {{{"name", "12345"}}, "{\"name\": \"12345\"}"},
    {{{"name", "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa0"}},
     "{\"name\": \"\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa0\"}"},
    {{{"name", "\xe2\x82\xac\xf0\x9f\x98\x80"}},
     "{\"name\": \"\xe2\x82\xac\xf0\x9f\x98\x80\"}"}, /* 2 chars, 7 bytes */
    {{{"name", "A\nB"}}, "{\"name\": \"A\\nB\"}"},
    /* a textarea's CR LF line breaks become LF: one character each, as people count them */
    {{{"name", "A\r\nB"}}, "{\"name\": \"A\\nB\"}"},
    {{{"name", "A\rB\nC"}}, "{\"name\": \"A\\rB\\nC\"}"},
    /* every CR before an LF goes, so checking the result again changes nothing (found by fuzzing) */
    {{{"name", "A\r\r\nB"}}, "{\"name\": \"A\\nB\"}"},
    {{{"name", "A\r\rB"}}, "{\"name\": \"A\\r\\rB\"}"},
    {{{"name", "A\tB"}}, "{\"name\": \"A\\tB\"}"},
    /* empty optional values are left out */
    {{{"name", ""}}, "{}"},
    {{{"name", "   "}}, "{}"},
    {{{"age", ""}, {"agree", ""}, {"when", ""}, {"kind", ""}}, "{}"},
    {{{"email", ""}, {"slug", ""}, {"count", " "}}, "{}"},
    {{{0}}, "{}"},
    /* INT */
    {{{"age", "18"}}, "{\"age\": 18}"},
    {{{"age", "120"}}, "{\"age\": 120}"},
    {{{"age", " 42 "}}, "{\"age\": 42}"},
    {{{"count", "0"}}, "{\"count\": 0}"},
    {{{"count", "-5"}}, "{\"count\": -5}"},
    {{{"count", "9223372036854775807"}}, "{\"count\": 9223372036854775807}"},
    {{{"count", "-9223372036854775808"}}, "{\"count\": -9223372036854775808}"},
    /* BOOL */
    {{{"agree", "true"}}, "{\"agree\": true}"},
    {{{"agree", "yes"}}, "{\"agree\": true}"},
    {{{"agree", "on"}}, "{\"agree\": true}"},
    {{{"agree", "1"}}, "{\"agree\": true}"},
    {{{"agree", "false"}}, "{\"agree\": false}"},
    {{{"agree", "no"}}, "{\"agree\": false}"},
    {{{"agree", "0"}}, "{\"agree\": false}"},
    /* DATE */
    {{{"when", "2024-02-29"}}, "{\"when\": \"2024-02-29\"}"},
    {{{"when", "2000-02-29"}}, "{\"when\": \"2000-02-29\"}"},
    {{{"when", "2026-03-27"}}, "{\"when\": \"2026-03-27\"}"},
    {{{"when", "2026-12-31"}}, "{\"when\": \"2026-12-31\"}"},
    {{{"when", "1900-01-01"}}, "{\"when\": \"1900-01-01\"}"},
    {{{"when", " 2026-01-31 "}}, "{\"when\": \"2026-01-31\"}"},
    /* EMAIL: lower-cased */
    {{{"email", "name@example.com"}}, "{\"email\": \"name@example.com\"}"},
    {{{"email", "Jo.Bloggs@Example.GOV.UK"}}, "{\"email\": \"jo.bloggs@example.gov.uk\"}"},
    {{{"email", " a+b@c.co "}}, "{\"email\": \"a+b@c.co\"}"},
    /* CHOICE */
    {{{"kind", "police"}}, "{\"kind\": \"police\"}"},
    {{{"kind", "local_authority"}}, "{\"kind\": \"local_authority\"}"},
    /* SLUG */
    {{{"slug", "abc-123"}}, "{\"slug\": \"abc-123\"}"},
    {{{"slug", "abcdefghij"}}, "{\"slug\": \"abcdefghij\"}"},
    /* multiple: an array in the order given, empty values left out */
    {{{"tags", "a"}}, "{\"tags\": [\"a\"]}"},
    {{{"tags", "a"}, {"tags", "b"}, {"tags", "a"}}, "{\"tags\": [\"a\", \"b\", \"a\"]}"},
    {{{"tags", "a"}, {"tags", ""}, {"tags", "c"}}, "{\"tags\": [\"a\", \"c\"]}"},
    /* several at once */
    {{{"name", "Ann"}, {"age", "30"}, {"agree", "yes"}, {"kind", "health"}},
     "{\"name\": \"Ann\", \"age\": 30, \"agree\": true, \"kind\": \"health\"}"},
};

/* Invalid pairs: the field and (a substring of) the message expected. */
struct invalid_pairs {
	struct field_pair pairs[MAX_PAIRS];
	const char *field;
	const char *message;
};

#define TEXT_CHARS "Your name must only include letters, numbers and punctuation"
#define WHOLE "Your age must be a whole number"
#define COUNT_WHOLE "The count must be a whole number"
#define YES_NO "Whether you agree must be yes or no"
#define BAD_DATE "The date must be a real date, written like 2026-03-27"
#define BAD_EMAIL "Enter your email address in the correct format, like name@example.com"
#define BAD_SLUG "The slug must only include lower-case letters, numbers and hyphens"

static const struct invalid_pairs invalid_pairs[] = {
    /* TEXT */
    {{{"name", "A"}}, "name", "Your name must be 2 characters or more"},
    {{{"name", "  A  "}}, "name", "Your name must be 2 characters or more"},
    {{{"name", "abcdef"}}, "name", "Your name must be 5 characters or fewer"},
    {{{"name", "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa0\xc3\xa9"}},
     "name",
     "Your name must be 5 characters or fewer"},
    {{{"name", "\xff"}}, "name", TEXT_CHARS},
    {{{"name", "ab\xc3"}}, "name", TEXT_CHARS},           /* truncated sequence */
    {{{"name", "\xc3\x28"}}, "name", TEXT_CHARS},         /* bad continuation */
    {{{"name", "\xc0\xaf"}}, "name", TEXT_CHARS},         /* overlong '/' */
    {{{"name", "\xe0\x80\xaf"}}, "name", TEXT_CHARS},     /* overlong, 3 bytes */
    {{{"name", "\xed\xa0\x80"}}, "name", TEXT_CHARS},     /* surrogate */
    {{{"name", "\xf4\x90\x80\x80"}}, "name", TEXT_CHARS}, /* past U+10FFFF */
    {{{"name", "\x80\x80"}}, "name", TEXT_CHARS},         /* lone continuation */
    {{{"name", "a\x01z"}}, "name", TEXT_CHARS},
    {{{"name", "a\x1bz"}}, "name", TEXT_CHARS},
    {{{"name", "a\x7fz"}}, "name", TEXT_CHARS},
    /* INT */
    {{{"age", "17"}}, "age", "Your age must be between 18 and 120"},
    {{{"age", "121"}}, "age", "Your age must be between 18 and 120"},
    {{{"age", "-18"}}, "age", "Your age must be between 18 and 120"},
    {{{"age", "abc"}}, "age", WHOLE},
    {{{"age", "+20"}}, "age", WHOLE},
    {{{"age", "20.0"}}, "age", WHOLE},
    {{{"age", "2e1"}}, "age", WHOLE},
    {{{"age", "0x14"}}, "age", WHOLE},
    {{{"age", "20a"}}, "age", WHOLE},
    {{{"age", "2 0"}}, "age", WHOLE},
    {{{"age", "-"}}, "age", WHOLE},
    {{{"age", "--20"}}, "age", WHOLE},
    {{{"count", "9223372036854775808"}}, "count", COUNT_WHOLE},
    {{{"count", "-9223372036854775809"}}, "count", COUNT_WHOLE},
    {{{"count", "99999999999999999999999"}}, "count", COUNT_WHOLE},
    /* BOOL */
    {{{"agree", "maybe"}}, "agree", YES_NO},
    {{{"agree", "TRUE"}}, "agree", YES_NO},
    {{{"agree", "2"}}, "agree", YES_NO},
    {{{"agree", "off"}}, "agree", YES_NO},
    /* DATE */
    {{{"when", "2023-02-29"}}, "when", BAD_DATE},
    {{{"when", "1900-02-29"}}, "when", BAD_DATE},
    {{{"when", "2026-13-01"}}, "when", BAD_DATE},
    {{{"when", "2026-00-10"}}, "when", BAD_DATE},
    {{{"when", "2026-04-31"}}, "when", BAD_DATE},
    {{{"when", "2026-01-00"}}, "when", BAD_DATE},
    {{{"when", "2026-01-32"}}, "when", BAD_DATE},
    {{{"when", "26-1-1"}}, "when", BAD_DATE},
    {{{"when", "2026-1-1"}}, "when", BAD_DATE},
    {{{"when", "2026/01/01"}}, "when", BAD_DATE},
    {{{"when", "01-01-2026"}}, "when", BAD_DATE},
    {{{"when", "2026-01-1a"}}, "when", BAD_DATE},
    {{{"when", "+026-01-01"}}, "when", BAD_DATE},
    {{{"when", "2026-01-01T00:00"}}, "when", BAD_DATE},
    {{{"when", "today"}}, "when", BAD_DATE},
    /* EMAIL */
    {{{"email", "nope"}}, "email", BAD_EMAIL},
    {{{"email", "a@b"}}, "email", BAD_EMAIL},
    {{{"email", "@b.co"}}, "email", BAD_EMAIL},
    {{{"email", "a@"}}, "email", BAD_EMAIL},
    {{{"email", "a@@b.co"}}, "email", BAD_EMAIL},
    /* what Haven's outbox cannot send to is refused where it is typed (found by the review: an invitation
     * to one was refused as if its roles were wrong) */
    {{{"email", "a(b)@example.org"}}, "email", BAD_EMAIL},
    {{{"email", "ann:x@example.org"}}, "email", BAD_EMAIL},
    {{{"email", "a\\b@example.org"}}, "email", BAD_EMAIL},
    {{{"email", "[a]@example.org"}}, "email", BAD_EMAIL},
    {{{"email", "jos\xc3\xa9@example.org"}},
     "email",
     "Haven cannot send email to an address with other letters"},
    {{{"email", "zo@b\xc3\xbc"
                "cher.de"}},
     "email",
     "using only the letters a to z"},
    {{{"email", "a@b@c.co"}}, "email", BAD_EMAIL},
    {{{"email", "a@b.co."}}, "email", BAD_EMAIL},
    {{{"email", "a@.co"}}, "email", BAD_EMAIL},
    {{{"email", "a@b..co"}}, "email", BAD_EMAIL},
    {{{"email", "a b@c.co"}}, "email", BAD_EMAIL},
    {{{"email", "a<b@c.co"}}, "email", BAD_EMAIL},
    {{{"email", "a@b,c.co"}}, "email", BAD_EMAIL},
    {{{"email", "\"a\"@b.co"}}, "email", BAD_EMAIL},
    /* CHOICE */
    {{{"kind", "fire"}}, "kind", "Select the type of agency from the list"},
    {{{"kind", "Police"}}, "kind", "Select the type of agency from the list"},
    {{{"kind", "police "}, {"kind", "x"}}, "kind", "The type of agency was given more than once"},
    /* SLUG */
    {{{"slug", "Abc"}}, "slug", BAD_SLUG},
    {{{"slug", "a_b"}}, "slug", BAD_SLUG},
    {{{"slug", "a b"}}, "slug", BAD_SLUG},
    {{{"slug", "caf\xc3\xa9"}}, "slug", BAD_SLUG},
    {{{"slug", "abcdefghijk"}}, "slug", "The slug must be 10 characters or fewer"},
    /* unknown and repeated fields */
    {{{"bogus", "1"}}, "bogus", "Bogus is not a field this accepts"},
    {{{"name", "Ann"}, {"Name", "Bob"}}, "Name", "Name is not a field this accepts"},
    {{{"name", "Ann"}, {"name", "Bob"}}, "name", "Your name was given more than once"},
    {{{"age", "20"}, {"age", "20"}}, "age", "Your age was given more than once"},
    /* a valid field beside an invalid one still fails the whole */
    {{{"name", "Ann"}, {"age", "x"}}, "age", WHOLE},
};

static size_t pair_count(const struct field_pair *pairs)
{
	size_t n = 0;
	while (n < MAX_PAIRS && pairs[n].name)
		n++;
	return n;
}

static void print_json(const char *what, size_t i, const json_t *j)
{
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_ENCODE_ANY);
	print_error("case %zu: %s %s\n", i, what, s ? s : "(unprintable)");
	free(s);
}

/* Case i was accepted, giving exactly the values `want`; what it gave is shown if not. */
static void expect_accepted(size_t i, enum haven_status st, const json_t *errors, const json_t *values,
                            const json_t *want)
{
	if (st != HAVEN_OK || !json_equal(values, want)) {
		print_json("errors", i, errors);
		print_json("values", i, values);
	}
	assert_int_equal(st, HAVEN_OK);
	assert_int_equal(json_array_size(errors), 0);
	assert_true(json_equal(values, want));
}

/* Case i was refused with one error, for `field`, its message holding `message`; the errors shown if not. */
static void expect_refused(size_t i, enum haven_status st, const json_t *errors, const char *field,
                           const char *message)
{
	const char *msg = error_for(errors, field);
	if (st != HAVEN_ERR_INVALID || !msg || !strstr(msg, message))
		print_json("errors", i, errors);
	assert_int_equal(st, HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 1);
	assert_non_null(msg);
	assert_non_null(strstr(msg, message));
}

static void test_pairs_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_pairs / sizeof valid_pairs[0]; i++) {
		const struct valid_pairs *c = &valid_pairs[i];
		json_t *errors = json_array();
		json_t *values = NULL;
		enum haven_status st = fields_validate_pairs(optional_specs, c->pairs, pair_count(c->pairs),
		                                             NULL, &values, errors);
		json_t *want = json_loads(c->values, 0, NULL);
		assert_non_null(want);
		expect_accepted(i, st, errors, values, want);
		json_decref(want);
		json_decref(values);
		json_decref(errors);
	}
}

static void test_pairs_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid_pairs / sizeof invalid_pairs[0]; i++) {
		const struct invalid_pairs *c = &invalid_pairs[i];
		json_t *errors = json_array();
		json_t *values = NULL;
		enum haven_status st = fields_validate_pairs(optional_specs, c->pairs, pair_count(c->pairs),
		                                             NULL, &values, errors);
		expect_refused(i, st, errors, c->field, c->message);
		/* values is always an object; the bad field is not in it */
		assert_true(json_is_object(values));
		if (!c->pairs[1].name)
			assert_null(json_object_get(values, c->field));
		json_decref(values);
		json_decref(errors);
	}
}

/* A valid field next to an invalid one is kept in values; the invalid one is not. */
static void test_pairs_partial_values(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {{"name", "Ann"}, {"age", "x"}, {"agree", "no"}};
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, 3, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_string_equal(json_string_value(json_object_get(values, "name")), "Ann");
	assert_null(json_object_get(values, "age"));
	assert_true(json_is_false(json_object_get(values, "agree")));
	json_decref(values);
	json_decref(errors);
}

/* TEXT with no max allows 10000 characters and no more. */
static void test_text_default_max(void **state)
{
	(void)state;
	char *s = malloc(10002);
	assert_non_null(s);
	memset(s, 'x', 10001);
	s[10001] = '\0';
	struct field_pair pair = {"title", s};
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(optional_specs, &pair, 1, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_non_null(strstr(error_for(errors, "title"), "The title must be 10000 characters or fewer"));
	json_decref(values);
	json_decref(errors);
	s[10000] = '\0';
	errors = json_array();
	assert_int_equal(fields_validate_pairs(optional_specs, &pair, 1, NULL, &values, errors), HAVEN_OK);
	assert_int_equal(json_string_length(json_object_get(values, "title")), 10000);
	json_decref(values);
	json_decref(errors);
	free(s);
}

/* A secret (a password) is trimmed of ASCII's white space only, as it always was: one set with a no-break
 * space at its end was stored with it and must match when typed again. Other text loses Unicode's. */
static void test_secret_trimmed_as_before(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "password", .label = "your password", .type = FIELD_TEXT, .secret = true},
	    {.name = "note", .label = "the note", .type = FIELD_TEXT},
	    {0},
	};
	struct field_pair pairs[] = {{"password", " pass\u00a0word\u00a0 "}, {"note", "\u00a0a note\u3000"}};
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(specs, pairs, 2, NULL, &values, errors), HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(values, "password")), "pass\u00a0word\u00a0");
	assert_string_equal(json_string_value(json_object_get(values, "note")), "a note");
	json_decref(values);
	json_decref(errors);
}

/* Errors are appended; the status reflects only this call's errors. */
static void test_errors_appended(void **state)
{
	(void)state;
	json_t *errors = json_array();
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", "q", "message", "Earlier"));
	const struct field_pair good[] = {{"name", "Ann"}};
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(optional_specs, good, 1, NULL, &values, errors), HAVEN_OK);
	assert_int_equal(json_array_size(errors), 1);
	json_decref(values);
	const struct field_pair bad[] = {{"age", "x"}};
	assert_int_equal(fields_validate_pairs(optional_specs, bad, 1, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(json_array_size(errors), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
	                    "Earlier");
	json_decref(values);

	json_t *body = json_pack("{s:s}", "name", "Ann");
	assert_int_equal(fields_validate_json(optional_specs, body, &values, errors), HAVEN_OK);
	assert_int_equal(json_array_size(errors), 2);
	json_decref(body);
	json_decref(values);
	json_decref(errors);
}

/* JSON bodies: valid input and the exact values it gives... */
struct valid_json_case {
	const char *body;
	const char *values;
};

static const struct valid_json_case valid_json[] = {
    {"{}", "{}"},
    {"{\"name\": \" Ann \"}", "{\"name\": \"Ann\"}"},
    {"{\"name\": null}", "{}"},
    {"{\"name\": \"\"}", "{}"},
    {"{\"name\": \"A\\nB\"}", "{\"name\": \"A\\nB\"}"},
    {"{\"age\": 42}", "{\"age\": 42}"},
    {"{\"count\": -3}", "{\"count\": -3}"},
    {"{\"count\": 9223372036854775807}", "{\"count\": 9223372036854775807}"},
    {"{\"agree\": true}", "{\"agree\": true}"},
    {"{\"agree\": false}", "{\"agree\": false}"},
    {"{\"when\": \"2024-02-29\"}", "{\"when\": \"2024-02-29\"}"},
    {"{\"email\": \"A@B.CO\"}", "{\"email\": \"a@b.co\"}"},
    {"{\"kind\": \"health\"}", "{\"kind\": \"health\"}"},
    {"{\"slug\": \"a-1\"}", "{\"slug\": \"a-1\"}"},
    {"{\"tags\": [\"a\", \"b\"]}", "{\"tags\": [\"a\", \"b\"]}"},
    {"{\"tags\": []}", "{}"},
    {"{\"tags\": null}", "{}"},
    {"{\"name\": \"Ann\", \"age\": 30, \"agree\": true}",
     "{\"name\": \"Ann\", \"age\": 30, \"agree\": true}"},
};

/* ...and invalid input, the field at fault and the message. */
struct invalid_json_case {
	const char *body;
	const char *field;
	const char *message;
};

static const struct invalid_json_case invalid_json[] = {
    {"{\"age\": \"42\"}", "age", "Your age must be a whole number"},
    {"{\"age\": 42.0}", "age", "Your age must be a whole number"},
    {"{\"age\": 4.5}", "age", "Your age must be a whole number"},
    {"{\"age\": true}", "age", "Your age must be a whole number"},
    {"{\"age\": [42]}", "age", "Your age must be a whole number"},
    {"{\"age\": 17}", "age", "Your age must be between 18 and 120"},
    {"{\"age\": 9223372036854775807}", "age", "Your age must be between 18 and 120"},
    {"{\"agree\": \"yes\"}", "agree", "Whether you agree must be true or false"},
    {"{\"agree\": 1}", "agree", "Whether you agree must be true or false"},
    {"{\"name\": 5}", "name", "Your name must be a string"},
    {"{\"name\": {}}", "name", "Your name must be a string"},
    {"{\"name\": \"A\"}", "name", "Your name must be 2 characters or more"},
    {"{\"name\": \"a\\u0001b\"}", "name", TEXT_CHARS},
    {"{\"when\": \"2023-02-29\"}", "when", BAD_DATE},
    {"{\"when\": 20260101}", "when", "The date must be a string"},
    {"{\"email\": \"nope\"}", "email", BAD_EMAIL},
    {"{\"kind\": \"fire\"}", "kind", "Select the type of agency from the list"},
    {"{\"slug\": \"A\"}", "slug", BAD_SLUG},
    {"{\"tags\": \"a\"}", "tags", "The tags must be a list"},
    {"{\"tags\": [1, \"a\"]}", "tags", "The tags must be a string"},
    {"{\"bogus\": 1}", "bogus", "Bogus is not a field this accepts"},
};

static void test_json_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_json / sizeof valid_json[0]; i++) {
		json_t *body = json_loads(valid_json[i].body, 0, NULL);
		json_t *want = json_loads(valid_json[i].values, 0, NULL);
		assert_non_null(body);
		assert_non_null(want);
		json_t *errors = json_array();
		json_t *values = NULL;
		enum haven_status st = fields_validate_json(optional_specs, body, &values, errors);
		expect_accepted(i, st, errors, values, want);
		json_decref(body);
		json_decref(want);
		json_decref(values);
		json_decref(errors);
	}
}

static void test_json_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid_json / sizeof invalid_json[0]; i++) {
		const struct invalid_json_case *c = &invalid_json[i];
		json_t *body = json_loads(c->body, 0, NULL);
		assert_non_null(body);
		json_t *errors = json_array();
		json_t *values = NULL;
		enum haven_status st = fields_validate_json(optional_specs, body, &values, errors);
		expect_refused(i, st, errors, c->field, c->message);
		assert_null(json_object_get(values, c->field));
		json_decref(body);
		json_decref(values);
		json_decref(errors);
	}
}

/* A JSON body that is not an object is one error, with an empty field. */
static void test_json_not_object(void **state)
{
	(void)state;
	json_t *bodies[] = {json_array(), json_string("name"), json_integer(1), json_null(), json_true()};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		json_t *errors = json_array();
		json_t *values = NULL;
		assert_int_equal(fields_validate_json(optional_specs, bodies[i], &values, errors),
		                 HAVEN_ERR_INVALID);
		assert_int_equal(check_errors_shape(errors), 1);
		assert_string_equal(error_for(errors, ""), "The request body must be a JSON object");
		assert_true(json_is_object(values));
		assert_int_equal(json_object_size(values), 0);
		json_decref(values);
		json_decref(errors);
		json_decref(bodies[i]);
	}
}

/* The trimming and the control-character check every text field has, also used by the incident intake. */
static void test_trim_text_and_control_chars(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} trims[] = {
	    {"  a b \t\n", "a b"},
	    {"\r\n", ""},
	    {"A\r\nB", "A\nB"},
	    {"A\r\r\nB", "A\nB"},
	    {"A\r\rB", "A\r\rB"},
	    {"\fA\v", "A"},
	    /* Unicode's white space at either end goes too: no-break, ideographic, thin, narrow no-break */
	    {"\u00a0Ann\u3000", "Ann"},
	    {"\u2009\u202fA\u00a0B\u205f", "A\u00a0B"},
	    /* text in which nothing shows is empty: spaces, joiners, direction marks, the soft hyphen, the
	     * braille blank (found by an attacker's test: a break-glass reason of ten no-break spaces) */
	    {"\u00a0\u00a0\u00a0", ""},
	    {"\u200d", ""},
	    {"\u200c \u200e\u200f", ""},
	    {"\u2800\u2800", ""},
	    {"\u00ad", ""},
	    {"\u1680\u3000\u061c", ""},
	    /* but a letter among them is text, joiners and all, and bytes that are not UTF-8 are kept for the
	     * checks after, which refuse them */
	    {"\u200d\u0915\u094d\u200d", "\u200d\u0915\u094d\u200d"},
	    {"\xff\u00a0", "\xff"},
	    {" \xc3", "\xc3"},
	};
	for (size_t i = 0; i < sizeof trims / sizeof *trims; i++) {
		char *out = fields_trim_text(trims[i].in);
		assert_string_equal(out, trims[i].out);
		char *again = fields_trim_text(out); /* trimmed text trimmed again is the same */
		assert_string_equal(again, out);
		free(again);
		free(out);
	}
	assert_null(fields_unusable_chars("Line one\r\nline two\tend"));
	assert_non_null(fields_unusable_chars("bell\a"));
	assert_non_null(fields_unusable_chars("\fform feed"));
	assert_non_null(fields_unusable_chars("delete\x7f"));
}

/* Hidden characters that reorder or hide text are refused, every Default_Ignorable_Code_Point among them;
 * the joiners and marks some scripts' names need are kept, and a variation selector after what it varies. */
static void test_hidden_chars(void **state)
{
	(void)state;
	static const char *const refused[] = {
	    "Ann\u202a",
	    "Ann\u202b",
	    "Ann\u202c",
	    "\u202enhoJ",
	    "Ann\u202d",
	    "Ann\u2066",
	    "Ann\u2069",
	    "\ufeffAnn",
	    "Ann\u2028Lee",
	    "Ann\u2029",
	    "A\u200bnn",
	    "A\u2060nn",
	    "A\u2064nn",
	    "A\u206fnn",
	    "A\ufff9nn",
	    /* every other Default_Ignorable_Code_Point: the combining grapheme joiner, the Mongolian vowel
	     * separator away from Mongolian, the Hangul fillers, the tag characters outside a flag, one not
	     * yet assigned */
	    "A\u034fnn",
	    "A\u180enn",
	    "\u3164Ann",
	    "\u115fAnn",
	    "A\u1160nn",
	    "A\uffa0nn",
	    "Ann\U000e0041",
	    "\U000e0001Ann",
	    "Ann\U000e007f",
	    "A\u2065nn",
	    "A\U000e0fffnn",
	    /* a variation selector varying nothing: first, after a space or another hidden character */
	    "\ufe0fAnn",
	    "Ann \ufe0f",
	    "Ann\ufe0f\ufe0f",
	    "A\u00ad\ufe00nn",
	    "\U000e0100",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		const char *why = fields_unusable_chars(refused[i]);
		if (!why)
			print_error("case %zu: kept\n", i);
		assert_string_equal(
		    why, "not include hidden characters, such as ones that change the direction of text");
	}
	static const char *const kept[] = {
	    "\u0645\u0631\u06cc\u200c\u0645", /* a Persian name with a zero width non-joiner */
	    "\u0915\u094d\u200d\u0937",       /* Devanagari with a zero width joiner */
	    "Ann\u200e",
	    "\u200f\u05d3\u05df",
	    "\u061c\u0639",
	    "Zo\u00eb",
	    "\u2019O'Neil",
	    "\u2027",
	    "\u202f",
	    "\ufffd",
	    "Thanks \u2764\ufe0f", /* a phone's keyboard sends an emoji with its variation selector */
	    "\u845b\U000e0100",    /* an ideograph's variant, as a Japanese family name is written */
	    "\u1820\u180b",        /* a Mongolian letter's free variation selector */
	    "\u1820\u180e\u1821",  /* the Mongolian vowel separator before a word's last vowel */
	    "Sam\u00adple",        /* a soft hyphen, as pasted from a document */
	    "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", /* England's flag */
	    "\U0001f469\u200d\U0001f467", /* an emoji sequence joined by the zero width joiner */
	};
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
		if (fields_unusable_chars(kept[i]))
			print_error("case %zu: refused\n", i);
		assert_null(fields_unusable_chars(kept[i]));
	}

	/* the field's own check names it and says why, whether from a form or JSON */
	static const struct field_spec specs[] = {
	    {.name = "given_name", .label = "the given name", .type = FIELD_TEXT}, {0}};
	const struct field_pair pairs[] = {{"given_name", "\u202enhoJ"}};
	json_t *values = NULL, *errors = json_array();
	assert_int_equal(fields_validate_pairs(specs, pairs, 1, NULL, &values, errors), HAVEN_ERR_INVALID);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
	                    "given_name");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
	                    "The given name must not include hidden characters, such as ones that change the "
	                    "direction of text");
	json_decref(values);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pairs_valid),
	    cmocka_unit_test(test_hidden_chars),
	    cmocka_unit_test(test_pairs_invalid),
	    cmocka_unit_test(test_pairs_partial_values),
	    cmocka_unit_test(test_text_default_max),
	    cmocka_unit_test(test_errors_appended),
	    cmocka_unit_test(test_json_valid),
	    cmocka_unit_test(test_json_invalid),
	    cmocka_unit_test(test_json_not_object),
	    cmocka_unit_test(test_trim_text_and_control_chars),
	    cmocka_unit_test(test_secret_trimmed_as_before),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
