/*
 * json_sort.c — a JSON array sorted in place (json_sort.h).
 */
#include "core/json_sort.h"

#include <stdlib.h>

#include "core/alloc.h"

void json_sort_array(json_t *array, int (*compare)(const void *, const void *))
{
	size_t n = json_array_size(array);
	if (n < 2)
		return;
	/* jansson has no sort: its items are taken out (each kept alive by a reference), sorted and put back
	 */
	json_t **items = xmalloc(n * sizeof *items);
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(array, i));
	qsort(items, n, sizeof *items, compare);
	json_array_clear(array);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(array, items[i]);
	free(items);
}
