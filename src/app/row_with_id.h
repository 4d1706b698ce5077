/*
 * row_with_id.h — the row of a list the store gave (an array of objects,
 * each with its "id") that an id names: the option a form's choice names, or
 * the part of a record a correction is about. NULL when none is, so a choice
 * from outside the list is refused rather than trusted.
 */
#ifndef HAVEN_APP_ROW_WITH_ID_H
#define HAVEN_APP_ROW_WITH_ID_H

#include <jansson.h>

/* The row of `rows` whose "id" is `id` (borrowed from `rows`), or NULL. */
json_t *row_with_id(const json_t *rows, long long id);

#endif
