/*
 * intake.c — reading a request's input: the method, the query string and
 * the body (a form, JSON or a multipart upload), validated against the
 * route's field specs, with what was typed kept to show again. See
 * exchange.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "areas/calendar/london.h"
#include "http/check.h"
#include "http/exchange.h"
#include "http/form.h"
#include "router/fields.h"

enum http_method http_method_parse(const char *m)
{
	static const struct {
		const char *name;
		enum http_method method;
	} methods[] = {
	    {"GET", HTTP_GET},     {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},       {"PUT", HTTP_PUT},
	    {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE}, {"OPTIONS", HTTP_OPTIONS},
	};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(m, methods[i].name) == 0)
			return methods[i].method;
	return HTTP_OTHER;
}

size_t http_unescape_refusing_nul(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	size_t len = MHD_http_unescape(s);
	if (strlen(s) == len)
		return len;
	/* the whole piece made FORM_NOT_TEXT, but for an API path its "/api/", so that the answer is still
	 * the API's (a problem+json 404) */
	size_t kept = strncmp(s, "/api/", 5) == 0 ? 5 : 0;
	memcpy(s + kept, FORM_NOT_TEXT, sizeof FORM_NOT_TEXT); /* "%00" is three bytes: room for both */
	return kept + sizeof FORM_NOT_TEXT - 1;
}

struct pair_list {
	struct field_pair *pairs;
	size_t count, cap;
};

/*
 * Collects the query string's decoded pairs. A name or value holding a NUL (%00) is FORM_NOT_TEXT
 * already (http_unescape_refusing_nul), as in a form body: C text would end at it unseen
 * ("limit=1%00abc" read as "limit=1"), so the field checks refuse it, naming its field. The sizes are
 * checked again here so that nothing depends on the daemon having been given that callback.
 */
static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                     const char *value, size_t value_size)
{
	(void)kind;
	struct pair_list *list = cls;
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->pairs = xrealloc(list->pairs, list->cap * sizeof *list->pairs);
	}
	list->pairs[list->count].name = strlen(key) == key_size ? key : FORM_NOT_TEXT;
	list->pairs[list->count].value = !value ? "" : strlen(value) == value_size ? value : FORM_NOT_TEXT;
	list->count++;
	return MHD_YES;
}

/* True if the Content-Type header names `type` (ignoring parameters like charset). */
int http_content_type_is(const char *header, const char *type)
{
	size_t n = strlen(type);
	return header && strncasecmp(header, type, n) == 0 &&
	       (header[n] == '\0' || header[n] == ';' || header[n] == ' ');
}

/* What was typed, to show again or carry to a check page: a list's every value, never a password. */
static void remember_submitted(struct exchange *ex, const struct field_spec *specs,
                               const struct field_pair *pairs, size_t count)
{
	if (!ex->submitted)
		ex->submitted = json_object();
	fields_keep_typed(ex->submitted, specs, pairs, count);
}

/* What a form allows beside the file: its text fields and the parts' headers. */
#define FORM_ALLOWANCE (64 * 1024)
#define MULTIPART_MAX_PARTS 32

/* The text parts of a multipart body, as name/value pairs; the file goes to ex->file. */
struct multipart {
	struct field_pair pairs[MULTIPART_MAX_PARTS];
	struct buf values[MULTIPART_MAX_PARTS];
	size_t count;
	struct exchange *ex;
	bool bad; /* too many parts, or a second file */
	bool file_seen;
};

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	struct multipart *form = cls;
	if (strcmp(key, "file") == 0 && filename) {
		if (off == 0 && form->file_seen && form->ex->file.len) {
			form->bad = true; /* one file a request */
			return MHD_NO;
		}
		form->file_seen = true;
		buf_append(&form->ex->file, data, size);
		return MHD_YES;
	}
	/* a text part arrives in pieces: a new one starts at offset 0 */
	if (off == 0 || form->count == 0 || strcmp(form->pairs[form->count - 1].name, key) != 0) {
		if (form->count == MULTIPART_MAX_PARTS) {
			form->bad = true;
			return MHD_NO;
		}
		form->pairs[form->count].name = xstrdup(key);
		form->count++;
	}
	struct buf *value = &form->values[form->count - 1];
	buf_append(value, data, size);
	return MHD_YES;
}

/*
 * Reads the buffered multipart body with libmicrohttpd's post processor: the
 * text parts into `form`, the file into ex->file. False if it is malformed.
 * A text part holding a NUL byte is FORM_NOT_TEXT, as in a urlencoded form:
 * the field checks refuse it naming its field, the rest of the form read.
 */
static bool multipart_read(struct MHD_Connection *conn, struct exchange *ex, struct multipart *form)
{
	form->ex = ex;
	struct MHD_PostProcessor *pp = MHD_create_post_processor(conn, 64 * 1024, on_part, form);
	if (!pp)
		return false; /* no boundary */
	bool ok = MHD_post_process(pp, buf_cstr(&ex->body), ex->body.len) == MHD_YES;
	ok = MHD_destroy_post_processor(pp) == MHD_YES && ok && !form->bad;
	for (size_t i = 0; i < form->count; i++) {
		form->pairs[i].value = buf_cstr(&form->values[i]);
		if (strlen(form->pairs[i].value) != form->values[i].len)
			form->pairs[i].value = FORM_NOT_TEXT; /* it would cut the value short unseen */
	}
	return ok;
}

