/*
 * request.c — helpers handlers use to fill in a response (see request.h).
 */
#include "router/request.h"

#include <stdio.h>
#include <stdlib.h>

void response_set_model(struct response *res, json_t *model)
{
	json_decref(res->model);
	res->model = model;
}

void response_add_header(struct response *res, const char *name, const char *value)
{
	if (res->header_count == RESPONSE_MAX_HEADERS) {
		/* a fixed, small number of headers per route; more is a bug */
		fprintf(stderr, "haven: too many response headers (%s)\n", name);
		abort();
	}
	res->headers[res->header_count].name = name;
	res->headers[res->header_count].value = value;
	res->header_count++;
}

void response_set_static_body(struct response *res, const char *content_type, const char *body, size_t len)
{
	res->content_type = content_type;
	res->body = body;
	res->body_len = len;
}
