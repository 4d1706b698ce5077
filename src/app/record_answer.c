/*
 * record_answer.c — a handler's answer with the record its path names (see
 * record_answer.h).
 */
#include "app/record_answer.h"

#include "router/fields.h"

enum haven_status record_answer(struct request *req, struct response *res, record_read read)
{
	json_t *record = NULL;
	enum haven_status st = read(field_int(req->params, "id"), &record);
	if (st == HAVEN_OK)
		response_set_model(res, record);
	return st;
}
