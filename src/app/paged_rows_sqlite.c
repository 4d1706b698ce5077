/*
 * paged_rows_sqlite.c — a page of a list and its capped total in one call
 * (see paged_rows_sqlite.h).
 */
#include "app/paged_rows_sqlite.h"

#include <string.h>

/* The list's filters, then the cursor and how many rows to fetch, into values (PAGED_ROWS_MAX_FILTERS + 2).
 */
static bool page_values(const struct page *page, const struct paged_rows *list,
                        const struct db_value *filters, size_t count, struct db_value *values)
{
	if (count > PAGED_ROWS_MAX_FILTERS)
		return false;
	if (count)
		memcpy(values, filters, count * sizeof *values);
	values[count] = DB_INT(page_cursor(page, list->none_after));
	values[count + 1] = DB_INT(page_fetch(page));
	return true;
}

enum haven_status paged_rows_page(const struct page *page, const struct paged_rows *list,
                                  const struct db_value *filters, size_t count, json_t **out)
{
	*out = NULL;
	struct db_value values[PAGED_ROWS_MAX_FILTERS + 2];
	db_conn *db = db_reader();
	if (!db || !page_values(page, list, filters, count, values))
		return HAVEN_ERR_DB;
	*out = db_rows_values(db_prepare_registered(db, page_backward(page) ? list->before : list->after),
	                      values, count + 2);
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status paged_rows_read(const struct page *page, const struct paged_rows *list,
                                  const struct db_value *filters, size_t count, json_t **out,
                                  long long *total)
{
	*total = -1;
	enum haven_status st = paged_rows_page(page, list, filters, count, out);
	if (st != HAVEN_OK)
		return st;
	struct db_value values[PAGED_ROWS_MAX_FILTERS + 1];
	if (count)
		memcpy(values, filters, count * sizeof *values);
	values[count] = DB_INT(PAGE_COUNT_CAP + 1);
	*total = db_count_values(db_prepare_registered(db_reader(), list->count), values, count + 1);
	return HAVEN_OK;
}
