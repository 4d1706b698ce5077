/*
 * contact.c (provide) — recording the IDVA's work on a referral: each
 * contact attempt (safe contact enforced: an attempt against what police
 * recorded needs the reason it was safe), the outcome, and the closure,
 * which is checked first on a page of its own. Times are stored as UTC
 * instants and typed in Europe/London time (rules.h). The checks only a
 * handler can make (an attempt neither before the incident nor in the
 * future, an outcome that agrees with the attempts, both answers at
 * closure) are gathered with the field errors and answered as the API's 422
 * problem+json or the page again with the error summary; each change writes
 * its audit row in its own unit of work. The routes are area.c's.
 */
#include "areas/provide/contact.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/answer_shows.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/calendar/model_words.h"
#include "areas/provide/referrals.h"
#include "areas/provide/rules.h"
#include "areas/provide/store.h"
#include "auth/session.h"
#include "router/errors.h"

/* An attempt may be up to this far ahead of the server's clock (clocks differ a little). */
#define CLOCK_SLACK_SECONDS 120

/* ---- field specs ---- */

static const char *const methods[] = {"phone", "text", "email", "in_person", "letter", NULL};
static const char *const results[] = {
    "contacted", "no_answer", "message_left", "unsafe_to_continue", "wrong_number", "declined", NULL};
static const char *const outcomes[] = {"engaged", "declined", "could_not_contact", "not_appropriate", NULL};

const struct field_spec provide_attempt_fields[] = {
    {.name = "attempted_at",
     .label = "when the attempt was made (UTC, for example 2026-11-26T19:30:00Z)",
     .type = FIELD_TEXT,
     .max = 40},
    {.name = "attempted_on", .label = "the date of the attempt", .type = FIELD_DATE},
    /* loose: "2:30pm" reaches the handler, which says how to write it */
    {.name = "attempted_time", .label = "the time of the attempt", .type = FIELD_TEXT, .max = 20},
    {.name = "method",
     .label = "how you tried to make contact",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = methods},
    {.name = "result", .label = "what happened", .type = FIELD_CHOICE, .required = true, .choices = results},
    {.name = "note", .label = "the note", .type = FIELD_TEXT, .max = 2000},
    {.name = "safe_contact_reason",
     .label = "why it was safe to go against the safe-contact instructions",
     .type = FIELD_TEXT,
     .max = 1000},
    {0},
};

#define OUTCOME_FIELDS                                                                                       \
	{.name = "outcome",                                                                                  \
	 .label = "the outcome",                                                                             \
	 .type = FIELD_CHOICE,                                                                               \
	 .required = true,                                                                                   \
	 .choices = outcomes},                                                                               \
	    {.name = "made_safer", .label = "whether the victim was made safer", .type = FIELD_BOOL},        \
	{                                                                                                    \
		.name = "engaged_with_investigation",                                                        \
		.label = "whether the victim engaged with the investigation", .type = FIELD_BOOL             \
	}

const struct field_spec provide_outcome_fields[] = {
    OUTCOME_FIELDS,
    {.name = "close", .label = "whether to close the referral", .type = FIELD_BOOL},
    {0},
};

const struct field_spec provide_closure_fields[] = {
    OUTCOME_FIELDS,
    {0},
};

/* The API's answer after an attempt is recorded: the referral as it now is, 201. */
static enum haven_status show_referral_with_new_attempt(struct request *req, struct response *res)
{
	enum haven_status st = provide_show_referral(req, res);
	res->status = 201;
	return st;
}

static const char closed_message[] = "This referral is closed: it cannot be changed";

/*
 * How a change to the referral of `req` ends, its store asked only if there
 * were no `errors` before: the store's conflict is the referral closed in the
 * meantime (409); with errors (the array is taken), the page again with them
 * at `status` (422, or 409 for a closed referral); else done: the API answers
 * with `show`, a browser goes to the referral's page.
 */
