/*
 * server.c — the HTTP server: libmicrohttpd glue, whether the policy lets
 * the asker in, dispatch to the route's handler, and the access log (see
 * server.h). The steps a request takes on the way are in files of their
 * own, sharing `struct exchange` (exchange.h): reading and validating its
 * input (intake.c), who is asking (identify.c), the client's address
 * (client_address.c), a handler's result to its answer and its audit row
 * (answer.c), sending with the security headers (send.c), the success
 * banner (success_banner.c), a form kept when its session ended
 * (kept_forms.c), one submission, one save (once.c), and the --listen
 * address (listen_address.c).
 *
 * A connection is followed by the guard (guard.h: header and body
 * deadlines, room when nearly full, draining at shutdown). A request goes:
 * refusals before routing (431 headers too large, 400 without one Host,
 * 429 for a client behind the proxy with too much in flight) -> limits (413
 * before the body is read when Content-Length is too large) -> route match
 * (404/405) -> input parsed and validated
 * against the route's field specs (400/415/422 with every field's error)
 * -> a keyed request sent twice answered as the first was (once.c) ->
 * handler -> response rendered as JSON (/api/) or through the route's page
 * template (browsers) -> security headers -> access log line. An audited
 * read's answer is held, its connection suspended, until its audit row is
 * durable (held_read.c), so no thread waits for the disk.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth/kept.h"
#include "auth/policy.h"
#include "auth/refusals.h"
#include "auth/session.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "core/json_text.h"
#include "core/log.h"
#include "core/metrics.h"
#include "http/exchange.h"
#include "http/guard.h"
#include "store/store.h"
#include "view/view.h"

void server_config_defaults(struct server_config *config)
{
	*config = (struct server_config){
	    .listen = "127.0.0.1:8080",
	    /* Workers spend much of a write waiting for the group commit's
	     * fsync; more of them than cores lets more writes share one. */
	    .threads = 16,
	    .max_body = 1024 * 1024,
	    .max_header = 16 * 1024,
	    /* Lists are paged (router/page.h), so no answer a person or system
	     * needs comes near this: one that does is a bug to find, not a
	     * reason to build hundreds of megabytes in memory. */
	    .max_response = 8 * 1024 * 1024,
	    .max_connections = 1000,
	    .max_per_ip = 100,
	    .idle_timeout = 30,
	    .header_timeout = 10,
	    .min_body_rate = 1024,
	    .shutdown_grace = 10,
	};
}

/* libmicrohttpd's memory for a connection, in --max-headers (see refuse_before_routing): room for
 * headers of --max-header and more, so Haven answers their 431, and for the answer's headers. Not
 * more: libmicrohttpd clears the whole of it for every request on a connection (a memset of
 * 64 KB at 4, a tenth of /healthz's CPU), and headers too large for it get libmicrohttpd's own 431. */
#define HEADER_ROOM 2

/* How much of an oversized chunked body is read (as a multiple of the limit) before giving up on it. */
#define DISCARD_FACTOR 4

const struct server_config *server_settings;
const struct router *server_routes;

/* The guard's record of the connection (set when it opened). */
static struct guard_conn *guard_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

/* ---- refusals ---- */

