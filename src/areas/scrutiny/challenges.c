/*
 * challenges.c (scrutiny) — the challenge log's handlers (issue 20): the
 * scrutineer or the partnership team raises a challenge to an agency or the
 * partnership, the owner responds by a date, and whoever raised it (or a
 * scrutineer) accepts the response or escalates it to the board with a new
 * date, which puts it on the agenda of the board's next planned meeting (or,
 * with none planned, on the partnership team's list to place once one is).
 * The partnership and the scrutineer see every challenge; an agency
 * sees its own; anyone else is answered 404 (the policy, by record type).
 *
 * A challenge's status as shown is worked out here from the stored stage
 * and the date: an open or escalated challenge past its respond-by date in
 * England is "overdue". The API gives both (`stage` as stored, `status` as
 * shown), so a client need not redo the rule.
 */
#include <string.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "areas/meetings/store.h"
#include "areas/partnership/store.h"
#include "areas/scrutiny/handlers.h"
#include "areas/scrutiny/store.h"
#include "app/date_words.h"
#include "app/record_created.h"
#include "app/store_refusal.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "view/chosen_option.h"
#include "view/status_tag.h"
#include "router/page_found.h"

static const struct status_tag challenge_statuses[] = {
    {"open", "Awaiting a response", "govuk-tag--blue"},
    {"overdue", "Response overdue", "govuk-tag--red"},
    {"responded", "Awaiting a decision", "govuk-tag--yellow"},
    {"escalated", "Escalated to the board", "govuk-tag--orange"},
    {"accepted", "Accepted", "govuk-tag--green"},
    {0},
};

static bool awaiting_answer(const char *stage)
{
	return stage && (strcmp(stage, "open") == 0 || strcmp(stage, "escalated") == 0);
}

/* Sets a challenge's `stage` (as stored) and its status as shown on `today`. */
static void show_status(json_t *challenge, int32_t today)
{
	const char *stage = field_text(challenge, "status");
	json_object_set_new(challenge, "stage", json_string(stage ? stage : ""));
	int32_t due;
	const char *respond_by = field_text(challenge, "respond_by");
	bool overdue =
	    awaiting_answer(stage) && respond_by && calendar_parse(respond_by, &due) && due < today;
	status_tag_set(challenge, status_tag_find(challenge_statuses, overdue ? "overdue" : stage));
	date_words_set(challenge, "respond_by", "respond_by_words");
}

void scrutiny_show_statuses(json_t *challenges)
{
	int32_t today = calendar_london_today();
	size_t i;
	json_t *c;
	json_array_foreach(challenges, i, c) show_status(c, today);
}

/* Each step of the log in words, for its page. */
static void label_events(json_t *events)
{
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e)
	{
		const char *kind = field_text(e, "kind");
		bool response = kind && strcmp(kind, "response") == 0;
		bool accepted = kind && strcmp(kind, "accepted") == 0;
		json_object_set_new(e, "label",
		                    json_string(response   ? "Response"
		                                : accepted ? "Response accepted"
		                                           : "Escalated to the board"));
		json_object_set_new(e, "is_response", json_boolean(response));
	}
}

/* ---- the log ---- */

