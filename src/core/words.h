/*
 * words.h — counts in words people read: "1 case", "3 cases", "1,234
 * children", never "1 cases" (issue 16). One helper for every page and
 * email that says how many of something there are.
 *
 * Pure and thread-safe; tested in tests/unit/test_words.c.
 */
#ifndef HAVEN_CORE_WORDS_H
#define HAVEN_CORE_WORDS_H

#include "core/buf.h"

/* `one` when n is 1 or -1, else `many` (0 cases, 2 cases). Borrowed: returns one of its arguments. */
const char *words_noun(long long n, const char *one, const char *many);

/*
 * Appends n with thousands separators and the noun it needs:
 * words_count(out, 1, "case", "cases") appends "1 case", with 1234 "1,234 cases".
 */
void words_count(struct buf *out, long long n, const char *one, const char *many);

/*
 * Appends the singular of `many`, an English plural as Haven's lists name
 * their rows ("requests", "user accounts", "no-shows"), changing its last
 * word only: "children" -> "child", "people" -> "person", "agencies" ->
 * "agency", "…sses/…ches/…shes/…xes" -> without "es", else without the
 * final "s"; "places and groups" -> "place or group". A word that is not
 * plural is appended as it is.
 */
void words_singular(struct buf *out, const char *many);

#endif
