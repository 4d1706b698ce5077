/*
 * refusals.c — stopping a user who keeps being refused records, and the
 * alert for the information governance review (contract in refusals.h).
 *
 * Who is stopped, and until when, is a small list under a mutex: only users
 * past the limit are in it, and entries that have run out are reused, so it
 * stays as long as the number of users stopped at once (a handful).
 */
#include "auth/refusals.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "auth/store.h"
#include "core/alloc.h"
#include "core/log.h"

#define SETTING_MAX 1000000

static struct refusal_limits limits = {
    .limit = REFUSALS_DEFAULT_LIMIT,
    .window_seconds = REFUSALS_DEFAULT_WINDOW_SECONDS,
    .block_seconds = REFUSALS_DEFAULT_BLOCK_SECONDS,
};

struct stopped {
	long long user_id;
	int64_t until;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct stopped *stopped;
static size_t stopped_count, stopped_cap;

/* Reads one setting into *out if it is set; false (logged) if it is not a whole number in range. */
static bool read_setting(const char *name, unsigned *out)
{
	const char *text = getenv(name);
	if (!text || !*text)
		return true;
	char *end = NULL;
	long v = strtol(text, &end, 10);
	if (*end || v < 1 || v > SETTING_MAX) {
		log_error("%s must be a whole number from 1 to %d", name, SETTING_MAX);
		return false;
	}
	*out = (unsigned)v;
	return true;
}

enum haven_status refusals_configure_from_env(void)
{
	struct refusal_limits l = {
	    .limit = REFUSALS_DEFAULT_LIMIT,
	    .window_seconds = REFUSALS_DEFAULT_WINDOW_SECONDS,
	    .block_seconds = REFUSALS_DEFAULT_BLOCK_SECONDS,
	};
	if (!read_setting("HAVEN_REFUSALS_LIMIT", &l.limit) ||
	    !read_setting("HAVEN_REFUSALS_WINDOW_SECONDS", &l.window_seconds) ||
	    !read_setting("HAVEN_REFUSALS_BLOCK_SECONDS", &l.block_seconds))
		return HAVEN_ERR_INVALID;
	limits = l;
	return HAVEN_OK;
}

struct refusal_limits refusals_limits(void)
{
	return limits;
}

/* The entry for `user_id`, or NULL. Called with the lock held. */
static struct stopped *find(long long user_id)
{
	for (size_t i = 0; i < stopped_count; i++)
		if (stopped[i].user_id == user_id)
			return &stopped[i];
	return NULL;
}

/* Stops `user_id` until `until`; false if they were stopped already (no new alert). */
static bool stop(long long user_id, int64_t now, int64_t until)
{
	pthread_mutex_lock(&lock);
	struct stopped *s = find(user_id);
	bool fresh = !s || s->until <= now;
	if (!s) {
		for (size_t i = 0; i < stopped_count && !s; i++)
			if (stopped[i].until <= now)
				s = &stopped[i]; /* run out: reuse it */
	}
	if (!s) {
		if (stopped_count == stopped_cap) {
			stopped_cap = stopped_cap ? 2 * stopped_cap : 8;
			stopped = xrealloc(stopped, stopped_cap * sizeof *stopped);
		}
		s = &stopped[stopped_count++];
	}
	if (fresh)
		*s = (struct stopped){user_id, until};
	pthread_mutex_unlock(&lock);
	return fresh;
}

bool refusals_blocked(long long user_id, int64_t now, int64_t *retry_after)
{
	pthread_mutex_lock(&lock);
	struct stopped *s = find(user_id);
	int64_t left = s ? s->until - now : 0;
	pthread_mutex_unlock(&lock);
	*retry_after = left > 0 ? left : 0;
	return left > 0;
}

/* "N minutes" or "N seconds", for the alert's reason. */
static void duration(unsigned seconds, char *out, size_t size)
{
	if (seconds % 60 == 0)
		snprintf(out, size, "%u minute%s", seconds / 60, seconds == 60 ? "" : "s");
	else
		snprintf(out, size, "%u second%s", seconds, seconds == 1 ? "" : "s");
}

enum haven_status refusals_note(const struct user *user, const char *client_address, int64_t now)
{
	struct refusal_limits l = limits;
	long long count = 0;
	enum haven_status st = auth_store_refusals_since(user->id, now - (int64_t)l.window_seconds, &count);
	if (st != HAVEN_OK || count <= (long long)l.limit)
		return st;
	if (!stop(user->id, now, now + (int64_t)l.block_seconds))
		return HAVEN_OK;
	char window[32], block[32], reason[160];
	duration(l.window_seconds, window, sizeof window);
	duration(l.block_seconds, block, sizeof block);
	snprintf(reason, sizeof reason,
	         "%lld different records refused in %s (the limit is %u): requests stopped for %s", count,
	         window, l.limit, block);
	struct audit_event e = {
	    .user_id = user->id,
	    .agency_id = user->agency_id,
	    .action = "access_refused_alert",
	    .reason = reason,
	    .client_address = client_address,
	};
	log_info("refusals: user %lld stopped for %u seconds after %lld refused records", user->id,
	         l.block_seconds, count);
	return auth_store_audit(&e);
}
