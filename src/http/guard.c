/*
 * guard.c — connection phases, deadlines, eviction and draining (see guard.h).
 *
 * Every connection is on the `all` list; a connection waiting for a
 * request's headers is also on the `waiting` list, in the order it started
 * waiting, so the oldest waiter (the first to evict, the first to time out)
 * is its head. One mutex guards both. The reaper thread and the eviction
 * shut sockets down while holding it, and libmicrohttpd calls guard_closed
 * (which takes it) before it closes a socket, so a descriptor shut down here
 * is always still the connection's own.
 */
#include "http/guard.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/limit_address.h"
#include "core/log.h"
#include "http/exchange.h"

enum phase {
	PHASE_NEW,       /* not yet on a list (a zeroed record) */
	PHASE_WAITING,   /* for a request's line and headers */
	PHASE_BODY,      /* headers in; reading the body */
	PHASE_ANSWERING, /* the request is complete; the handler and the answer */
	PHASE_SHUT,      /* shut down by the guard; libmicrohttpd will close it */
};

struct guard_conn {
	int fd;
	char peer[INET6_ADDRSTRLEN];
	char counted[LIMIT_ADDRESS_SIZE]; /* the peer as --max-per-ip counts it: an IPv6 client's /64 */
	bool from_proxy;
	enum phase phase;
	int64_t since_ms;                   /* when the current phase began */
	unsigned long long received;        /* body bytes in PHASE_BODY */
	char forwarded[LIMIT_ADDRESS_SIZE]; /* the client behind the proxy as counted, while a request is in
	                                       flight */
	struct guard_conn *prev, *next;     /* all */
	struct guard_conn *wprev, *wnext;   /* waiting */
};

struct list {
	struct guard_conn *head, *tail;
};

static struct guard_config config;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct list all, waiting;
static unsigned open_count;   /* connections libmicrohttpd has open */
static unsigned active_count; /* of those, the ones not shut down */
static bool draining, stopping, started;
static pthread_t reaper;
static struct guard_stats stats;

/* How often the reaper looks (a deadline is kept to within this). */
#define REAP_EVERY_MS 200
/* A connection this new is not evicted: a real client sends its request at
 * once, so whoever has waited a second already is the one holding a place. */
#define EVICT_AFTER_MS 1000
/* How many waiting connections eviction_candidate looks at. */
#define CANDIDATES_MAX 16

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the two lists (lock held) ---- */

static void all_append(struct guard_conn *c)
{
	c->prev = all.tail;
	c->next = NULL;
	if (all.tail)
		all.tail->next = c;
	else
		all.head = c;
	all.tail = c;
}

static void all_remove(struct guard_conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		all.head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		all.tail = c->prev;
}

static void waiting_remove(struct guard_conn *c)
{
	if (c->phase != PHASE_WAITING)
		return;
	if (c->wprev)
		c->wprev->wnext = c->wnext;
	else
		waiting.head = c->wnext;
	if (c->wnext)
		c->wnext->wprev = c->wprev;
	else
		waiting.tail = c->wprev;
	c->wprev = c->wnext = NULL;
}

/* Moves `c` to `phase` (starting now), on or off the waiting list. */
static void enter(struct guard_conn *c, enum phase phase)
{
	if (c->phase == PHASE_SHUT)
		return;
	waiting_remove(c);
	c->phase = phase;
	c->since_ms = now_ms();
	if (phase == PHASE_WAITING) {
		c->wprev = waiting.tail;
		c->wnext = NULL;
		if (waiting.tail)
			waiting.tail->wnext = c;
		else
			waiting.head = c;
		waiting.tail = c;
	}
}

/*
 * Stops reading from `c`: libmicrohttpd sees the end of its input and closes
 * it, after answering a request it had already received in full.
 */
