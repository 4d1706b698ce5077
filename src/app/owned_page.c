/*
 * owned_page.c — the page and rows a list of one owner's rows starts from
 * (see owned_page.h).
 */
#include "app/owned_page.h"

bool owned_page_start(struct request *req, struct response *res, long long owner, owned_page_read read,
                      struct page *page, json_t **rows, long long *total, enum haven_status *st)
{
	*rows = NULL;
	*total = -1;
	*st = HAVEN_OK;
	if (!page_from_request(req, res, page))
		return false;
	*st = read(owner, page, rows, total);
	return *st == HAVEN_OK;
}
