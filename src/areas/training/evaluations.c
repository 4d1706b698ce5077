/*
 * evaluations.c (training) — after a session, for the booking's holder: the
 * certificate of attendance, the evaluation (confidence before and after,
 * per outcome), and the follow-up three months on (has it changed their
 * practice?).
 */
#include "areas/training/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/model_answer.h"
#include "areas/training/store.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/fields.h"

/* The booking if it is the requester's own (or `any_action` allows any); else NOT_FOUND. */
static enum haven_status own_booking(struct request *req, const char *any_action, json_t **out)
{
	json_t *b = NULL;
	enum haven_status st = training_booking_get(field_int(req->params, "id"), &b);
	if (st != HAVEN_OK)
		return st;
	if (json_integer_value(json_object_get(b, "user_id")) != req->user->id &&
	    !(any_action && training_allowed(req, any_action))) {
		json_decref(b);
		return HAVEN_ERR_NOT_FOUND;
	}
	*out = b;
	return HAVEN_OK;
}

/* GET /training/bookings/{id}/certificate (training.read): a printable certificate of attendance. */
enum haven_status training_handle_certificate(struct request *req, struct response *res)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, "training.manage", &b);
	if (st != HAVEN_OK)
		return st;
	const char *att = json_string_value(json_object_get(b, "attendance"));
	if (!att || strcmp(att, "attended") != 0) {
		json_decref(b);
		return HAVEN_ERR_NOT_FOUND;
	}
	long long minutes = json_integer_value(json_object_get(b, "duration_minutes"));
	char duration[64];
	if (minutes % 60 == 0)
		snprintf(duration, sizeof duration, "%lld hour%s", minutes / 60, minutes == 60 ? "" : "s");
	else
		snprintf(duration, sizeof duration, "%lld minutes", minutes);
	json_object_set_new(b, "duration", json_string(duration));
	response_set_model(res, json_pack("{s:s, s:o}", "title", "Certificate of attendance", "booking", b));
	return HAVEN_OK;
}

/*
 * One question of the form: how confident the attendee was in `outcome` before the training, or is
 * after it (`when` "before" or "after"), as a box the page's errors find by its input_id (the field's
 * name, the id of its first radio), with the score already given (after an error) checked.
 */
static json_t *evaluation_question(struct request *req, const char *outcome, size_t n, const char *when)
{
	char name[32];
	snprintf(name, sizeof name, "%s_%zu", when, n);
	json_int_t given = json_integer_value(json_object_get(req->input, name));
	json_t *scale = json_array();
	for (int k = 1; k <= 5; k++) {
		char id[40];
		fields_entry_id(name, (size_t)k - 1, id, sizeof id);
		json_array_append_new(
		    scale, json_pack("{s:i, s:s, s:b}", "value", k, "id", id, "checked", given == k));
	}
	bool before = strcmp(when, "before") == 0;
	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:o}", "input_id", name, "outcome", outcome, "when",
	                 before ? "Before the training" : "After the training", "first", before, "error", 0,
	                 "scale", scale);
}

static enum haven_status evaluation_model(struct request *req, json_t **out)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, NULL, &b);
	if (st != HAVEN_OK)
		return st;
	/* the questions are a list of their own, at the top of the model, so each error is shown at its own
	 */
	json_t *questions = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(b, "outcomes"), i, o)
	{
		const char *text = json_string_value(json_object_get(o, "text"));
		json_array_append_new(questions, evaluation_question(req, text, i + 1, "before"));
		json_array_append_new(questions, evaluation_question(req, text, i + 1, "after"));
	}
	const char *att = json_string_value(json_object_get(b, "attendance"));
	json_object_set_new(b, "attended", json_boolean(att && strcmp(att, "attended") == 0));
	*out = json_pack("{s:s, s:o, s:o}", "title", "Evaluate your training", "booking", b, "questions",
	                 questions);
	return HAVEN_OK;
}

/* GET /training/bookings/{id}/evaluation (training.read): the form, for the booking's holder. */
enum haven_status training_handle_evaluation_form(struct request *req, struct response *res)
{
	return model_answer(req, res, evaluation_model);
}

