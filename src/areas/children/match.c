/*
 * match.c (children) — checking and matching a child's identity (see
 * match.h): name keys, the Double Metaphone primary key, the NHS number,
 * UPN and postcode checks, and the register's duplicate search and writes.
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

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "auth/audit.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "router/errors.h"
#include "store/db.h"

const char *const children_sex_choices[] = {"female", "male", "indeterminate", "not_known", NULL};

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

/* Decodes one UTF-8 sequence at s; returns its length (1 for a stray byte, decoded as 0xFFFD). */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
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

void match_name_key(const char *name, char *out, size_t size)
{
	size_t used = 0;
	if (size == 0)
		return;
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	while (*s) {
		unsigned cp = 0;
		s += utf8_next(s, &cp);
		const char *fold = NULL;
		char ascii[2] = {0, 0};
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
			ascii[0] = (char)(cp | 0x20);
			fold = ascii;
		} else {
			for (size_t i = 0; i < sizeof latin_folds / sizeof latin_folds[0]; i++)
				if (cp >= latin_folds[i].first && cp <= latin_folds[i].last) {
					fold = latin_folds[i].fold;
					break;
				}
		}
		for (; fold && *fold && used + 1 < size; fold++)
			out[used++] = *fold;
	}
	out[used] = '\0';
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
	if (at_any(w, i, 4, "TION", NULL)) {
		add(w, "X");
		return 3;
	}
	if (at_any(w, i, 3, "TIA", "TCH", NULL)) {
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
	char upper[MATCH_KEY_SIZE];
	match_name_key(name, upper, sizeof upper);
	for (char *p = upper; *p; p++)
		*p = (char)(*p - 'a' + 'A');
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
	snprintf(out, size, "%s", w.key);
}

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

/* ---- checking an identity ---- */

static bool given(const char *s)
{
	return s && *s;
}