/* Answers a request the policy refused. */
static enum MHD_Result refuse(struct MHD_Connection *conn, struct exchange *ex, const struct request *req,
                              enum decision decision, const struct resource *resource)
{
	struct response extra = {0};
	enum MHD_Result r;
	/* An attempt on a record without a relationship is worth knowing about
	 * (someone probing, or a relationship missing): the review sees it. */
	if ((decision == DECISION_NO_RELATIONSHIP || decision == DECISION_BREAK_GLASS) &&
	    policy_audited(req->route->action)) {
		char id[32];
		snprintf(id, sizeof id, "%lld", resource->id);
		struct audit_event e = {
		    .user_id = req->user->id,
		    .agency_id = req->user->agency_id,
		    .action = "access_refused",
		    .resource_type = resource->type,
		    .resource_id = id,
		    .reason = req->route->action,
		    .client_address = req->client_address,
		};
		if (auth_store_audit(&e) != HAVEN_OK ||
		    refusals_note(req->user, req->client_address, auth_now()) != HAVEN_OK)
			return http_send_error(conn, ex, req->api, 503, NULL, NULL, NULL);
	}
	switch (decision) {
	case DECISION_SIGN_IN:
	case DECISION_SECOND_FACTOR:
		if (req->api) {
			response_add_header(&extra, "WWW-Authenticate", "Bearer");
			r = http_send_error(conn, ex, 1, 401,
			                    decision == DECISION_SIGN_IN
			                        ? "Sign in first: POST /api/v1/session."
			                        : "Finish signing in with your second factor first.",
			                    NULL, &extra);
		} else {
			if (decision == DECISION_SIGN_IN)
				http_keep_form(conn, ex, req,
				               &extra); /* what was typed waits for them to sign in again */
			response_redirect(&extra, decision == DECISION_SIGN_IN ? "/sign-in"
			                                                       : "/sign-in/second-factor");
			r = http_send(conn, ex, 303, "text/plain; charset=utf-8", NULL, (char *)"Redirecting",
			              11, 1, &extra);
		}
		break;
	case DECISION_BREAK_GLASS:
		/* The user's role may see such records in an emergency, with a reason. */
		if (req->api) {
			r = http_send_error(
			    conn, ex, 1, 403,
			    "Your agency has no relationship to this record. To see it in an emergency, POST "
			    "{\"resource_type\", \"resource_id\", \"reason\"} to /api/v1/break-glass. "
			    "The reason is audited and reviewed.",
			    NULL, NULL);
		} else {
			json_t *model = json_pack(
			    "{s:s, s:s, s:I}", "title", "You do not have a relationship to this record",
			    "resource_type", resource->type, "resource_id", (json_int_t)resource->id);
			json_object_update_missing(model, ex->page);
			struct buf html = BUF_INIT;
			if (view_render("break-glass", model, &html) != HAVEN_OK)
				buf_append_str(&html, "Forbidden");
			json_decref(model);
			size_t len;
			char *body = buf_steal(&html, &len);
			r = http_send(conn, ex, 403, "text/html; charset=utf-8", NULL, body, len, 0, NULL);
		}
		break;
	case DECISION_NO_RELATIONSHIP:
		/* as if the record did not exist, so ids cannot be probed */
		r = http_send_error(conn, ex, req->api, 404, NULL, NULL, NULL);
		break;
	default: r = http_send_error(conn, ex, req->api, 403, NULL, NULL, NULL); break;
	}
	response_free(&extra);
	return r;
}

/*
 * Answers 429 to a user stopped by refusals.h, saying when to try again
 * (Retry-After). Not audited: the refusals that stopped them are, and
 * recording each further request would let them fill the trail.
 */
static enum MHD_Result refuse_stopped(struct MHD_Connection *conn, struct exchange *ex,
                                      const struct request *req, int64_t retry_after)
{
	char seconds[24], detail[200];
	snprintf(seconds, sizeof seconds, "%lld", (long long)retry_after);
	snprintf(
	    detail, sizeof detail,
	    "You have asked for too many records you have no relationship to. Try again in %lld minute%s; "
	    "the partnership's information governance team has been told.",
	    (long long)(retry_after + 59) / 60, retry_after > 60 ? "s" : "");
	struct response extra = {0};
	response_add_header_copy(&extra, "Retry-After", seconds);
	enum MHD_Result r = http_send_error(conn, ex, req->api, 429, detail, NULL, &extra);
	response_free(&extra);
	return r;
}

/* ---- dispatch ---- */

