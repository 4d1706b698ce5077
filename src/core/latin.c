/*
 * latin.c — a name in plain Latin letters (latin.h), by ICU's transliterators,
 * and the look of a name (its UTS #39 confusables skeleton) by ICU's spoof
 * checker.
 */
#include "core/latin.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "core/alloc.h"
#include "core/icu.h"

/*
 * `name` (UTF-8) in UTF-16, NFKC-normalised (mathematical and fullwidth letters the plain ones, "ﬁ" "fi")
 * and without its default-ignorable code points (joiners, soft hyphens, variation selectors, bidi marks),
 * which show nothing; *length its length. A new string to free, or NULL if ICU cannot.
 */
static UChar *plain16(const char *name, int32_t *length)
{
	UErrorCode status = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
	int32_t n16 = 0;
	UChar *text = NULL, *out = NULL;
	if (U_SUCCESS(status))
		u_strFromUTF8(NULL, 0, &n16, name, -1, &status);
	if (icu_gave_length(&status)) {
		text = xmalloc(((size_t)n16 + 1) * sizeof *text);
		u_strFromUTF8(text, n16 + 1, NULL, name, -1, &status);
	}
	int32_t n = 0;
	if (U_SUCCESS(status))
		n = unorm2_normalize(nfkc, text, n16, NULL, 0, &status);
	if (icu_gave_length(&status)) {
		out = xmalloc(((size_t)n + 1) * sizeof *out);
		n = unorm2_normalize(nfkc, text, n16, out, n + 1, &status);
	}
	free(text);
	if (U_FAILURE(status)) {
		free(out);
		return NULL;
	}
	int32_t i = 0, o = 0;
	while (i < n) {
		int32_t start = i;
		UChar32 c;
		U16_NEXT(out, i, n, c);
		if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
			continue;
		while (start < i)
			out[o++] = out[start++];
	}
	out[o] = 0;
	*length = o;
	return out;
}

/* UTF-16 `text` of `length` in UTF-8: a new string to free, or NULL if ICU cannot. */
static char *utf8_of(const UChar *text, int32_t length)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t n8 = 0;
	char *out = NULL;
	u_strToUTF8(NULL, 0, &n8, text, length, &status);
	if (icu_gave_length(&status)) {
		out = xmalloc((size_t)n8 + 1);
		u_strToUTF8(out, n8 + 1, NULL, text, length, &status);
	}
	if (U_FAILURE(status)) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * `name` (UTF-8) in Latin letters folded to ASCII: NFKC and without what shows nothing (plain16: "𝐍𝐞𝐠𝐥𝐞𝐜𝐭"
 * and "Neg<ZWJ>lect" are "Neglect"), accents dropped ("ôl" -> "ol", "Straße" -> "Strasse") and other
 * scripts transliterated ("Насилие" -> "Nasilie"). A new string to free, or NULL if ICU cannot (the caller
 * keys the name as typed: its ASCII letters only).
 */
char *latin_ascii(const char *name)
{
	UErrorCode status = U_ZERO_ERROR;
	UChar id[32];
	u_uastrcpy(id, "Any-Latin; Latin-ASCII");
	UTransliterator *latin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
	int32_t n16 = 0;
	UChar *plain = U_SUCCESS(status) ? plain16(name, &n16) : NULL;
	UChar *text = NULL;
	char *out = NULL;
	if (!plain)
		status = U_SUCCESS(status) ? U_ILLEGAL_ARGUMENT_ERROR : status;
	/* room for what transliteration makes of it: a Han character becomes a syllable of up to six
	 * letters; more if ICU asks (an Arabic ligature NFKC made long) */
	for (int32_t room = n16 * 8 + 16; U_SUCCESS(status); room *= 4) {
		free(text);
		text = xmalloc((size_t)room * sizeof *text);
		u_memcpy(text, plain, n16);
		int32_t length = n16, limit = n16;
		utrans_transUChars(latin, text, &length, room, 0, &limit, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR && room < (1 << 20)) {
			status = U_ZERO_ERROR;
			continue;
		}
		if (U_SUCCESS(status))
			out = utf8_of(text, length);
		if (!out)
			status = U_ILLEGAL_ARGUMENT_ERROR;
		break;
	}
	if (latin)
		utrans_close(latin);
	free(plain);
	free(text);
	if (U_FAILURE(status)) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * The scripts of `name`'s letters, NFKC first (plain16: "𝐍𝐞𝐠𝐥𝐞𝐜𝐭", whose letters are of no script, is
 * Latin): *latin whether one is Latin, *other whether one is of another script, *letters whether it has
 * any. False if ICU cannot read it.
 */
