/*
 * page.c — keyset pagination for every list (contract in page.h).
 *
 * A cursor is "ID.POSITION": the id of the row a page continues from and
 * that row's place in the list. The id is what the store compares with (an
 * index range, never an OFFSET, which would read every row it skips); the
 * position only lets the page say "Showing 51 to 100", so a stale or edited
 * position can change that sentence and nothing else.
 */
#include "router/page.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/words.h"
#include "router/errors.h"
#include "router/fields.h"

/* Reads a cursor the field check has already accepted (FIELD_CURSOR). */
static void parse_cursor(const char *s, long long *id, long long *position)
{
	char *end;
	*id = strtoll(s, &end, 10);
	*position = *end == '.' ? strtoll(end + 1, NULL, 10) : 0;
}

enum haven_status page_read(const json_t *input, struct page *p, json_t *errors)
{
	memset(p, 0, sizeof *p);
	p->limit = field_int(input, "limit");
	if (p->limit < 1 || p->limit > PAGE_MAX_LIMIT)
		p->limit = PAGE_DEFAULT_LIMIT;
	const char *after = field_text(input, "after"), *before = field_text(input, "before");
	if (after && before) {
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field", "before", "message",
		                                        "Give the page to show after or before, not both"));
		return HAVEN_ERR_INVALID;
	}
	if (after)
		parse_cursor(after, &p->after, &p->position);
	if (before)
		parse_cursor(before, &p->before, &p->position);
	return HAVEN_OK;
}

bool page_from_request(const struct request *req, struct response *res, struct page *p)
{
	json_t *errors = json_array();
	if (page_read(req->input, p, errors) != HAVEN_OK) {
		errors_respond(res, 400, errors);
		return false;
	}
	json_decref(errors);
	return true;
}

bool page_backward(const struct page *p)
{
	return p->before > 0;
}

long long page_fetch(const struct page *p)
{
	return p->limit + 1;
}

long long page_cursor(const struct page *p, long long from_start)
{
	if (p->before > 0)
		return p->before;
	return p->after > 0 ? p->after : from_start;
}

/* 1234567 as "1,234,567", the way GOV.UK writes numbers. */
static void append_number(struct buf *b, long long n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%lld", n);
	for (int i = 0; i < len; i++) {
		if (i > 0 && digits[i] != '-' && (len - i) % 3 == 0 && digits[i - 1] != '-')
			buf_append_char(b, ',');
		buf_append_char(b, digits[i]);
	}
}

json_t *page_count_json(long long count)
{
	return page_count_up_to(count, PAGE_COUNT_CAP);
}

json_t *page_count_words(long long count, const char *one, const char *many)
{
	struct buf b = BUF_INIT;
	if (count > PAGE_COUNT_CAP) {
		buf_append_str(&b, "more than ");
		words_count(&b, PAGE_COUNT_CAP, one, many);
	} else {
		words_count(&b, count < 0 ? 0 : count, one, many);
	}
	json_t *out = json_string(buf_cstr(&b));
	buf_free(&b);
	return out;
}

json_t *page_count_up_to(long long count, long long cap)
{
	if (count < 0)
		return json_null();
	if (count <= cap)
		return json_integer(count);
	struct buf b = BUF_INIT;
	buf_append_str(&b, "more than ");
	append_number(&b, cap);
	json_t *out = json_string(buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void append_escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~", *c))
			buf_append_char(b, (char)*c);
		else
			buf_printf(b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
	}
}

static void append_pair(struct buf *b, const char *name, const json_t *value)
{
	char text[32];
	const char *s = NULL;
	if (json_is_string(value))
		s = json_string_value(value);
	else if (json_is_integer(value))
		snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(value)), s = text;
	else if (json_is_boolean(value))
		s = json_is_true(value) ? "true" : "false";
	if (!s)
		return;
	buf_append_char(b, b->len && strchr(buf_cstr(b), '?') ? '&' : '?');
	append_escaped(b, name);
	buf_append_char(b, '=');
	append_escaped(b, s);
}

/* The address of the page at `cursor` (given as `which`): this path, its other query fields, the cursor. */
static json_t *href(const struct request *req, const struct page *p, const char *which, const char *cursor)
{
	struct buf b = BUF_INIT;
	buf_append_str(&b, req->path);
	const char *name;
	json_t *value;
	json_object_foreach((json_t *)req->input, name, value)
	{
		if (strcmp(name, "after") == 0 || strcmp(name, "before") == 0 || strcmp(name, "limit") == 0)
			continue;
		if (json_is_array(value)) {
			size_t i;
			json_t *item;
			json_array_foreach(value, i, item) append_pair(&b, name, item);
		} else {
			append_pair(&b, name, value);
		}
	}
	if (p->limit != PAGE_DEFAULT_LIMIT) {
		json_t *limit = json_integer(p->limit);
		append_pair(&b, "limit", limit);
		json_decref(limit);
	}
	json_t *c = json_string(cursor);
	append_pair(&b, which, c);
	json_decref(c);
	json_t *out = json_string(buf_cstr(&b));
	buf_free(&b);
	return out;
}

