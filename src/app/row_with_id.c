/*
 * row_with_id.c — the row of a list that an id names (see row_with_id.h).
 */
#include "app/row_with_id.h"

#include "router/fields.h"

json_t *row_with_id(const json_t *rows, long long id)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) if (field_int(row, "id") == id) return row;
	return NULL;
}