/* Counts the Host header lines of a request. */
static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	if (strcasecmp(key, "Host") == 0)
		(*(unsigned *)cls)++;
	return MHD_YES;
}

/*
 * Requests the server refuses before routing: a request line and headers
 * over --max-header (431: libmicrohttpd's own 431 would carry no security
 * headers, so its limit is set higher and this one answers first), and an
 * HTTP/1.1 request without exactly one Host (400, RFC 9112 section 3.2),
 * and a client behind the proxy with too many requests in flight (429).
 * Each closes the connection: the client is broken, hostile or too busy.
 */
static enum MHD_Result refuse_before_routing(struct MHD_Connection *conn, struct exchange *ex, bool api,
                                             const char *version, bool *refused)
{
	*refused = true;
	struct response close = {0};
	response_add_header(&close, "Connection", "close");
	const union MHD_ConnectionInfo *size =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	if (size && size->header_size > server_settings->max_header)
		return http_send_error(conn, ex, api, 431,
		                       "The request's headers are larger than this service accepts.", NULL,
		                       &close);
	unsigned hosts = 0;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_host, &hosts);
	if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && hosts != 1)
		return http_send_error(
		    conn, ex, api, 400,
		    hosts ? "The request names more than one host (Host header)."
		          : "An HTTP/1.1 request must name the host it is for (a Host header).",
		    NULL, &close);
	/* Behind the proxy one connection may carry many clients, so the
	 * per-address limit counts each forwarded client's requests in flight,
	 * from its headers (its body may still be coming) to its answer. */
	struct guard_conn *guard = guard_of(conn);
	if (guard_from_proxy(guard)) {
		char client[INET6_ADDRSTRLEN + 1];
		bool via_proxy;
		http_client_address(conn, client, sizeof client, &via_proxy);
		if (!guard_admit_forwarded(guard, client)) {
			struct response extra = {0};
			response_add_header(&extra, "Retry-After", "1");
			response_add_header(&extra, "Connection", "close");
			return http_send_error(
			    conn, ex, api, 429,
			    "Too many requests at once from your address. Wait a moment and try again.", NULL,
			    &extra);
		}
	}
	*refused = false;
	return MHD_YES;
}

/*
 * Answers 503 to a request for something Haven makes only so many of at
 * once (the annual report's PDF), when as many are being made and none
 * came free while it waited: try again in a few seconds (Retry-After).
 */
static enum MHD_Result refuse_busy(struct MHD_Connection *conn, struct exchange *ex,
                                   const struct request *req)
{
	struct response extra = {0};
	response_add_header(&extra, "Retry-After", "5");
	enum MHD_Result r = http_send_error(
	    conn, ex, req->api, 503,
	    "Haven is already making as many of these as it makes at once. Wait a few seconds and try again.",
	    NULL, &extra);
	response_free(&extra);
	return r;
}

