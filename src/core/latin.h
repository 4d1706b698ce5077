/*
 * latin.h — a name typed in any script, written in plain Latin letters, for
 * the identifiers Haven makes from names (a priority's key, a review theme's
 * slug): ICU's transliterators "Any-Latin; Latin-ASCII" drop accents ("ôl" ->
 * "ol", "Straße" -> "Strasse") and spell other scripts in Latin letters
 * ("Насилие" -> "Nasilie", "日本語" -> "ri ben yu"). So a name that looks like
 * another (an accent, a Cyrillic letter that looks Latin) makes the same
 * identifier, and a name with no Latin letters still makes one.
 */
#ifndef HAVEN_CORE_LATIN_H
#define HAVEN_CORE_LATIN_H

#include <stdbool.h>

/* `name` (UTF-8) in Latin letters folded to ASCII: a new string to free, or NULL if ICU cannot (the caller
 * uses the name as typed: its ASCII letters only). */
char *latin_ascii(const char *name);

/* Whether `name` (UTF-8) holds a letter of a script other than Latin, whose Latin spelling is a
 * transliteration that two different names can share (市 and 是 are both "shi"). */
bool latin_has_other_script(const char *name);

/* Whether `name` (UTF-8) holds a letter and every letter is of a script other than Latin ("Насилие", not
 * "Nеglect" with one Cyrillic е among Latin letters, which only looks like "Neglect"). */
bool latin_none(const char *name);

#endif
