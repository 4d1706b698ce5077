/*
 * test_children_match.c — tests the children area's identity checks and
 * duplicate matching (src/areas/children/match.h), table-driven: NHS numbers
 * (valid, wrong check digit, check digit 10, badly spaced), UPNs (permanent
 * and temporary, wrong check letter, I/O/S), postcodes, name normalisation,
 * phonetic pairs that must and must not sound the same, the field checks
 * with their field names (and the local authority read, a failed read an
 * error), and matching against a real, migrated SQLite
 * database in a temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "areas/calendar/calendar.h"
#include "areas/children/match.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

/* ---- identifiers ---- */

static void nhs_numbers(void **state)
{
	(void)state;
	static const char *const valid[] = {
	    "9434765919",   /* the NHS's own example */
	    "943 476 5919", /* written 3-3-4 */
	    "4010232137",   "4857773457", "5551234568",
	    "9999999999",   "0000000000", /* check value 11 means 0 */
	};
	static const char *const invalid[] = {
	    "9434765918", /* wrong check digit */
	    "9434765910", /* wrong check digit */
	    "1234567890", /* check value 10: no check digit can be right */
	    "1234567891", /* ... whatever the last digit */
	    "0000000060", /* check value 10 again */
	    "0000000069",
	    "943476591",     /* nine digits */
	    "94347659190",   /* eleven */
	    "943-476-5919",  /* hyphens */
	    "9434 765 919",  /* spaced wrongly */
	    "943  476 5919", /* two spaces */
	    " 9434765919",   /* a leading space */
	    "94347659I9",    /* a letter */
	    "",
	};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		if (!match_nhs_number_valid(valid[i]))
			fail_msg("valid NHS number refused: \"%s\"", valid[i]);
	}
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		if (match_nhs_number_valid(invalid[i]))
			fail_msg("invalid NHS number accepted: \"%s\"", invalid[i]);
	}
	assert_false(match_nhs_number_valid(NULL));
	char out[MATCH_NHS_SIZE];
	assert_true(match_nhs_number_normalise("943 476 5919", out));
	assert_string_equal(out, "9434765919");
	assert_false(match_nhs_number_normalise("1234567890", out));
	assert_string_equal(out, "");
}

static void upns(void **state)
{
	(void)state;
	static const char *const good[] = {"B801200005001", "b801200005001", "P207000016049", "L88912345601A",
	                                   "M88800001234B"};
	static const char *const bad[] = {
	    "A801200005001",  /* wrong check letter */
	    "Q207000016049",  /* wrong check letter */
	    "I801200005001",  /* I is never a check letter */
	    "B80120000500",   /* 12 characters */
	    "B8012000050011", /* 14 */
	    "X80120000A001",  /* a letter in the middle */
	    "L88912345601I",  /* I is never the final letter */
	    "L88912345601S",
	    "1801200005001", /* no check letter */
	    "",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!match_upn_valid(good[i]))
			fail_msg("valid UPN refused: \"%s\"", good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (match_upn_valid(bad[i]))
			fail_msg("invalid UPN accepted: \"%s\"", bad[i]);
	}
	char out[MATCH_UPN_SIZE];
	assert_true(match_upn_normalise("b801200005001", out));
	assert_string_equal(out, "B801200005001");
}

static void postcodes(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} valid[] = {
	    {"PR1 2HH", "PR1 2HH"},   {"pr12hh", "PR1 2HH"},    {" FY1  1AA ", "FY1 1AA"},
	    {"BB1 7DT", "BB1 7DT"},   {"M1 1AE", "M1 1AE"},     {"B33 8TH", "B33 8TH"},
	    {"CR2 6XH", "CR2 6XH"},   {"DN55 1PT", "DN55 1PT"}, {"W1A 0AX", "W1A 0AX"},
	    {"EC1A 1BB", "EC1A 1BB"}, {"gir 0aa", "GIR 0AA"},
	};
	static const char *const invalid[] = {
	    "PR1 2CH", /* C never in the inward code */
	    "PR1 2HI",   "PR1", "12 3AB", "PR1 HH2",   "PRR1 2HH",
	    "PR1 2HH X", "",    "P 2HH",  "PR12 34HH", "PR1-2HH",
	};
	char out[MATCH_POSTCODE_SIZE];
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		if (!match_postcode_normalise(valid[i].in, out))
			fail_msg("valid postcode refused: \"%s\"", valid[i].in);
		assert_string_equal(out, valid[i].out);
	}
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		if (match_postcode_normalise(invalid[i], out))
			fail_msg("invalid postcode accepted: \"%s\" as \"%s\"", invalid[i], out);
	}
}

