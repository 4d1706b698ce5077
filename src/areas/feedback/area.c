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
 * HAVEN_FEEDBACK_LIMIT pieces (20 unless set) in an hour; more is answered 429
 * with Retry-After, and nothing is saved (docs/operations.md). The count is
 * kept in memory (app/hourly_allowance.h), so no address is written down next
 * to anonymous feedback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "app/hourly_allowance.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "areas/feedback/store.h"
#include "core/log.h"
#include "core/words.h"

static struct hourly_allowance senders = HOURLY_ALLOWANCE("HAVEN_FEEDBACK_LIMIT", 20);

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

/* Reads HAVEN_FEEDBACK_LIMIT, if set; anything else stops Haven starting. */
static enum haven_status start(void)
{
	return hourly_allowance_configure(&senders);
}

static enum haven_status submit(struct request *req, struct response *res)
{
	int64_t wait = hourly_allowance_take(&senders, req->client_address, auth_now());
	if (wait > 0) {
		hourly_allowance_refuse(res, wait, "comments",
		                        "You have sent a lot of feedback in the last hour.");
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
