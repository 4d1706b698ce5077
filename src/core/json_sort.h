/*
 * json_sort.h — sorting a JSON array in place, as qsort sorts a C array: the
 * register's match candidates, Provide's areas and the work list's tasks are
 * built as JSON arrays and put in order once they are whole.
 */
#ifndef HAVEN_CORE_JSON_SORT_H
#define HAVEN_CORE_JSON_SORT_H

#include <jansson.h>

/*
 * Puts the items of `array` in the order of `compare`, which is given, as by
 * qsort, pointers to two of its items (json_t *const *). Not stable.
 */
void json_sort_array(json_t *array, int (*compare)(const void *, const void *));

#endif
