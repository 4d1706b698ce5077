/*
 * area.c (feedback) — anonymous feedback on Haven itself, linked from the
 * phase banner on every page, as public services in beta are expected to
 * ask for. It asks for no personal data and says so.
 *
 * The form posts to /feedback and is then redirected to /feedback/sent
 * (post/redirect/get), so refreshing never sends it twice. API clients post
 * JSON to /api/v1/feedback and get 201 with the new id.
 *
 * Anyone may send it, signed in or not, so each client address may send
 * HAVEN_FEEDBACK_LIMIT pieces (FEEDBACK_DEFAULT_LIMIT) in an hour; more is answered 429 with
 * Retry-After, and nothing is saved (docs/operations.md). The count is kept in
 * memory, as refusals.h keeps who is stopped: no address is written down
 * next to anonymous feedback, and a restart forgets it, which costs a sender
 * of junk one more hour's allowance at most.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "areas/feedback/store.h"
#include "core/log.h"
#include "core/words.h"

#define FEEDBACK_DEFAULT_LIMIT 20
#define FEEDBACK_WINDOW_SECONDS 3600
/* Addresses remembered at once; past it the one whose hour began longest ago is forgotten. Far more
 * than send feedback in an hour, so only a sender of junk from many addresses loses its count. */
#define FEEDBACK_SENDERS 1024

static const char *const satisfaction_levels[] = {
    "very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied", NULL,
};

static const struct field_spec feedback_fields[] = {
    {.name = "satisfaction",
     .label = "how satisfied you are with Haven",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = satisfaction_levels},
    {.name = "comments", .label = "your comments", .type = FIELD_TEXT, .max = 1200},
    {0},
};

static enum haven_status show_form(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Give feedback on Haven"));
	return HAVEN_OK;
}

/* One client address's feedback in the window that began at `since`. */
struct sender {
	char address[64];
	int64_t since;
	unsigned sent;
};

static pthread_mutex_t senders_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sender senders[FEEDBACK_SENDERS];
static unsigned feedback_limit = FEEDBACK_DEFAULT_LIMIT; /* set by start, before serving */

/* Reads HAVEN_FEEDBACK_LIMIT, a whole number from 1 to 1,000,000 if set; anything else stops Haven starting.
 */
static enum haven_status start(void)
{
	const char *text = getenv("HAVEN_FEEDBACK_LIMIT");
	if (!text || !*text)
		return HAVEN_OK;
	char *end = NULL;
	long v = strtol(text, &end, 10);
	if (*end || v < 1 || v > 1000000) {
		log_error("HAVEN_FEEDBACK_LIMIT must be a whole number from 1 to 1000000");
		return HAVEN_ERR_INVALID;
	}
	feedback_limit = (unsigned)v;
	return HAVEN_OK;
}

/*
 * Counts one more piece of feedback from `address` at `now`: 0 if it may be saved, else the seconds until
 * its window ends (nothing counted). Thread-safe.
 */
static int64_t feedback_wait(const char *address, int64_t now)
{
	pthread_mutex_lock(&senders_lock);
	/* the address's own slot, else a free one, else the one whose hour began longest ago */
	struct sender *mine = NULL, *spare = &senders[0];
	for (size_t i = 0; i < FEEDBACK_SENDERS && !mine; i++) {
		struct sender *s = &senders[i];
		if (s->sent && strcmp(s->address, address) == 0)
			mine = s;
		else if (spare->sent && (!s->sent || s->since < spare->since))
			spare = s;
	}
	if (!mine || now - mine->since >= FEEDBACK_WINDOW_SECONDS) { /* a new hour begins */
		mine = mine ? mine : spare;
		snprintf(mine->address, sizeof mine->address, "%s", address);
		mine->since = now;
		mine->sent = 0;
	}
	int64_t wait = 0;
	if (mine->sent >= feedback_limit)
		wait = mine->since + FEEDBACK_WINDOW_SECONDS - now;
	else
		mine->sent++;
	pthread_mutex_unlock(&senders_lock);
	return wait;
}

static enum haven_status submit(struct request *req, struct response *res)
{
	int64_t wait = feedback_wait(req->client_address ? req->client_address : "unknown", auth_now());
	if (wait > 0) {
		char retry[24], message[200];
		snprintf(retry, sizeof retry, "%lld", (long long)wait);
		long long minutes = (wait + 59) / 60;
		snprintf(message, sizeof message,
		         "You have sent a lot of feedback in the last hour. Wait %lld %s, then try again",
		         minutes, words_noun(minutes, "minute", "minutes"));
		res->status = 429;
		response_add_header_copy(res, "Retry-After", retry);
		response_error(res, "comments", message);
		return HAVEN_OK;
	}
	const char *satisfaction = json_string_value(json_object_get(req->input, "satisfaction"));
	const char *comments = json_string_value(json_object_get(req->input, "comments"));
	long long id = 0;
	enum haven_status st = feedback_save(satisfaction, comments, &id);
	if (st != HAVEN_OK)
		return st;
	response_success(res, ""); /* the page it leads to says it was sent, in its panel */
	response_created(res, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "saved"),
	                 "/feedback/sent");
	return HAVEN_OK;
}

static enum haven_status sent(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Thank you for your feedback"));
	return HAVEN_OK;
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/feedback",
     .action = ACTION_PUBLIC,
     .handler = show_form,
     .page = "feedback/form"},
    {.method = HTTP_POST,
     .pattern = "/feedback",
     .action = ACTION_PUBLIC,
     .handler = submit,
     .page = "feedback/form",
     .body = feedback_fields,
     .redisplay = show_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/feedback/sent",
     .action = ACTION_PUBLIC,
     .handler = sent,
     .page = "feedback/sent"},
    {0},
};

const struct area area_feedback = {
    .name = "feedback",
    .routes = routes,
    .start = start,
};