enum haven_status challenges_list(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	/* asking about no challenge in particular (id 0) is allowed only to those who see every one */
	bool every = policy_allows(req->user, "challenge.read", "challenge", 0);
	json_t *rows = NULL;
	long long total = -1;
	enum haven_status st = scrutiny_challenges_list(every, req->user->agency_id, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	scrutiny_show_statuses(rows);
	json_t *model = json_pack("{s:s, s:b, s:b}", "title", "Challenge log", "every", every, "can_raise",
	                          policy_allows(req->user, "challenge.raise", NULL, 0));
	json_object_set_new(model, "total", page_count_json(total));
	json_object_set_new(model, "total_words", page_count_words(total, "challenge", "challenges"));
	page_finish_found(&page, req, model, "challenges", rows, "id", total, "challenges");
	response_set_model(res, model);
	return HAVEN_OK;
}

/* Challenge `id` as its page and the API show it: with its status today. */
static enum haven_status challenge_shown(long long id, json_t **challenge)
{
	enum haven_status st = scrutiny_challenge_get(id, challenge);
	if (st == HAVEN_OK)
		show_status(*challenge, calendar_london_today());
	return st;
}

/* What each of the store's refusals means on the form it came from. */
static const struct refusal_words refusals[] = {
    {CHALLENGE_NO_SUCH_AGENCY, "owner", "Choose the agency the challenge is to, or the partnership", false},
    {CHALLENGE_NOT_AWAITING_ANSWER, "response",
     "This challenge is not waiting for a response: it has been answered or closed", true},
    {CHALLENGE_NOT_AWAITING_DECISION, "decision", "This challenge has no response waiting for a decision",
     true},
    {CHALLENGE_NOT_AWAITING_PLACE, "board_agenda",
     "This challenge is not waiting to be placed: it is not escalated, or is on a board meeting's agenda "
     "already",
     true},
    {CHALLENGE_NO_BOARD_MEETING, "board_agenda",
     "The board has no meeting planned after now: plan one under Meetings, then place the challenge on its "
     "agenda",
     true},
    {0, NULL, NULL, false},
};

/* ---- raising one ---- */

enum haven_status challenges_new_form(struct request *req, struct response *res)
{
	json_t *agencies = NULL;
	enum haven_status st = partnership_list_agencies(NULL, NULL, &agencies);
	if (st != HAVEN_OK)
		return st;
	chosen_option_mark(agencies, "slug", json_object_get(req->input, "owner"));
	response_set_model(res, json_pack("{s:s, s:o}", "title", "Raise a challenge", "agencies", agencies));
	return HAVEN_OK;
}

enum haven_status challenges_raise(struct request *req, struct response *res)
{
	struct new_challenge c = {.subject = field_text(req->input, "subject"),
	                          .detail = field_text(req->input, "detail"),
	                          .owner = field_text(req->input, "owner"),
	                          .respond_by = field_text(req->input, "respond_by")}; /* .when: not past */
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum challenge_refusal refusal = CHALLENGE_DONE;
	enum haven_status st = scrutiny_challenge_raise(&c, &actor, &id, &refusal);
	return record_added(res, st, refusal, refusals, "The challenge was raised", id, challenge_shown,
	                    "/challenges");
}

/* ---- one challenge, and answering it ---- */

/*
 * Keeps the board meeting's id on `challenge` (its page's link, the API's `board_meeting_id`) only for a
 * `user` the meetings area lets read that meeting; anyone else who reads the challenge (the challenged
 * agency's people, when their agency is not at the board) gets its date alone, with no address that
 * would answer them 404. The meetings area's own rule decides (meeting.read on the meeting), so who sits
 * at the board is never worked out here.
 */
static void board_meeting_for(const struct user *user, json_t *challenge)
{
	json_t *meeting = json_object_get(challenge, "board_meeting_id");
	if (json_is_integer(meeting) &&
	    !policy_allows(user, "meeting.read", "meeting", (long long)json_integer_value(meeting)))
		json_object_set_new(challenge, "board_meeting_id", json_null());
}

enum haven_status challenges_show(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *challenge = NULL;
	enum haven_status st = challenge_shown(id, &challenge);
	if (st != HAVEN_OK)
		return st;
	const char *stage = field_text(challenge, "stage"); /* "status" is as shown: "overdue", say */
	bool can_respond =
	    awaiting_answer(stage) && policy_allows(req->user, "challenge.respond", "challenge", id);
	bool can_decide = stage && strcmp(stage, "responded") == 0 &&
	                  policy_allows(req->user, "challenge.decide", "challenge_raised", id);
	/* escalated: before the board, on its next meeting's agenda or waiting for one to be planned */
	bool escalated = stage && strcmp(stage, "escalated") == 0;
	bool unplaced = escalated && !json_is_integer(json_object_get(challenge, "board_meeting_id"));
	json_object_set_new(challenge, "escalated", json_boolean(escalated));
	json_object_set_new(challenge, "unplaced", json_boolean(unplaced));
	date_words_set(challenge, "board_meeting_on", "board_meeting_on_words");
	board_meeting_for(req->user, challenge);
	/* placing is offered only when the board has a meeting planned after now to place it on (as
	 * placing chooses it); with none, the page says so instead, linking to add one for those who may */
	bool may_place = unplaced && policy_allows(req->user, "challenge.place", NULL, 0);
	bool board_meeting = false;
	if (may_place) {
		long long next = 0;
		st = meetings_board_next(time(NULL), &next);
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND) {
			json_decref(challenge);
			return st;
		}
		board_meeting = st == HAVEN_OK;
	}
	label_events(json_object_get(challenge, "events"));
	/* after errors the server adds what was typed ("submitted", "chosen") */
	response_set_model(res, json_pack("{s:s, s:o, s:b, s:b, s:b, s:b, s:b}", "title", "Challenge",
	                                  "challenge", challenge, "can_respond", can_respond, "can_decide",
	                                  can_decide, "can_place", may_place && board_meeting, "place_waits",
	                                  may_place && !board_meeting, "can_plan",
	                                  policy_allows(req->user, "meeting.manage", NULL, 0)));
	return HAVEN_OK;
}

enum haven_status challenges_respond(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	enum challenge_refusal refusal = CHALLENGE_DONE;
	enum haven_status st =
	    scrutiny_challenge_respond(id, field_text(req->input, "response"), &actor, &refusal);
	if (store_refused(res, st, refusal, refusals))
		return HAVEN_OK;
	return record_changed(res, st, "Your response was sent", challenges_show, "/challenges", id);
}

enum haven_status challenges_decide(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *decision = field_text(req->input, "decision"), *note = field_text(req->input, "note"),
	           *respond_by = field_text(req->input, "respond_by");
	bool escalate = decision && strcmp(decision, "escalate") == 0;
	if (escalate) {
		if (!note)
			response_error(res, "note", "Say why the response is escalated to the board");
		if (!respond_by)
			response_error(res, "respond_by", "Enter the date a further response is due");
		/* today or in the future, said here and not by the field's .when: accepting refuses any
		 * date, saying why */
		int32_t day;
		if (respond_by && calendar_parse(respond_by, &day) && day < calendar_london_today())
			response_error(res, "respond_by",
			               "The date a further response is due must be today or in the future");
	} else if (respond_by) {
		/* a date is when a further response is due, which only escalating asks for: accepting would
		 * drop it without a word (the page's date boxes left empty send none) */
		response_error(res, "respond_by",
		               "Leave the date empty when accepting: a date is only for escalating");
	}
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	enum challenge_refusal refusal = CHALLENGE_DONE;
	enum haven_status st = scrutiny_challenge_decide(id, escalate, note, respond_by, &actor, &refusal);
	if (store_refused(res, st, refusal, refusals))
		return HAVEN_OK;
	return record_changed(
	    res, st, escalate ? "The response was escalated to the board" : "The response was accepted",
	    challenges_show, "/challenges", id);
}

enum haven_status challenges_place(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	enum challenge_refusal refusal = CHALLENGE_DONE;
	enum haven_status st = scrutiny_challenge_place(id, &actor, &refusal);
	if (store_refused(res, st, refusal, refusals))
		return HAVEN_OK;
	return record_changed(res, st, "The challenge was placed on the board meeting's agenda",
	                      challenges_show, "/challenges", id);
}