static enum haven_status referral_changed(struct request *req, struct response *res, enum haven_status st,
                                          json_t *errors, unsigned status, route_handler show)
{
	if (st == HAVEN_ERR_CONFLICT) {
		errors_add(errors, "referral", closed_message);
		status = 409;
		st = HAVEN_OK;
	}
	if (json_array_size(errors)) {
		res->status = status;
		response_errors(res, errors); /* the page again: the route's redisplay */
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st == HAVEN_OK)
		response_done(res, show, "/provide/referrals/%lld", provide_referral_id(req));
	return st;
}

/*
 * Safe contact enforced: an attempt that goes against what police recorded
 * about the victim (leaving a message when they said not to, or did not say
 * it was safe; a call or text when they said not to call, or did not say it
 * was safe: the referral page's own reading, "do not call until you know it
 * is safe"; a call or text outside the safe times, when Haven can read
 * them: provide_safe_times_read) is refused until the IDVA says why it was
 * safe, in safe_contact_reason. Adds the error, naming that field.
 */
static void safe_contact_problem(json_t *r, const char *method, const char *result, int64_t when,
                                 json_t *errors)
{
	provide_as_bool(r, "safe_to_leave_message"); /* stored 1, 0 or NULL */
	const json_t *message_ok = json_object_get(r, "safe_to_leave_message");
	if (strcmp(result, "message_left") == 0 && !json_is_true(message_ok)) {
		errors_add(errors, "safe_contact_reason",
		           json_is_false(message_ok)
		               ? "Police said not to leave a message. Enter why it was safe to leave this one"
		               : "Police did not record whether it is safe to leave a message. Enter why it "
		                 "was safe to leave this one");
		return;
	}
	if (strcmp(method, "phone") != 0 && strcmp(method, "text") != 0)
		return;
	const char *what = strcmp(method, "phone") == 0 ? "call" : "text";
	provide_as_bool(r, "safe_to_call");
	const json_t *call_ok = json_object_get(r, "safe_to_call");
	if (!json_is_true(call_ok)) {
		errors_addf(
		    errors, "safe_contact_reason",
		    json_is_false(call_ok)
		        ? "Police said not to call this person. Enter why it was safe to make this %s"
		        : "Police did not record whether it is safe to call this person. Enter why it "
		          "was safe to make this %s",
		    what);
		return;
	}
	struct provide_safe_times times;
	provide_safe_times_read(field_text(r, "safe_times"), &times);
	int32_t day, seconds;
	calendar_london_from_utc(when, &day, &seconds);
	if (provide_safe_times_allow(&times, calendar_weekday(day), (int)(seconds / 60)))
		return;
	errors_addf(
	    errors, "safe_contact_reason",
	    "This %s was outside the safe times police gave (%s). Enter why it was safe to make contact "
	    "then",
	    what, field_text(r, "safe_times"));
}

