/*
 * page_found.h — a list page finished (router/page.h's page_finish) and
 * told whether it has any rows, as "found", which every list's template
 * reads to say there are none instead of drawing an empty table.
 */
#ifndef HAVEN_ROUTER_PAGE_FOUND_H
#define HAVEN_ROUTER_PAGE_FOUND_H

#include <jansson.h>
#include <stddef.h>

#include "router/page.h"
#include "router/request.h"

/*
 * page_finish with the same arguments (it takes `rows`), then "found" in
 * `model`: true if the page shows any row. Returns how many it shows.
 */
size_t page_finish_found(const struct page *p, const struct request *req, json_t *model,
                         const char *list_name, json_t *rows, const char *id_field, long long total,
                         const char *noun);

#endif
