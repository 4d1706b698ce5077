/*
 * paged_rows_sqlite.c — a page of a list and its capped total in one call
 * (see paged_rows_sqlite.h).
 */
#include "app/paged_rows_sqlite.h"

#include <string.h>

enum haven_status paged_rows_read(const struct page *page, const struct paged_rows *list,
                                  const struct db_value *filters, size_t count, json_t **out,
                                  long long *total)
{
	*out = NULL;
	*total = -1;
	db_conn *db = db_reader();
	if (!db || count > PAGED_ROWS_MAX_FILTERS)
		return HAVEN_ERR_DB;
	struct db_value values[PAGED_ROWS_MAX_FILTERS + 2];
	memcpy(values, filters, count * sizeof *values);
	values[count] = DB_INT(page_cursor(page, list->none_after));
	values[count + 1] = DB_INT(page_fetch(page));
	*out = db_rows_values(db_prepare_registered(db, page_backward(page) ? list->before : list->after),
	                      values, count + 2);
	if (!*out)
		return HAVEN_ERR_DB;
	values[count] = DB_INT(PAGE_COUNT_CAP + 1);
	*total = db_count_values(db_prepare_registered(db, list->count), values, count + 1);
	return HAVEN_OK;
}
