/*
 * fields_in_emails.c — whether text typed for a field that goes into Haven's
 * emails (a field spec's in_emails: a person's name) can be written there
 * (fields_internal.h, fields_unsafe_in_emails): on one line, and holding
 * nothing a mail client would make a link of that reads as Haven's. The host
 * names are found as IDNA reads them (ICU's NFKC case fold) and top-level
 * domains by Debian's libpsl, the public suffix list.
 */
#include <libpsl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "core/alloc.h"
#include "core/icu.h"
#include "router/fields_internal.h"

/* A dot between the parts of a host name, as IDNA reads one in folded text (as_hosts_read): the full stop
 * and the ideographic full stop, which the fold makes of their full-width and half-width forms. Both address
 * checks that look for dots (holds_host_name, holds_path) know one by this. */
static bool is_host_dot(UChar32 c)
{
	return c == '.' || c == 0x3002;
}

/* A character of a host name's part: a letter (with its marks) or a digit of any script, or a hyphen. */
static bool in_host_label(UChar32 c)
{
	return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) || c == '-';
}

/*
 * Whether a host name's last part (folded UTF-8, as_hosts_read, so in lower case; `len` bytes) is a
 * top-level domain: one of the ICANN suffixes of the public suffix list, as Debian's libpsl has it built
 * in. The list's "*" rule (any unknown last part is a suffix) is left out, or every word would be one.
 * Without its list (psl_builtin() NULL) libpsl calls every part a suffix, so Haven refuses dotted words
 * rather than let an address through.
 */
static bool is_top_level_domain(const char *label, int32_t len)
{
	if (len > 63) /* longer than DNS allows a part to be */
		return false;
	char part[63 + 1];
	memcpy(part, label, (size_t)len);
	part[len] = '\0';
	return psl_is_public_suffix2(psl_builtin(), part, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE) != 0;
}

/*
 * Whether `s` (folded, as_hosts_read) holds a word that a mail client would make a link of: dotted parts
 * whose last is a top-level domain ("evil.com", "haven.gov.uk", "x.co"), or the four numbers of an IPv4
 * address. A word is a run of letters, digits, hyphens and dots, so "(evil.com)" and "evil.com/login" hold
 * "evil.com", and dots at its end are a sentence's ("Visit evil.com."). A run of two or more dots ends a
 * word, as a host name has a part between each two of its dots: "Ann…com", whose ellipsis the fold makes
 * "...", is no "Ann.com", while "Ann…evil.com" and "evil.com…" hold "evil.com". The dotted words of names are
 * taken: an initial's dot has a space after it ("J. R. Hartley", "Dr. Amara Okafor"), and the part after a
 * joined one is no top-level domain ("St.John", "john"). A name joined at a dot to a part that is a top-level
 * domain too ("A.Bank", "J.Bond", "Mary.Love") is refused all the same: mail clients link by the same list,
 * so Haven cannot tell it from an address, and the person writes it with a space ("J. Bond") as initials are
 * written.
 */
static bool holds_host_name(const char *s)
{
	int32_t len = (int32_t)strnlen(s, INT32_MAX);
	int32_t label = 0;              /* where the part being read starts */
	int32_t last = 0, last_end = 0; /* the word's last part that is not empty */
	int parts = 0, numbers = 0; /* the word's parts that are not empty, and those that are digits only */
	bool digits = true;
	bool after_dot = false; /* whether the character before is a dot */
	for (int32_t i = 0;;) {
		int32_t at = i;
		UChar32 c = U_SENTINEL;
		if (i < len)
			U8_NEXT(s, i, len, c);
		if (c >= 0 && in_host_label(c)) {
			digits = digits && c >= '0' && c <= '9';
			continue;
		}
		bool empty = at == label; /* no part since the last dot or the word's start */
		if (!empty) {
			parts++;
			numbers += digits;
			last = label;
			last_end = at;
		}
		label = i;
		digits = true;
		bool dot = c >= 0 && is_host_dot(c), dot_run = dot && empty && after_dot;
		after_dot = dot;
		if (dot && !dot_run)
			continue;
		/* the word has ended: at a character no host name holds, a run of dots or the text's end */
		if (parts >= 2 &&
		    ((parts == 4 && numbers == 4) || is_top_level_domain(s + last, last_end - last)))
			return true;
		if (c < 0)
			return false;
		parts = numbers = 0;
	}
}

