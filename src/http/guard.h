/*
 * guard.h — keeps slow, greedy and idle clients from holding the server's
 * connections, and drains connections at shutdown.
 *
 * libmicrohttpd's own idle timeout restarts at every byte, so a client that
 * sends one byte every few seconds keeps its connection for ever, and a
 * thousand such connections from a handful of addresses fill the connection
 * limit. The guard follows every connection through its phases (waiting for
 * a request's line and headers, receiving a body, being answered) and a
 * reaper thread closes, by shutting down the socket's reading side:
 *
 *   - a connection whose request line and headers are not all in within
 *     header_timeout seconds of it opening (or of the previous answer on it:
 *     so this is also how long a kept-alive connection waits for its next
 *     request);
 *   - a connection whose body arrives more slowly than min_body_rate bytes a
 *     second (after header_timeout seconds of grace: it has until
 *     header_timeout + received / min_body_rate seconds from its headers);
 *   - when the server is nearly full (within a tenth of max_connections),
 *     connections waiting for their request's headers, oldest first: those
 *     that have waited a second, or any from an address holding a crowd of
 *     connections, until a tenth is free again, so a newcomer finds room;
 *   - a new connection from an address that already has max_per_ip (the
 *     trusted proxy excepted: it carries everyone; requests through it are
 *     limited per forwarded address by guard_admit_forwarded).
 *
 * "An address" here is the address a limit counts (core/limit_address.h):
 * an IPv6 client's whole /64, which it may roam at will.
 *
 * Only the reading side is shut down: a request already received is still
 * answered (the answer goes out on the writing side), and one not yet
 * received is never run. So closing never loses the answer to a saved write.
 *
 * Thread-safe: every function may be called from any libmicrohttpd thread.
 */
#ifndef HAVEN_HTTP_GUARD_H
#define HAVEN_HTTP_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "core/status.h"

struct guard_config {
	unsigned header_timeout;  /* seconds for a request's line and headers */
	unsigned min_body_rate;   /* bytes a second a body must keep up, after the grace */
	unsigned max_connections; /* the server's limit; eviction starts a tenth below it */
	unsigned
	    max_per_ip; /* connections from one address (an IPv6 /64); requests in flight per forwarded one */
	const char *trusted_proxy; /* canonical address text, or NULL */
};

/* One connection, from guard_opened to guard_closed (opaque). */
struct guard_conn;

/* Starts the reaper thread. Call once, before the server accepts. */
enum haven_status guard_start(const struct guard_config *config) HAVEN_MUST_CHECK;

/* Stops the reaper thread (after the server has stopped). */
void guard_stop(void);

/*
 * A new connection on socket `fd` from `peer`: returns its record (owned by
 * the guard until guard_closed). A connection over the per-address limit is
 * shut down at once; when the server is nearly full, the connection waiting
 * longest for its headers is.
 */
struct guard_conn *guard_opened(int fd, const struct sockaddr *peer);

/* The connection is gone: forgets it and frees the record. NULL is ignored. */
void guard_closed(struct guard_conn *c);

/* A request's line and headers are in: its body (if any) comes next. */
void guard_headers_done(struct guard_conn *c);

/* `bytes` more of the body arrived. */
void guard_body_received(struct guard_conn *c, size_t bytes);

/* The request is complete and being answered: no deadline until it is done. */
void guard_answering(struct guard_conn *c);

/*
 * True once the guard has stopped reading from `c` (draining, eviction, a
 * deadline): libmicrohttpd will see its input end, and closes a connection
 * whose input ended while it was suspended instead of answering it, so its
 * request must be answered without suspending.
 */
bool guard_reading_shut(struct guard_conn *c);

/* The answer is sent: the connection waits for its next request (or closes). */
void guard_request_done(struct guard_conn *c);

/* True if the connection comes from the trusted proxy. */
bool guard_from_proxy(const struct guard_conn *c);

/*
 * For a request through the trusted proxy from `client` (the forwarded
 * address): records it against `c` and returns true if that client has
 * fewer than max_per_ip requests in flight, counting this one; false (and
 * nothing recorded) if it has that many already. The record is cleared by
 * guard_request_done.
 */
bool guard_admit_forwarded(struct guard_conn *c, const char *client);

/*
 * Shutdown: from now on no new request is taken. Connections waiting for a
 * request are shut down now, and each connection is shut down as soon as its
 * answer is sent (the answer says Connection: close: see guard_draining).
 */
void guard_drain(void);

/* True after guard_drain: every answer should carry Connection: close. */
bool guard_draining(void);

/* Open connections now. */
unsigned guard_open_connections(void);

/* Counters since guard_start, for /metrics. */
struct guard_stats {
	unsigned long long header_timeouts;   /* closed: headers too slow */
	unsigned long long body_too_slow;     /* closed: body below the minimum rate */
	unsigned long long evicted;           /* closed to make room when nearly full */
	unsigned long long over_per_ip;       /* refused: too many from one address */
	unsigned long long forwarded_refused; /* 429: too many in flight for one forwarded client */
};
struct guard_stats guard_stats(void);

#endif
