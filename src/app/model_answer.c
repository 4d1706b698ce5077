/*
 * model_answer.c — a handler's answer with a model built by the area (see
 * model_answer.h).
 */
#include "app/model_answer.h"

enum haven_status model_answer(struct request *req, struct response *res, model_answer_build build)
{
	json_t *model = NULL;
	enum haven_status st = build(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}