static enum MHD_Result dispatch(struct MHD_Connection *conn, struct exchange *ex, const char *url,
                                const char *method)
{
	struct request req = {
	    .method = http_method_parse(method),
	    .path = url,
	    .api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0,
	    .header = http_request_header,
	    .cookie = http_request_cookie,
	    .conn = conn,
	};
	char kept[TOKEN_TEXT_SIZE];
	if (req.method == HTTP_GET && !req.api && http_kept_cookie(conn, kept)) {
		bool handled;
		enum MHD_Result r = http_restore_kept_form(conn, ex, url, &handled);
		if (handled)
			return r;
	}
	/* matched when the headers came in (http_route_find): the path's parameters are the request's now */
	if (!ex->routed)
		http_route_find(ex, url, method);
	unsigned allowed = ex->allowed;
	const struct route *route = ex->route;
	enum route_match m = ex->match;
	req.params = ex->params;
	ex->params = NULL;
	if (m == ROUTE_NOT_FOUND)
		return http_send_error(conn, ex, req.api, 404, NULL, NULL, NULL);
	if (m == ROUTE_WRONG_METHOD) {
		static _Thread_local char allow[64];
		struct response extra = {0};
		router_allow_header(allowed, allow, sizeof allow);
		response_add_header(&extra, "Allow", allow);
		return http_send_error(conn, ex, req.api, 405, NULL, NULL, &extra);
	}
	req.route = route;
	ex->route_pattern = route->pattern;
	if (req.method == HTTP_POST && strcmp(route->pattern, SESSION_KEEP_PATH) == 0) {
		enum MHD_Result r = http_session_keep(conn, ex, &req);
		json_decref(req.params);
		return r;
	}

	struct user user;
	enum haven_status st = http_identify(conn, ex, &req, &user);
	if (st != HAVEN_OK) {
		json_decref(req.params);
		return http_send_error(conn, ex, req.api, http_status_for(st), NULL, NULL, NULL);
	}
	/* someone stopped after too many refused records gets none of the audited data for a while */
	int64_t retry_after = 0;
	if (req.user && policy_audited(route->action) &&
	    refusals_blocked(req.user->id, auth_now(), &retry_after)) {
		json_decref(req.params);
		return refuse_stopped(conn, ex, &req, retry_after);
	}
	struct resource resource = {.type = policy_resource_type(route->action)};
	if (resource.type)
		resource.id = json_integer_value(json_object_get(req.params, "id"));
	enum decision decision = policy_decide(req.user, route->action, &resource);
	if (decision != DECISION_ALLOW) {
		json_decref(req.params);
		return refuse(conn, ex, &req, decision, &resource);
	}
	/* signed in again with a form kept from the session that ended: back to it first */
	bool back_to_kept;
	enum MHD_Result back = http_back_to_kept_form(conn, ex, &req, url, &back_to_kept);
	if (back_to_kept) {
		json_decref(req.params);
		return back;
	}

	json_t *errors = json_array();
	const char *detail = NULL;
	enum MHD_Result r;
	struct once once = {0};
	unsigned bad = http_input_validate(conn, ex, &req, errors, &detail);
	/* A body that could not be read at all (400, 415) or holds too large a file (413) is answered
	 * as such; anything readable must prove where it came from before it is used. */
	bool unreadable =
	    bad == 415 || bad == 413 || (bad == 400 && req.method != HTTP_GET && req.method != HTTP_HEAD);
	if (!unreadable && !http_csrf_ok(conn, ex, &req)) {
		r = http_send_error(
		    conn, ex, req.api, 403,
		    "The form has expired or did not come from Haven. Go back, reload the page "
		    "and try again.",
		    NULL, NULL);
		goto out;
	}
	if (bad) {
		if (!req.api && route->page && route->redisplay && json_array_size(errors))
			r = http_redisplay(conn, ex, &req, bad, errors);
		else
			r = http_send_error(conn, ex, req.api, bad, detail, errors, NULL);
		goto out;
	}
	/* a person checks a change that cannot be undone before it is made; a system sends it at once */
	if (route->check && !req.api && req.user && (!route->check->needed || route->check->needed(&req))) {
		enum check_stage stage = http_check_stage(ex, &req);
		if (stage != CHECK_CONFIRMED) {
			r = http_answer_check(conn, ex, &req, stage);
			goto out;
		}
	}
	/* sent twice (a second tap, a browser's resend, a client's retry): answered as the first was */
	if (http_once_begin(conn, ex, &req, &once, &r))
		goto out;
	struct upload file = {(const unsigned char *)buf_cstr(&ex->file), ex->file.len};
	if (route->max_file)
		req.file = &file;
	struct response res = {0};
	st = route->handler(&req, &res);
	if (st == HAVEN_OK)
		st = http_settle(&req, &res);
	if (st == HAVEN_OK && res.errors && !res.model) {
		/* a page with no form to show again: the errors on a page of their own */
		r = http_send_error(conn, ex, 0, res.status, NULL, res.errors, NULL);
		response_free(&res);
		goto out;
	}
	/* What an answer shows is audited (durably) before any of it is sent;
	 * changes write their rows in the same transaction as the change. A
	 * read's row is its only write: it is waited for without a thread,
	 * unless the guard has stopped reading from the connection (see
	 * guard_reading_shut): then, as any other answer, on this thread. */
	if (http_audit_is_read(&req) && !guard_reading_shut(guard_of(conn))) {
		r = http_hold_until_audited(conn, ex, &req, st, &res);
		response_free(&res);
		goto out;
	}
	enum haven_status audited = http_audit_answer(&req, st, &res);
	if (audited != HAVEN_OK)
		r = http_send_error(conn, ex, req.api, http_status_for(audited), NULL, NULL, NULL);
	else if (st == HAVEN_ERR_BUSY)
		r = refuse_busy(conn, ex, &req);
	else if (st != HAVEN_OK)
		r = http_send_error(conn, ex, req.api, http_status_for(st), NULL, NULL, NULL);
	else
		r = http_send_result(conn, ex, &req, &res);
	http_once_end(&once, &req, audited == HAVEN_OK ? st : audited, &res);
	response_free(&res);
out:
	http_once_release(&once);
	json_decref(errors);
	json_decref(req.params);
	json_decref(req.input);
	return r;
}

