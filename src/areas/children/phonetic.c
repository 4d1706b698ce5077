/*
 * phonetic.c (children) — the name keys the register matches on (see
 * match.h): a name's normalised form (letters of any script, case-folded,
 * NFKC; Latin accents folded) and its phonetic key, the primary key of
 * Double Metaphone, made from the Latin letters alone.
 *
 * The Unicode work (case folding, normalisation, which code point is a
 * letter or a mark and of which script) is GNU libunistring's, a library
 * Debian keeps current with Unicode; which letters look like Latin ones
 * (Unicode's confusables, the skeletons of UTS #39) is ICU's spoof checker.
 * Only the folding of Latin letters to ASCII, which Unicode does not define,
 * is a table here.
 *
 * The phonetic key follows Lawrence Philips' Double Metaphone as he
 * published it (C/C++ Users Journal, June 2000), primary key only, written
 * here from the published rules; Haven normalises the name first (accents
 * folded, letters only), so the rules for Ç and Ñ and for spaced prefixes
 * ("VAN ", "SAN ") never fire and are left out.
 */
#include "areas/children/match.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unicode/uspoof.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "areas/children/match_internal.h"
#include "core/latin.h"

/* ---- normalised names ---- */

/* Latin letters beyond ASCII and the ASCII letters they fold to, by code point range. */
static const struct {
	unsigned first, last;
	const char *fold;
} latin_folds[] = {
    {0xC0, 0xC5, "a"},
    {0xC6, 0xC6, "ae"},
    {0xC7, 0xC7, "c"},
    {0xC8, 0xCB, "e"},
    {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"},
    {0xD1, 0xD1, "n"},
    {0xD2, 0xD6, "o"},
    {0xD8, 0xD8, "o"},
    {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"},
    {0xDE, 0xDE, "th"},
    {0xDF, 0xDF, "ss"},
    {0xE0, 0xE5, "a"},
    {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"},
    {0xE8, 0xEB, "e"},
    {0xEC, 0xEF, "i"},
    {0xF0, 0xF0, "d"},
    {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},
    {0xF8, 0xF8, "o"},
    {0xF9, 0xFC, "u"},
    {0xFD, 0xFD, "y"},
    {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"},
    /* Latin Extended-A */
    {0x100, 0x105, "a"},
    {0x106, 0x10D, "c"},
    {0x10E, 0x111, "d"},
    {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"},
    {0x128, 0x131, "i"},
    {0x132, 0x133, "ij"},
    {0x134, 0x135, "j"},
    {0x136, 0x138, "k"},
    {0x139, 0x142, "l"},
    {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"},
    {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"},
    {0x162, 0x167, "t"},
    {0x168, 0x173, "u"},
    {0x174, 0x175, "w"},
    {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"},
    {0x17F, 0x17F, "s"},
    /* Romanian S and T with a comma below */
    {0x218, 0x219, "s"},
    {0x21A, 0x21B, "t"},
};

size_t match_utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	unsigned v = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return n;
}

/* A name's valid UTF-8 (a stray or malformed byte is dropped), as a new string of *length bytes. */
static uint8_t *valid_utf8(const char *name, size_t *length)
{
	size_t n = strlen(name);
	uint8_t *out = malloc(n + 1);
	size_t used = 0;
	if (!out)
		return NULL;
	for (const uint8_t *s = (const uint8_t *)name, *end = s + n; s < end;) {
		ucs4_t cp;
		int len = u8_mbtouc(&cp, s, (size_t)(end - s));
		if (cp != 0xFFFD || (len == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0)) {
			memcpy(out + used, s, (size_t)len);
			used += (size_t)len;
		}
		s += len;
	}
	*length = used;
	return out;
}

/* The fold to ASCII of a Latin letter left whole by decomposition (æ, ø, ł, þ), or NULL. */
static const char *latin_fold(ucs4_t cp)
{
	for (size_t i = 0; i < sizeof latin_folds / sizeof latin_folds[0]; i++)
		if (cp >= latin_folds[i].first && cp <= latin_folds[i].last)
			return latin_folds[i].fold;
	return NULL;
}

/*
 * Whether a letter counts in a key: modifier letters that stand for
 * punctuation (the modifier apostrophe in "Oʼ Neil", U+02B0 to U+02FF) and
 * the Arabic tatweel (U+0640, which only stretches a word on the line) do not.
 */
static bool key_letter(ucs4_t cp)
{
	return uc_is_general_category(cp, UC_CATEGORY_L) && !(cp >= 0x2B0 && cp <= 0x2FF) && cp != 0x640;
}

/*
 * The key's letters from a case-folded, decomposed (NFKD) name: an ASCII
 * letter as it is; another Latin letter folded to ASCII (its accents, now
 * marks after it, dropped; æ, ø, ł by the table) or, with no fold, kept; a
 * letter of any other script kept with the marks that follow it (an Indic
 * vowel sign, an Arabic vowel mark). Everything else is dropped: spaces,
 * hyphens, apostrophes, digits, a mark with no kept letter before it.
 */
static size_t key_letters(const uint8_t *s, size_t n, uint8_t *out)
{
	static const uc_script_t *latin;
	if (!latin)
		latin = uc_script_byname("Latin");
	size_t used = 0;
	bool marks_kept = false; /* whether marks here belong to a letter kept with its marks */
	for (const uint8_t *end = s + n; s < end;) {
		ucs4_t cp;
		int len = u8_mbtouc(&cp, s, (size_t)(end - s));
		const char *fold = NULL;
		if (uc_is_general_category(cp, UC_CATEGORY_M)) {
			if (marks_kept) {
				memcpy(out + used, s, (size_t)len);
				used += (size_t)len;
			}
		} else if (!key_letter(cp)) {
			marks_kept = false;
		} else if (cp < 0x80) {
			out[used++] = (uint8_t)cp;
			marks_kept = false;
		} else if (uc_script(cp) == latin && (fold = latin_fold(cp)) != NULL) {
			used += (size_t)sprintf((char *)out + used, "%s", fold);
			marks_kept = false;
		} else {
			memcpy(out + used, s, (size_t)len);
			used += (size_t)len;
			marks_kept = uc_script(cp) != latin;
		}
		s += len;
	}
	return used;
}

/* ---- letters that look like Latin ones ---- */

/*
 * The Latin letters a letter (with the marks kept after it) looks like, by
 * its UTS #39 confusables skeleton, lower case into out (Cyrillic "ѕ" and
 * "а" are "s" and "a", Latin alpha "ɑ" is "a"); false when its skeleton is
 * not ASCII letters alone ("м", "я", "王").
 */
static bool latin_lookalike(const uint8_t *letter, size_t n, char *out, size_t size)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t len = uspoof_getSkeletonUTF8(latin_spoof_checker(), 0, (const char *)letter, (int32_t)n, out,
	                                     (int32_t)size, &status);
	if (U_FAILURE(status) || len <= 0 || (size_t)len >= size)
		return false;
	for (int32_t i = 0; i < len; i++) {
		char c = out[i];
		if (c >= 'A' && c <= 'Z')
			out[i] = (char)(c - 'A' + 'a');
		else if (c < 'a' || c > 'z')
			return false;
	}
	out[len] = '\0';
	return true;
}

/* The length of the letter at s with the marks kept after it (a key's letters are only these). */
static size_t letter_length(const uint8_t *s, const uint8_t *end)
{
	ucs4_t cp;
	size_t n = (size_t)u8_mbtouc(&cp, s, (size_t)(end - s));
	while (s + n < end) {
		int len = u8_mbtouc(&cp, s + n, (size_t)(end - s - n));
		if (!uc_is_general_category(cp, UC_CATEGORY_M))
			break;
		n += (size_t)len;
	}
	return n;
}

/*
 * A key's letters with look-alikes of Latin letters written as those
 * letters, as a new string of *length bytes: in a name partly in Latin
 * letters (a mixed-script name, "Ѕаm" with a Cyrillic Ѕ and а) and in a
 * name whose every letter looks like Latin ones (a whole-script confusable,
 * "Ѕаѕ"), so a name typed with look-alikes has the key of the name it shows.
 * A name in another script with letters of its own ("Мария") is left as it
 * is: its "а" is a Cyrillic letter there, not a disguise.
 */
static uint8_t *latin_lookalikes(const uint8_t *key, size_t n, size_t *length)
{
	const uint8_t *end = key + n;
	bool any_ascii = false, all_lookalike = true;
	char lookalike[32];
	for (const uint8_t *s = key; s < end;) {
		size_t len = letter_length(s, end);
		if (*s < 0x80)
			any_ascii = true;
		else if (!latin_lookalike(s, len, lookalike, sizeof lookalike))
			all_lookalike = false;
		s += len;
	}
	bool replace = n > 0 && (any_ascii || all_lookalike);
	/* a look-alike is at most as long as its skeleton buffer, a letter at least 1 byte */
	uint8_t *out = malloc(replace ? n * sizeof lookalike + 1 : n + 1);
	size_t used = 0;
	if (!out)
		return NULL;
	for (const uint8_t *s = key; s < end;) {
		size_t len = letter_length(s, end);
		if (replace && *s >= 0x80 && latin_lookalike(s, len, lookalike, sizeof lookalike)) {
			size_t l = strlen(lookalike);
			memcpy(out + used, lookalike, l);
			used += l;
		} else {
			memcpy(out + used, s, len);
			used += len;
		}
		s += len;
	}
	out[used] = '\0';
	*length = used;
	return out;
}

void match_name_key(const char *name, char *out, size_t size)
{
	if (size == 0)
		return;
	out[0] = '\0';
	size_t n = 0, folded_n = 0, key_n = 0;
	uint8_t *valid = valid_utf8(name ? name : "", &n);
	/* case folded and decomposed, so an accent is a mark of its own to drop */
	uint8_t *folded = valid ? u8_casefold(valid, n, NULL, UNINORM_NFKD, NULL, &folded_n) : NULL;
	/* a fold to ASCII is at most 2 bytes from a letter of at least 2 */
	uint8_t *letters = folded ? malloc(folded_n + 1) : NULL;
	size_t letters_n = letters ? key_letters(folded, folded_n, letters) : 0;
	/* composed again (NFKC): the key of a name typed in full-width or presentation forms is the same */
	size_t composed_n = 0;
	uint8_t *composed =
	    letters ? u8_normalize(UNINORM_NFKC, letters, letters_n, NULL, &composed_n) : NULL;
	uint8_t *key = composed ? latin_lookalikes(composed, composed_n, &key_n) : NULL;
	if (key) {
		/* cut to fit at a character's start, so a shorter key is a start of a longer one */
		size_t cut = key_n < size ? key_n : size - 1;
		while (cut > 0 && cut < key_n && (key[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(out, key, cut);
		out[cut] = '\0';
	}
	free(key);
	free(composed);
	free(letters);
	free(folded);
	free(valid);
}

/* ---- Double Metaphone, primary key ---- */

#define SOUND_LENGTH 4

struct word {
	const char *s; /* upper-case ASCII letters */
	int length;
	int last;
	bool slavo_germanic;
	char key[SOUND_LENGTH + 1];
	int key_length;
};

static char at(const struct word *w, int i)
{
	return i >= 0 && i < w->length ? w->s[i] : '\0';
}

static bool vowel(const struct word *w, int i)
{
	char c = at(w, i);
	return c && strchr("AEIOUY", c) != NULL;
}

/* Whether any of the NULL-ended strings (all of length n) is found at `start`. */
static bool at_any(const struct word *w, int start, int n, ...)
{
	if (start < 0 || start + n > w->length)
		return false;
	va_list ap;
	va_start(ap, n);
	bool found = false;
	for (const char *option = va_arg(ap, const char *); option && !found;
	     option = va_arg(ap, const char *))
		found = strncmp(w->s + start, option, (size_t)n) == 0;
	va_end(ap);
	return found;
}

static void add(struct word *w, const char *code)
{
	for (; *code && w->key_length < SOUND_LENGTH; code++)
		w->key[w->key_length++] = *code;
	w->key[w->key_length] = '\0';
}

/* Each letter's rule: adds to the key and returns how many letters it used. */
static int code_c(struct word *w, int i)
{
	/* various Germanic: "bacher", "macher" */
	if (i > 1 && !vowel(w, i - 2) && at_any(w, i - 1, 3, "ACH", NULL) && at(w, i + 2) != 'I' &&
	    (at(w, i + 2) != 'E' || at_any(w, i - 2, 6, "BACHER", "MACHER", NULL))) {
		add(w, "K");
		return 2;
	}
	if (i == 0 && at_any(w, i, 6, "CAESAR", NULL)) {
		add(w, "S");
		return 2;
	}
	if (at_any(w, i, 4, "CHIA", NULL)) { /* Italian "chianti" */
		add(w, "K");
		return 2;
	}
	if (at_any(w, i, 2, "CH", NULL)) {
		if (i > 0 && at_any(w, i, 4, "CHAE", NULL)) { /* "michael" */
			add(w, "K");
			return 2;
		}
		/* Greek roots at the start: "chemistry", "chorus" */
		if (i == 0 &&
		    (at_any(w, i + 1, 5, "HARAC", "HARIS", NULL) ||
		     at_any(w, i + 1, 3, "HOR", "HYM", "HIA", "HEM", NULL)) &&
		    !at_any(w, 0, 5, "CHORE", NULL)) {
			add(w, "K");
			return 2;
		}
		/* Germanic, Greek or otherwise "ch" as "k" */
		if (at_any(w, 0, 3, "SCH", NULL) || at_any(w, i - 2, 6, "ORCHES", "ARCHIT", "ORCHID", NULL) ||
		    at_any(w, i + 2, 1, "T", "S", NULL) ||
		    ((at_any(w, i - 1, 1, "A", "O", "U", "E", NULL) || i == 0) &&
		     (at_any(w, i + 2, 1, "L", "R", "N", "M", "B", "H", "F", "V", "W", NULL) ||
		      i + 2 >= w->length))) {
			add(w, "K");
		} else if (i > 0) {
			add(w, at_any(w, 0, 2, "MC", NULL) ? "K" : "X");
		} else {
			add(w, "X");
		}
		return 2;
	}
	if (at_any(w, i, 2, "CZ", NULL) && !at_any(w, i - 2, 4, "WICZ", NULL)) { /* "czerny" */
		add(w, "S");
		return 2;
	}
	if (at_any(w, i + 1, 3, "CIA", NULL)) { /* "focaccia" */
		add(w, "X");
		return 3;
	}
	if (at_any(w, i, 2, "CC", NULL) && !(i == 1 && at(w, 0) == 'M')) { /* double c, not "McClellan" */
		if (at_any(w, i + 2, 1, "I", "E", "H", NULL) && !at_any(w, i + 2, 2, "HU", NULL)) {
			/* "accident", "accede", "succeed" */
			if ((i == 1 && at(w, i - 1) == 'A') || at_any(w, i - 1, 5, "UCCEE", "UCCES", NULL))
				add(w, "KS");
			else /* "bacci", "bertucci" */
				add(w, "X");
			return 3;
		}
		add(w, "K"); /* Pierce's rule */
		return 2;
	}
	if (at_any(w, i, 2, "CK", "CG", "CQ", NULL)) {
		add(w, "K");
		return 2;
	}
	if (at_any(w, i, 2, "CI", "CE", "CY", NULL)) {
		add(w, "S");
		return 2;
	}
	add(w, "K");
	if (at_any(w, i + 1, 1, "C", "K", "Q", NULL) && !at_any(w, i + 1, 2, "CE", "CI", NULL))
		return 2;
	return 1;
}

static int code_g(struct word *w, int i)
{
	if (at(w, i + 1) == 'H') {
		if (i > 0 && !vowel(w, i - 1)) {
			add(w, "K");
			return 2;
		}
		if (i == 0) { /* "ghislane", "ghiradelli" */
			add(w, at(w, i + 2) == 'I' ? "J" : "K");
			return 2;
		}
		/* Parker's rule: "hugh", "bough", "broughton" */
		if ((i > 1 && at_any(w, i - 2, 1, "B", "H", "D", NULL)) ||
		    (i > 2 && at_any(w, i - 3, 1, "B", "H", "D", NULL)) ||
		    (i > 3 && at_any(w, i - 4, 1, "B", "H", NULL)))
			return 2;
		/* "laugh", "McLaughlin", "cough", "tough" */
		if (i > 2 && at(w, i - 1) == 'U' && at_any(w, i - 3, 1, "C", "G", "L", "R", "T", NULL))
			add(w, "F");
		else if (i > 0 && at(w, i - 1) != 'I')
			add(w, "K");
		return 2;
	}
	if (at(w, i + 1) == 'N') {
		if (i == 1 && vowel(w, 0) && !w->slavo_germanic)
			add(w, "KN");
		else if (!at_any(w, i + 2, 2, "EY", NULL) && at(w, i + 1) != 'Y' && !w->slavo_germanic)
			add(w, "N");
		else
			add(w, "KN");
		return 2;
	}
	if (at_any(w, i + 1, 2, "LI", NULL) && !w->slavo_germanic) { /* "tagliaro" */
		add(w, "KL");
		return 2;
	}
	/* -ges-, -gep-, -gel-, -gie- at the start */
	if (i == 0 && (at(w, i + 1) == 'Y' || at_any(w, i + 1, 2, "ES", "EP", "EB", "EL", "EY", "IB", "IL",
	                                             "IN", "IE", "EI", "ER", NULL))) {
		add(w, "K");
		return 2;
	}
	/* -ger-, -gy- */
	if ((at_any(w, i + 1, 2, "ER", NULL) || at(w, i + 1) == 'Y') &&
	    !at_any(w, 0, 6, "DANGER", "RANGER", "MANGER", NULL) && !at_any(w, i - 1, 1, "E", "I", NULL) &&
	    !at_any(w, i - 1, 3, "RGY", "OGY", NULL)) {
		add(w, "K");
		return 2;
	}
	/* Italian "biaggi" */
	if (at_any(w, i + 1, 1, "E", "I", "Y", NULL) || at_any(w, i - 1, 4, "AGGI", "OGGI", NULL)) {
		/* obvious Germanic */
		if (at_any(w, 0, 3, "SCH", NULL) || at_any(w, i + 1, 2, "ET", NULL))
			add(w, "K");
		else
			add(w, "J");
		return 2;
	}
	add(w, "K");
	return at(w, i + 1) == 'G' ? 2 : 1;
}

static int code_j(struct word *w, int i)
{
	if (at_any(w, i, 4, "JOSE", NULL)) { /* Spanish "jose" */
		add(w, i == 0 && i + 4 >= w->length ? "H" : "J");
		return 1;
	}
	if (i == 0) {
		add(w, "J");
	} else if (vowel(w, i - 1) && !w->slavo_germanic && (at(w, i + 1) == 'A' || at(w, i + 1) == 'O')) {
		add(w, "J");
	} else if (i == w->last) {
		add(w, "J");
	} else if (!at_any(w, i + 1, 1, "L", "T", "K", "S", "N", "M", "B", "Z", NULL) &&
	           !at_any(w, i - 1, 1, "S", "K", "L", NULL)) {
		add(w, "J");
	}
	return at(w, i + 1) == 'J' ? 2 : 1;
}

static int code_s(struct word *w, int i)
{
	if (at_any(w, i - 1, 3, "ISL", "YSL", NULL)) /* "island", "carlysle": silent */
		return 1;
	if (i == 0 && at_any(w, i, 5, "SUGAR", NULL)) {
		add(w, "X");
		return 1;
	}
	if (at_any(w, i, 2, "SH", NULL)) {
		add(w, at_any(w, i + 1, 4, "HEIM", "HOEK", "HOLM", "HOLZ", NULL) ? "S" : "X");
		return 2;
	}
	if (at_any(w, i, 3, "SIO", "SIA", NULL) || at_any(w, i, 4, "SIAN", NULL)) { /* Italian and Armenian */
		add(w, "S");
		return 3;
	}
	/* German and anglicised: "smith", "schmidt", "snider" */
	if ((i == 0 && at_any(w, i + 1, 1, "M", "N", "L", "W", NULL)) || at_any(w, i + 1, 1, "Z", NULL)) {
		add(w, "S");
		return at_any(w, i + 1, 1, "Z", NULL) ? 2 : 1;
	}
	if (at_any(w, i, 2, "SC", NULL)) {
		if (at(w, i + 2) == 'H') {
			/* Dutch origin: "school", "schooner" */
			if (at_any(w, i + 3, 2, "OO", "ER", "EN", "UY", "ED", "EM", NULL)) {
				add(w, at_any(w, i + 3, 2, "ER", "EN", NULL) ? "X" : "SK");
				return 3;
			}
			add(w, "X");
			return 3;
		}
		add(w, at_any(w, i + 2, 1, "I", "E", "Y", NULL) ? "S" : "SK");
		return 3;
	}
	/* French "resnais", "artois": silent at the end */
	if (!(i == w->last && at_any(w, i - 2, 2, "AI", "OI", NULL)))
		add(w, "S");
	return at_any(w, i + 1, 1, "S", "Z", NULL) ? 2 : 1;
}

static int code_t(struct word *w, int i)
{
	if (at_any(w, i, 4, "TION", NULL) || at_any(w, i, 3, "TIA", "TCH", NULL)) {
		add(w, "X");
		return 3;
	}
	if (at_any(w, i, 2, "TH", NULL) || at_any(w, i, 3, "TTH", NULL)) {
		/* "thomas", "thames" */
		add(w, at_any(w, i + 2, 2, "OM", "AM", NULL) || at_any(w, 0, 3, "SCH", NULL) ? "T" : "0");
		return 2;
	}
	add(w, "T");
	return at_any(w, i + 1, 1, "T", "D", NULL) ? 2 : 1;
}

static int code_w(struct word *w, int i)
{
	if (at_any(w, i, 2, "WR", NULL)) {
		add(w, "R");
		return 2;
	}
	if (i == 0 && (vowel(w, i + 1) || at_any(w, i, 2, "WH", NULL)))
		add(w, "A"); /* "Wasserman" as "Vasserman" is the secondary key */
	/* Arnow and Polish "filipowicz": silent in the primary key */
	if ((i == w->last && vowel(w, i - 1)) ||
	    at_any(w, i - 1, 5, "EWSKI", "EWSKY", "OWSKI", "OWSKY", NULL) || at_any(w, 0, 3, "SCH", NULL))
		return 1;
	if (at_any(w, i, 4, "WICZ", "WITZ", NULL)) {
		add(w, "TS");
		return 4;
	}
	return 1;
}

static int code_letter(struct word *w, int i)
{
	char c = at(w, i);
	switch (c) {
	case 'A':
	case 'E':
	case 'I':
	case 'O':
	case 'U':
	case 'Y':
		if (i == 0) /* vowels count only at the start */
			add(w, "A");
		return 1;
	case 'B': add(w, "P"); return at(w, i + 1) == 'B' ? 2 : 1;
	case 'C': return code_c(w, i);
	case 'D':
		if (at_any(w, i, 2, "DG", NULL)) {
			if (at_any(w, i + 2, 1, "I", "E", "Y", NULL)) { /* "edge" */
				add(w, "J");
				return 3;
			}
			add(w, "TK"); /* "edgar" */
			return 2;
		}
		add(w, "T");
		return at_any(w, i, 2, "DT", "DD", NULL) ? 2 : 1;
	case 'F': add(w, "F"); return at(w, i + 1) == 'F' ? 2 : 1;
	case 'G': return code_g(w, i);
	case 'H':
		/* only keep if first and before a vowel, or between vowels */
		if ((i == 0 || vowel(w, i - 1)) && vowel(w, i + 1)) {
			add(w, "H");
			return 2;
		}
		return 1;
	case 'J': return code_j(w, i);
	case 'K': add(w, "K"); return at(w, i + 1) == 'K' ? 2 : 1;
	case 'L': add(w, "L"); return at(w, i + 1) == 'L' ? 2 : 1;
	case 'M':
		add(w, "M");
		/* "dumb", "thumb" */
		if ((at_any(w, i - 1, 3, "UMB", NULL) &&
		     (i + 1 == w->last || at_any(w, i + 2, 2, "ER", NULL))) ||
		    at(w, i + 1) == 'M')
			return 2;
		return 1;
	case 'N': add(w, "N"); return at(w, i + 1) == 'N' ? 2 : 1;
	case 'P':
		if (at(w, i + 1) == 'H') {
			add(w, "F");
			return 2;
		}
		add(w, "P");
		return at_any(w, i + 1, 1, "P", "B", NULL) ? 2 : 1;
	case 'Q': add(w, "K"); return at(w, i + 1) == 'Q' ? 2 : 1;
	case 'R':
		/* French "rogier": silent at the end in the primary key */
		if (!(i == w->last && !w->slavo_germanic && at_any(w, i - 2, 2, "IE", NULL) &&
		      !at_any(w, i - 4, 2, "ME", "MA", NULL)))
			add(w, "R");
		return at(w, i + 1) == 'R' ? 2 : 1;
	case 'S': return code_s(w, i);
	case 'T': return code_t(w, i);
	case 'V': add(w, "F"); return at(w, i + 1) == 'V' ? 2 : 1;
	case 'W': return code_w(w, i);
	case 'X':
		/* French "breaux": silent at the end */
		if (!(i == w->last &&
		      (at_any(w, i - 3, 3, "IAU", "EAU", NULL) || at_any(w, i - 2, 2, "AU", "OU", NULL))))
			add(w, "KS");
		return at_any(w, i + 1, 1, "C", "X", NULL) ? 2 : 1;
	case 'Z':
		if (at(w, i + 1) == 'H') { /* Chinese pinyin "zhao" */
			add(w, "J");
			return 2;
		}
		add(w, "S");
		return at(w, i + 1) == 'Z' ? 2 : 1;
	default: return 1;
	}
}

void match_name_sound(const char *name, char *out, size_t size)
{
	if (size == 0)
		return;
	/* the sound of the key's Latin letters, which are ASCII: other scripts have no sound here */
	char key[MATCH_KEY_SIZE], upper[MATCH_KEY_SIZE];
	match_name_key(name, key, sizeof key);
	size_t n = 0;
	for (const char *p = key; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			upper[n++] = (char)(*p - 'a' + 'A');
	upper[n] = '\0';
	struct word w = {.s = upper, .length = (int)strlen(upper)};
	w.last = w.length - 1;
	w.slavo_germanic =
	    strchr(upper, 'W') || strchr(upper, 'K') || strstr(upper, "CZ") || strstr(upper, "WITZ");
	int i = 0;
	/* silent letters at the start */
	if (at_any(&w, 0, 2, "GN", "KN", "PN", "WR", "PS", NULL))
		i = 1;
	if (at(&w, 0) == 'X') { /* Greek "xavier" */
		add(&w, "S");
		i = 1;
	}
	while (i < w.length && w.key_length < SOUND_LENGTH)
		i += code_letter(&w, i);
	/*
	 * Double Metaphone codes a vowel only at the start, as "A", so a name of vowels alone ("I", "İ",
	 * "Ia", "Aya", "Eoy") has the key "A", the key of every such name: it says nothing of how the name
	 * sounds, and such names match by their letters alone.
	 */
	snprintf(out, size, "%s", strcmp(w.key, "A") == 0 ? "" : w.key);
}