static void shut(struct guard_conn *c)
{
	if (c->phase == PHASE_SHUT)
		return;
	waiting_remove(c);
	c->phase = PHASE_SHUT;
	active_count--;
	shutdown(c->fd, SHUT_RD);
}

/*
 * Refuses a connection just accepted: nothing it sent is answered. Stopping
 * reading is not enough here, because Linux still hands over what already
 * arrived, and on a busy server a newcomer's request is often queued before
 * it is accepted; with writing stopped too, libmicrohttpd cannot answer and
 * closes it.
 */
static void refuse(struct guard_conn *c)
{
	shut(c);
	shutdown(c->fd, SHUT_WR);
}

/* Open connections, not shut down, from the address a limit counts as `counted` (lock held). */
static unsigned from_address(const char *counted)
{
	unsigned n = 0;
	for (const struct guard_conn *o = all.head; o; o = o->next)
		if (o->phase != PHASE_SHUT && strcmp(o->counted, counted) == 0)
			n++;
	return n;
}

/*
 * The connection to close to make room (lock held): of those waiting for
 * their request, oldest first, the first that has waited a second (a real
 * client sends its request at once) or that comes from an address holding
 * a crowd of connections (a quarter of --max-per-ip), which may be closed at
 * once: else clients that reconnect the moment they are closed would keep
 * the server full of connections younger than a second. Only the first
 * CANDIDATES_MAX are looked at, to bound the work. NULL if none may go.
 */
static struct guard_conn *eviction_candidate(int64_t now)
{
	unsigned crowd = config.max_per_ip / 4 > 2 ? config.max_per_ip / 4 : 2;
	unsigned looked = 0;
	for (struct guard_conn *w = waiting.head; w && looked < CANDIDATES_MAX; w = w->wnext, looked++)
		if (now - w->since_ms >= EVICT_AFTER_MS ||
		    (!w->from_proxy && from_address(w->counted) >= crowd))
			return w;
	return NULL;
}

/*
 * Nearly full: closes connections waiting for their request (see
 * eviction_candidate) until a tenth of max_connections is free again, so
 * slow clients cannot keep everyone else out. (libmicrohttpd stops
 * accepting when full, so the guard keeps the room free rather than waiting
 * for a newcomer it would never see.)
 */
static void make_room(int64_t now)
{
	unsigned reserve = config.max_connections / 10 ? config.max_connections / 10 : 1;
	struct guard_conn *victim;
	while (active_count + reserve > config.max_connections && (victim = eviction_candidate(now))) {
		shut(victim);
		stats.evicted++;
		log_error("http: nearly at --max-connections: closed a connection waiting for its request");
	}
}

/* ---- the reaper ---- */

static void reap(int64_t now)
{
	int64_t header_ms = (int64_t)config.header_timeout * 1000;
	while (waiting.head && now - waiting.head->since_ms >= header_ms) {
		shut(waiting.head);
		stats.header_timeouts++;
		log_error("http: closed a connection whose request headers took longer than %u s",
		          config.header_timeout);
	}
	for (struct guard_conn *c = all.head; c; c = c->next) {
		if (c->phase != PHASE_BODY)
			continue;
		/* The grace, then a second for every min_body_rate bytes received. */
		int64_t allowed =
		    header_ms + (config.min_body_rate ? (int64_t)(c->received * 1000 / config.min_body_rate)
		                                      : INT64_MAX / 4);
		if (now - c->since_ms > allowed) {
			shut(c);
			stats.body_too_slow++;
			log_error("http: closed a connection whose body came slower than %u bytes a second",
			          config.min_body_rate);
		}
	}
	make_room(now);
}

static void *reaper_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		reap(now_ms());
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += REAP_EVERY_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&wake, &lock, &until);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

enum haven_status guard_start(const struct guard_config *cfg)
{
	config = *cfg;
	stopping = draining = false;
	open_count = active_count = 0;
	stats = (struct guard_stats){0};
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&reaper, NULL, reaper_main, NULL) != 0)
		return HAVEN_ERR_INTERNAL;
	started = true;
	return HAVEN_OK;
}

