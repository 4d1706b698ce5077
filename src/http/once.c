/*
 * once.c — one submission, one save: a form tapped twice, resent by the
 * browser after a dropped connection, or an API create retried after a
 * timeout is saved once. A signed-in person's unsafe request carrying a key
 * (the page's submission token in the form field "submission", or an API
 * client's Idempotency-Key header) that made its change leaves its answer in
 * the store (auth/submissions.h); a second request with the same key by the
 * same person is answered as the first was, without running its handler
 * again. See exchange.h and docs/architecture.md ("One submission, one save").
 *
 * While the first is still running in this process the second waits for it
 * (up to ONCE_WAIT_SECONDS, then 409): a browser shows the answer to the last
 * of two taps, so that one must say where the first led. The answer is kept
 * after the handler's own unit of work, without delaying its answer: a crash
 * between the two lets one retry save again, and two processes sharing a
 * PostgreSQL database do not wait for each other's.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/policy.h"
#include "auth/session.h"
#include "auth/submissions.h"
#include "core/alloc.h"
#include "core/json_text.h"
#include "core/log.h"
#include "http/exchange.h"
#include "http/idempotency_key.h"
#include "store/store.h"

/* How long a second request waits for the first with its key before it is answered 409. */
#define ONCE_WAIT_SECONDS 10

/* What the page a resent form leads to says. */
#define ONCE_SAVED_ALREADY "This was saved already"

/* The keys whose first request is running in this process (or whose answer is still being kept). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static unsigned char (*running)[TOKEN_HASH_SIZE];
static size_t running_count, running_cap;

static size_t running_index(const unsigned char hash[TOKEN_HASH_SIZE])
{
	for (size_t i = 0; i < running_count; i++)
		if (memcmp(running[i], hash, TOKEN_HASH_SIZE) == 0)
			return i;
	return running_count;
}

/* Waits while `hash` is running, then marks it running: false if it still was after the wait. */
static bool claim(const unsigned char hash[TOKEN_HASH_SIZE])
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ONCE_WAIT_SECONDS;
	pthread_mutex_lock(&lock);
	int waited = 0;
	while (running_index(hash) < running_count && waited != ETIMEDOUT)
		waited = pthread_cond_timedwait(&finished, &lock, &deadline);
	bool free_now = running_index(hash) == running_count;
	if (free_now) {
		if (running_count == running_cap) {
			running_cap = running_cap ? running_cap * 2 : 16;
			running = xrealloc(running, running_cap * sizeof *running);
		}
		memcpy(running[running_count++], hash, TOKEN_HASH_SIZE);
	}
	pthread_mutex_unlock(&lock);
	return free_now;
}

static void release(const unsigned char hash[TOKEN_HASH_SIZE])
{
	pthread_mutex_lock(&lock);
	size_t i = running_index(hash);
	if (i < running_count)
		memcpy(running[i], running[--running_count], TOKEN_HASH_SIZE);
	pthread_cond_broadcast(&finished);
	pthread_mutex_unlock(&lock);
}

/* The key a request carries, or NULL: the Idempotency-Key header, else a page's submission token. */
static const char *key_of(const struct exchange *ex, const struct request *req)
{
	const char *header = http_request_header(req, IDEMPOTENCY_HEADER);
	if (header)
		return header;
	if (req->api)
		return NULL;
	const char *token = json_string_value(json_object_get(ex->submitted, SUBMISSION_FIELD));
	/* a token Haven did not write (the field is its own) is not a key: the form is sent as today */
	return token && idempotency_key_valid(token) ? token : NULL;
}

