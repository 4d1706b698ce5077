/*
 * chosen_option.h — one way a form shown again keeps what was chosen in a
 * list of options (a select's agencies, a radio group's plans): each row of
 * the list gets "selected", true for the one whose field equals the input's
 * value, which the template writes as `selected` or `checked`; each of a
 * list of checkboxes gets "checked", true for those among the input's
 * values; and a fixed list of values made a field's radios, the chosen one
 * checked.
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

/*
 * Sets "checked" on every row of `rows` (an array of objects, a list of
 * checkboxes): true where the row's `field` is equal (json_equal) to one of
 * `chosen` (an array, a `multiple` field's input; NULL or not an array:
 * none ticked), false elsewhere:
 *
 *     chosen_option_tick(agencies, "slug", json_object_get(req->input, "agencies"));
 */
void chosen_option_tick(json_t *rows, const char *field, const json_t *chosen);

/*
 * Radio `index` (from 0) of field `name`: a new {id, value, label, checked},
 * checked if `chosen` (may be NULL) is `value`. The first radio's id is the
 * field's name and each other's "name-value", so the error summary's link
 * to the field reaches the first radio, as GOV.UK radios expect.
 */
json_t *chosen_option_radio(const char *name, size_t index, const char *value, const char *label,
                            const char *chosen);

/*
 * The radios of field `name` (chosen_option_radio), a new array in the
 * order of `values` (NULL-ended; `labels` beside them), with `chosen` (may
 * be NULL) checked.
 */
json_t *chosen_option_radios(const char *name, const char *const *values, const char *const *labels,
                             const char *chosen);

#endif
