/*
 * errors.c — problem+json and GOV.UK error pages (see errors.h).
 */
#include "router/errors.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/utf8.h"
#include "router/fields.h"

/* Adds field (cut to ERRORS_FIELD_MOST bytes) and message to the error `e` (an object, taken) and appends it
 * to `errors`. */
static void append_error(json_t *errors, json_t *e, const char *field, const char *message)
{
	char cut[ERRORS_FIELD_MOST + 1];
	utf8_copy(cut, sizeof cut, field);
	json_t *f = json_string(cut), *m = json_string(message);
	if (!f || !m) { /* not valid UTF-8: never drop the error */
		json_decref(f);
		json_decref(m);
		f = json_string("");
		m = json_string("The request has a field that is not valid text");
	}
	json_object_set_new(e, "field", f);
	json_object_set_new(e, "message", m);
	json_array_append_new(errors, e);
}

void errors_add(json_t *errors, const char *field, const char *message)
{
	append_error(errors, json_object(), field, message);
}

void errors_message_vformat(char message[ERRORS_MESSAGE_SIZE + 1], const char *fmt, va_list ap)
{
	/* one byte more than a message keeps, so utf8_cut_length sees whether the last one kept is cut */
	vsnprintf(message, ERRORS_MESSAGE_SIZE + 1, fmt, ap);
	message[utf8_cut_length(message, ERRORS_MESSAGE_SIZE - 1)] = '\0';
	if (message[0] >= 'a' && message[0] <= 'z')
		message[0] = (char)(message[0] - 'a' + 'A');
}

void errors_vaddf(json_t *errors, const char *field, const char *fmt, va_list ap)
{
	char message[ERRORS_MESSAGE_SIZE + 1];
	errors_message_vformat(message, fmt, ap);
	errors_add(errors, field, message);
}

void errors_addf(json_t *errors, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	errors_vaddf(errors, field, fmt, ap);
	va_end(ap);
}

void errors_add_itemf(json_t *errors, size_t index, const char *field, const char *fmt, ...)
{
	char message[ERRORS_MESSAGE_SIZE + 1];
	va_list ap;
	va_start(ap, fmt);
	errors_message_vformat(message, fmt, ap);
	va_end(ap);
	append_error(errors, json_pack("{s:I}", "index", (json_int_t)index), field, message);
}

void errors_add_entry(json_t *errors, const char *field, size_t item, const char *message)
{
	append_error(errors, json_pack("{s:I}", "item", (json_int_t)item), field, message);
}

const char *errors_status_title(unsigned status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Sign in required";
	case 403: return "You do not have permission to do this";
	case 404: return "Page not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Request too large";
	case 415: return "Unsupported media type";
	case 422: return "There is a problem with what you sent";
	case 429: return "Too many attempts";
	case 431: return "Request headers too large";
	case 503: return "Sorry, the service is unavailable";
	default: return "Sorry, there is a problem with the service";
	}
}

json_t *errors_problem(unsigned status, const char *detail, const json_t *errors)
{
	json_t *problem = json_pack("{s:s, s:s, s:i}", "type", "about:blank", "title",
	                            errors_status_title(status), "status", (int)status);
	if (detail)
		json_object_set_new(problem, "detail", json_string(detail));
	if (errors && json_array_size(errors)) {
		json_t *list = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e)
		{
			const char *field = json_string_value(json_object_get(e, "field"));
			json_t *item = json_pack("{s:O, s:O}", "field", json_object_get(e, "field"), "detail",
			                         json_object_get(e, "message"));
			if (field && *field) {
				struct buf ptr = BUF_INIT;
				buf_printf(&ptr, "#/%s", field);
				json_object_set_new(item, "pointer", json_string(buf_cstr(&ptr)));
				buf_free(&ptr);
			}
			json_array_append_new(list, item);
		}
		json_object_set_new(problem, "errors", list);
	}
	return problem;
}

/*
 * A copy of `errors` for a page: each error about one entry of a list ("item") gets the id of the entry's
 * box as its "anchor" (unless it has one), for the summary's link.
 */
static json_t *errors_with_anchors(const json_t *errors)
{
	json_t *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		json_t *item = json_object_get(e, "item");
		if (!field || !json_is_integer(item) || json_integer_value(item) < 0 ||
		    json_object_get(e, "anchor")) {
			json_array_append(out, e);
			continue;
		}
		char id[FIELDS_ENTRY_ID_SIZE];
		fields_entry_id(field, (size_t)json_integer_value(item), id, sizeof id);
		json_t *copy = json_copy(e);
		json_object_set_new(copy, "anchor", json_string(id));
		json_array_append_new(out, copy);
	}
	return out;
}

/*
 * Gives each box of a list on `model` (an array directly under it of objects with "input_id") the first
 * message of the errors anchored at it, as "error"; returns the anchors that found a box ({id: true}).
 */
static json_t *mark_boxes(json_t *model, const json_t *errors)
{
	json_t *anchors = json_object(), *placed = json_object();
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *anchor = json_string_value(json_object_get(e, "anchor"));
		if (anchor && json_is_integer(json_object_get(e, "item")) &&
		    !json_object_get(anchors, anchor))
			json_object_set(anchors, anchor, json_object_get(e, "message"));
	}
	const char *key;
	json_t *list;
	json_object_foreach(model, key, list)
	{
		if (!json_is_array(list) || json_object_size(anchors) == 0)
			continue;
		json_t *box;
		json_array_foreach(list, i, box)
		{
			const char *id = json_string_value(json_object_get(box, "input_id"));
			json_t *message = id ? json_object_get(anchors, id) : NULL;
			if (!message)
				continue;
			json_object_set(box, "error", message);
			json_object_set_new(placed, id, json_true());
		}
	}
	json_decref(anchors);
	return placed;
}