static void multipart_free(struct multipart *form)
{
	for (size_t i = 0; i < form->count; i++) {
		free((char *)form->pairs[i].name);
		buf_free(&form->values[i]);
	}
}

/* "The file must be 20 MB or smaller." for a route taking files up to `max_file` bytes. */
const char *http_too_large_detail(size_t max_file)
{
	static _Thread_local char detail[96];
	snprintf(detail, sizeof detail, "The file must be %zu MB or smaller.", max_file / (1024 * 1024));
	return detail;
}

/*
 * The route at `url`, matched once for the whole request (dispatch takes
 * it), and the largest body it takes: a file route's largest file and its
 * form, else --max-body. Known before the body is read, so an oversized
 * upload is refused without storing it.
 */
void http_route_find(struct exchange *ex, const char *url, const char *method)
{
	ex->body_limit = server_settings->max_body;
	ex->routed = true;
	ex->match = router_match(server_routes, http_method_parse(method), url, &ex->route, &ex->params,
	                         &ex->allowed);
	if (ex->match == ROUTE_FOUND && ex->route->max_file) {
		ex->max_file = ex->route->max_file;
		ex->body_limit = ex->route->max_file + FORM_ALLOWANCE;
	}
}

/*
 * Validates the query string and body against the route. Returns 0 when
 * valid (req->input set), else the HTTP status to answer with, with the
 * errors appended to `errors`.
 */
unsigned http_input_validate(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                             json_t *errors, const char **detail)
{
	const struct route *route = req->route;
	struct pair_list query = {0};
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_query, &query);
	json_t *values = NULL;
	remember_submitted(ex, route->query, query.pairs, query.count);
	enum haven_status st =
	    fields_validate_pairs(route->query, query.pairs, query.count, NULL, &values, errors);
	free(query.pairs);
	req->input = values;
	if (st != HAVEN_OK)
		return 400;

	if (ex->body.len == 0 && !route->body)
		return 0;
	/* A GET or HEAD has no business with a body. An unsafe route without
	 * body fields still reads its body, since a form always carries its
	 * CSRF token; any other field in it is then an unknown field. */
	if (!route->body && (req->method == HTTP_GET || req->method == HTTP_HEAD)) {
		*detail = "This address does not accept a request body.";
		return 400;
	}
	/* a body is read as it was sent: a compressed one (gzip, say) would be read as its bytes and
	 * refused as a bad form or JSON, naming the wrong problem */
	const char *coding = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Encoding");
	if (coding && *coding && strcasecmp(coding, "identity") != 0) {
		*detail =
		    "Haven does not accept a compressed request body: send it without Content-Encoding.";
		return 415;
	}
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	json_t *body_values = NULL;
	if (route->max_file) {
		/* a route that takes a file takes multipart/form-data, from a page or the API */
		if (!http_content_type_is(type, "multipart/form-data")) {
			*detail = "Send multipart/form-data, with the file in the part named \"file\".";
			return 415;
		}
		struct multipart form = {0};
		if (!multipart_read(conn, ex, &form)) {
			multipart_free(&form);
			*detail = "The multipart body is not correctly encoded.";
			return 400;
		}
		if (ex->file.len > route->max_file) {
			multipart_free(&form);
			*detail = http_too_large_detail(route->max_file);
			return 413;
		}
		remember_submitted(ex, route->body, form.pairs, form.count);
		static const char *const ignored[] = {CSRF_FIELD, SUBMISSION_FIELD, "file", NULL};
		st =
		    fields_validate_pairs(route->body, form.pairs, form.count, ignored, &body_values, errors);
		multipart_free(&form);
	} else if (http_content_type_is(type, "application/json")) {
		json_t *doc = fields_read_json(route->body, buf_cstr(&ex->body), ex->body.len, errors);
		if (!doc)
			return 400;
		st = fields_validate_json(route->body, doc, &body_values, errors);
		json_decref(doc);
	} else if ((http_content_type_is(type, "application/x-www-form-urlencoded") && !req->api) ||
	           (!type && ex->body.len == 0)) {
		/* Forms only for pages: an HTML form on another site can post a
		 * form but not JSON, so the API (whose anonymous calls need no
		 * CSRF token) accepts JSON alone. */
		struct field_pair *pairs = NULL;
		size_t count = 0;
		form_parse(buf_cstr(&ex->body), ex->body.len, &pairs, &count);
		remember_submitted(ex, route->body, pairs, count);
		/* a check page's form carries its own two fields beside the route's (http/check.h); every
		 * page's form its CSRF and submission tokens */
		static const char *const csrf_field[] = {CSRF_FIELD, SUBMISSION_FIELD, NULL};
		static const char *const check_fields[] = {CSRF_FIELD, SUBMISSION_FIELD, CHECK_CONFIRM_FIELD,
		                                           CHECK_CHANGE_FIELD, NULL};
		st = fields_validate_pairs(route->body, pairs, count,
		                           route->check ? check_fields : csrf_field, &body_values, errors);
		form_pairs_free(pairs, count);
	} else {
		*detail = req->api ? "Send application/json." : "Send application/x-www-form-urlencoded.";
		return 415;
	}
	/* a date today or in the past (or future), against England's today, which the router cannot read;
	 * checked even when another field is refused, so every mistake is named at once */
	if (fields_check_date_bounds(route->body, body_values, calendar_london_today(), errors) != HAVEN_OK)
		st = HAVEN_ERR_INVALID;
	json_object_update(req->input, body_values);
	json_decref(body_values);
	return st == HAVEN_OK ? 0 : 422;
}
