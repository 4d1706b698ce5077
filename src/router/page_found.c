/*
 * page_found.c — a list page finished and marked "found" when it has rows
 * (page_found.h).
 */
#include "router/page_found.h"

size_t page_finish_found(const struct page *p, const struct request *req, json_t *model,
                         const char *list_name, json_t *rows, const char *id_field, long long total,
                         const char *noun)
{
	page_finish(p, req, model, list_name, rows, id_field, total, noun);
	size_t shown = json_array_size(json_object_get(model, list_name));
	json_object_set_new(model, "found", json_boolean(shown > 0));
	return shown;
}
