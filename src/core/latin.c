/*
 * latin.c — a name in plain Latin letters (latin.h), by ICU's transliterators.
 */
#include "core/latin.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "core/alloc.h"
#include "core/icu.h"

/*
 * `name` (UTF-8) in Latin letters folded to ASCII: accents dropped ("ôl" -> "ol", "Straße" -> "Strasse")
 * and other scripts transliterated ("Насилие" -> "Nasilie"). A new string to free, or NULL if ICU cannot
 * (the caller keys the name as typed: its ASCII letters only).
 */
char *latin_ascii(const char *name)
{
	UErrorCode status = U_ZERO_ERROR;
	UChar id[32];
	u_uastrcpy(id, "Any-Latin; Latin-ASCII");
	UTransliterator *latin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
	UChar *text = NULL;
	char *out = NULL;
	int32_t n16 = 0, n8 = 0;
	if (U_SUCCESS(status))
		u_strFromUTF8(NULL, 0, &n16, name, -1, &status);
	/* room for what transliteration makes of it: a Han character becomes a syllable of up to six letters
	 */
	int32_t room = n16 * 8 + 1;
	if (icu_gave_length(&status)) {
		text = xmalloc((size_t)room * sizeof *text);
		u_strFromUTF8(text, room, NULL, name, -1, &status);
	}
	int32_t limit = n16;
	if (U_SUCCESS(status))
		utrans_transUChars(latin, text, &n16, room, 0, &limit, &status);
	if (U_SUCCESS(status))
		u_strToUTF8(NULL, 0, &n8, text, n16, &status);
	if (icu_gave_length(&status)) {
		out = xmalloc((size_t)n8 + 1);
		u_strToUTF8(out, n8 + 1, NULL, text, n16, &status);
	}
	if (latin)
		utrans_close(latin);
	free(text);
	if (U_FAILURE(status)) {
		free(out);
		return NULL;
	}
	return out;
}

/* Whether `name` (UTF-8) holds a letter of a script other than Latin, whose key is a transliteration. */
bool latin_has_other_script(const char *name)
{
	int32_t i = 0, n = (int32_t)strlen(name);
	while (i < n) {
		UChar32 c;
		U8_NEXT(name, i, n, c);
		if (c < 0 || !u_isalpha(c))
			continue;
		UErrorCode status = U_ZERO_ERROR;
		UScriptCode script = uscript_getScript(c, &status);
		if (U_SUCCESS(status) && script != USCRIPT_LATIN && script != USCRIPT_COMMON &&
		    script != USCRIPT_INHERITED)
			return true;
	}
	return false;
}

bool latin_none(const char *name)
{
	int32_t i = 0, n = (int32_t)strlen(name);
	bool letters = false;
	while (i < n) {
		UChar32 c;
		U8_NEXT(name, i, n, c);
		if (c < 0 || !u_isalpha(c))
			continue;
		UErrorCode status = U_ZERO_ERROR;
		if (uscript_getScript(c, &status) == USCRIPT_LATIN && U_SUCCESS(status))
			return false;
		letters = true;
	}
	return letters;
}
