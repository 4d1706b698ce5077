/*
 * latin.h — a name typed in any script, written in plain Latin letters, for
 * the identifiers Haven makes from names (a priority's key, a review theme's
 * slug): NFKC first (mathematical and fullwidth letters are the plain ones),
 * what shows nothing dropped (a zero-width joiner, a soft hyphen), then ICU's
 * transliterators "Any-Latin; Latin-ASCII" drop accents ("ôl" -> "ol",
 * "Straße" -> "Strasse") and spell other scripts in Latin letters ("Насилие"
 * -> "Nasilie", "日本語" -> "ri ben yu"). So a name that looks like another (an
 * accent, a Cyrillic letter among Latin ones, "𝐍𝐞𝐠𝐥𝐞𝐜𝐭") makes the same
 * identifier, and a name with no Latin letters still makes one. And how a
 * name looks, whatever its script (latin_look), for names wholly in another
 * script made to look like a Latin one ("СЅЕ" like "CSE").
 */
#ifndef HAVEN_CORE_LATIN_H
#define HAVEN_CORE_LATIN_H

#include <stdbool.h>
#include <unicode/uspoof.h>

/* `name` (UTF-8) in Latin letters folded to ASCII: a new string to free, or NULL if ICU cannot (the caller
 * uses the name as typed: its ASCII letters only). */
char *latin_ascii(const char *name);

/* Whether `name` (UTF-8) holds a letter of a script other than Latin, whose Latin spelling is a
 * transliteration that two different names can share (市 and 是 are both "shi"). */
bool latin_has_other_script(const char *name);

/* Whether `name` (UTF-8, NFKC first) holds a letter and every letter is of a script other than Latin
 * ("Насилие", not "Nеglect" with one Cyrillic е among Latin letters, which only looks like "Neglect"). */
bool latin_none(const char *name);

/* How `name` (UTF-8) looks, to compare with how another looks: NFKC, nothing invisible, its UTS #39
 * confusables skeleton case folded, marks dropped, every run of anything but letters and digits one space
 * ("СЅЕ" and "cse!" are "cse", "ΑΒ" and "Ab" are "ab", "市场" is itself). A new string to free, or NULL
 * if ICU cannot. */
char *latin_look(const char *name);

/* ICU's checker of confusable letters (UTS #39), opened once for every thread and shared (a skeleton is
 * read-only work): what latin_look and the children's register's look-alike letters ask. */
const USpoofChecker *latin_spoof_checker(void);

#endif