/* ---- names ---- */

static void name_keys(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"Alex", "alex"},
	    {"Zoë O'Brien-Smith", "zoeobriensmith"},
	    {"ZOË", "zoe"},
	    {"José", "jose"},
	    {"Renée  Le Fèvre", "reneelefevre"},
	    {"Łukasz", "lukasz"},
	    {"Strauß", "strauss"},
	    {"Ægir", "aegir"},
	    {"Œdipe", "oedipe"},
	    {"Şerban Ţepeş", "serbantepes"},
	    {"Ștefan", "stefan"},
	    {"Dvořák", "dvorak"},
	    {"Ní Bhriain", "nibhriain"},
	    {"O\xE2\x80\x99Neil", "oneil"}, /* a typographic apostrophe */
	    {"Anne-Marie", "annemarie"},
	    {"R2-D2", "rd"},
	    {"Ｊｏｈｎ", "john"}, /* full-width forms are the letters they show */
	    {"Nguyễn", "nguyen"},
	    {"ªbc", "abc"},
	    /* other scripts: their letters, case-folded where the script has case, NFKC */
	    {"Мария", "мария"},
	    {"МАРИЯ Иванова", "марияиванова"},
	    {"Σοφία", "σοφία"},
	    {"ΣΟΦΊΑ", "σοφία"},
	    {"محمد", "محمد"},
	    {"محـــمد", "محمد"}, /* the tatweel only stretches the word */
	    {"\xEF\xBB\xA3\xEF\xBA\xA3\xEF\xBB\xA4\xEF\xBA\xAA", "محمد"}, /* presentation forms */
	    {"پارسا", "پارسا"},
	    {"王小明", "王小明"},
	    {"김민준", "김민준"},
	    {"प्रिया", "प्रिया"}, /* the vowel signs and virama are kept with their letters */
	    {"Ali علي", "aliعلي"},
	    {"123 ٣", ""},    /* digits of any script are not letters */
	    {"\xCC\x81", ""}, /* a mark with no letter */
	    {"", ""},
	    {"\xC3", ""}, /* a truncated UTF-8 sequence */
	};
	char out[MATCH_KEY_SIZE];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		match_name_key(cases[i].in, out, sizeof out);
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("key of \"%s\": got \"%s\", want \"%s\"", cases[i].in, out, cases[i].out);
	}
	match_name_key(NULL, out, sizeof out);
	assert_string_equal(out, "");
	match_name_key("İ", out, sizeof out); /* Turkish capital dotted I is i */
	assert_string_equal(out, "i");
	char small[4];
	match_name_key("Catherine", small, sizeof small);
	assert_string_equal(small, "cat");
	/* cut at a character's start: "мa" would be 3 bytes, so only "м" fits */
	match_name_key("Мария", small, sizeof small);
	assert_string_equal(small, "м");
}

static void sounds(void **state)
{
	(void)state;
	/* the published Double Metaphone primary keys */
	static const struct {
		const char *in, *out;
	} keys[] = {
	    {"Smith", "SM0"},
	    {"Schmidt", "XMT"},
	    {"Thomas", "TMS"},
	    {"Knight", "NT"},
	    {"Xavier", "SF"},
	    {"Jose", "HS"},
	    {"Michael", "MKL"},
	    {"Philip", "FLP"},
	    {"Catherine", "K0RN"},
	    {"Mohammed", "MHMT"},
	    {"Steven", "STFN"},
	    {"John", "JN"},
	    {"Hugh", "H"},
	    {"", ""},
	    /* no Latin letters, no sound: such names match by their key alone */
	    {"محمد", ""},
	    {"王小明", ""},
	    {"Мария", ""},
	    {"Ali علي", "AL"},
	    /* a name of vowels alone has no sound: Double Metaphone's "A" is every such name's */
	    {"İ", ""},
	    {"A", ""},
	    {"Ia", ""},
	    {"Aya", ""},
	};
	char a[MATCH_KEY_SIZE], b[MATCH_KEY_SIZE];
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		match_name_sound(keys[i].in, a, sizeof a);
		if (strcmp(a, keys[i].out) != 0)
			fail_msg("sound of \"%s\": got \"%s\", want \"%s\"", keys[i].in, a, keys[i].out);
	}
	static const char *const alike[][2] = {
	    {"Jon", "John"},          {"Smith", "Smyth"},    {"Catherine", "Kathryn"},
	    {"Mohammed", "Muhammad"}, {"Steven", "Stephen"}, {"Mohamed", "Muhammed"},
	    {"Philips", "Phillips"},  {"Zoë", "Zoe"},        {"Aisha", "Ayesha"},
	    {"Sophie", "Sofie"},      {"Neil", "Neal"},      {"Thomson", "Tomson"},
	};
	for (size_t i = 0; i < sizeof alike / sizeof alike[0]; i++) {
		match_name_sound(alike[i][0], a, sizeof a);
		match_name_sound(alike[i][1], b, sizeof b);
		if (strcmp(a, b) != 0)
			fail_msg("\"%s\" (%s) and \"%s\" (%s) should sound the same", alike[i][0], a,
			         alike[i][1], b);
	}
	static const char *const unlike[][2] = {
	    {"Smith", "Jones"},      {"Catherine", "Caroline"}, {"Steven", "Simon"},
	    {"Mohammed", "Mahmoud"}, {"Alex", "Alan"},          {"Sam", "Tom"},
	};
	for (size_t i = 0; i < sizeof unlike / sizeof unlike[0]; i++) {
		match_name_sound(unlike[i][0], a, sizeof a);
		match_name_sound(unlike[i][1], b, sizeof b);
		if (strcmp(a, b) == 0)
			fail_msg("\"%s\" and \"%s\" should not sound the same (both %s)", unlike[i][0],
			         unlike[i][1], a);
	}
}

