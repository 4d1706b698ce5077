/*
 * model_answer.h — the whole body of a handler that shows a record or a form
 * whose model a function of the area builds (that function is then also what
 * the area's other handlers show after a change): the model set on the
 * response when it was built, else the failure as it is (a 404, ...).
 */
#ifndef HAVEN_APP_MODEL_ANSWER_H
#define HAVEN_APP_MODEL_ANSWER_H

#include <jansson.h>

#include "core/status.h"
#include "router/request.h"

/* A builder of a page's model for the request (a new reference in *model when it returns HAVEN_OK). */
typedef enum haven_status (*model_answer_build)(struct request *req, json_t **model);

/* Answers `req` with the model `build` makes, or with its failure. */
enum haven_status model_answer(struct request *req, struct response *res, model_answer_build build);

#endif