/*
 * Whether `s` (folded, as_hosts_read) holds a path after a host: a word (between spaces) with both a dot of
 * a host name (is_host_dot, so "x。y/z" as well as "evil.example/login") and a slash. A slash alone is
 * written in names ("Zoë Ng (she/her)", "Smith/Jones").
 */
static bool holds_path(const char *s)
{
	int32_t len = (int32_t)strnlen(s, INT32_MAX);
	bool dot = false, slash = false; /* in the word being read */
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c == ' ') {
			dot = slash = false;
			continue;
		}
		dot = dot || is_host_dot(c);
		slash = slash || c == '/';
		if (dot && slash)
			return true;
	}
	return false;
}

/*
 * `s` (UTF-8) as IDNA, and so a mail client, reads the host names in it: ICU's NFKC case fold
 * (NFKC_Casefold, the mapping of UTS #46), which makes plain lower-case letters and punctuation of their
 * full-width and other compatibility forms ("ｅｖｉｌ．ｃｏｍ", "＠", "：／／") and drops what displays as
 * nothing (the soft hyphen, which fields_unusable_chars keeps, and the joiners), so each address check
 * sees "evil.com" in "evil.ｃｏｍ" and "evil<soft hyphen>.com" as a mail client would. Returns a new
 * string to free, or NULL if ICU cannot fold it, which the caller takes as an address (deny by default).
 */
static char *as_hosts_read(const char *s)
{
	UErrorCode status = U_ZERO_ERROR;
	const UNormalizer2 *fold = unorm2_getNFKCCasefoldInstance(&status);
	UChar *text = NULL, *folded = NULL;
	char *out = NULL;
	int32_t n16 = 0, nfolded = 0, n8 = 0;
	/* each step is asked for its length first, then given room for it and its end */
	u_strFromUTF8(NULL, 0, &n16, s, -1, &status);
	if (icu_gave_length(&status)) {
		text = xmalloc(((size_t)n16 + 1) * sizeof *text);
		u_strFromUTF8(text, n16 + 1, NULL, s, -1, &status);
	}
	if (U_SUCCESS(status))
		nfolded = unorm2_normalize(fold, text, n16, NULL, 0, &status);
	if (icu_gave_length(&status)) {
		folded = xmalloc(((size_t)nfolded + 1) * sizeof *folded);
		unorm2_normalize(fold, text, n16, folded, nfolded + 1, &status);
	}
	if (U_SUCCESS(status))
		u_strToUTF8(NULL, 0, &n8, folded, nfolded, &status);
	if (icu_gave_length(&status)) {
		out = xmalloc((size_t)n8 + 1);
		u_strToUTF8(out, n8 + 1, NULL, folded, nfolded, &status);
	}
	free(text);
	free(folded);
	if (U_FAILURE(status)) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * fields_internal.h: why text cannot be written into an email, or NULL. A line break would let it write lines
 * of its own; a web or email address, a link that reads as Haven's. An address is known by what starts one
 * ("://", "www."), the "@" of an email address, the backslash of a Windows share ("\\host\share"), a host
 * name written bare ("evil.com", holds_host_name) or a path after one (holds_path), none of which a person's
 * name holds; each is looked for in the text as a mail client reads it (as_hosts_read), so "ｅｖｉｌ．ｃｏｍ"
 * and "＠" are found too. The name itself is kept as it was typed.
 */
/* Whether `s` (folded, as_hosts_read) holds "www" and a dot of a host name (is_host_dot): "www.evil",
 * "www。evil". */
static bool holds_www(const char *s)
{
	for (const char *www = strstr(s, "www"); www; www = strstr(www + 1, "www")) {
		int32_t i = 3, len = (int32_t)strnlen(www, 8); /* "www" and the one character after it */
		if (len == i)
			continue; /* "www" ends the text */
		UChar32 c;
		U8_NEXT(www, i, len, c);
		if (c >= 0 && is_host_dot(c))
			return true;
	}
	return false;
}

const char *fields_unsafe_in_emails(const char *s)
{
	if (strpbrk(s, "\r\n\t"))
		return "be on one line, with no line breaks or tabs";
	char *read = as_hosts_read(s);
	bool address = !read || strstr(read, "://") || holds_www(read) || strpbrk(read, "@\\") ||
	               holds_host_name(read) || holds_path(read);
	free(read);
	return address ? "not include a web address or an email address" : NULL;
}