/*
 * Look-alikes (UTS #39 confusables): a name typed with letters of another
 * script that look like Latin ones, in a name partly Latin or wholly made of
 * such letters, has the keys of the name it shows; a name in another script
 * with letters of its own keeps them.
 */
static void lookalikes(void **state)
{
	(void)state;
	static const char *const same[][2] = {
	    {"Ѕam", "Sam"},       /* Cyrillic Ѕ */
	    {"Sаm", "Sam"},       /* Cyrillic а */
	    {"Ѕаm", "Sam"},       /* Ѕ and а */
	    {"Ѕаmрlе", "Sample"}, /* Ѕ, а, р, е */
	    {"Sɑm", "Sam"},       /* Latin alpha */
	    {"Ѕаѕ", "Sas"},       /* every letter a look-alike */
	    {"Jоhn", "John"},     /* Cyrillic о */
	    {"Οliver", "Oliver"}, /* Greek capital omicron */
	};
	char a[MATCH_KEY_SIZE], b[MATCH_KEY_SIZE];
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		match_name_key(same[i][0], a, sizeof a);
		match_name_key(same[i][1], b, sizeof b);
		if (strcmp(a, b) != 0)
			fail_msg("key of \"%s\" (%s) should be that of \"%s\" (%s)", same[i][0], a,
			         same[i][1], b);
		match_name_sound(same[i][0], a, sizeof a);
		match_name_sound(same[i][1], b, sizeof b);
		if (strcmp(a, b) != 0)
			fail_msg("sound of \"%s\" (%s) should be that of \"%s\" (%s)", same[i][0], a,
			         same[i][1], b);
	}
	static const char *const different[][2] = {
	    {"Sam", "Tom"},     {"Sam", "Pam"},   {"Sample", "Simple"},
	    {"Мария", "Mapия"}, {"Иван", "Ivan"}, {"王小明", "Sam"},
	};
	for (size_t i = 0; i < sizeof different / sizeof different[0]; i++) {
		match_name_key(different[i][0], a, sizeof a);
		match_name_key(different[i][1], b, sizeof b);
		if (strcmp(a, b) == 0)
			fail_msg("\"%s\" and \"%s\" should not have the same key (%s)", different[i][0],
			         different[i][1], a);
	}
	/* a Cyrillic name keeps its Cyrillic letters, its а and р among them */
	match_name_key("Мария", a, sizeof a);
	assert_string_equal(a, "мария");
}

/* ---- the field checks ---- */

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_true(calendar_parse(s, &d));
	return d;
}

/* The field of the only error `c` gets, checked on 2026-03-01 with no database. */
static const char *only_error(const struct child_identity *c, const char *prefix)
{
	static char field[64];
	json_t *errors = json_array();
	bool ok = children_check_identity(c, prefix, day("2026-03-01"), errors);
	field[0] = '\0';
	if (json_array_size(errors) == 1)
		snprintf(field, sizeof field, "%s",
		         json_string_value(json_object_get(json_array_get(errors, 0), "field")));
	else if (json_array_size(errors) > 1)
		snprintf(field, sizeof field, "(%zu errors)", json_array_size(errors));
	assert_true(ok == (json_array_size(errors) == 0));
	json_decref(errors);
	return field;
}