/* Characters (not bytes) in UTF-8 text. */
static size_t characters(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void add_error(json_t *errors, const char *prefix, const char *field, const char *message)
{
	char name[96];
	snprintf(name, sizeof name, "%s%s", prefix ? prefix : "", field);
	errors_add(errors, name, message);
}

static void check_name(json_t *errors, const char *prefix, const char *field, const char *value,
                       const char *what, bool required, size_t max)
{
	char message[160];
	if (!given(value)) {
		if (required) {
			snprintf(message, sizeof message, "Enter the child's %s", what);
			add_error(errors, prefix, field, message);
		}
		return;
	}
	if (characters(value) > max) {
		snprintf(message, sizeof message, "The child's %s must be %zu characters or fewer", what,
		         max);
		add_error(errors, prefix, field, message);
		return;
	}
	char key[MATCH_KEY_SIZE];
	match_name_key(value, key, sizeof key);
	if (!key[0]) {
		snprintf(message, sizeof message, "The child's %s must contain letters", what);
		add_error(errors, prefix, field, message);
	}
}

bool children_check_identity(struct store_tx *tx, const struct child_identity *c, const char *field_prefix,
                             int32_t today, json_t *errors)
{
	sqlite3 *db = db_tx_conn(tx);
	size_t before = json_array_size(errors);
	const char *p = field_prefix;
	check_name(errors, p, "given_name", c->given_name, "given name", true, 100);
	check_name(errors, p, "family_name", c->family_name, "family name", true, 100);
	check_name(errors, p, "other_names", c->other_names, "other names", false, 200);

	int32_t day = 0;
	if (given(c->date_of_birth) && given(c->expected_date_of_birth)) {
		add_error(errors, p, "expected_date_of_birth",
		          "Enter either a date of birth or, for an unborn child, an expected date of birth, "
		          "not both");
	} else if (given(c->date_of_birth)) {
		if (!calendar_parse(c->date_of_birth, &day))
			add_error(errors, p, "date_of_birth", "Date of birth must be a real date");
		else if (day > today)
			add_error(errors, p, "date_of_birth", "Date of birth must be today or in the past");
		else if (day < today - 25 * 366)
			add_error(errors, p, "date_of_birth",
			          "Date of birth must be within the last 25 years");
	} else if (given(c->expected_date_of_birth)) {
		if (!calendar_parse(c->expected_date_of_birth, &day))
			add_error(errors, p, "expected_date_of_birth",
			          "Expected date of birth must be a real date");
		else if (day < today - 31)
			add_error(errors, p, "expected_date_of_birth",
			          "Expected date of birth must be no more than 31 days ago: if the child has "
			          "been born, enter their date of birth");
		else if (day > today + 305)
			add_error(errors, p, "expected_date_of_birth",
			          "Expected date of birth must be within the next 10 months");
	} else {
		add_error(
		    errors, p, "date_of_birth",
		    "Enter the child's date of birth, or an expected date of birth for an unborn child");
	}

	if (given(c->sex)) {
		bool known = false;
		for (const char *const *s = children_sex_choices; *s && !known; s++)
			known = strcmp(*s, c->sex) == 0;
		if (!known)
			add_error(errors, p, "sex", "Sex must be female, male, indeterminate or not known");
	}
	char buffer[MATCH_KEY_SIZE];
	if (given(c->postcode) && !match_postcode_normalise(c->postcode, buffer))
		add_error(errors, p, "postcode", "Enter a real postcode, like PR1 2HH");
	if (given(c->upn) && !match_upn_valid(c->upn))
		add_error(errors, p, "upn",
		          "Enter a real unique pupil number: 13 characters, a check letter then 12 digits "
		          "(or 11 and a letter)");
	if (given(c->nhs_number) && !match_nhs_number_valid(c->nhs_number))
		add_error(errors, p, "nhs_number", "Enter a real NHS number: 10 digits, like 943 476 5919");

	if (c->la_code == 0) {
		add_error(errors, p, "la_code", "Select the local authority the child lives in");
	} else if (db) {
		sqlite3_stmt *stmt = db_prepare(db, "SELECT 1 FROM local_authorities WHERE code = ?");
		if (stmt) {
			sqlite3_bind_int(stmt, 1, c->la_code);
			bool found = sqlite3_step(stmt) == SQLITE_ROW;
			db_done(stmt);
			if (!found)
				add_error(errors, p, "la_code",
				          "Select a local authority of the partnership");
		}
	}
	return json_array_size(errors) == before;
}

bool children_check_identity_now(const struct child_identity *c, const char *field_prefix, json_t *errors)
{
	return children_check_identity(store_read_tx(), c, field_prefix, calendar_london_today(), errors);
}

/* ---- the register ---- */

struct name_keys {
	char given_key[MATCH_KEY_SIZE], family_key[MATCH_KEY_SIZE];
	char given_sound[MATCH_KEY_SIZE], family_sound[MATCH_KEY_SIZE];
};

static void keys_of(const char *given_name, const char *family_name, struct name_keys *k)
{
	match_name_key(given_name, k->given_key, sizeof k->given_key);
	match_name_key(family_name, k->family_key, sizeof k->family_key);
	match_name_sound(given_name, k->given_sound, sizeof k->given_sound);
	match_name_sound(family_name, k->family_sound, sizeof k->family_sound);
}

static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text && *text)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, index);
}

static bool same(const char *a, const char *b)
{
	return a && b && *a && strcmp(a, b) == 0;
}

static bool starts(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na == 0 || nb == 0)
		return false;
	return na < nb ? strncmp(a, b, na) == 0 : strncmp(a, b, nb) == 0;
}

/* The reasons (appended to `reasons`) a register row's names are similar to the query's; false if they are
 * not. */
static bool names_similar(const struct name_keys *q, const char *given_key, const char *family_key,
                          const char *given_sound, const char *family_sound, json_t *reasons)
{
	bool family_same = same(q->family_key, family_key);
	bool family_sounds = !family_same && same(q->family_sound, family_sound);
	bool given_same = same(q->given_key, given_key);
	bool given_sounds = !given_same && same(q->given_sound, given_sound);
	bool given_starts = !given_same && !given_sounds && given_key && starts(q->given_key, given_key);
	if ((family_same || family_sounds) && (given_same || given_sounds || given_starts)) {
		json_array_append_new(
		    reasons, json_string(family_same ? "same family name" : "family name sounds the same"));
		json_array_append_new(reasons,
		                      json_string(given_same     ? "same given name"
		                                  : given_sounds ? "given name sounds the same"
		                                                 : "one given name starts the other"));
		return true;
	}
	bool swapped = (same(q->given_key, family_key) || same(q->given_sound, family_sound)) &&
	               (same(q->family_key, given_key) || same(q->family_sound, given_sound));
	if (swapped) {
		json_array_append_new(reasons, json_string("given and family names swapped"));
		return true;
	}
	return false;
}