/* 413, naming the limit when the route takes a file. */
static enum MHD_Result send_too_large(struct MHD_Connection *conn, struct exchange *ex, const char *url)
{
	return http_send_error(conn, ex, strncmp(url, "/api/", 5) == 0, 413,
	                       ex->max_file ? http_too_large_detail(ex->max_file) : NULL, NULL, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)cls;
	struct exchange *ex = *con_cls;
	if (!ex) {
		ex = xcalloc(1, sizeof *ex);
		clock_gettime(CLOCK_MONOTONIC, &ex->started);
		ex->method = method;
		*con_cls = ex;
		guard_headers_done(guard_of(conn));
		bool refused;
		enum MHD_Result r =
		    refuse_before_routing(conn, ex, strncmp(url, "/api/", 5) == 0, version, &refused);
		if (refused) {
			guard_answering(guard_of(conn));
			return r;
		}
		const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		unsigned long long announced = length ? strtoull(length, NULL, 10) : 0;
		http_route_find(ex, url, method);
		if (announced > ex->body_limit) {
			ex->too_large = 1;
			/*
			 * Answer before the body when the client waits for permission
			 * (Expect: 100-continue) or the body is far too large to read.
			 * Otherwise the client is already sending: answering now
			 * would close the socket under it and it might never see
			 * the 413, so the body is read, discarded and answered below.
			 */
			const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");
			if ((expect && strcasecmp(expect, "100-continue") == 0) ||
			    announced > DISCARD_FACTOR * (unsigned long long)ex->body_limit) {
				guard_answering(guard_of(conn));
				return send_too_large(conn, ex, url);
			}
		}
		return MHD_YES;
	}
	if (ex->held)
		return http_answer_held(conn, ex); /* resumed once its audit row is durable */
	if (*upload_data_size) {
		size_t size = *upload_data_size;
		*upload_data_size = 0;
		guard_body_received(guard_of(conn), size);
		if (!ex->too_large && ex->body.len + size <= ex->body_limit) {
			buf_append(&ex->body, upload_data, size);
			return MHD_YES;
		}
		/*
		 * Too large. libmicrohttpd can only answer once the body has
		 * ended, so read and discard up to a bound, then answer 413; a
		 * client still sending past the bound (chunked, so it announced
		 * no length) is cut off.
		 */
		ex->too_large = 1;
		ex->discarded += size;
		return ex->discarded <= DISCARD_FACTOR * ex->body_limit ? MHD_YES : MHD_NO;
	}
	if (ex->status)
		return MHD_YES; /* already answered (the 413 above) */
	guard_answering(guard_of(conn));
	if (ex->too_large)
		return send_too_large(conn, ex, url);
	/* The request's reads (its session, the access decision, the record) see one snapshot until a
	 * write the request queues (the session's once-a-minute touch is one: the rest is then read in a
	 * fresh snapshot), slow work that reads nothing, or the snapshot's age limit (store.h); a held read
	 * ends it before suspending, every other path here. */
	store_read_begin();
	enum MHD_Result r = dispatch(conn, ex, url, method);
	store_read_end();
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	guard_request_done(guard_of(conn));
	struct exchange *ex = *con_cls;
	if (!ex)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - ex->started.tv_sec) * 1e3 +
	            (double)(now.tv_nsec - ex->started.tv_nsec) / 1e6;
	/* the access log line, written straight into its text: a jansson object for it was seven
	 * allocations a request, thrown away at once */
	const char *method = ex->method ? ex->method : "-";
	const char *route = ex->route_pattern ? ex->route_pattern : "-";
	struct buf line = BUF_INIT;
	log_line_begin(&line);
	buf_append_str(&line, ",\"event\":\"request\",\"method\":");
	if (!json_text_append_string(&line, method, strlen(method)))
		buf_append_str(&line, "\"-\""); /* not UTF-8: libmicrohttpd takes only a token, so never */
	buf_append_str(&line, ",\"route\":");
	if (!json_text_append_string(&line, route, strlen(route)))
		buf_append_str(&line, "\"-\""); /* a pattern of Haven's own is ASCII, so never */
	buf_append_str(&line, ",\"status\":");
	json_text_append_integer(&line, ex->status);
	buf_append_str(&line, ",\"duration_ms\":");
	json_text_append_real(&line, (double)(long long)(ms * 1000) / 1000.0, 6);
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
		buf_append_str(&line, ",\"terminated\":");
		json_text_append_integer(&line, toe);
	}
	log_line_end(&line);
	if (ex->status)
		metrics_observe_request(ex->method, ex->route_pattern, ex->status, ms / 1000.0);
	if (ex->held)
		MHD_destroy_response(ex->held);
	buf_free(&ex->body);
	buf_free(&ex->file);
	json_decref(ex->params); /* matched, but never dispatched (refused before, say) */
	json_decref(ex->submitted);
	json_decref(ex->page);
	free(ex->set_cookie);
	free(ex);
	*con_cls = NULL;
}

