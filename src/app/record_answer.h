/*
 * record_answer.h — the whole body of a handler that shows the record its
 * path's {id} names, as one read of the area gives it (that handler is then
 * also what the area's changes answer an API client with): the record set as
 * the response's model, else the read's failure as it is (a 404, ...).
 */
#ifndef HAVEN_APP_RECORD_ANSWER_H
#define HAVEN_APP_RECORD_ANSWER_H

#include "app/record_created.h"
#include "core/status.h"
#include "router/request.h"

/* Answers `req` with the record `read` gives for the path's {id}, or with its failure. */
enum haven_status record_answer(struct request *req, struct response *res, record_read read);

#endif