/* Whether array `list` holds the string `s`. */
static bool has_string(const json_t *list, const json_t *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) if (json_equal(v, s)) return true;
	return false;
}

/* The first character (a whole UTF-8 sequence) of `name`, as a new JSON string ("" for none). */
static json_t *initial_of(const char *name)
{
	if (!name || !*name)
		return json_string("");
	unsigned cp = 0;
	size_t n = utf8_next((const unsigned char *)name, &cp);
	if (cp == 0xFFFD && n == 1)
		return json_string("");
	return json_stringn(name, n);
}

/*
 * Adds a candidate row (from the SELECT below) to `found`, or merges its reasons into an entry already there.
 * Only what recognising the child needs is kept: the given name's initial, never the whole name.
 */
static void add_candidate(json_t *found, sqlite3_stmt *stmt, const char *strength, json_t *reasons)
{
	long long id = sqlite3_column_int64(stmt, 0);
	size_t i;
	json_t *c;
	json_array_foreach(found, i, c)
	{
		if (json_integer_value(json_object_get(c, "id")) == id) {
			json_t *existing = json_object_get(c, "reasons");
			size_t j;
			json_t *r;
			json_array_foreach(reasons, j, r) if (!has_string(existing, r))
			    json_array_append(existing, r);
			json_decref(reasons);
			return;
		}
	}
	json_t *row = json_object();
	json_object_set_new(row, "id", json_integer(id));
	json_object_set_new(row, "given_initial", initial_of((const char *)sqlite3_column_text(stmt, 1)));
	static const char *const text_columns[] = {"family_name", "date_of_birth", "expected_date_of_birth"};
	for (int col = 0; col < 3; col++) {
		const unsigned char *t = sqlite3_column_text(stmt, col + 2);
		json_object_set_new(row, text_columns[col], t ? json_string((const char *)t) : json_null());
	}
	json_object_set_new(row, "la_code",
	                    sqlite3_column_type(stmt, 5) == SQLITE_NULL
	                        ? json_null()
	                        : json_integer(sqlite3_column_int64(stmt, 5)));
	const unsigned char *la = sqlite3_column_text(stmt, 6);
	json_object_set_new(row, "la_name", la ? json_string((const char *)la) : json_null());
	json_object_set_new(row, "strength", json_string(strength));
	json_object_set_new(row, "reasons", reasons);
	json_array_append_new(found, row);
}

static const char *column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	return t ? (const char *)t : "";
}

/* Why a row found by date (column 3: its date of birth, NULL for an unborn child) has the query's date. */
static const char *date_reason(sqlite3_stmt *stmt, bool query_born)
{
	bool row_born = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
	return row_born && query_born     ? "same date of birth"
	       : !row_born && !query_born ? "same expected date of birth"
	                                  : "date of birth is the other's expected date of birth";
}

/*
 * Runs an identifier query (bound to `value` and the date `date`) and adds each row as a certain match. The
 * date is part of it: a number alone, which anyone could guess or mistype, must not show whose it is.
 */
