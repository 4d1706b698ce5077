/*
 * fields_text.c — the characters a text field may hold (no control
 * characters, none of the hidden ones that reorder or hide text) and how its
 * value is trimmed (Unicode's white space; text in which nothing can be seen
 * is empty), the one text check every field has whichever face it came
 * through (fields.h, fields_internal.h).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/alloc.h"
#include "router/fields_internal.h"

/* The joiners and direction marks kept although Unicode lists them as ignorable: see hidden_char. */
static bool needed_by_scripts(UChar32 c)
{
	return c == 0x200c || c == 0x200d || c == 0x200e || c == 0x200f || c == 0x061c;
}

/* A variation selector: it picks the look of the character before it (an emoji's colour form, a
 * Mongolian letter's shape, an ideograph's variant). */
static bool is_variation_selector(UChar32 c)
{
	return u_hasBinaryProperty(c, UCHAR_VARIATION_SELECTOR);
}

/*
 * True if the character `c`, after `before` (U_SENTINEL at the start), is a hidden one: a
 * Default_Ignorable_Code_Point, which displays as nothing (the zero width space, the byte order mark,
 * the soft hyphen, the Hangul fillers, the tag characters and any later assigned), the bidirectional
 * embeddings, overrides and isolates among them, which make text around them display in another order
 * than it is stored; the interlinear annotations (U+FFF9-U+FFFB), which cannot be seen; and the line and
 * paragraph separators (U+2028, U+2029), which break a line that must not break. Kept, though ignorable:
 * the soft hyphen (seen where a line breaks; Word puts it in text people paste); the tag characters of a
 * flag, after the black flag that starts one (England's, Scotland's and Wales's flags are written so);
 * the Mongolian vowel separator after a Mongolian letter;
 * the zero width non-joiner and joiner (U+200C, U+200D) and the direction marks (U+200E, U+200F,
 * U+061C), as names in Persian, the Indic scripts and others need them and a mark changes no other
 * text's order; and a variation selector straight after a character it can vary, as a phone's keyboard
 * adds one after an emoji, where it is not seen but not hidden either (at the start, after a space or
 * after another hidden character it varies nothing, and is refused).
 */
static bool hidden_char(UChar32 c, UChar32 before)
{
	if (c == 0x2028 || c == 0x2029 || (c >= 0xfff9 && c <= 0xfffb))
		return true;
	if (!u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || needed_by_scripts(c))
		return false;
	if (is_variation_selector(c))
		return before == U_SENTINEL || u_isUWhiteSpace(before) || u_iscntrl(before) ||
		       is_variation_selector(before) ||
		       u_hasBinaryProperty(before, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
	if (c == 0x00ad)
		return false; /* the soft hyphen: a hyphen where a line breaks, in text pasted from documents
		               */
	if (c >= 0xe0020 && c <= 0xe007f) /* tags: a subdivision's flag (England, Scotland, Wales) */
		return !(before == 0x1f3f4 || (before >= 0xe0020 && before <= 0xe007e));
	if (c == 0x180e) /* the Mongolian vowel separator, between a Mongolian word and its last vowel */
		return !(before >= 0x1820 && before <= 0x18af);
	return true;
}

const char *fields_unusable_chars(const char *s)
{
	bool hidden = false;
	int32_t len = (int32_t)strnlen(s, INT32_MAX);
	UChar32 before = U_SENTINEL;
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c < 0) /* not UTF-8, which the checks before this one refuse */
			return "only include letters, numbers and punctuation";
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
			return "only include letters, numbers and punctuation";
		hidden = hidden || hidden_char(c, before);
		before = c;
	}
	return hidden ? "not include hidden characters, such as ones that change the direction of text"
	              : NULL;
}

/* A character kept in text (not refused as hidden) that takes no room where it stands: the joiners and
 * direction marks names need, the soft hyphen (seen only where a line breaks) and the braille pattern
 * blank. */
static bool unseen(UChar32 c)
{
	return needed_by_scripts(c) || c == 0x00ad || c == 0x2800;
}

/* A character that shows nothing by itself: Unicode's white space (the no-break and ideographic spaces
 * among it) or an unseen one. */
static bool shows_nothing(UChar32 c)
{
	return u_isUWhiteSpace(c) || unseen(c);
}

/* True if s[0..len) is all characters that show nothing: no-one reading it would see any text. Text that is
 * not UTF-8 is not blank: the checks after trimming refuse it as not text. */
static bool nothing_shown(const char *s, int32_t len)
{
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c < 0 || !shows_nothing(c))
			return false;
	}
	return true;
}

/* The white space trimmed from a text's ends: Unicode's, or for a secret only ASCII's (see trim_text). */
static bool trimmed_space(UChar32 c, bool secret)
{
	return secret ? c < 0x80 && isspace(c) : u_isUWhiteSpace(c);
}

char *fields_trim(const char *s, bool secret)
{
	int32_t start = 0, end = (int32_t)strnlen(s, INT32_MAX);
	while (start < end) {
		int32_t next = start;
		UChar32 c;
		U8_NEXT(s, next, end, c);
		if (c < 0 || !trimmed_space(c, secret))
			break;
		start = next;
	}
	while (end > start) {
		int32_t before = end;
		UChar32 c;
		U8_PREV(s, start, before, c);
		if (c < 0 || !trimmed_space(c, secret))
			break;
		end = before;
	}
	size_t len = (size_t)(end - start);
	if (!secret && nothing_shown(s + start, end - start))
		len = 0; /* only joiners, marks or blanks: as good as empty, so a required field is missing */
	char *out = xstrndup(s + start, len);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		size_t crs = 0;
		while (out[i + crs] == '\r')
			crs++;
		if (crs && out[i + crs] != '\n') /* CRs alone are kept */
			for (size_t k = 0; k < crs; k++)
				out[o++] = '\r';
		i += crs;
		if (i < len)
			out[o++] = out[i];
	}
	out[o] = '\0';
	return out;
}

long long fields_shown_length(const char *s)
{
	long long shown = 0;
	int32_t len = (int32_t)strnlen(s, INT32_MAX);
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		shown += !unseen(c);
	}
	return shown;
}

char *fields_trim_text(const char *s)
{
	return fields_trim(s, false);
}