static bool scripts_of(const char *name, bool *latin, bool *other, bool *letters)
{
	int32_t i = 0, n = 0;
	UChar *text = plain16(name, &n);
	*latin = *other = *letters = false;
	if (!text)
		return false;
	while (i < n) {
		UChar32 c;
		U16_NEXT(text, i, n, c);
		if (!u_isalpha(c))
			continue;
		*letters = true;
		UErrorCode status = U_ZERO_ERROR;
		UScriptCode script = uscript_getScript(c, &status);
		if (U_FAILURE(status))
			continue;
		if (script == USCRIPT_LATIN)
			*latin = true;
		else if (script != USCRIPT_COMMON && script != USCRIPT_INHERITED)
			*other = true;
	}
	free(text);
	return true;
}

/* Whether `name` (UTF-8) holds a letter of a script other than Latin, whose key is a transliteration. */
bool latin_has_other_script(const char *name)
{
	bool latin, other, letters;
	return scripts_of(name, &latin, &other, &letters) && other;
}

bool latin_none(const char *name)
{
	bool latin, other, letters;
	return scripts_of(name, &latin, &other, &letters) && letters && !latin;
}

/* ---- how a name looks ---- */

static USpoofChecker *spoof_checker;
static pthread_once_t spoof_checker_once = PTHREAD_ONCE_INIT;

static void open_spoof_checker(void)
{
	UErrorCode status = U_ZERO_ERROR;
	spoof_checker = uspoof_open(&status);
	if (U_FAILURE(status)) {
		/* ICU's data is built into the library: without it look-alikes would silently differ */
		fprintf(stderr, "haven: ICU spoof checker unavailable: %s\n", u_errorName(status));
		abort();
	}
}

const USpoofChecker *latin_spoof_checker(void)
{
	pthread_once(&spoof_checker_once, open_spoof_checker);
	return spoof_checker;
}

/*
 * How `name` looks: plain16 (NFKC, nothing invisible), then its UTS #39
 * confusables skeleton (Cyrillic "С" and Greek "Α" are "C" and "A"), case
 * folded after it (so "ΑΒ" looks like "Ab" as "AB" does), marks dropped
 * ("é" like "e"), every run of anything but letters and digits one space,
 * none at either end.
 */
char *latin_look(const char *name)
{
	const USpoofChecker *checker = latin_spoof_checker();
	int32_t n = 0;
	UChar *text = plain16(name, &n);
	if (!text)
		return NULL;
	UErrorCode status = U_ZERO_ERROR;
	UChar *skeleton = NULL, *folded = NULL;
	int32_t ns = uspoof_getSkeleton(checker, 0, text, n, NULL, 0, &status);
	if (icu_gave_length(&status)) {
		skeleton = xmalloc(((size_t)ns + 1) * sizeof *skeleton);
		ns = uspoof_getSkeleton(checker, 0, text, n, skeleton, ns + 1, &status);
	}
	int32_t nf = 0;
	if (U_SUCCESS(status))
		nf = u_strFoldCase(NULL, 0, skeleton, ns, U_FOLD_CASE_DEFAULT, &status);
	if (icu_gave_length(&status)) {
		folded = xmalloc(((size_t)nf + 1) * sizeof *folded);
		nf = u_strFoldCase(folded, nf + 1, skeleton, ns, U_FOLD_CASE_DEFAULT, &status);
	}
	char *out = NULL;
	if (U_SUCCESS(status)) {
		int32_t i = 0, o = 0;
		bool space = false;
		while (i < nf) {
			int32_t start = i;
			UChar32 c;
			U16_NEXT(folded, i, nf, c);
			int8_t type = u_charType(c);
			if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR ||
			    u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
				continue;
			if (!u_isalnum(c) && type != U_COMBINING_SPACING_MARK) {
				space = true;
				continue;
			}
			if (space && o)
				folded[o++] = ' ';
			space = false;
			while (start < i)
				folded[o++] = folded[start++];
		}
		out = utf8_of(folded, o);
	}
	free(text);
	free(skeleton);
	free(folded);
	return out;
}