/* POST /training/bookings/{id}/evaluation and its API twin (training.book): once, attendees only. */
enum haven_status training_handle_evaluate(struct request *req, struct response *res)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, NULL, &b);
	if (st != HAVEN_OK)
		return st;
	json_t *outcomes = json_object_get(b, "outcomes");
	size_t n = json_array_size(outcomes);
	json_t *scores = json_array(), *errors = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *outcome = json_array_get(outcomes, i);
		const char *text = json_string_value(json_object_get(outcome, "text"));
		char before[32], after[32];
		snprintf(before, sizeof before, "before_%zu", i + 1);
		snprintf(after, sizeof after, "after_%zu", i + 1);
		json_t *bv = json_object_get(req->input, before), *av = json_object_get(req->input, after);
		/* each names its outcome, so a form of several can be put right from its errors; as the entry
		 * (0) of its own field, the page shows it at its own question and the summary links to its
		 * radios */
		char message[ERRORS_MESSAGE_SIZE];
		if (!bv) {
			snprintf(message, sizeof message,
			         "Select how confident you were in \u2018%s\u2019 before the training", text);
			errors_add_entry(errors, before, 0, message);
		}
		if (!av) {
			snprintf(message, sizeof message,
			         "Select how confident you are in \u2018%s\u2019 after the training", text);
			errors_add_entry(errors, after, 0, message);
		}
		if (bv && av)
			json_array_append_new(scores, json_pack("{s:O, s:O, s:O}", "outcome_id",
			                                        json_object_get(outcome, "id"), "before", bv,
			                                        "after", av));
	}
	for (size_t i = n; i < TRAINING_MAX_OUTCOMES; i++) {
		char name[32];
		snprintf(name, sizeof name, "before_%zu", i + 1);
		if (json_object_get(req->input, name))
			errors_add(errors, name, "This course has fewer learning outcomes");
	}
	json_decref(b);
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = training_evaluate(field_int(req->params, "id"), req->user->id, scores,
		                       field_text(req->input, "comments"), &actor);
		if (st == HAVEN_ERR_DENIED)
			errors_add(errors, "booking", "Only people who attended can evaluate the training");
		else if (st == HAVEN_ERR_CONFLICT)
			errors_add(errors, "booking", "You have already evaluated this training");
		else if (st == HAVEN_ERR_INVALID)
			errors_add(errors, "before_1", "Give a score for each learning outcome");
		else if (st != HAVEN_OK) {
			json_decref(scores);
			json_decref(errors);
			return st;
		}
	}
	json_decref(scores);
	if (json_array_size(errors)) {
		/* a browser: the form again (the route's redisplay) */
		res->status = st == HAVEN_ERR_CONFLICT ? 409 : st == HAVEN_ERR_DENIED ? 403 : 422;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	response_success(res, "Your evaluation was sent");
	response_created(
	    res,
	    json_pack("{s:I, s:b}", "booking_id", (json_int_t)field_int(req->params, "id"), "evaluated", 1),
	    "/training/bookings");
	return HAVEN_OK;
}

static const char *impact_label(const char *v)
{
	if (strcmp(v, "a_lot") == 0)
		return "A lot";
	if (strcmp(v, "a_little") == 0)
		return "A little";
	if (strcmp(v, "not_yet") == 0)
		return "Not yet";
	return "Not at all";
}

static enum haven_status follow_up_model(struct request *req, json_t **out)
{
	json_t *b = NULL;
	enum haven_status st = own_booking(req, NULL, &b);
	if (st != HAVEN_OK)
		return st;
	const char *att = json_string_value(json_object_get(b, "attendance"));
	json_object_set_new(b, "attended", json_boolean(att && strcmp(att, "attended") == 0));
	json_t *choices = json_array();
	for (const char *const *i = training_impacts; *i; i++)
		json_array_append_new(choices,
		                      json_pack("{s:s, s:s}", "value", *i, "label", impact_label(*i)));
	*out = json_pack("{s:s, s:o, s:o}", "title", "Has the training made a difference?", "booking", b,
	                 "impacts", choices);
	return HAVEN_OK;
}

/* GET /training/bookings/{id}/follow-up (training.read): the question, for the booking's holder. */
enum haven_status training_handle_follow_up_form(struct request *req, struct response *res)
{
	return model_answer(req, res, follow_up_model);
}

/* POST /training/bookings/{id}/follow-up and its API twin (training.book): once, attendees only. */
enum haven_status training_handle_follow_up(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    training_follow_up(field_int(req->params, "id"), req->user->id, field_text(req->input, "impact"),
	                       field_text(req->input, "changes"), &actor);
	if (st == HAVEN_OK) {
		response_success(res, "Your answer was sent");
		response_created(res,
		                 json_pack("{s:I, s:b}", "booking_id",
		                           (json_int_t)field_int(req->params, "id"), "followed_up", 1),
		                 "/training/bookings");
		return HAVEN_OK;
	}
	if (st != HAVEN_ERR_DENIED && st != HAVEN_ERR_CONFLICT)
		return st; /* NOT_FOUND for someone else's booking, as if it did not exist */
	/* a browser: the question again (the route's redisplay) */
	res->status = st == HAVEN_ERR_DENIED ? 403 : 409;
	response_error(res, "impact",
	               st == HAVEN_ERR_DENIED ? "Only people who attended can answer"
	                                      : "You have already answered about this training");
	return HAVEN_OK;
}
