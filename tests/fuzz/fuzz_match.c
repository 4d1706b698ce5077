/*
 * fuzz_match.c — name matching and identifier checks (areas/children/match.h),
 * run on names, dates, postcodes, UPNs and NHS numbers typed into every form
 * that records a child.
 *
 * Input: up to ten lines: given name, family name, other names, date of
 * birth, expected date of birth, sex, postcode, UPN, NHS number, and the
 * local authority code; the name keys and the identifier checks also run on
 * the whole first line. Beyond not crashing: a name key is valid UTF-8
 * with no ASCII but lower-case letters, in NFKC, and its own key; a
 * shorter key is a start of a longer one; and a sound key at most four of "AFHJKLMNPRSTX0" (cut to fit any
 * buffer); a normalised NHS number, UPN or postcode is valid and normalises
 * to itself; and the identity check's errors name "child_" fields.
 */
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

#include "areas/calendar/calendar.h"
#include "areas/children/match.h"
#include "fuzz.h"

static void check_keys(const char *name)
{
	char key[MATCH_KEY_SIZE], tiny[3], sound[MATCH_KEY_SIZE];
	match_name_key(name, key, sizeof key);
	size_t n = strlen(key);
	FUZZ_ASSERT(u8_check((const uint8_t *)key, n) == NULL);
	for (const char *p = key; *p; p++)
		FUZZ_ASSERT((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z'));
	size_t normal_n = 0;
	uint8_t *normal = u8_normalize(UNINORM_NFKC, (const uint8_t *)key, n, NULL, &normal_n);
	FUZZ_ASSERT(normal && normal_n == n && memcmp(normal, key, n) == 0);
	free(normal);
	char again[MATCH_KEY_SIZE];
	match_name_key(key, again, sizeof again);
	FUZZ_ASSERT(strcmp(again, key) == 0);
	match_name_key(name, tiny, sizeof tiny);
	FUZZ_ASSERT(strlen(tiny) < sizeof tiny && strncmp(tiny, key, strlen(tiny)) == 0);
	match_name_sound(name, sound, sizeof sound);
	FUZZ_ASSERT(strlen(sound) <= 4 && strspn(sound, "AFHJKLMNPRSTX0") == strlen(sound));
	match_name_sound(name, tiny, sizeof tiny);
	FUZZ_ASSERT(strlen(tiny) < sizeof tiny);
}

static void check_identifiers(const char *text)
{
	char nhs[MATCH_NHS_SIZE], again_nhs[MATCH_NHS_SIZE];
	bool valid = match_nhs_number_valid(text);
	FUZZ_ASSERT(match_nhs_number_normalise(text, nhs) == valid);
	if (valid) {
		FUZZ_ASSERT(strlen(nhs) == 10 && strspn(nhs, "0123456789") == 10);
		FUZZ_ASSERT(match_nhs_number_normalise(nhs, again_nhs) && strcmp(nhs, again_nhs) == 0);
	} else {
		FUZZ_ASSERT(nhs[0] == '\0');
	}

	char upn[MATCH_UPN_SIZE], again_upn[MATCH_UPN_SIZE];
	valid = match_upn_valid(text);
	FUZZ_ASSERT(match_upn_normalise(text, upn) == valid);
	if (valid)
		FUZZ_ASSERT(strlen(upn) == 13 && match_upn_normalise(upn, again_upn) &&
		            strcmp(upn, again_upn) == 0);
	else
		FUZZ_ASSERT(upn[0] == '\0');

	char postcode[MATCH_POSTCODE_SIZE], again_postcode[MATCH_POSTCODE_SIZE];
	if (match_postcode_normalise(text, postcode))
		FUZZ_ASSERT(match_postcode_normalise(postcode, again_postcode) &&
		            strcmp(postcode, again_postcode) == 0);
	else
		FUZZ_ASSERT(postcode[0] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char *lines[10] = {0};
	size_t n = 0;
	for (char *p = text; n < 10;) {
		lines[n++] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	check_keys(lines[0]);
	check_identifiers(lines[0]);

	struct child_identity c = {
	    .given_name = lines[0],
	    .family_name = lines[1],
	    .other_names = lines[2],
	    .date_of_birth = lines[3],
	    .expected_date_of_birth = lines[4],
	    .sex = lines[5],
	    .postcode = lines[6],
	    .upn = lines[7],
	    .nhs_number = lines[8],
	    .la_code = lines[9] ? atoi(lines[9]) : 0,
	};
	json_t *errors = json_array();
	int32_t today = calendar_from_ymd(2026, 1, 1);
	bool ok = children_check_identity(&c, "child_", today, errors);
	FUZZ_ASSERT(ok == (json_array_size(errors) == 0));
	size_t i;
	const json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		FUZZ_ASSERT(field && strncmp(field, "child_", 6) == 0);
		FUZZ_ASSERT(json_string_length(json_object_get(e, "message")) > 0);
	}
	json_decref(errors);
	free(text);
	return 0;
}