static enum haven_status certain_by(sqlite3_stmt *stmt, const char *value, const char *date, bool query_born,
                                    const char *reason, json_t *found)
{
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, value, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, date, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		add_candidate(found, stmt, "certain",
		              json_pack("[s, s]", reason, date_reason(stmt, query_born)));
	db_done(stmt);
	return rc == SQLITE_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

#define CANDIDATE_COLUMNS                                                                                    \
	"SELECT c.id, c.given_name, c.family_name, c.date_of_birth, c.expected_date_of_birth, c.la_code, "   \
	"la.name,"                                                                                           \
	" c.given_name_key, c.family_name_key, c.given_name_sound, c.family_name_sound"                      \
	" FROM children c LEFT JOIN local_authorities la ON la.code = c.la_code"

static int strength_rank(const json_t *c)
{
	return strcmp(json_string_value(json_object_get(c, "strength")), "certain") == 0 ? 0 : 1;
}

static int compare_candidates(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int rx = strength_rank(x), ry = strength_rank(y);
	if (rx != ry)
		return rx - ry;
	size_t nx = json_array_size(json_object_get(x, "reasons")),
	       ny = json_array_size(json_object_get(y, "reasons"));
	if (nx != ny)
		return nx > ny ? -1 : 1;
	long long ix = json_integer_value(json_object_get(x, "id")),
	          iy = json_integer_value(json_object_get(y, "id"));
	return ix < iy ? -1 : ix > iy;
}

enum haven_status children_likely_matches(struct store_tx *tx, const struct child_identity *q, json_t **out)
{
	sqlite3 *db = db_tx_conn(tx);
	*out = NULL;
	json_t *found = json_array();
	enum haven_status st = HAVEN_OK;
	char ident[MATCH_UPN_SIZE];
	const char *date = given(q->date_of_birth) ? q->date_of_birth : q->expected_date_of_birth;
	bool query_born = given(q->date_of_birth);
	/* an identifier counts only with the same date (born or expected): without a date it matches nothing
	 */
	if (given(date) && given(q->nhs_number) && match_nhs_number_normalise(q->nhs_number, ident))
		st = certain_by(db_prepare(db, CANDIDATE_COLUMNS
		                           " WHERE c.nhs_number = ?1"
		                           " AND (c.date_of_birth = ?2 OR c.expected_date_of_birth = ?2)"),
		                ident, date, query_born, "same NHS number", found);
	if (st == HAVEN_OK && given(date) && given(q->upn) && match_upn_normalise(q->upn, ident))
		st = certain_by(db_prepare(db, CANDIDATE_COLUMNS
		                           " WHERE c.upn = ?1"
		                           " AND (c.date_of_birth = ?2 OR c.expected_date_of_birth = ?2)"),
		                ident, date, query_born, "same unique pupil number", found);

	if (st == HAVEN_OK && given(date)) {
		struct name_keys k;
		keys_of(q->given_name, q->family_name, &k);
		/* both indexes (children_by_birth, children_by_expected_birth) serve this OR */
		sqlite3_stmt *stmt = db_prepare(
		    db, CANDIDATE_COLUMNS " WHERE c.date_of_birth = ?1 OR c.expected_date_of_birth = ?1");
		if (!stmt) {
			st = HAVEN_ERR_DB;
		} else {
			sqlite3_bind_text(stmt, 1, date, -1, SQLITE_TRANSIENT);
			int rc;
			while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
				json_t *reasons = json_array();
				json_array_append_new(reasons, json_string(date_reason(stmt, query_born)));
				if (names_similar(&k, column_text(stmt, 7), column_text(stmt, 8),
				                  column_text(stmt, 9), column_text(stmt, 10), reasons))
					add_candidate(found, stmt, "likely", reasons);
				else
					json_decref(reasons);
			}
			db_done(stmt);
			if (rc != SQLITE_DONE)
				st = HAVEN_ERR_DB;
		}
	}
	if (st != HAVEN_OK) {
		json_decref(found);
		return st;
	}
	/* a certain match found again by date and name is still certain: its name reasons were merged in */
	size_t n = json_array_size(found);
	json_t **items = n ? xmalloc(n * sizeof *items) : NULL;
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(found, i));
	if (n > 1)
		qsort(items, n, sizeof *items, compare_candidates);
	json_array_clear(found);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(found, items[i]);
	free(items);
	*out = found;
	return HAVEN_OK;
}

/* ---- taking an existing record, accountably ---- */