static json_t *cursor_of(const json_t *row, const char *id_field, long long position)
{
	char text[48];
	snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT ".%lld",
	         json_integer_value(json_object_get(row, id_field)), position);
	return json_string(text);
}

void page_finish(const struct page *p, const struct request *req, json_t *model, const char *list_name,
                 json_t *rows, const char *id_field, long long total, const char *noun)
{
	bool backward = page_backward(p);
	/* one row more than a page means there is more beyond it: drop that row */
	bool more = (long long)json_array_size(rows) > p->limit;
	if (more)
		json_array_remove(rows, json_array_size(rows) - 1);
	size_t count = json_array_size(rows);
	if (backward) {
		json_t *in_order = json_array();
		for (size_t i = count; i-- > 0;)
			json_array_append(in_order, json_array_get(rows, i));
		json_decref(rows);
		rows = in_order;
	}
	/* The first row's place: after a cursor, the row after it; before one,
	 * the page that ends just before it (or the list's start, if no page
	 * lies before this one). */
	long long from;
	if (backward)
		from = more ? p->position - (long long)count : 0;
	else
		from = p->after > 0 ? p->position + 1 : 0;
	if (from < 0)
		from = 0;
	bool has_next = backward ? true : more;
	bool has_previous = backward ? more : p->after > 0;
	if (count == 0)
		has_next = false;

	json_t *next = has_next
	                   ? cursor_of(json_array_get(rows, count - 1), id_field, from + (long long)count - 1)
	                   : json_null();
	json_t *previous =
	    has_previous && count > 0 ? cursor_of(json_array_get(rows, 0), id_field, from) : json_null();
	if (has_previous && count == 0) /* past the end: offer the way back to the start */
		previous = json_null();

	json_t *info = json_object();
	json_object_set_new(info, "limit", json_integer(p->limit));
	json_object_set_new(info, "count", json_integer((json_int_t)count));
	json_object_set_new(info, "from", json_integer(count ? from + 1 : 0));
	json_object_set_new(info, "to", json_integer(from + (long long)count));
	bool capped = total > PAGE_COUNT_CAP;
	json_object_set_new(info, "total", total >= 0 && !capped ? json_integer(total) : json_null());
	if (capped)
		json_object_set_new(info, "more_than", json_integer(PAGE_COUNT_CAP));
	json_object_set_new(info, "next", json_copy(next));
	json_object_set_new(info, "previous", json_copy(previous));

	struct buf showing = BUF_INIT;
	if (count) {
		buf_append_str(&showing, "Showing ");
		append_number(&showing, from + 1);
		buf_append_str(&showing, " to ");
		append_number(&showing, from + (long long)count);
		if (total >= 0) {
			buf_append_str(&showing, capped ? " of more than " : " of ");
			append_number(&showing, capped ? PAGE_COUNT_CAP : total);
		}
		/* "of 1 request", not "of 1 requests" */
		long long last = total >= 0 ? (capped ? PAGE_COUNT_CAP : total) : from + (long long)count;
		buf_append_char(&showing, ' ');
		if (last == 1)
			words_singular(&showing, noun);
		else
			buf_append_str(&showing, noun);
		json_object_set_new(info, "showing", json_string(buf_cstr(&showing)));
	}
	buf_free(&showing);
	/* links for a GET page; a POST (a search) pages with forms of its own, as its words must stay out of
	 * addresses */
	bool links = (req->method == HTTP_GET || req->method == HTTP_HEAD) &&
	             (json_is_string(next) || json_is_string(previous));
	if (links && json_is_string(next))
		json_object_set_new(info, "next_href", href(req, p, "after", json_string_value(next)));
	if (links && json_is_string(previous))
		json_object_set_new(info, "previous_href",
		                    href(req, p, "before", json_string_value(previous)));
	json_object_set_new(info, "paged", json_boolean(links));
	json_object_set_new(model, "page", info);
	json_object_set_new(model, "next", next);
	json_decref(previous);
	json_object_set_new(model, list_name, rows);
}

json_t *page_filter_options(const char *any_text, const char *const *values, const char *const *labels,
                            const char *chosen)
{
	json_t *options = json_array();
	if (any_text)
		json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", "", "text", any_text,
		                                         "selected", !chosen));
	for (size_t i = 0; values[i]; i++) {
		bool selected = chosen ? strcmp(chosen, values[i]) == 0 : !any_text && i == 0;
		json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", values[i], "text",
		                                         labels[i], "selected", selected));
	}
	return options;
}

json_t *page_filter_rows(const char *any_text, const json_t *rows, const char *value_field,
                         const char *chosen)
{
	json_t *options = json_array();
	json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", "", "text", any_text, "selected",
	                                         !chosen || !*chosen));
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
	{
		const json_t *v = json_object_get(row, value_field);
		char number[32];
		const char *value = json_string_value(v), *name = field_text(row, "name");
		if (json_is_integer(v))
			snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value(v)),
			    value = number;
		if (!value)
			continue;
		json_array_append_new(options,
		                      json_pack("{s:s, s:s, s:b}", "value", value, "text", name ? name : "",
		                                "selected", chosen && strcmp(chosen, value) == 0));
	}
	return options;
}
