/*
 * list_page.c — a paged list page's model finished and answered (see
 * list_page.h).
 */
#include "app/list_page.h"

void list_page_answer(const struct page *page, const struct request *req, struct response *res, json_t *model,
                      const char *list_name, json_t *rows, long long total, const char *noun)
{
	page_finish(page, req, model, list_name, rows, "id", total, noun);
	size_t n = json_array_size(json_object_get(model, list_name));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
}