/* `value` (a field's typed value: text, a whole number or yes/no) as text in `text`, or NULL for others. */
static const char *typed_text(const json_t *value, char text[32])
{
	if (json_is_string(value))
		return json_string_value(value);
	if (json_is_integer(value)) {
		snprintf(text, 32, "%lld", (long long)json_integer_value(value));
		return text;
	}
	if (json_is_boolean(value))
		return json_is_true(value) ? "yes" : "no";
	return NULL;
}

void errors_on_page(json_t *model, const json_t *errors, const json_t *typed)
{
	json_t *on_page = errors_with_anchors(errors);
	json_t *at_boxes = mark_boxes(model, on_page);
	json_t *error_for = json_object();
	size_t i;
	json_t *e;
	json_array_foreach(on_page, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		const char *anchor = json_string_value(json_object_get(e, "anchor"));
		if (anchor && json_object_get(at_boxes, anchor))
			continue; /* said at its box */
		if (field && *field && !json_object_get(error_for, field))
			json_object_set(error_for, field, json_object_get(e, "message"));
	}
	json_decref(at_boxes);
	json_object_set_new(model, "errors", on_page);
	json_object_set_new(model, "has_errors", json_true());
	json_object_set_new(model, "error_for", error_for);
	if (!typed)
		return;
	json_t *submitted = json_object(), *chosen = json_object();
	const char *name;
	json_t *v;
	json_object_foreach((json_t *)typed, name, v)
	{
		char text[32];
		if (!json_is_array(v)) {
			const char *value = typed_text(v, text);
			if (!value)
				continue;
			json_object_set_new(submitted, name, json_string(value));
			if (*value && strlen(value) <= 100)
				json_object_set_new(chosen, name, json_pack("{s:b}", value, 1));
			continue;
		}
		/* a list: each of its entries chosen (checkboxes), and all of them one to a line (a textarea)
		 */
		struct buf lines = BUF_INIT;
		json_t *picked = json_object();
		size_t k;
		json_t *entry;
		json_array_foreach(v, k, entry)
		{
			const char *value = typed_text(entry, text);
			if (!value)
				continue;
			buf_printf(&lines, "%s%s", k ? "\n" : "", value);
			if (*value && strlen(value) <= 100)
				json_object_set_new(picked, value, json_true());
		}
		json_object_set_new(submitted, name, json_string(buf_cstr(&lines)));
		json_object_set_new(chosen, name, picked);
		buf_free(&lines);
	}
	json_object_set_new(model, "submitted", submitted);
	json_object_set_new(model, "chosen", chosen);
}

/* Where the element for `field` starts in `html`, or SIZE_MAX if it is not there. */
static size_t field_position(const char *html, const char *field)
{
	struct buf id = BUF_INIT;
	buf_printf(&id, "id=\"%s\"", field);
	const char *at = strstr(html, buf_cstr(&id));
	if (!at) { /* a date's day, month and year boxes are FIELD-day, … */
		buf_reset(&id);
		buf_printf(&id, "id=\"%s-", field);
		at = strstr(html, buf_cstr(&id));
	}
	buf_free(&id);
	return at ? (size_t)(at - html) : SIZE_MAX;
}

json_t *errors_in_page_order(const json_t *errors, const char *html)
{
	size_t n = json_array_size(errors);
	if (n == 0)
		return NULL;
	size_t *position = xcalloc(n, sizeof *position);
	size_t *order = xcalloc(n, sizeof *order);
	bool *lost_anchor = xcalloc(n, sizeof *lost_anchor);
	bool moved = false;
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(errors, i);
		const char *field = json_string_value(json_object_get(e, "field"));
		const char *anchor = json_string_value(json_object_get(e, "anchor"));
		position[i] = anchor && *anchor ? field_position(html, anchor) : SIZE_MAX;
		if (anchor && position[i] == SIZE_MAX) { /* a box the page does not have: link to the field */
			lost_anchor[i] = true;
			moved = true;
		}
		if (position[i] == SIZE_MAX)
			position[i] = field && *field ? field_position(html, field) : SIZE_MAX;
		/* a stable insertion sort: errors of one field, or of none on the page, keep their order */
		size_t k = i;
		while (k > 0 && position[order[k - 1]] > position[i]) {
			order[k] = order[k - 1];
			k--;
			moved = true;
		}
		order[k] = i;
	}
	json_t *sorted = NULL;
	if (moved) {
		sorted = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(errors, order[i]);
			if (lost_anchor[order[i]]) {
				json_t *copy = json_copy(e);
				json_object_del(copy, "anchor");
				json_array_append_new(sorted, copy);
			} else {
				json_array_append(sorted, e);
			}
		}
	}
	free(position);
	free(order);
	free(lost_anchor);
	return sorted;
}

void errors_respond(struct response *res, unsigned status, json_t *errors)
{
	res->status = status;
	res->content_type = "application/problem+json";
	response_set_model(res, errors_problem(status, NULL, errors));
	json_decref(errors);
}

bool errors_explain_refusal(const json_t *errors, const char *what)
{
	if (json_array_size(errors) > 0)
		return true;
	log_error("%s: a refusal named nothing wrong; answered as a server error", what);
	return false;
}
