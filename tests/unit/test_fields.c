/*
 * test_fields.c — tests typed input validation (router/fields.h): every field
 * type through both faces, decoded string pairs (query strings and forms,
 * fields_validate_pairs) and JSON bodies (fields_validate_json). Tables of
 * valid input give the exact typed values expected; tables of invalid input
 * give the field and the message (GOV.UK style) the user must see. Also
 * covered: required fields, unknown and repeated fields, multiple fields,
 * ignored fields, empty optional values being left out, what was typed kept
 * to show again (fields_keep_typed: a list whole, never a secret), and the shape of the
 * errors array ({"field", "message"}, messages starting with a capital),
 * and the trimming and control-character check on their own.
 * Dates (a date field, the three boxes of a date input, a figures page's
 * period) are test_fields_dates.c's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "router/fields.h"

static const char *const kinds[] = {"police", "health", "local_authority", NULL};

/* Every type, all optional. */
static const struct field_spec optional_specs[] = {
    {.name = "name", .label = "your name", .type = FIELD_TEXT, .min = 2, .max = 5},
    {.name = "title", .label = "the title", .type = FIELD_TEXT},
    {.name = "age", .label = "your age", .type = FIELD_INT, .min = 18, .max = 120},
    {.name = "count", .label = "the count", .type = FIELD_INT},
    {.name = "agree", .label = "whether you agree", .type = FIELD_BOOL},
    {.name = "when", .label = "the date", .type = FIELD_DATE},
    {.name = "email", .label = "your email address", .type = FIELD_EMAIL},
    {.name = "kind", .label = "the type of agency", .type = FIELD_CHOICE, .choices = kinds},
    {.name = "slug", .label = "the slug", .type = FIELD_SLUG, .max = 10},
    {.name = "tags", .label = "the tags", .type = FIELD_TEXT, .multiple = true},
    {0},
};

static const struct field_spec required_specs[] = {
    {.name = "name", .label = "your name", .type = FIELD_TEXT, .required = true},
    {.name = "kind", .label = "the type of agency", .type = FIELD_CHOICE, .required = true, .choices = kinds},
    {.name = "agree", .label = "whether you agree", .type = FIELD_BOOL, .required = true},
    {.name = "when", .label = "the date", .type = FIELD_DATE, .required = true},
    {.name = "tags", .label = "the tags", .type = FIELD_TEXT, .required = true, .multiple = true},
    {0},
};

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

/* Checks the shape every error must have; returns the number of errors. */
static size_t check_errors_shape(const json_t *errors)
{
	assert_true(json_is_array(errors));
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		assert_true(json_is_object(e));
		/* an error about one entry of a list also says which ("item", from 0) */
		json_t *item = json_object_get(e, "item");
		assert_int_equal(json_object_size(e), item ? 3 : 2);
		assert_true(!item || (json_is_integer(item) && json_integer_value(item) >= 0));
		assert_true(json_is_string(json_object_get(e, "field")));
		const char *msg = json_string_value(json_object_get(e, "message"));
		assert_non_null(msg);
		assert_true(isupper((unsigned char)msg[0]));
	}
	return json_array_size(errors);
}

/* The message for `field` in `errors` (the only one: it fails if there are more). */
static const char *error_for(const json_t *errors, const char *field)
{
	const char *found = NULL;
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0) {
			assert_null(found);
			found = json_string_value(json_object_get(e, "message"));
		}
	}
	return found;
}

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
		if (st != HAVEN_OK || !json_equal(values, want)) {
			print_json("errors", i, errors);
			print_json("values", i, values);
		}
		assert_int_equal(st, HAVEN_OK);
		assert_int_equal(json_array_size(errors), 0);
		assert_true(json_equal(values, want));
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
		const char *msg = error_for(errors, c->field);
		if (st != HAVEN_ERR_INVALID || !msg || !strstr(msg, c->message))
			print_json("errors", i, errors);
		assert_int_equal(st, HAVEN_ERR_INVALID);
		assert_int_equal(check_errors_shape(errors), 1);
		assert_non_null(msg);
		assert_non_null(strstr(msg, c->message));
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

