/*
 * publish_version.c — a versioned document's versions page and its
 * publishing, answered one way for every area (see publish_version.h).
 */
#include "app/publish_version.h"

#include "app/publish_document.h"

enum haven_status publish_version_answer(struct request *req, struct response *res,
                                         const struct publish_version *how)
{
	json_t *doc = publish_document_read(req, res, how->name, how->check);
	if (!doc)
		return HAVEN_OK;
	long long id = 0;
	enum haven_status st = how->publish(req, doc, &id);
	if (st == HAVEN_ERR_CONFLICT) {
		publish_document_version_taken(res, doc, how->version_of);
		st = HAVEN_OK;
	} else if (st == HAVEN_OK) {
		response_created(res, how->created(doc, id), "%s", how->location);
		if (how->success)
			response_success(res, how->success);
	}
	json_decref(doc);
	return st;
}

enum haven_status publish_version_list(struct response *res, const char *title,
                                       enum haven_status (*versions)(json_t **rows))
{
	json_t *rows = NULL;
	enum haven_status st = versions(&rows);
	if (st == HAVEN_OK)
		response_set_model(res, publish_document_versions(title, rows));
	return st;
}
