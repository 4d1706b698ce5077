/*
 * paged_rows_sqlite.h — one way a store reads a page of a list and the
 * list's total (router/page.h's keyset paging): the statement for the page
 * after the cursor or the one before it, as the page asks, and the count up
 * to PAGE_COUNT_CAP, with the list's filters bound the same way to all three.
 */
#ifndef HAVEN_APP_PAGED_ROWS_STORE_H
#define HAVEN_APP_PAGED_ROWS_STORE_H

#include <jansson.h>

#include "core/status.h"
#include "router/page.h"
#include "store/db.h"

/* The most filters a paged list binds (values ?1.. of its statements). */
#define PAGED_ROWS_MAX_FILTERS 6

/*
 * A list's three statements (DB_SQL texts), each taking the list's n
 * filters as ?1..?n:
 * - `after`: page_fetch rows after cursor ?n+1 (limit ?n+2), in the list's order;
 * - `before`: the rows before it, in reverse (page_backward, router/page.h);
 * - `count`: how many rows the filters find, at most ?n+1 (a capped count,
 *   "SELECT count(*) FROM (SELECT 1 ... LIMIT ?n+1) AS page").
 * `none_after` is the cursor `after` reads from on the first page (0 for a
 * list in ascending order, PAGE_NO_ROW_ABOVE for descending, page_cursor);
 * `before` always has one. A list with no total (paged_rows_page) leaves
 * `count` NULL.
 */
struct paged_rows {
	const char *after, *before, *count;
	long long none_after;
};

/*
 * The page of `list` that `page` asks for, new in *out, and the list's
 * total up to PAGE_COUNT_CAP + 1 in *total (-1 if it cannot be counted), on
 * the reader. `filters` are the list's values, ?1..?count (at most
 * PAGED_ROWS_MAX_FILTERS; NULL, 0 for none). HAVEN_ERR_DB, *out NULL, if the page cannot be read:
 *
 *     return paged_rows_read(page, &challenges, DB_VALUES(DB_INT(every), DB_INT(agency_id)), out, total);
 */
enum haven_status paged_rows_read(const struct page *page, const struct paged_rows *list,
                                  const struct db_value *filters, size_t count, json_t **out,
                                  long long *total) HAVEN_MUST_CHECK;

/*
 * The page alone, for a list that has no total or works its figures out
 * its own way (an invoice's sum): paged_rows_read without the count.
 */
enum haven_status paged_rows_page(const struct page *page, const struct paged_rows *list,
                                  const struct db_value *filters, size_t count,
                                  json_t **out) HAVEN_MUST_CHECK;

#endif
