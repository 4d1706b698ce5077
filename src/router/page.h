/*
 * page.h — one way to page a list, for every list page and API list.
 *
 * Lists are paged on the server with keyset pagination: a page is "the
 * `limit` rows after (or before) this row", found through an index, so the
 * tenth thousandth page costs what the first does and no request reads more
 * than a page of rows. The row is named by an opaque cursor that Haven
 * gives out in its "next" and "previous" links: it holds the row's id and
 * its position in the list (for "Showing 51 to 100"), never a name, an
 * email or anything else personal, because cursors travel in addresses.
 *
 * A list route adds PAGE_FIELDS to its query (or body) fields; the handler
 * calls page_read, hands the struct page to its store (which asks for
 * page_fetch(p) rows after or before page_cursor(p), in reverse order when
 * page_backward(p)), and then page_finish, which trims, orders and adds the
 * paging links to the model. The store counts the whole list only up to
 * PAGE_COUNT_CAP rows, so counting is bounded too.
 *
 * Every list response is bounded by construction: at most PAGE_MAX_LIMIT
 * rows, each made of fields whose lengths the field specs already bound.
 */
#ifndef HAVEN_ROUTER_PAGE_H
#define HAVEN_ROUTER_PAGE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"
#include "router/fields.h"
#include "router/request.h"

#define PAGE_DEFAULT_LIMIT 50
#define PAGE_MAX_LIMIT 200
/* Lists are counted to here and no further: "of more than 10,000". */
#define PAGE_COUNT_CAP 10000
/* Counts that must join tables to find the caller's rows (a random row read each) stop sooner. */
#define PAGE_COUNT_CAP_JOINED 1000

/* The query (or body) fields of a paged list: the cursor to continue from and the page size. */
#define PAGE_FIELDS                                                                                          \
	{.name = "after", .label = "the page to show", .type = FIELD_CURSOR},                                \
	    {.name = "before", .label = "the page to show", .type = FIELD_CURSOR},                           \
	{                                                                                                    \
		.name = "limit", .label = "the number of rows on a page", .type = FIELD_INT, .min = 1,       \
		.max = PAGE_MAX_LIMIT                                                                        \
	}

struct page {
	long long after;    /* rows after this row's id (0: from the start) */
	long long before;   /* rows before this row's id (the previous page), or 0 */
	long long limit;    /* rows on the page */
	long long position; /* the cursor row's place in the list, counting from 0 */
};

/*
 * Reads "after", "before" and "limit" from validated input (the fields
 * PAGE_FIELDS declares) into *p. Giving both cursors is an error appended
 * to `errors` as {field, message}; returns HAVEN_ERR_INVALID then.
 */
enum haven_status page_read(const json_t *input, struct page *p, json_t *errors) HAVEN_MUST_CHECK;

/*
 * page_read for a list handler: reads the request's input, or answers 400
 * naming the field (problem+json) itself and returns false.
 */
bool page_from_request(const struct request *req, struct response *res, struct page *p);

/* True when the page is the one before a cursor: the store reads its rows in reverse order. */
bool page_backward(const struct page *p);

/* How many rows the store should read: one more than the page, to know whether there are more. */
long long page_fetch(const struct page *p);

/*
 * The id the store compares with: the cursor's id, or `from_start` when there
 * is none (0 for a list in ascending id order, PAGE_NO_ROW_ABOVE for descending).
 */
long long page_cursor(const struct page *p, long long from_start);
#define PAGE_NO_ROW_ABOVE 9223372036854775807LL

/* A capped count as the model shows it: the number, or "more than 10,000" past PAGE_COUNT_CAP. New value. */
json_t *page_count_json(long long count);
/* A capped count in words, as a caption says it: "1 case", "24 cases", "more than 10,000 cases". New value.
 */
json_t *page_count_words(long long count, const char *one, const char *many);
/* As page_count_json for a count capped at `cap` ("more than 1,000"). */
json_t *page_count_up_to(long long count, long long cap);

/*
 * Finishes a page: takes `rows` (as the store read them: up to page_fetch
 * rows, in reverse order for a backward page) and puts the page's rows in
 * display order into `model` under `list_name`, and beside them:
 *   "page": {limit, from, to, count, total (a number, or null when there are
 *            more than PAGE_COUNT_CAP), more_than (PAGE_COUNT_CAP, when so),
 *            next, previous (cursors or null), showing ("Showing 1 to 50 of
 *            1,234 children"), next_href, previous_href (for GET pages)}
 *   "next": the next page's cursor, or null (for API clients).
 * `id_field` names each row's id; `total` is the store's capped count (-1
 * if not counted); `noun` names the rows ("children"). The links repeat the
 * request's other query fields (never its body), for GET requests only.
 */
void page_finish(const struct page *p, const struct request *req, json_t *model, const char *list_name,
                 json_t *rows, const char *id_field, long long total, const char *noun);

/*
 * The options of a list's filter or order (a GOV.UK select above the
 * list): first "any" (value "", `any_text`; none when NULL, as for an
 * order, whose first value is then the one chosen by default), then each
 * of the NULL-terminated `values` shown as the same place in `labels`, the
 * one equal to `chosen` (may be NULL) selected. New array of {value, text,
 * selected}.
 */
json_t *page_filter_options(const char *any_text, const char *const *values, const char *const *labels,
                            const char *chosen);

/*
 * As page_filter_options, the choices being `rows`: each row's `value_field`
 * (text, or an integer written out) is the value and its "name" the text;
 * the one whose value is `chosen` (may be NULL) is selected.
 */
json_t *page_filter_rows(const char *any_text, const json_t *rows, const char *value_field,
                         const char *chosen);

#endif