/* The hash of what `req` sent: its typed fields, keys sorted, and its file. */
static void request_hash_of(const struct request *req, unsigned char out[TOKEN_HASH_SIZE])
{
	char *fields = req->input ? json_dumps(req->input, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	submission_request_hash(fields, req->file ? req->file->data : NULL, req->file ? req->file->len : 0,
	                        out);
	free(fields);
}

/* The first answer again: a form's 303 to where it led, with its banner; the API's status and Location, the
 * record's id. */
static enum MHD_Result replay(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                              struct submission *kept)
{
	struct response res = {0};
	enum MHD_Result r;
	if (!req->api && kept->location) {
		res.done = xstrdup(kept->location);
		res.success = ONCE_SAVED_ALREADY;
		(void)http_settle(req, &res); /* a 303 and its banner: it cannot fail */
		r = http_send_result(conn, ex, req, &res);
		response_free(&res);
		return r;
	}
	res.status = kept->status;
	if (kept->location)
		response_add_header_copy(&res, "Location", kept->location);
	if (kept->status != 204) {
		res.content_type = kept->content_type ? kept->content_type : "application/json";
		res.body_owned = kept->body ? kept->body : xstrdup("{}");
		res.body_len = strlen(res.body_owned);
		kept->body = NULL;
	}
	/* the answer shows no record (see kept_answer), but the action was asked for again: audited, saying
	 * so */
	const char *action = req->route->action;
	enum haven_status audited = HAVEN_OK;
	if (policy_audited(action))
		audited =
		    http_audit_shown(req, action, "answered again: the same request was sent twice", &res);
	r = audited == HAVEN_OK
	        ? http_send_result(conn, ex, req, &res)
	        : http_send_error(conn, ex, req->api, http_status_for(audited), NULL, NULL, NULL);
	response_free(&res);
	return r;
}

bool http_once_begin(struct MHD_Connection *conn, struct exchange *ex, struct request *req, struct once *once,
                     enum MHD_Result *answered)
{
	once->active = false;
	if (!req->user || req->method == HTTP_GET || req->method == HTTP_HEAD || req->method == HTTP_OPTIONS)
		return false;
	const char *header = http_request_header(req, IDEMPOTENCY_HEADER);
	if (header && !idempotency_key_valid(header)) {
		json_t *errors = json_pack("[{s:s, s:s}]", "field", IDEMPOTENCY_HEADER, "message",
		                           "Idempotency-Key must be 1 to 255 printable ASCII characters");
		*answered = http_send_error(conn, ex, req->api, 400,
		                            "The Idempotency-Key header is not valid.", errors, NULL);
		json_decref(errors);
		return true;
	}
	const char *key = key_of(ex, req);
	if (!key)
		return false;
	request_hash_of(req, once->request_hash);
	/*
	 * A page's token is shared by every form on the page (a row's Save beside another's), so a form's
	 * fields are part of its key: another form sent with the same token is another submission. An API
	 * client's key is its own choice for one request, so the same key with other fields is a mistake,
	 * refused below, never answered as if it were the first.
	 */
	struct submission_key k = {
	    .user_id = req->user->id,
	    .method = ex->method,
	    .path = req->path,
	    .key = key,
	    .request_hash = header ? NULL : once->request_hash,
	};
	submission_key_hash(&k, once->hash);
	if (!claim(once->hash)) {
		*answered = http_send_error(conn, ex, req->api, 409,
		                            "This was sent twice at once and the first is still being saved. "
		                            "Wait a moment, then look before sending it again.",
		                            NULL, NULL);
		return true;
	}
	/* a first request that finished while this one waited: read what it kept, not an older snapshot */
	store_read_release();
	struct submission kept;
	enum haven_status st = submission_find(once->hash, auth_now(), once->request_hash, &kept);
	if (st == HAVEN_OK) {
		release(once->hash);
		if (kept.same_request) {
			*answered = replay(conn, ex, req, &kept);
		} else {
			json_t *errors =
			    json_pack("[{s:s, s:s}]", "field", IDEMPOTENCY_HEADER, "message",
			              "This Idempotency-Key was sent before with other fields. Use a new "
			              "key for a new request");
			*answered = http_send_error(conn, ex, req->api, 422,
			                            "The Idempotency-Key was used for another request.",
			                            errors, NULL);
			json_decref(errors);
		}
		submission_free(&kept);
		return true;
	}
	if (st != HAVEN_ERR_NOT_FOUND)
		log_error("once: cannot read the kept answers (%s): the request is run",
		          haven_status_name(st));
	once->active = true;
	return false;
}

/* Kept (or not): the key is free for a second request, which now finds the answer. */
static void kept_done(enum haven_status result, void *ctx)
{
	unsigned char *hash = ctx;
	if (result != HAVEN_OK)
		log_error("once: cannot keep an answer (%s): a retry would be run again",
		          haven_status_name(result));
	release(hash);
	free(hash);
}

/*
 * Whether an answer made its change: the handler said so (response_created, response_done), and it
 * is a form's 303 or the API's 200, 201 or 204. Nothing else is kept: not a search sent by POST,
 * which changed nothing and would show its rows again to someone who may no longer see them, nor a
 * sign-in's answer, whose token must live only in the client.
 */
static bool done(const struct request *req, enum haven_status handled, const struct response *res)
{
	if (handled != HAVEN_OK || (res->errors && json_array_size(res->errors)) || !res->done)
		return false;
	unsigned status = res->status ? res->status : 200;
	if (!req->api)
		return status == 303;
	return status == 200 || status == 201 || status == 204;
}

/*
 * What an API retry is answered with besides the first answer's status and Location: the record's
 * id and where it is, not the record. A copy of the record kept here would be a child's details
 * outside the area that owns them, for a day, and shown again without the checks and the audit trail
 * of a read; the client reads the record at its Location, as it is now, like any read.
 */
static json_t *kept_answer(const struct response *res, const char *location)
{
	json_t *answer = json_object();
	json_t *id = res->model ? json_object_get(res->model, "id") : NULL;
	if (json_is_integer(id))
		json_object_set(answer, "id", id);
	if (location)
		json_object_set_new(answer, "location", json_string(location));
	json_object_set_new(answer, "detail",
	                    json_string("This request was sent before with this Idempotency-Key and made its "
	                                "change then. Read the record at its location for how it is now."));
	return answer;
}

static const char *location_of(const struct response *res)
{
	for (size_t i = 0; i < res->header_count; i++)
		if (strcasecmp(res->headers[i].name, "Location") == 0)
			return res->headers[i].value;
	return NULL;
}

void http_once_end(struct once *once, const struct request *req, enum haven_status handled,
                   const struct response *res)
{
	if (!once->active)
		return;
	once->active = false;
	if (!done(req, handled, res)) {
		release(once->hash); /* an error: the corrected form is sent with the same key, and runs */
		return;
	}
	struct buf body = BUF_INIT;
	struct submission s = {.status = res->status ? res->status : 200,
	                       .location = (char *)location_of(res)};
	memcpy(s.request_hash, once->request_hash, TOKEN_HASH_SIZE);
	if (req->api && s.status != 204) {
		json_t *answer = kept_answer(res, s.location);
		if (!json_text_append(&body, answer, 0))
			buf_reset(&body);
		json_decref(answer);
		s.content_type = (char *)"application/json";
		s.body = (char *)buf_cstr(&body);
	}
	unsigned char *hash = xmalloc(TOKEN_HASH_SIZE);
	memcpy(hash, once->hash, TOKEN_HASH_SIZE);
	enum haven_status st = submission_keep_async(hash, auth_now(), &s, kept_done, hash);
	buf_free(&body);
	if (st != HAVEN_OK) {
		/* the change is saved: only a retry's answer is lost, so the answer stands */
		log_error("once: cannot keep an answer (%s): a retry would be run again",
		          haven_status_name(st));
		release(hash);
		free(hash);
	}
}

void http_once_error_token(struct exchange *ex)
{
	if (!ex || !json_object_get(ex->page, "submission_token"))
		return;
	const char *sent = json_string_value(json_object_get(ex->submitted, SUBMISSION_FIELD));
	if (sent && idempotency_key_valid(sent))
		json_object_set_new(ex->page, "submission_token", json_string(sent));
	else
		json_object_del(ex->page, "submission_token");
}

void http_once_release(struct once *once)
{
	if (once->active)
		release(once->hash);
	once->active = false;
}