/*
 * A list with a refused entry: each error names its entry ("item", its place
 * among the entries, a blank box not one), and the list in values keeps
 * every entry as typed, in order, so the form shown again keeps them all.
 */
static void test_list_entries_kept_and_named(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "ids", .label = "a record number", .type = FIELD_INT, .multiple = true},
	    {.name = "emails", .label = "an email", .type = FIELD_EMAIL, .multiple = true},
	    {0},
	};
	const struct field_pair pairs[] = {{"ids", "1"},         {"ids", " "}, {"ids", "12a"},
	                                   {"ids", "2"},         {"ids", "x"}, {"emails", "a@b.example"},
	                                   {"emails", "not one"}};
	json_t *errors = json_array(), *values = NULL;
	assert_int_equal(fields_validate_pairs(specs, pairs, 7, NULL, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 3);
	long long items[3];
	for (size_t i = 0; i < 3; i++)
		items[i] = json_integer_value(json_object_get(json_array_get(errors, i), "item"));
	assert_int_equal(items[0], 1); /* "12a": the second entry, the blank box not counted */
	assert_int_equal(items[1], 3); /* "x" */
	assert_int_equal(items[2], 1); /* "not one" */
	json_t *want = json_loads(
	    "{\"ids\": [1, \"12a\", 2, \"x\"], \"emails\": [\"a@b.example\", \"not one\"]}", 0, NULL);
	assert_true(json_equal(values, want));
	json_decref(want);
	json_decref(values);

	/* all valid: the handler gets typed values only, blanks left out, and no "item" anywhere */
	const struct field_pair good[] = {{"ids", "1"}, {"ids", ""}, {"ids", "2"}};
	json_array_clear(errors);
	assert_int_equal(fields_validate_pairs(specs, good, 3, NULL, &values, errors), HAVEN_OK);
	want = json_loads("{\"ids\": [1, 2]}", 0, NULL);
	assert_true(json_equal(values, want));
	json_decref(want);
	json_decref(values);

	/* JSON: the entry refused is named, not kept */
	json_t *body = json_loads("{\"ids\": [1, 2, \"three\"]}", 0, NULL);
	assert_int_equal(fields_validate_json(specs, body, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 0), "item")), 2);
	json_decref(body);
	json_decref(values);
	json_decref(errors);
}

/* A list's boxes: at least the count asked for, as many as the entries, each with its id and entry. */
/* What was typed, kept to show again or carry on: a list's every value in order, never a secret. */
static void test_keep_typed(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "reason", .label = "the reason", .type = FIELD_TEXT},
	    {.name = "agencies", .label = "the agencies", .type = FIELD_SLUG, .multiple = true},
	    {.name = "password", .label = "your password", .type = FIELD_TEXT, .secret = true},
	    {0},
	};
	static const struct field_pair pairs[] = {
	    {"agencies", "police"}, {"reason", "first"},    {"password", "secret words"}, {"agencies", ""},
	    {"reason", "second"},   {"agencies", "school"}, {"agencies", "bad\xff"},      {"csrf_token", "t"},
	};
	json_t *typed = json_object();
	fields_keep_typed(typed, specs, pairs, sizeof pairs / sizeof pairs[0]);
	json_t *want = json_pack("{s:[s,s,s], s:s, s:s}", "agencies", "police", "", "school", "reason",
	                         "second", "csrf_token", "t");
	assert_true(json_equal(typed, want));
	json_decref(want);
	json_decref(typed);
}

