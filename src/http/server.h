/*
 * server.h — Haven's HTTP server (libmicrohttpd, thread pool + epoll).
 *
 * The server owns everything about HTTP: limits, parsing query strings and
 * bodies, validating them against the route's field specs, security headers,
 * turning handler results into JSON, problem+json or HTML, and the access
 * log. It knows nothing of any area.
 */
#ifndef HAVEN_HTTP_SERVER_H
#define HAVEN_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "router/router.h"

struct server_config {
	const char *listen;       /* "127.0.0.1:8080" or "[::1]:8080" */
	unsigned threads;         /* worker threads in the pool */
	size_t max_body;          /* bytes; larger bodies get 413 */
	size_t max_header;        /* bytes of request line + headers; larger get 431 */
	size_t max_response;      /* bytes of an answer Haven builds (not a built-in asset); larger get 500 */
	unsigned max_connections; /* in total */
	unsigned max_per_ip;      /* from one client address */
	unsigned idle_timeout;    /* seconds a connection may sit idle */
	unsigned header_timeout;  /* seconds for a request's line and headers (and between requests) */
	unsigned min_body_rate;   /* bytes a second a body must keep up (after header_timeout's grace) */
	unsigned shutdown_grace;  /* seconds to let requests in flight finish */
	/* The address of a reverse proxy (TLS terminator) in front of Haven, or
	 * NULL. Only requests from it have their client address taken from the
	 * last entry of X-Forwarded-For; anyone else could forge that header. */
	const char *trusted_proxy;
};

/* The defaults that `haven serve --help` documents. */
void server_config_defaults(struct server_config *config);

/*
 * If `address` is a numeric IPv4 or IPv6 address, writes it in canonical
 * form (as peers' addresses are written: lower-case, shortened IPv6) to out
 * and returns true.
 */
bool server_address_canonical(const char *address, char *out, size_t size);

/* True if `listen` is HOST:PORT with a numeric address (or localhost). */
bool server_listen_valid(const char *listen);

/*
 * Blocks SIGINT and SIGTERM in the calling thread and so in every thread it
 * starts afterwards. Call before any thread starts (the database writer
 * included), so that only server_run's sigwait ever receives them.
 */
void server_block_stop_signals(void);

/*
 * Serves until SIGINT or SIGTERM, then stops accepting, closes kept-alive
 * connections that wait for a request, answers requests in flight (each
 * with Connection: close) and waits for every connection to close (up to
 * shutdown_grace seconds; further signals are ignored), and returns HAVEN_OK.
 * Returns an error with a message in *err if it cannot start (bad address,
 * port in use).
 */
enum haven_status server_run(const struct server_config *config, const struct router *router,
                             char **err) HAVEN_MUST_CHECK;

#endif