void guard_stop(void)
{
	if (!started)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(reaper, NULL);
	started = false;
}

/* ---- connections ---- */

struct guard_conn *guard_opened(int fd, const struct sockaddr *peer)
{
	struct guard_conn *c = xcalloc(1, sizeof *c);
	c->fd = fd;
	http_address_text(peer, c->peer, sizeof c->peer);
	limit_address(c->peer, c->counted);
	c->from_proxy = config.trusted_proxy && strcmp(c->peer, config.trusted_proxy) == 0;
	pthread_mutex_lock(&lock);
	unsigned same = c->from_proxy ? 0 : from_address(c->counted);
	all_append(c);
	open_count++;
	active_count++;
	enter(c, PHASE_WAITING);
	if (draining) {
		refuse(c); /* the listener closes first; one accepted in the race is not served */
	} else if (!c->from_proxy && same >= config.max_per_ip) {
		refuse(c);
		stats.over_per_ip++;
		log_error("http: refused a connection: %u already open from one address (--max-per-ip)",
		          config.max_per_ip);
	} else {
		make_room(now_ms());
	}
	pthread_mutex_unlock(&lock);
	return c;
}

void guard_closed(struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	waiting_remove(c);
	all_remove(c);
	open_count--;
	if (c->phase != PHASE_SHUT)
		active_count--;
	pthread_mutex_unlock(&lock);
	free(c);
}

void guard_headers_done(struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	enter(c, PHASE_BODY);
	c->received = 0;
	pthread_mutex_unlock(&lock);
}

void guard_body_received(struct guard_conn *c, size_t bytes)
{
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	c->received += bytes;
	pthread_mutex_unlock(&lock);
}

void guard_answering(struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	enter(c, PHASE_ANSWERING);
	pthread_mutex_unlock(&lock);
}

bool guard_reading_shut(struct guard_conn *c)
{
	if (!c)
		return false;
	pthread_mutex_lock(&lock);
	bool shut_down = c->phase == PHASE_SHUT;
	pthread_mutex_unlock(&lock);
	return shut_down;
}

void guard_request_done(struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	c->forwarded[0] = '\0';
	enter(c, PHASE_WAITING);
	if (draining)
		shut(c);
	pthread_mutex_unlock(&lock);
}

bool guard_from_proxy(const struct guard_conn *c)
{
	return c && c->from_proxy;
}

bool guard_admit_forwarded(struct guard_conn *c, const char *client)
{
	if (!c)
		return true;
	char counted[LIMIT_ADDRESS_SIZE];
	limit_address(client, counted);
	pthread_mutex_lock(&lock);
	unsigned same = 0;
	for (struct guard_conn *o = all.head; o; o = o->next)
		if (o != c && o->forwarded[0] && strcmp(o->forwarded, counted) == 0)
			same++;
	bool admit = same < config.max_per_ip;
	if (admit)
		snprintf(c->forwarded, sizeof c->forwarded, "%s", counted);
	else
		stats.forwarded_refused++;
	pthread_mutex_unlock(&lock);
	return admit;
}

void guard_drain(void)
{
	pthread_mutex_lock(&lock);
	draining = true;
	while (waiting.head)
		shut(waiting.head);
	pthread_mutex_unlock(&lock);
}

bool guard_draining(void)
{
	pthread_mutex_lock(&lock);
	bool d = draining;
	pthread_mutex_unlock(&lock);
	return d;
}

unsigned guard_open_connections(void)
{
	pthread_mutex_lock(&lock);
	unsigned n = open_count;
	pthread_mutex_unlock(&lock);
	return n;
}

struct guard_stats guard_stats(void)
{
	pthread_mutex_lock(&lock);
	struct guard_stats s = stats;
	pthread_mutex_unlock(&lock);
	return s;
}