/* The connection figures for /metrics. */
static void connection_metrics(struct buf *out)
{
	struct guard_stats s = guard_stats();
	metrics_write_value(out, "haven_http_connections_open", "gauge", "Connections open now.",
	                    guard_open_connections());
	metrics_write_family(out, "haven_http_connections_closed_total", "counter",
	                     "Connections the server closed or refused to protect itself, by reason.");
	const struct {
		const char *reason;
		unsigned long long count;
	} reasons[] = {
	    {"header_timeout", s.header_timeouts},
	    {"body_too_slow", s.body_too_slow},
	    {"evicted_when_full", s.evicted},
	    {"over_max_per_ip", s.over_per_ip},
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		const char *labels[] = {"reason", reasons[i].reason, NULL};
		metrics_write_sample(out, "haven_http_connections_closed_total", labels,
		                     (double)reasons[i].count);
	}
	metrics_write_value(
	    out, "haven_http_forwarded_refused_total", "counter",
	    "Requests through the trusted proxy answered 429: their client had --max-per-ip in flight.",
	    (double)s.forwarded_refused);
}

/* Connections open and close: the guard follows each (guard.h). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *peer =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		*socket_context = fd ? guard_opened(fd->connect_fd, peer ? peer->client_addr : NULL) : NULL;
	} else {
		guard_closed(*socket_context);
		*socket_context = NULL;
	}
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	struct buf msg = BUF_INIT;
	buf_vprintf(&msg, fmt, ap);
	while (msg.len && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	log_error("http: %s", buf_cstr(&msg));
	buf_free(&msg);
}

static void stop_signal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

void server_block_stop_signals(void)
{
	sigset_t set;
	stop_signal_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

enum haven_status server_run(const struct server_config *cfg, const struct router *r, char **err)
{
	struct sockaddr_storage addr;
	int ipv6 = 0;
	if (server_listen_parse(cfg->listen, &addr, &ipv6) != 0) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "--listen %s is not HOST:PORT with a numeric address (like 127.0.0.1:8080)",
		           cfg->listen);
		*err = buf_steal(&b, NULL);
		return HAVEN_ERR_INVALID;
	}
	server_settings = cfg;
	server_routes = r;
	struct guard_config guard = {
	    .header_timeout = cfg->header_timeout,
	    .min_body_rate = cfg->min_body_rate,
	    .max_connections = cfg->max_connections,
	    .max_per_ip = cfg->max_per_ip,
	    .trusted_proxy = cfg->trusted_proxy,
	};
	if (guard_start(&guard) != HAVEN_OK) {
		*err = xstrdup("cannot start the connection guard's thread");
		return HAVEN_ERR_INTERNAL;
	}
	metrics_add_collector(connection_metrics);

	/* server_block_stop_signals() was called before any thread started,
	 * so SIGINT/SIGTERM reach only the sigwait below. */
	sigset_t stop_signals;
	stop_signal_set(&stop_signals);
	signal(SIGPIPE, SIG_IGN);

	/* Suspend and resume: an audited read waits for its audit row
	 * without holding a thread (held_read.c). */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
	                 MHD_ALLOW_SUSPEND_RESUME;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, NULL,
	    /* the logger must come first so errors in later options reach it */
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)cfg->max_connections,
	    /* (the per-address limit is the guard's: it knows the trusted proxy) */
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->idle_timeout,
	    /* Room for headers up to HEADER_ROOM times --max-header, so that
	     * refuse_before_routing answers 431 with Haven's headers, not
	     * libmicrohttpd with none. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header * HEADER_ROOM,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
	    NULL, MHD_OPTION_UNESCAPE_CALLBACK, http_unescape_refusing_nul, NULL, MHD_OPTION_END);
	if (!daemon) {
		guard_stop();
		struct buf b = BUF_INIT;
		buf_printf(&b, "cannot listen on %s (is the port in use?)", cfg->listen);
		*err = buf_steal(&b, NULL);
		return HAVEN_ERR_IO;
	}
	log_info("serving on http://%s", cfg->listen);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	log_info("received %s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");

	MHD_socket listener = MHD_quiesce_daemon(daemon);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	/* No new request is taken on kept-alive connections either: those
	 * waiting for one are closed now, and the rest close once answered
	 * (Connection: close). Then wait for every connection to be gone, up to
	 * the grace period, so every request taken is answered; stopping the
	 * daemon earlier could save a write and never say so. Further signals
	 * (impatient operators, supervisors) are noted and ignored: the grace
	 * period already bounds the wait. */
	guard_drain();
	struct timespec tick = {0, 20 * 1000 * 1000};
	for (unsigned waited = 0; waited < cfg->shutdown_grace * 50u; waited++) {
		if (guard_open_connections() == 0)
			break;
		if (sigtimedwait(&stop_signals, NULL, &tick) > 0)
			log_info("received another signal: still finishing requests in flight");
	}
	/* Past the grace period a read may still be waiting for its audit row:
	 * the writer will answer it soon (the store is still open), and the
	 * daemon must not be stopped with it suspended. */
	while (http_reads_awaiting_audit() > 0)
		nanosleep(&tick, NULL);
	MHD_stop_daemon(daemon);
	guard_stop();
	log_flush_suppressed();
	log_info("stopped");
	return HAVEN_OK;
}
