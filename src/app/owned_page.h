/*
 * owned_page.h — how a list of one owner's rows (a person's bookings, the
 * approvals waiting for them, an agency's assessments) starts: the page asked
 * for (router/page.h) and that page of rows read from the area's store, so
 * each such handler only shapes its rows and finishes its model.
 */
#ifndef HAVEN_APP_OWNED_PAGE_H
#define HAVEN_APP_OWNED_PAGE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"
#include "router/page.h"
#include "router/request.h"

/* A store's read of one page of `owner`'s rows, with the whole list's count in *total. */
typedef enum haven_status (*owned_page_read)(long long owner, const struct page *page, json_t **rows,
                                             long long *total);

/*
 * True with the page asked for in *page and its rows (a new reference) and
 * total read by `read` for `owner`. False when the handler is done: the page
 * refused (its error set, *st HAVEN_OK) or the store failed (*st).
 */
bool owned_page_start(struct request *req, struct response *res, long long owner, owned_page_read read,
                      struct page *page, json_t **rows, long long *total, enum haven_status *st);

#endif