/* POST /provide/referrals/{id}/attempts: one contact attempt. */
enum haven_status provide_record_attempt(struct request *req, struct response *res)
{
	json_t *r = NULL;
	enum haven_status st = provide_store_get(provide_referral_id(req), &r);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input, *errors = json_array();
	unsigned status = 422;
	const char *at = field_text(in, "attempted_at"), *on = field_text(in, "attempted_on"),
	           *hhmm = field_text(in, "attempted_time");
	int64_t when = 0;
	bool have_time = false;
	if (field_text(r, "closed_at")) {
		errors_add(errors, "referral", closed_message);
		status = 409;
	} else if (at && (on || hhmm)) {
		errors_add(errors, "attempted_at",
		           "Give the time of the attempt once: as attempted_at, or as attempted_on and "
		           "attempted_time");
	} else if (at) {
		if (!calendar_parse_instant(at, &when))
			errors_add(errors, "attempted_at",
			           "Enter when the attempt was made as a UTC time, for example "
			           "2026-11-26T19:30:00Z");
		else
			have_time = true;
	} else {
		int32_t day = 0;
		int minute = 0;
		if (!on)
			errors_add(errors, "attempted_on", "Enter the date of the attempt");
		if (!hhmm)
			errors_add(errors, "attempted_time", "Enter the time of the attempt");
		else if (!calendar_parse_clock(hhmm, &minute))
			errors_add(errors, "attempted_time",
			           "Enter the time of the attempt as hours and minutes, like 14:30");
		if (on && hhmm && calendar_parse(on, &day) && calendar_parse_clock(hhmm, &minute)) {
			when = calendar_utc_from_london(day, minute * 60);
			have_time = true;
		}
	}
	int64_t incident = 0;
	const char *field = at ? "attempted_at" : "attempted_on";
	if (have_time && when > (int64_t)time(NULL) + CLOCK_SLACK_SECONDS) {
		errors_add(errors, field, "The time of the attempt must be now or in the past");
	} else if (have_time && calendar_parse_instant(field_text(r, "occurred_at"), &incident) &&
	           when < incident) {
		model_words_local_time(r, "occurred_at");
		errors_addf(errors, field, "The time of the attempt must be after the incident (%s)",
		            field_text(r, "occurred_at_local"));
	}
	const char *reason = field_text(in, "safe_contact_reason");
	if (have_time && !json_array_size(errors) && !reason)
		safe_contact_problem(r, field_text(in, "method"), field_text(in, "result"), when, errors);
	json_decref(r);
	if (!json_array_size(errors)) {
		char instant[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(when, instant);
		struct provide_attempt attempt = {.attempted_at = instant,
		                                  .method = field_text(in, "method"),
		                                  .outcome = field_text(in, "result"),
		                                  .note = field_text(in, "note"),
		                                  .safe_contact_reason = reason};
		struct actor actor = auth_actor(req);
		long long attempt_id = 0;
		struct audit_shown shown; /* the household's children the API's answer shows */
		if ((st = answer_shows(req, provide_show_referral, &shown)) == HAVEN_OK)
			st = provide_store_add_attempt(provide_referral_id(req), &attempt, &shown, &actor,
			                               &attempt_id);
		answer_shows_free(&shown);
	}
	response_success(res, "The attempt to make contact was recorded");
	return referral_changed(req, res, st, errors, status, show_referral_with_new_attempt);
}

/* POST /provide/referrals/{id}/outcome (close optional) and .../closure (close implied). */
/*
 * What is wrong with recording `outcome` input `in` on referral `r` (and
 * closing it, if `close`): a new array of errors, empty if none; *status is
 * 409 for a closed referral, else 422.
 */
static json_t *outcome_errors(const json_t *r, const json_t *in, bool close, unsigned *status)
{
	json_t *errors = json_array();
	*status = 422;
	const char *outcome = field_text(in, "outcome");
	bool contacted = field_text(r, "first_contact_at") != NULL;
	if (field_text(r, "closed_at")) {
		errors_add(errors, "referral", closed_message);
		*status = 409;
		return errors;
	}
	/* the outcome must agree with the attempts recorded */
	if ((strcmp(outcome, "engaged") == 0 || strcmp(outcome, "declined") == 0) && !contacted)
		errors_add(errors, "outcome",
		           "Record the contact attempt that reached the victim before recording that "
		           "they engaged "
		           "or declined");
	else if (strcmp(outcome, "could_not_contact") == 0 && contacted)
		errors_add(errors, "outcome",
		           "An attempt reached the victim: the outcome cannot be that they could not "
		           "be contacted");
	else if (strcmp(outcome, "could_not_contact") == 0 && !field_text(r, "first_attempt_at"))
		errors_add(errors, "outcome",
		           "Record the contact attempts before recording that the victim could "
		           "not be contacted");
	if (close && !json_object_get(in, "made_safer"))
		errors_add(errors, "made_safer",
		           "Select whether the victim was made safer, to close the referral");
	if (close && !json_object_get(in, "engaged_with_investigation"))
		errors_add(errors, "engaged_with_investigation",
		           "Select whether the victim engaged with the investigation, to close the "
		           "referral");
	return errors;
}

static enum haven_status record_outcome_or_closure(struct request *req, struct response *res, bool closure)
{
	json_t *r = NULL;
	enum haven_status st = provide_store_get(provide_referral_id(req), &r);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input;
	unsigned status;
	const char *outcome = field_text(in, "outcome");
	bool close = closure || json_is_true(json_object_get(in, "close"));
	json_t *safer = json_object_get(in, "made_safer"),
	       *engaged = json_object_get(in, "engaged_with_investigation");
	json_t *errors = outcome_errors(r, in, close, &status);
	json_decref(r);
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		struct audit_shown shown; /* the household's children the API's answer shows */
		if ((st = answer_shows(req, provide_show_referral, &shown)) == HAVEN_OK)
			st = provide_store_set_outcome(
			    provide_referral_id(req), outcome, safer ? json_is_true(safer) : -1,
			    engaged ? json_is_true(engaged) : -1, close, &shown, &actor);
		answer_shows_free(&shown);
	}
	response_success(res, "The referral was updated");
	return referral_changed(req, res, st, errors, status, provide_show_referral);
}

