/*
 * date_words.h — a record's date said in words under a key of the area's
 * choosing ("starts_on" 2026-12-03 as "starts_words" "3 December 2026"), for
 * the pages and API answers that have always carried it under that name (a
 * page's model gains K_words for every date K by itself: http/page_model.h).
 */
#ifndef HAVEN_APP_DATE_WORDS_H
#define HAVEN_APP_DATE_WORDS_H

#include <jansson.h>

/* Sets record[words_field] to record[field] in words when it is a real date "YYYY-MM-DD"; else nothing. */
void date_words_set(json_t *record, const char *field, const char *words_field);

/*
 * Sets record[field], a text, to itself with every real date "YYYY-MM-DD"
 * in it said in words: "Screened on 2026-11-12: medium risk" becomes
 * "Screened on 12 November 2026: medium risk" (for text written with a date
 * in it, which a page must not show as stored). Nothing when it is not text.
 */
void date_words_in_text(json_t *record, const char *field);

#endif