/* One audit row about child `child_id` (with `reason`, or NULL). */
static enum haven_status audit_child(sqlite3 *db, const struct actor *actor, const char *action,
                                     long long child_id, const char *reason)
{
	char text[32];
	snprintf(text, sizeof text, "%lld", child_id);
	struct audit_event e = {
	    .user_id = actor ? actor->user_id : 0,
	    .agency_id = actor ? actor->agency_id : 0,
	    .action = action,
	    .resource_type = "child",
	    .resource_id = text,
	    .reason = reason,
	    .client_address = actor ? actor->client_address : NULL,
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status children_audit_shown(struct store_tx *tx, const json_t *candidates,
                                       const struct actor *actor)
{
	sqlite3 *db = db_tx_conn(tx);
	size_t i;
	json_t *c;
	json_array_foreach(candidates, i, c)
	{
		enum haven_status st =
		    audit_child(db, actor, "child.match", json_integer_value(json_object_get(c, "id")), NULL);
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

bool children_check_take_reason(const char *reason, const char *field, json_t *errors)
{
	size_t characters = 0;
	for (const unsigned char *p = (const unsigned char *)(reason ? reason : ""); *p; p++)
		characters += (*p & 0xC0) != 0x80;
	const char *problem = NULL;
	if (characters == 0)
		problem =
		    "Enter why you are sure this is the same child: taking their record lets your agency see "
		    "all of it, and your reason is kept for review";
	else if (characters < CHILDREN_TAKE_REASON_MIN)
		problem = "Why you are sure this is the same child must be 10 characters or more";
	else if (characters > CHILDREN_TAKE_REASON_MAX)
		problem = "Why you are sure this is the same child must be 1000 characters or fewer";
	if (problem)
		errors_add(errors, field, problem);
	return problem == NULL;
}

enum haven_status children_take_offered(struct store_tx *tx, long long child_id,
                                        const struct child_identity *typed, const char *reason,
                                        const struct actor *actor)
{
	sqlite3 *db = db_tx_conn(tx);
	if (!actor || actor->agency_id <= 0)
		return HAVEN_ERR_NOT_FOUND;
	json_t *found = NULL;
	enum haven_status st = children_likely_matches(db_tx(db), typed, &found);
	if (st != HAVEN_OK)
		return st;
	bool offered = false;
	size_t i;
	json_t *c;
	json_array_foreach(found, i, c) offered =
	    offered || json_integer_value(json_object_get(c, "id")) == child_id;
	json_decref(found);
	if (!offered)
		return HAVEN_ERR_NOT_FOUND;
	if ((st = children_link(db_tx(db), child_id, actor->agency_id, "raised_concern")) != HAVEN_OK)
		return st;
	return audit_child(db, actor, "child.link", child_id, reason);
}

enum haven_status children_insert(struct store_tx *tx, const struct child_identity *c,
                                  long long created_by_user_id, long long *id)
{
	sqlite3 *db = db_tx_conn(tx);
	struct name_keys k;
	keys_of(c->given_name, c->family_name, &k);
	char postcode[MATCH_POSTCODE_SIZE], upn[MATCH_UPN_SIZE], nhs[MATCH_NHS_SIZE];
	if (given(c->postcode) && !match_postcode_normalise(c->postcode, postcode))
		snprintf(postcode, sizeof postcode, "%.8s", c->postcode);
	if (!given(c->postcode))
		postcode[0] = '\0';
	if (!given(c->upn) || !match_upn_normalise(c->upn, upn))
		upn[0] = '\0';
	if (!given(c->nhs_number) || !match_nhs_number_normalise(c->nhs_number, nhs))
		nhs[0] = '\0';
	sqlite3_stmt *stmt = db_prepare(
	    db, "INSERT INTO children (given_name, family_name, other_names, date_of_birth, "
	        "expected_date_of_birth, sex,"
	        " postcode, upn, nhs_number, la_code, given_name_key, family_name_key, given_name_sound,"
	        " family_name_sound, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, c->given_name ? c->given_name : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, c->family_name ? c->family_name : "", -1, SQLITE_TRANSIENT);
	bind_text_or_null(stmt, 3, c->other_names);
	bind_text_or_null(stmt, 4, c->date_of_birth);
	bind_text_or_null(stmt, 5, c->expected_date_of_birth);
	bind_text_or_null(stmt, 6, c->sex);
	bind_text_or_null(stmt, 7, postcode);
	bind_text_or_null(stmt, 8, upn);
	bind_text_or_null(stmt, 9, nhs);
	if (c->la_code)
		sqlite3_bind_int(stmt, 10, c->la_code);
	else
		sqlite3_bind_null(stmt, 10);
	sqlite3_bind_text(stmt, 11, k.given_key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 12, k.family_key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 13, k.given_sound, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 14, k.family_sound, -1, SQLITE_TRANSIENT);
	if (created_by_user_id > 0)
		sqlite3_bind_int64(stmt, 15, created_by_user_id);
	else
		sqlite3_bind_null(stmt, 15);
	enum haven_status st = db_exec_stmt(stmt);
	if (st == HAVEN_OK)
		*id = sqlite3_last_insert_rowid(db);
	return st;
}

enum haven_status children_link(struct store_tx *tx, long long child_id, long long agency_id,
                                const char *relationship)
{
	sqlite3 *db = db_tx_conn(tx);
	sqlite3_stmt *check = db_prepare(
	    db, "SELECT (SELECT 1 FROM children WHERE id = ?1) AND (SELECT 1 FROM agencies WHERE id = ?2)");
	if (!check)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(check, 1, child_id);
	sqlite3_bind_int64(check, 2, agency_id);
	bool both = sqlite3_step(check) == SQLITE_ROW && sqlite3_column_int(check, 0) == 1;
	db_done(check);
	if (!both)
		return HAVEN_ERR_NOT_FOUND;
	sqlite3_stmt *stmt = db_prepare(
	    db, "INSERT OR IGNORE INTO child_links (child_id, agency_id, relationship) VALUES (?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, child_id);
	sqlite3_bind_int64(stmt, 2, agency_id);
	sqlite3_bind_text(stmt, 3, relationship, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(stmt);
}

enum haven_status children_link_local_authority(struct store_tx *tx, long long child_id)
{
	sqlite3 *db = db_tx_conn(tx);
	sqlite3_stmt *stmt = db_prepare(
	    db, "INSERT OR IGNORE INTO child_links (child_id, agency_id, relationship)"
	        " SELECT c.id, a.id, 'local_authority' FROM children c"
	        " JOIN agencies a ON a.type = 'local_authority' AND a.la_code = c.la_code WHERE c.id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, child_id);
	return db_exec_stmt(stmt);
}

enum haven_status children_fill_keys(struct store_tx *tx, long long *count)
{
	sqlite3 *db = db_tx_conn(tx);
	sqlite3_stmt *rows = db_prepare(db, "SELECT id, given_name, family_name FROM children WHERE "
	                                    "given_name_key IS NULL OR family_name_key IS NULL"
	                                    " OR given_name_sound IS NULL OR family_name_sound IS NULL");
	sqlite3_stmt *update = db_prepare(db, "UPDATE children SET given_name_key = ?, family_name_key = ?, "
	                                      "given_name_sound = ?, family_name_sound = ?"
	                                      " WHERE id = ?");
	if (!rows || !update) {
		if (rows)
			db_done(rows);
		return HAVEN_ERR_DB;
	}
	/* read all first: updating the rows being stepped over is not safe */
	json_t *missing_keys = json_array();
	int rc;
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW)
		json_array_append_new(missing_keys,
		                      json_pack("[I, s, s]", (json_int_t)sqlite3_column_int64(rows, 0),
		                                column_text(rows, 1), column_text(rows, 2)));
	db_done(rows);
	if (rc != SQLITE_DONE) {
		json_decref(missing_keys);
		return HAVEN_ERR_DB;
	}
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *row;
	json_array_foreach(missing_keys, i, row)
	{
		struct name_keys k;
		keys_of(json_string_value(json_array_get(row, 1)), json_string_value(json_array_get(row, 2)),
		        &k);
		sqlite3_bind_text(update, 1, k.given_key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(update, 2, k.family_key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(update, 3, k.given_sound, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(update, 4, k.family_sound, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(update, 5, json_integer_value(json_array_get(row, 0)));
		st = db_exec_stmt(update);
		if (st != HAVEN_OK)
			break;
	}
	if (count)
		*count = st == HAVEN_OK ? (long long)json_array_size(missing_keys) : 0;
	json_decref(missing_keys);
	return st;
}