static void identity_checks(void **state)
{
	(void)state;
	const struct child_identity good = {
	    .given_name = "Alex", .family_name = "Example", .date_of_birth = "2016-04-12", .la_code = 889};
	assert_string_equal(only_error(&good, NULL), "");
	const struct child_identity unborn = {.given_name = "Baby",
	                                      .family_name = "Example",
	                                      .expected_date_of_birth = "2026-06-01",
	                                      .sex = "not_known",
	                                      .la_code = 888};
	assert_string_equal(only_error(&unborn, NULL), "");
	const struct child_identity full = {.given_name = "Zoë",
	                                    .family_name = "O'Brien",
	                                    .other_names = "Zee",
	                                    .date_of_birth = "2026-03-01",
	                                    .sex = "female",
	                                    .postcode = "pr1 2hh",
	                                    .upn = "B801200005001",
	                                    .nhs_number = "943 476 5919",
	                                    .la_code = 888};
	assert_string_equal(only_error(&full, NULL), "");

	static const struct {
		struct child_identity c;
		const char *field;
	} bad[] = {
	    {{.family_name = "Example", .date_of_birth = "2016-04-12", .la_code = 889}, "given_name"},
	    {{.given_name = "Alex", .family_name = "", .date_of_birth = "2016-04-12", .la_code = 889},
	     "family_name"},
	    {{.given_name = "123", .family_name = "Example", .date_of_birth = "2016-04-12", .la_code = 889},
	     "given_name"},
	    {{.given_name = "Alex", .family_name = "Example", .la_code = 889}, "date_of_birth"},
	    {{.given_name = "Alex", .family_name = "Example", .date_of_birth = "2016-02-30", .la_code = 889},
	     "date_of_birth"},
	    {{.given_name = "Alex", .family_name = "Example", .date_of_birth = "2026-03-02", .la_code = 889},
	     "date_of_birth"},
	    {{.given_name = "Alex", .family_name = "Example", .date_of_birth = "1990-01-01", .la_code = 889},
	     "date_of_birth"},
	    {{.given_name = "Alex",
	      .family_name = "Example",
	      .date_of_birth = "2016-04-12",
	      .expected_date_of_birth = "2026-05-01",
	      .la_code = 889},
	     "expected_date_of_birth"},
	    {{.given_name = "Alex",
	      .family_name = "Example",
	      .expected_date_of_birth = "2026-01-15",
	      .la_code = 889},
	     "expected_date_of_birth"},
	    {{.given_name = "Alex",
	      .family_name = "Example",
	      .expected_date_of_birth = "2027-03-01",
	      .la_code = 889},
	     "expected_date_of_birth"},
	    {{.given_name = "Alex",
	      .family_name = "Example",
	      .date_of_birth = "2016-04-12",
	      .sex = "other",
	      .la_code = 889},
	     "sex"},
	    {{.given_name = "Alex",
	      .family_name = "Example",
	      .date_of_birth = "2016-04-12",
	      .postcode = "PR1",
	      .la_code = 889},
	     "postcode"},
	    {{.given_name = "Alex",
	      .family_name = "Example",
	      .date_of_birth = "2016-04-12",
	      .upn = "A801200005001",
	      .la_code = 889},
	     "upn"},
	    {{.given_name = "Alex",
	      .family_name = "Example",
	      .date_of_birth = "2016-04-12",
	      .nhs_number = "1234567890",
	      .la_code = 889},
	     "nhs_number"},
	    {{.given_name = "Alex", .family_name = "Example", .date_of_birth = "2016-04-12"}, "la_code"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *got = only_error(&bad[i].c, NULL);
		if (strcmp(got, bad[i].field) != 0)
			fail_msg("case %zu: error on \"%s\", want \"%s\"", i, got, bad[i].field);
	}
	/* another area's form names its fields with a prefix */
	assert_string_equal(only_error(&bad[0].c, "child_"), "child_given_name");
}

/* With no store to read the local authority from, the check is the store's failure, not a pass. */
static void identity_unread_without_a_store(void **state)
{
	(void)state;
	const struct child_identity c = {
	    .given_name = "Alex", .family_name = "Example", .date_of_birth = "2016-04-12", .la_code = 889};
	json_t *errors = json_array();
	assert_int_equal(children_check_identity_now(&c, NULL, errors), HAVEN_ERR_DB);
	json_decref(errors);
}

/* ---- matching against a real database ---- */

static struct temp_store temp;

static int open_store(void **state)
{
	(void)state;
	return temp_store_open(&temp, "children");
}

static int close_store(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

/* The reason for taking an existing record: required, 10 to 1000 characters (not bytes), named as asked. */
static void take_reasons(void **state)
{
	(void)state;
	static const struct {
		const char *reason;
		bool ok;
	} cases[] = {
	    {NULL, false},        {"", false},          {"too short", false},
	    {"ten chars!", true}, {"éééééééééé", true}, /* 10 characters in 20 bytes */
	    {"ééééé", false},                           /* 5 characters in 10 bytes */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *errors = json_array();
		bool ok = children_check_take_reason(cases[i].reason, "same_as_reason", errors);
		if (ok != cases[i].ok)
			fail_msg("case %zu (%s): got %d", i, cases[i].reason ? cases[i].reason : "NULL", ok);
		assert_int_equal(json_array_size(errors), ok ? 0 : 1);
		if (!ok)
			assert_string_equal(
			    json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "same_as_reason");
		json_decref(errors);
	}
	char long_reason[1002];
	memset(long_reason, 'x', sizeof long_reason - 1);
	long_reason[sizeof long_reason - 1] = '\0';
	json_t *errors = json_array();
	assert_false(children_check_take_reason(long_reason, "reason", errors));
	long_reason[1000] = '\0';
	assert_true(children_check_take_reason(long_reason, "reason", errors));
	assert_int_equal(json_array_size(errors), 1);
	json_decref(errors);
}

/* The register the matching cases run against (ids 1, 2, ... in this order). */
static const struct child_identity registered[] = {
    {.given_name = "Catherine",
     .family_name = "Smith",
     .date_of_birth = "2015-06-01",
     .la_code = 888}, /* 1 */
    {.given_name = "Mohammed",
     .family_name = "Khan",
     .date_of_birth = "2018-02-14",
     .la_code = 889,
     .nhs_number = "943 476 5919"},                                                                    /* 2 */
    {.given_name = "Samuel", .family_name = "O'Brien", .date_of_birth = "2012-09-30", .la_code = 890}, /* 3 */
    {.given_name = "Jon", .family_name = "Example", .date_of_birth = "2015-06-01", .la_code = 888},    /* 4 */
    {.given_name = "Baby",
     .family_name = "Sample",
     .expected_date_of_birth = "2026-07-01",
     .la_code = 890}, /* 5 */
    {.given_name = "Zoë",
     .family_name = "Lefèvre",
     .date_of_birth = "2014-01-20",
     .la_code = 888,
     .upn = "B801200005001"},                                                                        /* 6 */
    {.given_name = "Émile", .family_name = "Dupont", .date_of_birth = "2013-03-03", .la_code = 888}, /* 7 */
};

static enum haven_status insert_all(db_conn *db, void *ctx)
{
	(void)ctx;
	if (db_exec_script(
	        db,
	        "INSERT INTO local_authorities (code, slug, name) VALUES (888, 'lancashire', 'Lancashire'),"
	        " (889, 'blackburn-with-darwen', 'Blackburn with Darwen'), (890, 'blackpool', "
	        "'Blackpool')") != HAVEN_OK)
		return HAVEN_ERR_DB;
	for (size_t i = 0; i < sizeof registered / sizeof registered[0]; i++) {
		long long id = 0;
		enum haven_status st = children_insert(db_tx(db), &registered[i], 0, &id);
		if (st != HAVEN_OK)
			return st;
		if (id != (long long)i + 1)
			return HAVEN_ERR_INTERNAL;
	}
	return HAVEN_OK;
}

/* "id:strength" for each candidate, comma-separated, best first. */
static void describe(const json_t *found, char *out, size_t size)
{
	size_t used = 0, i;
	json_t *c;
	out[0] = '\0';
	json_array_foreach(found, i, c)
	{
		int n = snprintf(out + used, size - used, "%s%lld:%s", i ? "," : "",
		                 (long long)json_integer_value(json_object_get(c, "id")),
		                 json_string_value(json_object_get(c, "strength")));
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

static bool has_reason(const json_t *found, long long id, const char *reason)
{
	size_t i, j;
	json_t *c, *r;
	json_array_foreach(found, i, c)
	{
		if (json_integer_value(json_object_get(c, "id")) != id)
			continue;
		json_array_foreach(json_object_get(c, "reasons"), j,
		                   r) if (strcmp(json_string_value(r), reason) == 0) return true;
	}
	return false;
}

static void matching(void **state)
{
	(void)state;
	assert_int_equal(db_write(insert_all, NULL), HAVEN_OK);
	static const struct {
		struct child_identity q;
		const char *want;
	} cases[] = {
	    /* same date, names sounding the same */
	    {{.given_name = "Kathryn", .family_name = "Smyth", .date_of_birth = "2015-06-01"}, "1:likely"},
	    /* a different date: nothing, however alike the names */
	    {{.given_name = "Catherine", .family_name = "Smith", .date_of_birth = "2015-06-02"}, ""},
	    /* the same date, a different family name */
	    {{.given_name = "Catherine", .family_name = "Jones", .date_of_birth = "2015-06-01"}, ""},
	    /* the same date and family name, a different given name */
	    {{.given_name = "Caroline", .family_name = "Smith", .date_of_birth = "2015-06-01"}, ""},
	    /* given and family names swapped */
	    {{.given_name = "Smith", .family_name = "Catherine", .date_of_birth = "2015-06-01"}, "1:likely"},
	    /* a given name that starts the other, a family name normalised the same */
	    {{.given_name = "Sam", .family_name = "OBrien", .date_of_birth = "2012-09-30"}, "3:likely"},
	    {{.given_name = "John", .family_name = "Example", .date_of_birth = "2015-06-01"}, "4:likely"},
	    /* the same NHS number and date of birth, whatever the name: certain */
	    {{.given_name = "Someone",
	      .family_name = "Else",
	      .date_of_birth = "2018-02-14",
	      .nhs_number = "9434765919"},
	     "2:certain"},
	    /* the same NHS number with another date: nothing (a number alone must not show whose it is) */
	    {{.given_name = "Someone",
	      .family_name = "Else",
	      .date_of_birth = "2010-01-01",
	      .nhs_number = "9434765919"},
	     ""},
	    /* ... nor does it bring in the number's child beside a likely match on the date typed */
	    {{.given_name = "Jon",
	      .family_name = "Example",
	      .date_of_birth = "2015-06-01",
	      .nhs_number = "943 476 5919"},
	     "4:likely"},
	    /* an identifier without any date matches nothing */
	    {{.given_name = "Mohammed", .family_name = "Khan", .nhs_number = "9434765919"}, ""},
	    {{.given_name = "Zoë", .family_name = "Lefèvre", .upn = "B801200005001"}, ""},
	    {{.given_name = "Muhammad",
	      .family_name = "Khan",
	      .date_of_birth = "2018-02-14",
	      .nhs_number = "9434765919"},
	     "2:certain"},
	    /* the same UPN and date of birth; with another date, nothing */
	    {{.given_name = "Z", .family_name = "L", .date_of_birth = "2014-01-20", .upn = "b801200005001"},
	     "6:certain"},
	    {{.given_name = "Z", .family_name = "L", .date_of_birth = "2014-01-21", .upn = "b801200005001"},
	     ""},
	    /* an NHS number given as a date of birth's partner for an unborn child: its expected date counts
	     */
	    {{.given_name = "Baby",
	      .family_name = "Sample",
	      .expected_date_of_birth = "2026-07-01",
	      .nhs_number = "9434765919"},
	     "5:likely"},
	    /* accents forgiven */
	    {{.given_name = "Zoe", .family_name = "Lefevre", .date_of_birth = "2014-01-20"}, "6:likely"},
	    /* an unborn child found by the expected date */
	    {{.given_name = "Baby", .family_name = "Sample", .expected_date_of_birth = "2026-07-01"},
	     "5:likely"},
	    /* ... and, once born on that day, by the date of birth */
	    {{.given_name = "Baby", .family_name = "Sample", .date_of_birth = "2026-07-01"}, "5:likely"},
	    /* a name with no letters matches nothing */
	    {{.given_name = "123", .family_name = "456", .date_of_birth = "2015-06-01"}, ""},
	    /* two on one date */
	    {{.given_name = "J", .family_name = "Example", .date_of_birth = "2015-06-01"}, "4:likely"},
	};
	db_conn *db = db_reader();
	assert_non_null(db);
	char got[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *found = NULL;
		assert_int_equal(children_likely_matches(db_tx(db), &cases[i].q, &found), HAVEN_OK);
		describe(found, got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu (%s %s): got \"%s\", want \"%s\"", i, cases[i].q.given_name,
			         cases[i].q.family_name, got, cases[i].want);
		json_decref(found);
	}

	/* the reasons and the row's fields */
	const struct child_identity q = {
	    .given_name = "Kathryn", .family_name = "Smyth", .date_of_birth = "2015-06-01"};
	json_t *found = NULL;
	assert_int_equal(children_likely_matches(db_tx(db), &q, &found), HAVEN_OK);
	assert_true(has_reason(found, 1, "same date of birth"));
	assert_true(has_reason(found, 1, "family name sounds the same"));
	assert_true(has_reason(found, 1, "given name sounds the same"));
	json_t *first = json_array_get(found, 0);
	/* only what recognising the child needs: the given name's initial, never the whole name */
	assert_string_equal(json_string_value(json_object_get(first, "given_initial")), "C");
	assert_null(json_object_get(first, "given_name"));
	assert_null(json_object_get(first, "nhs_number"));
	assert_null(json_object_get(first, "upn"));
	assert_null(json_object_get(first, "postcode"));
	assert_string_equal(json_string_value(json_object_get(first, "family_name")), "Smith");
	assert_string_equal(json_string_value(json_object_get(first, "date_of_birth")), "2015-06-01");
	assert_int_equal(json_integer_value(json_object_get(first, "la_code")), 888);
	assert_string_equal(json_string_value(json_object_get(first, "la_name")), "Lancashire");
	json_decref(found);

	const struct child_identity nhs = {.given_name = "Muhammad",
	                                   .family_name = "Khan",
	                                   .date_of_birth = "2018-02-14",
	                                   .nhs_number = "9434765919"};
	assert_int_equal(children_likely_matches(db_tx(db), &nhs, &found), HAVEN_OK);
	assert_int_equal(json_array_size(found), 1);
	assert_true(has_reason(found, 2, "same NHS number"));
	assert_true(has_reason(found, 2, "same date of birth"));
	assert_true(has_reason(found, 2, "given name sounds the same"));
	/* the date found twice (by the number and by the name) is one reason */
	size_t dates = 0, j;
	json_t *r;
	json_array_foreach(json_object_get(json_array_get(found, 0), "reasons"), j, r) dates +=
	    strcmp(json_string_value(r), "same date of birth") == 0;
	assert_int_equal(dates, 1);
	json_decref(found);

	/* an initial is a whole character, not its first byte */
	const struct child_identity emile = {
	    .given_name = "Emile", .family_name = "Dupont", .date_of_birth = "2013-03-03"};
	assert_int_equal(children_likely_matches(db_tx(db), &emile, &found), HAVEN_OK);
	assert_string_equal(json_string_value(json_object_get(json_array_get(found, 0), "given_initial")),
	                    "É");
	json_decref(found);

	/* the keys and normalised identifiers were stored */
	db_stmt *stmt =
	    db_prepare(db, "SELECT given_name_key, family_name_key, given_name_sound, family_name_sound,"
	                   " nhs_number, upn FROM children WHERE id = ?");
	assert_non_null(stmt);
	assert_true(db_bind(stmt, DB_INT(6)));
	assert_int_equal(db_step(stmt), DB_STEP_ROW);
	assert_string_equal(db_column_text(stmt, 0), "zoe");
	assert_string_equal(db_column_text(stmt, 1), "lefevre");
	assert_string_equal(db_column_text(stmt, 2), "S");
	assert_string_equal(db_column_text(stmt, 3), "LFFR");
	assert_null(db_column_text(stmt, 4));
	assert_string_equal(db_column_text(stmt, 5), "B801200005001");
	db_done(stmt);
}

static enum haven_status insert_raw_and_fill(db_conn *db, void *ctx)
{
	long long *filled = ctx;
	if (db_exec_script(db, "INSERT INTO children (id, given_name, family_name, date_of_birth) VALUES"
	                       " (100, 'Stephen', 'Thomson', '2011-11-11')") != HAVEN_OK)
		return HAVEN_ERR_DB;
	return children_fill_keys(db_tx(db), filled);
}

static enum haven_status fill_again(db_conn *db, void *ctx)
{
	return children_fill_keys(db_tx(db), ctx);
}

static void backfill(void **state)
{
	(void)state;
	long long filled = -1;
	assert_int_equal(db_write(insert_raw_and_fill, &filled), HAVEN_OK);
	assert_int_equal(filled, 1);
	assert_int_equal(db_write(fill_again, &filled), HAVEN_OK);
	assert_int_equal(filled, 0);
	const struct child_identity q = {
	    .given_name = "Steven", .family_name = "Tomson", .date_of_birth = "2011-11-11"};
	json_t *found = NULL;
	assert_int_equal(children_likely_matches(store_read_tx(), &q, &found), HAVEN_OK);
	char got[64];
	describe(found, got, sizeof got);
	assert_string_equal(got, "100:likely");
	json_decref(found);
}

static enum haven_status link_unknown(db_conn *db, void *ctx)
{
	(void)ctx;
	return children_link(db_tx(db), 999, 1, "raised_concern");
}

/* The child a link lands on, as "child_id" (or "none"), read in the unit that made it. */
struct landed {
	char child[32];
};

/* Child 3 was merged into 2, and 2 later into 1: a link to 3 (an old id in a notification, say) lands on 1.
 */
static enum haven_status link_merged_away(db_conn *db, void *ctx)
{
	struct landed *l = ctx;
	snprintf(l->child, sizeof l->child, "none");
	if (db_exec_script(
	        db, "INSERT INTO agencies (id, slug, name, type) VALUES (77, 'linking-school', 'A "
	            "school', 'school');"
	            " UPDATE children SET merged_into = 2 WHERE id = 3; UPDATE children SET merged_into "
	            "= 1 WHERE id = 2") != HAVEN_OK)
		return HAVEN_ERR_DB;
	enum haven_status st = children_link(db_tx(db), 3, 77, "setting");
	if (st != HAVEN_OK)
		return st;
	db_stmt *stmt = db_prepare(db, "SELECT group_concat(child_id) FROM child_links WHERE agency_id = 77");
	if (db_step(stmt) != DB_STEP_ROW)
		return HAVEN_ERR_DB;
	snprintf(l->child, sizeof l->child, "%s", db_column_text(stmt, 0) ? db_column_text(stmt, 0) : "null");
	db_done(stmt);
	return HAVEN_ERR_CONFLICT; /* roll the merges back: the other tests' children stay as they were */
}

static void linking(void **state)
{
	(void)state;
	assert_int_equal(db_write(link_unknown, NULL), HAVEN_ERR_NOT_FOUND);
	struct landed l;
	assert_int_equal(db_write(link_merged_away, &l), HAVEN_ERR_CONFLICT);
	assert_string_equal(l.child, "1");
}

static enum haven_status run_script(db_conn *db, void *sql)
{
	return db_exec_script(db, sql);
}

/* The errors children_check_identity_now adds for a child in local authority `la_code`, as "field,field". */
static enum haven_status check_now(int la_code, char *fields, size_t size)
{
	const struct child_identity c = {.given_name = "Alex",
	                                 .family_name = "Example",
	                                 .date_of_birth = "2016-04-12",
	                                 .la_code = la_code};
	json_t *errors = json_array();
	enum haven_status st = children_check_identity_now(&c, NULL, errors);
	fields[0] = '\0';
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		size_t used = strlen(fields);
		snprintf(fields + used, size - used, "%s%s", used ? "," : "",
		         json_string_value(json_object_get(e, "field")));
	}
	json_decref(errors);
	return st;
}

/*
 * The local authority is read to be the partnership's (matching added 888 to 890): an unknown code is
 * the field's error, and a read that fails (the table gone from under the reader) is the store's failure,
 * never a local authority taken as known.
 */
static void identity_reads_the_local_authority(void **state)
{
	(void)state;
	char fields[64];
	assert_int_equal(check_now(889, fields, sizeof fields), HAVEN_OK);
	assert_string_equal(fields, "");
	assert_int_equal(check_now(999, fields, sizeof fields), HAVEN_OK);
	assert_string_equal(fields, "la_code");
	assert_int_equal(
	    db_write(run_script, "ALTER TABLE local_authorities RENAME TO local_authorities_gone"), HAVEN_OK);
	enum haven_status unread = check_now(889, fields, sizeof fields);
	assert_int_equal(
	    db_write(run_script, "ALTER TABLE local_authorities_gone RENAME TO local_authorities"), HAVEN_OK);
	assert_int_equal(unread, HAVEN_ERR_DB);
	assert_int_equal(check_now(889, fields, sizeof fields), HAVEN_OK);
	assert_string_equal(fields, "");
}

int main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(nhs_numbers),     cmocka_unit_test(upns),
	    cmocka_unit_test(postcodes),       cmocka_unit_test(name_keys),
	    cmocka_unit_test(sounds),          cmocka_unit_test(lookalikes),
	    cmocka_unit_test(identity_checks), cmocka_unit_test(identity_unread_without_a_store),
	};
	const struct CMUnitTest with_store[] = {
	    cmocka_unit_test(take_reasons),
	    cmocka_unit_test(matching),
	    cmocka_unit_test(backfill),
	    cmocka_unit_test(linking),
	    cmocka_unit_test(identity_reads_the_local_authority),
	};
	int failed = cmocka_run_group_tests_name("children match (pure)", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("children match (store)", with_store, open_store, close_store);
	return failed;
}
