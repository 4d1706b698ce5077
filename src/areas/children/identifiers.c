/*
 * identifiers.c (children) — the identifiers on a child's record checked by
 * their own rules (see match.h): the NHS number's modulus 11 check digit,
 * the DfE's unique pupil number and its check letter, and UK postcodes; and
 * how the record's sex reads on a page, for every area that shows a child.
 */
#include "areas/children/match.h"

#include <stdio.h>
#include <string.h>

/* ---- identifiers ---- */

bool match_nhs_number_normalise(const char *text, char out[static MATCH_NHS_SIZE])
{
	out[0] = '\0';
	if (!text)
		return false;
	size_t n = strlen(text);
	char digits[MATCH_NHS_SIZE];
	if (n == 10) {
		memcpy(digits, text, 10);
	} else if (n == 12 && text[3] == ' ' && text[7] == ' ') {
		memcpy(digits, text, 3);
		memcpy(digits + 3, text + 4, 3);
		memcpy(digits + 6, text + 8, 4);
	} else {
		return false;
	}
	digits[10] = '\0';
	int sum = 0;
	for (int i = 0; i < 10; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return false;
	for (int i = 0; i < 9; i++)
		sum += (digits[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10 || check != digits[9] - '0')
		return false;
	memcpy(out, digits, sizeof digits);
	return true;
}

bool match_nhs_number_valid(const char *text)
{
	char out[MATCH_NHS_SIZE];
	return match_nhs_number_normalise(text, out);
}

static const char upn_letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ"; /* 23: no I, O or S */

static int upn_letter_value(char c)
{
	const char *p = c ? strchr(upn_letters, c) : NULL;
	return p ? (int)(p - upn_letters) : -1;
}

bool match_upn_normalise(const char *text, char out[static MATCH_UPN_SIZE])
{
	out[0] = '\0';
	if (!text || strlen(text) != 13)
		return false;
	char upn[MATCH_UPN_SIZE];
	for (int i = 0; i < 13; i++)
		upn[i] = (text[i] >= 'a' && text[i] <= 'z') ? (char)(text[i] - 'a' + 'A') : text[i];
	upn[13] = '\0';
	int check = upn_letter_value(upn[0]);
	if (check < 0)
		return false;
	int sum = 0;
	for (int i = 1; i < 13; i++) {
		int value;
		if (upn[i] >= '0' && upn[i] <= '9')
			value = upn[i] - '0';
		else if (i == 12 && (value = upn_letter_value(upn[i])) >= 0)
			; /* a temporary UPN ends with a letter */
		else
			return false;
		sum += value * (i + 1);
	}
	if (sum % 23 != check)
		return false;
	memcpy(out, upn, sizeof upn);
	return true;
}

bool match_upn_valid(const char *text)
{
	char out[MATCH_UPN_SIZE];
	return match_upn_normalise(text, out);
}

static bool is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool match_postcode_normalise(const char *text, char out[static MATCH_POSTCODE_SIZE])
{
	out[0] = '\0';
	if (!text)
		return false;
	char compact[16];
	size_t n = 0;
	for (const char *p = text; *p; p++) {
		if (*p == ' ')
			continue;
		if (n + 1 >= sizeof compact)
			return false;
		compact[n++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
	}
	compact[n] = '\0';
	if (n < 5 || n > 7)
		return false;
	const char *in = compact + n - 3, *outward = compact;
	size_t on = n - 3;
	if (strcmp(compact, "GIR0AA") != 0) {
		if (!is_digit(in[0]) || !is_letter(in[1]) || !is_letter(in[2]) || strchr("CIKMOV", in[1]) ||
		    strchr("CIKMOV", in[2]))
			return false;
		/* A9, A99, A9A, AA9, AA99, AA9A */
		const char *o = outward;
		bool ok = false;
		if (on == 2)
			ok = is_letter(o[0]) && is_digit(o[1]);
		else if (on == 3)
			ok = is_letter(o[0]) && ((is_digit(o[1]) && (is_digit(o[2]) || is_letter(o[2]))) ||
			                         (is_letter(o[1]) && is_digit(o[2])));
		else if (on == 4)
			ok = is_letter(o[0]) && is_letter(o[1]) && is_digit(o[2]) &&
			     (is_digit(o[3]) || is_letter(o[3]));
		if (!ok)
			return false;
	}
	snprintf(out, MATCH_POSTCODE_SIZE, "%.*s %s", (int)on, outward, in);
	return true;
}

/* ---- how a child's record reads ---- */

const char *children_sex_label(const char *s)
{
	if (!s)
		return NULL;
	if (strcmp(s, "female") == 0)
		return "Female";
	if (strcmp(s, "male") == 0)
		return "Male";
	if (strcmp(s, "indeterminate") == 0)
		return "Indeterminate";
	return "Not known";
}
