/*
 * chosen_option.h — one way a form shown again keeps what was chosen in a
 * list of options (a select's agencies, a radio group's plans): each row of
 * the list gets "selected", true for the one whose field equals the input's
 * value, which the template writes as `selected` or `checked`.
 *
 * Pure: no I/O, thread-safe on lists the caller owns.
 */
#ifndef HAVEN_VIEW_CHOSEN_OPTION_H
#define HAVEN_VIEW_CHOSEN_OPTION_H

#include <jansson.h>

/*
 * Sets "selected" on every row of `rows` (an array of objects): true where
 * the row's `field` is equal (json_equal) to `chosen`, false elsewhere and
 * everywhere if `chosen` is NULL (nothing chosen yet):
 *
 *     chosen_option_mark(agencies, "slug", json_object_get(req->input, "owner"));
 */
void chosen_option_mark(json_t *rows, const char *field, const json_t *chosen);

#endif