static void test_list_boxes(void **state)
{
	(void)state;
	char id[FIELDS_ENTRY_ID_SIZE];
	fields_entry_id("children", 0, id, sizeof id);
	assert_string_equal(id, "children");
	fields_entry_id("children", 2, id, sizeof id);
	assert_string_equal(id, "children-3");
	json_t *entries = json_loads("[7, \"12a\"]", 0, NULL);
	json_t *boxes = fields_list_boxes("children", entries, 3);
	json_t *want = json_loads("[{\"input_id\": \"children\", \"number\": 1, \"value\": \"7\"},"
	                          " {\"input_id\": \"children-2\", \"number\": 2, \"value\": \"12a\"},"
	                          " {\"input_id\": \"children-3\", \"number\": 3, \"value\": \"\"}]",
	                          0, NULL);
	assert_true(json_equal(boxes, want));
	json_decref(boxes);
	json_decref(want);
	boxes = fields_list_boxes("children", entries, 1);
	assert_int_equal(json_array_size(boxes), 2);
	json_decref(boxes);
	json_decref(entries);
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

/* Required fields that are missing: "Select" for choices and yes/no, "Enter" otherwise. */
static void test_required_missing(void **state)
{
	(void)state;
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(required_specs, NULL, 0, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 5);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	assert_string_equal(error_for(errors, "kind"), "Select the type of agency");
	assert_string_equal(error_for(errors, "agree"), "Select whether you agree");
	assert_string_equal(error_for(errors, "when"), "Enter the date");
	assert_string_equal(error_for(errors, "tags"), "Enter the tags");
	/* errors come in the order of the specs */
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")), "name");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 4), "field")), "tags");
	assert_int_equal(json_object_size(values), 0);
	json_decref(values);
	json_decref(errors);

	/* the same through JSON */
	json_t *body = json_object();
	errors = json_array();
	assert_int_equal(fields_validate_json(required_specs, body, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 5);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	assert_string_equal(error_for(errors, "kind"), "Select the type of agency");
	json_decref(body);
	json_decref(values);
	json_decref(errors);
}

/* Required fields given but blank: one error each, not two. */
static void test_required_blank(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {
	    {"name", "  "}, {"kind", "police"}, {"agree", "yes"}, {"when", ""}, {"tags", "x"},
	};
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(required_specs, pairs, 5, NULL, &values, errors),
	                 HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 2);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	assert_string_equal(error_for(errors, "when"), "Enter the date");
	json_decref(values);
	json_decref(errors);

	/* all given and valid */
	const struct field_pair good[] = {
	    {"name", "Ann"}, {"kind", "police"}, {"agree", "no"}, {"when", "2026-03-27"}, {"tags", "x"},
	};
	errors = json_array();
	assert_int_equal(fields_validate_pairs(required_specs, good, 5, NULL, &values, errors), HAVEN_OK);
	assert_int_equal(json_object_size(values), 5);
	json_decref(values);
	json_decref(errors);
}

/*
 * The next tests keep their JSON in `fx` so that the teardown frees it even
 * when an assertion fails (they show bugs, so they may fail).
 */
static struct {
	json_t *errors, *values, *body;
} fx;

static int fx_setup(void **state)
{
	(void)state;
	fx.errors = json_array();
	fx.values = NULL;
	fx.body = NULL;
	return 0;
}

static int fx_teardown(void **state)
{
	(void)state;
	json_decref(fx.errors);
	json_decref(fx.values);
	json_decref(fx.body);
	fx.errors = fx.values = fx.body = NULL;
	return 0;
}

/*
 * A required choice sent blank (a <select> left on its empty first option)
 * must read "Select the type of agency", as it does when it is missing.
 */
static void test_required_choice_blank_says_select(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {{"kind", ""}};
	assert_int_equal(fields_validate_pairs(required_specs + 1, pairs, 1, NULL, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	const char *msg = error_for(fx.errors, "kind");
	assert_non_null(msg);
	assert_string_equal(msg, "Select the type of agency");
}

/* The same through JSON: a required choice sent as null. */
static void test_required_choice_null_says_select(void **state)
{
	(void)state;
	fx.body = json_pack("{s:n}", "kind");
	assert_int_equal(fields_validate_json(required_specs + 1, fx.body, &fx.values, fx.errors),
	                 HAVEN_ERR_INVALID);
	const char *msg = error_for(fx.errors, "kind");
	assert_non_null(msg);
	assert_string_equal(msg, "Select the type of agency");
}

/* A required multiple field sent as an empty JSON list has no value: it must fail. */
static void test_required_multiple_empty_json_list(void **state)
{
	(void)state;
	fx.body = json_pack("{s:[]}", "tags");
	enum haven_status st = fields_validate_json(required_specs + 4, fx.body, &fx.values, fx.errors);
	assert_null(json_object_get(fx.values, "tags"));
	assert_int_equal(st, HAVEN_ERR_INVALID);
	assert_string_equal(error_for(fx.errors, "tags"), "Enter the tags");
}

/* A field offered as a select of records (not a FIELD_CHOICE) says "Select" when left empty, not "Enter". */
static void test_in_select_says_select(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "agency",
	     .label = "the agency",
	     .type = FIELD_SLUG,
	     .required = true,
	     .in_select = true},
	    {.name = "lead", .label = "the lead", .type = FIELD_TEXT, .required = true},
	    {0},
	};
	fx.body = json_object();
	assert_int_equal(fields_validate_json(specs, fx.body, &fx.values, fx.errors), HAVEN_ERR_INVALID);
	assert_string_equal(error_for(fx.errors, "agency"), "Select the agency");
	assert_string_equal(error_for(fx.errors, "lead"), "Enter the lead");
}

static const struct field_spec whole_list_specs[] = {
    {.name = "themes", .label = "the themes", .type = FIELD_SLUG, .multiple = true, .whole_list = true},
    {0},
};

/* A whole list left out of a JSON body is refused, so that leaving it out clears nothing. */
static void test_whole_list_left_out_of_json(void **state)
{
	(void)state;
	const char *bodies[] = {"{}", "{\"themes\": null}"};
	for (size_t i = 0; i < 2; i++) {
		json_decref(fx.values);
		json_array_clear(fx.errors);
		json_decref(fx.body);
		fx.body = json_loads(bodies[i], 0, NULL);
		assert_int_equal(fields_validate_json(whole_list_specs, fx.body, &fx.values, fx.errors),
		                 HAVEN_ERR_INVALID);
		assert_string_equal(error_for(fx.errors, "themes"), "Send the themes as a list: [] for none");
	}
}

/* A whole list sent empty in JSON, or a form with none of its boxes ticked, gives the handler []. */
static void test_whole_list_empty(void **state)
{
	(void)state;
	fx.body = json_pack("{s:[]}", "themes");
	assert_int_equal(fields_validate_json(whole_list_specs, fx.body, &fx.values, fx.errors), HAVEN_OK);
	assert_true(json_is_array(json_object_get(fx.values, "themes")));
	assert_int_equal(json_array_size(json_object_get(fx.values, "themes")), 0);
	json_decref(fx.values);
	assert_int_equal(fields_validate_pairs(whole_list_specs, NULL, 0, NULL, &fx.values, fx.errors),
	                 HAVEN_OK);
	assert_true(json_is_array(json_object_get(fx.values, "themes")));
	assert_int_equal(json_array_size(json_object_get(fx.values, "themes")), 0);
	json_decref(fx.values);
	struct field_pair two[] = {{"themes", "neglect"}, {"themes", "safer-sleep"}};
	assert_int_equal(fields_validate_pairs(whole_list_specs, two, 2, NULL, &fx.values, fx.errors),
	                 HAVEN_OK);
	assert_int_equal(json_array_size(json_object_get(fx.values, "themes")), 2);
	assert_int_equal(json_array_size(fx.errors), 0);
}

/*
 * Anything not declared is rejected, whatever its name: a form field whose
 * name is not valid UTF-8 (e.g. "%FF=1") must still be an error.
 */
static void test_unknown_field_bad_utf8_name(void **state)
{
	(void)state;
	const struct field_pair pairs[] = {{"\xff", "1"}};
	enum haven_status st = fields_validate_pairs(optional_specs, pairs, 1, NULL, &fx.values, fx.errors);
	assert_int_equal(st, HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(fx.errors), 1);
}

/* Ignored names (the CSRF token) are skipped; with no specs, everything else is unknown. */
static void test_ignore_and_no_specs(void **state)
{
	(void)state;
	static const char *const ignore[] = {"csrf_token", NULL};
	const struct field_pair pairs[] = {{"csrf_token", "abc"}, {"name", "Ann"}, {"csrf_token", "again"}};
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_pairs(optional_specs, pairs, 3, ignore, &values, errors), HAVEN_OK);
	assert_null(json_object_get(values, "csrf_token"));
	assert_int_equal(json_object_size(values), 1);
	json_decref(values);

	assert_int_equal(fields_validate_pairs(NULL, pairs, 1, ignore, &values, errors), HAVEN_OK);
	assert_int_equal(json_object_size(values), 0);
	json_decref(values);
	assert_int_equal(json_array_size(errors), 0);

	assert_int_equal(fields_validate_pairs(NULL, pairs, 2, NULL, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 2);
	assert_string_equal(error_for(errors, "csrf_token"), "Csrf_token is not a field this accepts");
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
		if (st != HAVEN_OK || !json_equal(values, want)) {
			print_json("errors", i, errors);
			print_json("values", i, values);
		}
		assert_int_equal(st, HAVEN_OK);
		assert_int_equal(json_array_size(errors), 0);
		assert_true(json_equal(values, want));
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
		const char *msg = error_for(errors, c->field);
		if (st != HAVEN_ERR_INVALID || !msg || !strstr(msg, c->message))
			print_json("errors", i, errors);
		assert_int_equal(st, HAVEN_ERR_INVALID);
		assert_int_equal(check_errors_shape(errors), 1);
		assert_non_null(msg);
		assert_non_null(strstr(msg, c->message));
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

/* Required fields sent as JSON null are missing. */
static void test_json_required_null(void **state)
{
	(void)state;
	json_t *body = json_pack("{s:n, s:s, s:b, s:s, s:[s]}", "name", "kind", "police", "agree", 1, "when",
	                         "2026-01-01", "tags", "x");
	json_t *errors = json_array();
	json_t *values = NULL;
	assert_int_equal(fields_validate_json(required_specs, body, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 1);
	assert_string_equal(error_for(errors, "name"), "Enter your name");
	json_decref(values);
	json_decref(body);
	json_decref(errors);
}

/* The trimming and the control-character check every text field has, also used by the incident intake. */
static void test_trim_text_and_control_chars(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} trims[] = {
	    {"  a b \t\n", "a b"}, {"\r\n", ""},         {"A\r\nB", "A\nB"},
	    {"A\r\r\nB", "A\nB"},  {"A\r\rB", "A\r\rB"}, {"\fA\v", "A"},
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

/* Hidden characters that reorder or hide text are refused; the joiners and marks some scripts' names need
 * are kept. */
static void test_hidden_chars(void **state)
{
	(void)state;
	static const char *const refused[] = {
	    "Ann\u202a", "Ann\u202b", "Ann\u202c", "\u202enhoJ",   "Ann\u202d",
	    "Ann\u2066", "Ann\u2069", "\ufeffAnn", "Ann\u2028Lee", "Ann\u2029",
	    "A\u200bnn", "A\u2060nn", "A\u2064nn", "A\u206fnn",    "A\ufff9nn",
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
	    "\u2065",
	    "\ufffd",
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
	    cmocka_unit_test(test_list_entries_kept_and_named),
	    cmocka_unit_test(test_list_boxes),
	    cmocka_unit_test(test_keep_typed),
	    cmocka_unit_test(test_text_default_max),
	    cmocka_unit_test(test_required_missing),
	    cmocka_unit_test(test_required_blank),
	    cmocka_unit_test_setup_teardown(test_required_choice_blank_says_select, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_required_choice_null_says_select, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_required_multiple_empty_json_list, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_in_select_says_select, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_whole_list_left_out_of_json, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_whole_list_empty, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_field_bad_utf8_name, fx_setup, fx_teardown),
	    cmocka_unit_test(test_ignore_and_no_specs),
	    cmocka_unit_test(test_errors_appended),
	    cmocka_unit_test(test_json_valid),
	    cmocka_unit_test(test_json_invalid),
	    cmocka_unit_test(test_json_not_object),
	    cmocka_unit_test(test_json_required_null),
	    cmocka_unit_test(test_trim_text_and_control_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
