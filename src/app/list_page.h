/*
 * list_page.h — how a paged list page ends (courses, bookings, approvals,
 * published briefings): its rows put on the model as router/page.h's
 * page_finish does, with how many the page shows ("count") and whether it
 * shows any ("found", for the page's "none" text), and the answer given.
 */
#ifndef HAVEN_APP_LIST_PAGE_H
#define HAVEN_APP_LIST_PAGE_H

#include <jansson.h>

#include "router/page.h"
#include "router/request.h"

/*
 * Answers with `model` (taken) holding `page` of `rows` (taken, keyed by
 * "id") under `list_name`, with `total` and `noun` for the paging links, and
 * "count" and "found".
 */
void list_page_answer(const struct page *page, const struct request *req, struct response *res, json_t *model,
                      const char *list_name, json_t *rows, long long total, const char *noun);

#endif
