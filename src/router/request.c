/*
 * request.c — helpers handlers use to fill in a response (see request.h).
 */
#include "router/request.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "router/errors.h"

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
	res->headers[res->header_count].owned = NULL;
	res->header_count++;
}

void response_add_header_copy(struct response *res, const char *name, const char *value)
{
	char *copy = xstrdup(value);
	response_add_header(res, name, copy);
	res->headers[res->header_count - 1].owned = copy;
}

void response_redirect(struct response *res, const char *location)
{
	static const char body[] = "Redirecting";
	res->status = 303;
	response_add_header_copy(res, "Location", location);
	response_set_static_body(res, "text/plain; charset=utf-8", body, sizeof body - 1);
}

void response_free(struct response *res)
{
	json_decref(res->model);
	res->model = NULL;
	free(res->body_owned);
	res->body_owned = NULL;
	for (size_t i = 0; i < res->header_count; i++)
		free(res->headers[i].owned);
	res->header_count = 0;
	free(res->shown);
	res->shown = NULL;
	res->shown_count = res->shown_cap = 0;
	json_decref(res->errors);
	res->errors = NULL;
	free(res->done);
	res->done = NULL;
}

void response_error(struct response *res, const char *field, const char *message)
{
	if (!res->errors)
		res->errors = json_array();
	errors_add(res->errors, field, message);
}

void response_error_at(struct response *res, const char *field, const char *anchor, const char *message)
{
	response_error(res, field, message);
	json_object_set_new(json_array_get(res->errors, json_array_size(res->errors) - 1), "anchor",
	                    json_string(anchor));
}

void response_conflict(struct response *res, const char *field, const char *message)
{
	res->status = 409;
	response_error(res, field, message);
}

void response_errors(struct response *res, json_t *errors)
{
	if (!errors || !json_array_size(errors)) {
		json_decref(errors);
		return;
	}
	if (!res->errors)
		res->errors = json_array();
	json_array_extend(res->errors, errors);
	json_decref(errors);
}

static void set_done(struct response *res, const char *format, va_list ap)
{
	struct buf location = BUF_INIT;
	buf_vprintf(&location, format, ap);
	free(res->done);
	res->done = buf_steal(&location, NULL);
}

void response_created(struct response *res, json_t *model, const char *location_format, ...)
{
	va_list ap;
	va_start(ap, location_format);
	set_done(res, location_format, ap);
	va_end(ap);
	response_set_model(res, model);
	res->status = 201;
	res->api_answer = NULL;
}

void response_done(struct response *res, route_handler *api_answer, const char *location_format, ...)
{
	va_list ap;
	va_start(ap, location_format);
	set_done(res, location_format, ap);
	va_end(ap);
	res->api_answer = api_answer;
}

void response_confirm(struct response *res)
{
	res->confirming = true;
}

void response_success(struct response *res, const char *message)
{
	res->success = message;
}

void response_audit_record(struct response *res, const char *type, long long id)
{
	if (id <= 0)
		return;
	if (res->shown_count == res->shown_cap) {
		res->shown_cap = res->shown_cap ? res->shown_cap * 2 : 16;
		res->shown = xrealloc(res->shown, res->shown_cap * sizeof *res->shown);
	}
	res->shown[res->shown_count++] = (struct shown_record){type, id};
}

void response_audit_records(struct response *res, const char *type, const json_t *rows, const char *field)
{
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
	    response_audit_record(res, type, json_integer_value(json_object_get(row, field)));
}

void response_set_static_body(struct response *res, const char *content_type, const char *body, size_t len)
{
	res->content_type = content_type;
	res->body = body;
	res->body_len = len;
}