enum haven_status provide_record_outcome(struct request *req, struct response *res)
{
	return record_outcome_or_closure(req, res, false);
}

enum haven_status provide_record_closure(struct request *req, struct response *res)
{
	return record_outcome_or_closure(req, res, true);
}

/* A yes/no answer as a check page shows it; "Not given" for one left out. */
static const char *yes_no(const json_t *answer)
{
	return json_is_true(answer) ? "Yes" : json_is_false(answer) ? "No" : "Not given";
}

/*
 * Closing a referral, checked first (router.h, struct check_step): a closed
 * referral cannot be changed, so the outcome and answers are shown before it
 * is closed, with the same refusals the change would give.
 */
static enum haven_status check_closure(struct request *req, struct response *res)
{
	json_t *r = NULL;
	enum haven_status st = provide_store_get(provide_referral_id(req), &r);
	if (st != HAVEN_OK)
		return st;
	unsigned status;
	json_t *errors = outcome_errors(r, req->input, true, &status);
	if (json_array_size(errors)) {
		json_decref(r);
		res->status = status;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	const json_t *in = req->input;
	json_t *rows = json_pack(
	    "[{s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]", "key", "Referral", "value",
	    field_text(r, "police_reference") ? field_text(r, "police_reference") : "", "key", "Outcome",
	    "value", provide_outcome_label(field_text(in, "outcome")), "change", "outcome", "key",
	    "Was the victim made safer?", "value", yes_no(json_object_get(in, "made_safer")), "change",
	    "made_safer", "key", "Did the victim engage with the investigation?", "value",
	    yes_no(json_object_get(in, "engaged_with_investigation")), "change",
	    "engaged_with_investigation");
	char back[64];
	snprintf(back, sizeof back, "/provide/referrals/%lld", provide_referral_id(req));
	response_set_model(res, json_pack("{s:o, s:s, s:s}", "rows", rows, "warning",
	                                  "Once closed, the referral cannot be changed, and no more "
	                                  "contact attempts can be recorded.",
	                                  "back", back));
	json_decref(r);
	return HAVEN_OK;
}

/* Recording an outcome that closes the referral is checked; one that leaves it open is not. */
static bool closes_referral(const struct request *req)
{
	return json_is_true(json_object_get(req->input, "close"));
}

const struct check_step provide_closure_check = {
    .title = "Check the outcome before you close the referral",
    .button = "Close the referral",
    .answers = check_closure,
};
const struct check_step provide_outcome_closure_check = {
    .title = "Check the outcome before you close the referral",
    .button = "Close the referral",
    .answers = check_closure,
    .needed = closes_referral,
};
