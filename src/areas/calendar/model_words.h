/*
 * model_words.h — a model's stored instants ("…_at") and dates ("YYYY-MM-DD")
 * said the one way people read them, in England's time: for the pages the
 * server draws (http/page_model.c) and the emails areas queue
 * (areas/mail/compose.c). The API's JSON keeps them as stored.
 */
#ifndef HAVEN_AREAS_CALENDAR_MODEL_WORDS_H
#define HAVEN_AREAS_CALENDAR_MODEL_WORDS_H

#include <jansson.h>
#include <stdbool.h>

/* Every stored instant under a "..._at" key, however deep, said as people read it. */
void model_words_instants(json_t *value);

/*
 * Adds K_local beside the instant under `key` of `object`, if it holds one:
 * England's day and 24-hour clock, "26 November 2026 at 19:30", which
 * Operation Provide's referrals and the missing episodes carry in their
 * pages and API answers. Nothing when `key` holds no instant.
 */
void model_words_local_time(json_t *object, const char *key);

/* Room for a date in words with its weekday ("Wednesday 30 September 2026") and its NUL. */
#define MODEL_DATE_WORDS_SIZE 64

/*
 * A date "YYYY-MM-DD" as people read it, "3 December 2026" (with `weekday`,
 * "Thursday 3 December 2026"); false for text that is no real date.
 */
bool model_date_words(const char *text, bool weekday, char out[static MODEL_DATE_WORDS_SIZE]);

/* Beside every date "YYYY-MM-DD" under a key K, however deep: K_words and K_words_weekday. */
void model_words_dates(json_t *value);

#endif
