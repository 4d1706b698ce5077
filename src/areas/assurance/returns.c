/*
 * returns.c (assurance) — an agency's self-assessment return in a quality
 * assurance cycle: its standards scored with evidence (drafts until it is
 * submitted once, a school's with its governor's sign-off), moderation by
 * the partnership, the challenge questions and answers, the action plan for
 * red and amber standards, and evidence documents on each standard. The
 * routes and who may take them are in area.c; the handlers and field specs
 * it needs are declared in return_handlers.h.
 */
#include <stdio.h>
#include <string.h>

#include "app/model_answer.h"
#include "app/row_with_id.h"
#include "areas/assurance/actions.h"
#include "areas/assurance/return_handlers.h"
#include "areas/assurance/rules.h"
#include "areas/assurance/standards.h"
#include "areas/assurance/store.h"
#include "app/store_refusal.h"
#include "areas/calendar/london.h"
#include "areas/documents/attach.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "view/chosen_option.h"
#include "view/status_tag.h"

const struct field_spec return_score_fields[] = {
    {.name = "score", .label = "the score", .type = FIELD_TEXT, .required = true, .max = 20},
    {.name = "evidence", .label = "the evidence", .type = FIELD_TEXT, .required = true, .max = 10000},
    {0},
};

const struct field_spec return_submit_fields[] = {
    {.name = "governor_name", .label = "the governor's name", .type = FIELD_TEXT, .max = 200},
    {.name = "governor_signed_on",
     .label = "the date the governor signed it off",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {0},
};

const struct field_spec return_moderate_fields[] = {
    {.name = "score", .label = "the moderated score", .type = FIELD_TEXT, .required = true, .max = 20},
    /* needed only when the score moderated differs from the agency's own (return_moderate) */
    {.name = "reason", .label = "the reason", .type = FIELD_TEXT, .max = 5000},
    {0},
};

const struct field_spec return_question_fields[] = {
    {.name = "question", .label = "the question", .type = FIELD_TEXT, .required = true, .max = 5000},
    {0},
};

const struct field_spec return_answer_fields[] = {
    {.name = "answer", .label = "the answer", .type = FIELD_TEXT, .required = true, .max = 10000},
    {0},
};

const struct field_spec return_action_fields[] = {
    {.name = "standard", .label = "the standard", .type = FIELD_SLUG, .required = true, .max = 40},
    {.name = "action", .label = "the action", .type = FIELD_TEXT, .required = true, .max = 2000},
    {.name = "owner", .label = "the action's owner", .type = FIELD_TEXT, .required = true, .max = 200},
    /* an action due before today would be overdue, and alert the agency as overdue, the moment it is
     * planned */
    {.name = "due_on",
     .label = "the due date",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_BEFORE_TODAY},
    {0},
};

/* An action's statuses and how each looks (view/status_tag.h): the update's choices too. */
static const struct status_tag action_tags[] = {
    {"not_started", "Not started", "govuk-tag--grey"},
    {"in_progress", "In progress", "govuk-tag--blue"},
    {"complete", "Complete", "govuk-tag--green"},
    {0},
};

const struct field_spec return_action_update_fields[] = {ASSURANCE_ACTION_UPDATE_FIELDS(action_tags), {0}};

/* GET /quality-assurance/returns, GET /api/v1/qa/returns (qa.returns): the user's agency's returns. */
enum haven_status return_list(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	json_t *returns = NULL;
	enum haven_status st = assurance_agency_returns(req->user->agency_id, &returns);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(returns, i, r)
	{
		assurance_label_kind(r);
		assurance_return_tag(
		    r, assurance_return_status(json_string_value(json_object_get(r, "opens_on")),
		                               json_string_value(json_object_get(r, "returns_due_on")),
		                               json_string_value(json_object_get(r, "submitted_on")),
		                               json_integer_value(json_object_get(r, "scored")) != 0, day));
		json_object_del(r, "scored");
	}
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", "Your agency's self-assessments",
	                                  "returns", returns, "found", json_array_size(returns) > 0));
	return HAVEN_OK;
}

/*
 * Puts each action under its standard ("actions"), and says which standards
 * may have actions added: red or amber by the score that counts (moderated,
 * else the agency's own), when the viewer is the agency and it has submitted.
 */
static void plan_actions(json_t *standards, const json_t *actions, const json_t *doc, bool own_submitted)
{
	size_t i, k;
	json_t *s;
	const json_t *a;
	json_array_foreach(standards, i, s)
	{
		json_t *mine = json_array();
		json_array_foreach(actions, k, a)
		{
			if (!json_equal(json_object_get(a, "standard_id"), json_object_get(s, "id")))
				continue;
			json_t *copy = json_deep_copy(a);
			status_tag_set(copy, status_tag_find(action_tags, json_string_value(
			                                                      json_object_get(a, "status"))));
			json_object_set(copy, "return_id", json_object_get(s, "return_id"));
			json_object_set_new(copy, "can_update", json_boolean(own_submitted));
			json_array_append_new(mine, copy);
		}
		const json_t *counted = json_object_get(s, "moderated_score");
		if (!counted)
			counted = json_object_get(s, "score");
		const char *rating = assurance_rating(doc, json_string_value(counted));
		bool needs_plan = rating && strcmp(rating, "green") != 0;
		json_object_set_new(s, "needs_plan", json_boolean(needs_plan));
		json_object_set_new(s, "can_plan", json_boolean(needs_plan && own_submitted));
		json_object_set_new(s, "has_actions", json_boolean(json_array_size(mine) > 0));
		json_object_set_new(s, "actions", mine);
	}
}

/*
 * Puts on each standard of `standards` (of return `return_id`) the documents
 * attached as its evidence ("documents", "has_documents") and the id of the
 * record they are attached to ("evidence_id"), and whether the viewer may
 * attach more (`can_attach`: the agency's own draft). Every row gets every
 * key, so a page never finds the return's own fields instead.
 */
static enum haven_status attach_evidence(long long return_id, json_t *standards, bool can_attach)
{
	json_t *records = NULL;
	enum haven_status st = assurance_return_standards(return_id, &records);
	if (st != HAVEN_OK)
		return st;
	size_t i, k;
	json_t *row, *record;
	json_array_foreach(standards, i, row)
	{
		long long evidence_id = 0;
		json_array_foreach(records, k, record) if (json_equal(json_object_get(record, "standard_id"),
		                                                      json_object_get(row, "id")))
		    evidence_id = json_integer_value(json_object_get(record, "id"));
		json_t *documents = NULL;
		if (evidence_id &&
		    (st = documents_attached("qa_return_standard", evidence_id, &documents)) != HAVEN_OK)
			break;
		json_object_set_new(row, "evidence_id",
		                    evidence_id ? json_integer(evidence_id) : json_null());
		json_object_set_new(row, "has_documents", json_boolean(json_array_size(documents) > 0));
		json_object_set_new(row, "documents", documents ? documents : json_array());
		json_object_set_new(row, "documents_shown", json_boolean(evidence_id != 0));
		json_object_set_new(row, "can_attach", json_boolean(can_attach && evidence_id));
	}
	json_decref(records);
	return st;
}

/* The cycle's scale as the moderation form's options, the one valued `chosen` selected. */
static json_t *moderation_choices(const json_t *scale, const char *chosen)
{
	json_t *choices = json_deep_copy(scale);
	json_t *value = json_string(chosen);
	chosen_option_mark(choices, "value", value);
	json_decref(value);
	return choices;
}

/*
 * The return in the path, its standards each with its score and moderation,
 * and what the viewer may do with it. A draft's scores are its own agency's
 * until it is submitted, so anyone else (the partnership) sees none.
 */
static enum haven_status return_model(struct request *req, json_t **out)
{
	long long id = field_int(req->params, "id");
	json_t *ret = NULL, *scores = NULL;
	enum haven_status st = assurance_return_get(id, &ret);
	if (st != HAVEN_OK)
		return st;
	if ((st = assurance_return_scores(id, &scores)) != HAVEN_OK) {
		json_decref(ret);
		return st;
	}
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	bool own = json_integer_value(json_object_get(ret, "agency_id")) == req->user->agency_id;
	bool submitted = json_is_string(json_object_get(ret, "submitted_on"));
	const json_t *doc = json_object_get(ret, "standards");
	const char *status = assurance_return_status(
	    json_string_value(json_object_get(ret, "opens_on")),
	    json_string_value(json_object_get(ret, "returns_due_on")),
	    json_string_value(json_object_get(ret, "submitted_on")), json_array_size(scores) > 0, day);
	bool open = !submitted && strcmp(status, "not_open") != 0;
	/* scored and submitted only by those the policy lets complete it: the agency's lead (its agency
	 * administrator or DSL), and a school's DSL only for Section 175/157 */
	bool completes =
	    own && open && policy_allows(req->user, "qa.return.complete", "qa_return_to_complete", id);
	bool can_moderate = submitted && policy_allows(req->user, "qa.moderate", "qa_return", id);
	bool show_scores = own || submitted;

	json_t *standards = json_array();
	long long scored = 0;
	size_t i, k;
	const json_t *s;
	json_array_foreach(json_object_get(doc, "standards"), i, s)
	{
		/* "scored" false, not absent: a page would otherwise find the return's own fields */
		json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:I, s:b, s:b, s:b}", "id",
		                        json_object_get(s, "id"), "title", json_object_get(s, "title"),
		                        "expectations", json_object_get(s, "expectations"), "evidence_asked",
		                        json_object_get(s, "evidence"), "return_id", (json_int_t)id,
		                        "editable", completes, "can_moderate", can_moderate, "scored", 0);
		json_t *sc;
		json_array_foreach(scores, k, sc)
		{
			if (!json_equal(json_object_get(sc, "standard_id"), json_object_get(s, "id")))
				continue;
			scored++;
			if (!show_scores)
				break;
			const char *value = json_string_value(json_object_get(sc, "score"));
			const char *moderated = json_string_value(json_object_get(sc, "moderated_score"));
			json_object_set(row, "score", json_object_get(sc, "score"));
			const json_t *entry = assurance_scale_entry(doc, value);
			json_object_set(row, "score_label", json_object_get(entry, "label"));
			json_object_set(row, "score_shown", json_object_get(entry, "shown"));
			json_object_set(row, "evidence", json_object_get(sc, "evidence"));
			if (moderated) {
				json_object_set(row, "moderated_score",
				                json_object_get(sc, "moderated_score"));
				const json_t *moderated_entry = assurance_scale_entry(doc, moderated);
				json_object_set(row, "moderated_label",
				                json_object_get(moderated_entry, "label"));
				json_object_set(row, "moderated_shown",
				                json_object_get(moderated_entry, "shown"));
				json_object_set(row, "moderation_reason",
				                json_object_get(sc, "moderation_reason"));
			}
			json_object_set_new(row, "scored", json_true());
			if (can_moderate)
				/* the moderation form starts at the score that counts now: the agency's own
				 * until moderated (never the scale's first, which a tap would save) */
				json_object_set_new(row, "moderation_choices",
				                    moderation_choices(json_object_get(doc, "scale"),
				                                       moderated ? moderated : value));
			break;
		}
		json_array_append_new(standards, row);
	}
	json_decref(scores);
	if (show_scores && (st = attach_evidence(id, standards, own && open)) != HAVEN_OK) {
		json_decref(standards);
		json_decref(ret);
		return st;
	}
	json_t *actions = NULL, *challenges = NULL;
	if ((st = assurance_actions(id, &actions)) != HAVEN_OK ||
	    (st = assurance_challenges(id, &challenges)) != HAVEN_OK) {
		json_decref(actions);
		json_decref(standards);
		json_decref(ret);
		return st;
	}
	plan_actions(standards, actions, doc, own && submitted);
	json_decref(actions);
	json_t *c;
	json_array_foreach(challenges, i, c)
	{
		json_object_set_new(c, "return_id", json_integer(id));
		json_object_set_new(c, "can_answer",
		                    json_boolean(own && json_is_null(json_object_get(c, "answer"))));
	}
	json_object_set_new(ret, "challenges", challenges);
	json_object_set_new(ret, "has_challenges", json_boolean(json_array_size(challenges) > 0));
	json_object_set_new(ret, "can_ask", json_boolean(can_moderate));
	/* the partnership confirms the moderation once it has looked at every score: those it left are agreed
	 */
	long long unmoderated = 0;
	json_array_foreach(standards, i, c) unmoderated +=
	    json_is_true(json_object_get(c, "scored")) && !json_object_get(c, "moderated_score");
	json_object_set_new(ret, "can_confirm_moderation", json_boolean(can_moderate && unmoderated > 0));
	json_t *plannable = json_array();
	json_array_foreach(standards, i, c)
	{
		if (json_is_true(json_object_get(c, "can_plan")))
			json_array_append_new(plannable,
			                      json_pack("{s:O, s:O}", "id", json_object_get(c, "id"), "title",
			                                json_object_get(c, "title")));
	}
	json_object_set_new(ret, "can_plan", json_boolean(json_array_size(plannable) > 0));
	json_object_set_new(ret, "plannable", plannable);
	char title[300];
	snprintf(title, sizeof title, "Self-assessment: %s",
	         json_string_value(json_object_get(ret, "title")));
	json_object_set_new(ret, "cycle_title",
	                    json_string(json_string_value(json_object_get(ret, "title"))));
	json_object_set_new(ret, "title", json_string(title));
	assurance_label_kind(ret);
	assurance_return_tag(ret, status);
	json_object_set(ret, "scale", json_object_get(doc, "scale"));
	json_object_del(ret, "standards");
	json_object_set_new(ret, "standards", standards);
	json_object_set_new(ret, "scored_count", json_integer(scored));
	json_object_set_new(ret, "standard_count", json_integer((json_int_t)json_array_size(standards)));
	json_object_set_new(ret, "scores_shown", json_boolean(show_scores));
	json_object_set_new(ret, "can_submit", json_boolean(completes));
	/* who does, for the agency's other people, who read it: a school's DSL, else the agency's lead */
	bool school = strcmp(json_string_value(json_object_get(ret, "kind")), "section175") == 0;
	json_object_set_new(ret, "completed_by_dsl", json_boolean(own && open && !completes && school));
	json_object_set_new(ret, "completed_by_lead", json_boolean(own && open && !completes && !school));
	json_object_set_new(
	    ret, "needs_governor",
	    json_boolean(strcmp(json_string_value(json_object_get(ret, "kind")), "section175") == 0));
	*out = ret;
	return HAVEN_OK;
}

/* GET /quality-assurance/returns/{id}, GET /api/v1/qa/returns/{id} (qa.return.read). */
enum haven_status return_show(struct request *req, struct response *res)
{
	return model_answer(req, res, return_model);
}

/* The standard in the path of the return's document (borrowed from `ret`), or NULL. */
static json_t *standard_of(json_t *ret, const char *standard_id)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(ret, "standards"), i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "id")), standard_id) == 0)
			return s;
	}
	return NULL;
}

/* The part of a return a form is about, named by the request's path (borrowed from the return), or NULL. */
typedef json_t *(*return_part_in_path)(json_t *ret, const struct request *req);

static json_t *standard_in_path(json_t *ret, const struct request *req)
{
	return standard_of(ret, field_text(req->params, "standard"));
}

static json_t *question_in_path(json_t *ret, const struct request *req)
{
	return row_with_id(json_object_get(ret, "challenges"), field_int(req->params, "question"));
}

static json_t *action_in_path(json_t *ret, const struct request *req)
{
	long long action_id = field_int(req->params, "action");
	json_t *found = NULL, *s;
	size_t i;
	json_array_foreach(json_object_get(ret, "standards"), i, s)
	{
		if (!found)
			found = row_with_id(json_object_get(s, "actions"), action_id);
	}
	return found;
}

/*
 * The return in the path (return_model, *ret a new reference) and the part of
 * it `find` names (*part, borrowed from it); HAVEN_ERR_NOT_FOUND, nothing
 * held, when the return has no such part.
 */
static enum haven_status return_part(struct request *req, return_part_in_path find, json_t **ret,
                                     json_t **part)
{
	*part = NULL;
	enum haven_status st = return_model(req, ret);
	if (st != HAVEN_OK)
		return st;
	*part = find(*ret, req);
	if (!*part) {
		json_decref(*ret);
		*ret = NULL;
		return HAVEN_ERR_NOT_FOUND;
	}
	return HAVEN_OK;
}

/* GET /quality-assurance/returns/{id}/standards/{standard} (qa.return.update): one standard's form. */
enum haven_status return_standard_form(struct request *req, struct response *res)
{
	json_t *ret, *s;
	enum haven_status st = return_part(req, standard_in_path, &ret, &s);
	if (st != HAVEN_OK)
		return st;
	json_t *scale = json_deep_copy(json_object_get(ret, "scale"));
	size_t i;
	json_t *entry;
	json_array_foreach(scale, i, entry)
	{
		json_object_set_new(
		    entry, "checked",
		    json_boolean(json_equal(json_object_get(entry, "value"), json_object_get(s, "score"))));
		/* the first radio's id is the field's, so the error summary's link reaches it (GOV.UK) */
		char input_id[32];
		snprintf(input_id, sizeof input_id, i ? "score-%zu" : "score", i + 1);
		json_object_set_new(entry, "input_id", json_string(input_id));
	}
	json_t *model =
	    json_pack("{s:O, s:O, s:O, s:o, s:O}", "title", json_object_get(s, "title"), "return", ret,
	              "standard", s, "scale", scale, "editable", json_object_get(s, "editable"));
	json_decref(ret);
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * How a change to return `id` ends: the store's HAVEN_ERR_CONFLICT refused on
 * `field` with `conflict` (when given), any other failure as it is, and
 * success back on the return's page.
 */
static enum haven_status back_to_return(struct response *res, enum haven_status st, long long id,
                                        const char *field, const char *conflict)
{
	if (conflict && store_conflict(res, st, field, conflict))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	response_done(res, return_show, "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/*
 * The score posted for the standard in the path of return `id`, checked:
 * HAVEN_ERR_NOT_FOUND if the return has no such standard; HAVEN_ERR_INVALID,
 * the field's error on `res`, if the score is not on the cycle's scale; else
 * HAVEN_OK, with in *not_open (when asked) whether the cycle opens after today.
 */
static enum haven_status scale_score(struct request *req, struct response *res, long long id, bool *not_open)
{
	json_t *ret = NULL;
	enum haven_status st = assurance_return_get(id, &ret);
	if (st != HAVEN_OK)
		return st;
	const json_t *doc = json_object_get(ret, "standards");
	bool known = assurance_standard(doc, field_text(req->params, "standard")) != NULL;
	bool on_scale = assurance_scale_entry(doc, field_text(req->input, "score")) != NULL;
	if (not_open) {
		char day[CALENDAR_DATE_SIZE];
		calendar_london_today_text(day);
		*not_open = strcmp(day, json_string_value(json_object_get(ret, "opens_on"))) < 0;
	}
	json_decref(ret);
	if (!known)
		return HAVEN_ERR_NOT_FOUND;
	if (!on_scale) {
		response_error(res, "score", "Choose a score from the cycle's scale");
		return HAVEN_ERR_INVALID;
	}
	return HAVEN_OK;
}

/* POST /quality-assurance/returns/{id}/standards/{standard} and its API twin (qa.return.update). */
enum haven_status return_save_score(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	bool not_open = false;
	enum haven_status st = scale_score(req, res, id, &not_open);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_INVALID ? HAVEN_OK : st;
	if (not_open) {
		response_conflict(res, "score",
		                  "The cycle has not opened yet: scores can be saved from its opening date");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	st = assurance_score_save(id, field_text(req->params, "standard"), field_text(req->input, "score"),
	                          field_text(req->input, "evidence"), &actor);
	response_success(res, "The score was saved");
	return back_to_return(res, st, id, "score",
	                      "The return has been submitted: its scores can no longer be changed");
}

/* POST /quality-assurance/returns/{id}/submit and its API twin (qa.return.update): submitted once. */
enum haven_status return_submit(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *ret = NULL;
	enum haven_status st = assurance_return_get(id, &ret);
	if (st != HAVEN_OK)
		return st;
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	bool schools = strcmp(json_string_value(json_object_get(ret, "kind")), "section175") == 0;
	long long standards =
	    (long long)json_array_size(json_object_get(json_object_get(ret, "standards"), "standards"));
	bool not_open = strcmp(day, json_string_value(json_object_get(ret, "opens_on"))) < 0;
	json_decref(ret);
	const char *governor = field_text(req->input, "governor_name");
	const char *signed_on = field_text(req->input, "governor_signed_on");
	json_t *errors = json_array();
	if (schools && !governor)
		errors_add(errors, "governor_name",
		           "Enter the name of the governor who signed the return off");
	if (schools && !signed_on)
		errors_add(errors, "governor_signed_on", "Enter the date the governor signed the return off");
	if (!schools && (governor || signed_on))
		errors_add(errors, governor ? "governor_name" : "governor_signed_on",
		           "Only a Section 175/157 return has a governor's sign-off");
	if (not_open)
		errors_add(errors, "return", "The cycle has not opened yet");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct assurance_submission s = {.return_id = id,
	                                 .today = day,
	                                 .standards = standards,
	                                 .governor_name = governor,
	                                 .governor_signed_on = signed_on};
	struct actor actor = auth_actor(req);
	st = assurance_return_submit(&s, &actor);
	if (st == HAVEN_ERR_INVALID) {
		response_error(res, "return",
		               "Score every standard, with its evidence, before submitting the return");
		return HAVEN_OK;
	}
	response_success(res, "The return was submitted");
	return back_to_return(res, st, id, "return", "The return has already been submitted");
}

/* POST /quality-assurance/returns/{id}/standards/{standard}/moderate and its API twin (qa.return_moderate).
 */
enum haven_status return_moderate(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	enum haven_status st = scale_score(req, res, id, NULL);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_INVALID ? HAVEN_OK : st;
	/* a score kept as the agency gave it needs no reason; a changed one says why */
	const char *standard = field_text(req->params, "standard"), *score = field_text(req->input, "score");
	const char *reason = field_text(req->input, "reason");
	json_t *scores = NULL;
	if ((st = assurance_return_scores(id, &scores)) != HAVEN_OK)
		return st;
	bool changed = true;
	size_t i;
	json_t *sc;
	json_array_foreach(scores, i, sc)
	{
		if (strcmp(json_string_value(json_object_get(sc, "standard_id")), standard) == 0)
			changed = strcmp(json_string_value(json_object_get(sc, "score")), score) != 0;
	}
	json_decref(scores);
	if (changed && (!reason || !*reason)) {
		/* each standard has its own moderation form on the return's page: the link goes to this one's
		 */
		char box[96];
		snprintf(box, sizeof box, "reason-%s", standard);
		response_error_at(res, "reason", box,
		                  "Enter the reason: a score changed from the agency's needs one");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	st = assurance_moderate(id, standard, score, reason && *reason ? reason : NULL, &actor);
	if (st == HAVEN_ERR_NOT_FOUND)
		st = HAVEN_ERR_CONFLICT; /* the return is not among the submitted ones */
	response_success(res, "The moderated score was saved");
	return back_to_return(res, st, id, "score", "Only a submitted return's scores can be moderated");
}

/*
 * POST /quality-assurance/returns/{id}/moderation and its API twin (qa.moderate): the partnership
 * confirms the moderation, each score not moderated agreed as the agency gave it, and the return leaves
 * its work list; 409 for a draft.
 */
enum haven_status return_confirm_moderation(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	enum haven_status st = assurance_moderation_confirm(id, &actor);
	if (st == HAVEN_ERR_NOT_FOUND)
		st = HAVEN_ERR_CONFLICT; /* the return is not among the submitted ones */
	response_success(res, "The moderation was confirmed");
	return back_to_return(res, st, id, "moderation", "Only a submitted return can be moderated");
}

/* ---- challenge events ---- */

/* POST /quality-assurance/returns/{id}/challenges and its API twin (qa.return_moderate): a question to the
 * agency.
 */
enum haven_status return_ask_question(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct actor actor = auth_actor(req);
	long long question_id = 0;
	const char *question = field_text(req->input, "question");
	enum haven_status st = assurance_challenge_ask(id, question, day, &actor, &question_id);
	if (store_conflict(res, st, "question", "Only a submitted return can be challenged"))
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The question was sent");
	response_created(res,
	                 json_pack("{s:I, s:I, s:s, s:s, s:n}", "id", (json_int_t)question_id, "return_id",
	                           (json_int_t)id, "question", question, "asked_on", day, "answer"),
	                 "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/*
 * The form for a part of the return in the path (`find` names it): `title`,
 * the return, and the part under `key`, with the radios of its statuses
 * ("statuses") when `tags` is given.
 */
static enum haven_status part_form(struct request *req, struct response *res, return_part_in_path find,
                                   const char *title, const char *key, const struct status_tag *tags)
{
	json_t *ret, *part;
	enum haven_status st = return_part(req, find, &ret, &part);
	if (st != HAVEN_OK)
		return st;
	json_t *model = json_pack("{s:s, s:O, s:O}", "title", title, "return", ret, key, part);
	if (tags)
		json_object_set_new(model, "statuses", assurance_action_statuses(req->input, part, tags));
	response_set_model(res, model);
	json_decref(ret);
	return HAVEN_OK;
}

/* GET /quality-assurance/returns/{id}/challenges/{question}/answer (qa.return.update): the answer's form. */
enum haven_status return_answer_form(struct request *req, struct response *res)
{
	return part_form(req, res, question_in_path, "Answer the partnership's question", "challenge", NULL);
}

/* GET /quality-assurance/returns/{id}/actions/{action} (qa.return.update): the action's update form. */
enum haven_status return_action_form(struct request *req, struct response *res)
{
	return part_form(req, res, action_in_path, "Update an action", "action", action_tags);
}

/* POST /quality-assurance/returns/{id}/challenges/{question}/answer and its API twin (qa.return.update). */
enum haven_status return_answer_question(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct actor actor = auth_actor(req);
	enum haven_status st = assurance_challenge_answer(id, field_int(req->params, "question"),
	                                                  field_text(req->input, "answer"), day, &actor);
	response_success(res, "The answer was sent");
	return back_to_return(res, st, id, "answer", "The question has already been answered");
}

/* ---- action plans ---- */

/* POST /quality-assurance/returns/{id}/actions and its API twin (qa.return.update): an action for a red or
 * amber standard. */
enum haven_status return_add_action(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *ret = NULL;
	enum haven_status st = return_model(req, &ret);
	if (st != HAVEN_OK)
		return st;
	const char *standard_id = field_text(req->input, "standard");
	json_t *s = standard_of(ret, standard_id);
	bool submitted = json_is_string(json_object_get(ret, "submitted_on"));
	bool needs_plan = s && json_is_true(json_object_get(s, "needs_plan"));
	json_decref(ret);
	if (!s) {
		response_error(res, "standard", "Choose a standard of this return");
		return HAVEN_OK;
	}
	if (!submitted) {
		response_conflict(res, "standard", "Submit the return before planning its actions");
		return HAVEN_OK;
	}
	if (!needs_plan) {
		response_error(res, "standard", "Only a standard scored red or amber needs an action");
		return HAVEN_OK;
	}
	struct assurance_new_action a = {.return_id = id,
	                                 .standard_id = standard_id,
	                                 .action = field_text(req->input, "action"),
	                                 .owner = field_text(req->input, "owner"),
	                                 .due_on = field_text(req->input, "due_on")};
	struct actor actor = auth_actor(req);
	long long action_id = 0;
	st = assurance_action_add(&a, &actor, &action_id);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The action was added");
	response_created(res,
	                 json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)action_id,
	                           "return_id", (json_int_t)id, "standard_id", a.standard_id, "action",
	                           a.action, "owner", a.owner, "due_on", a.due_on, "status", "not_started"),
	                 "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* POST /quality-assurance/returns/{id}/actions/{action} and its API twin (qa.return.update). */
enum haven_status return_update_action(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *status = field_text(req->input, "status");
	const char *completion = field_text(req->input, "completion_evidence");
	bool complete = strcmp(status, "complete") == 0;
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct assurance_action_update u = {.return_id = id,
	                                    .action_id = field_int(req->params, "action"),
	                                    .status = status,
	                                    .completion_evidence = completion,
	                                    .impact_evidence = field_text(req->input, "impact_evidence"),
	                                    .completed_on = complete ? day : NULL};
	if (complete && !completion) {
		response_error(res, "completion_evidence", "Enter the evidence that the action is complete");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	response_success(res, "The action was updated");
	return back_to_return(res, assurance_action_update(&u, &actor), id, NULL, NULL);
}

/* ---- evidence documents (areas/documents/attach.h) ---- */

/*
 * GET /quality-assurance/return-standards/{id} (qa.evidence.read): where a
 * standard's evidence documents are listed, which is the return's page at
 * the standard; an upload comes back here.
 */
enum haven_status return_standard_show(struct request *req, struct response *res)
{
	json_t *record = NULL;
	enum haven_status st = assurance_return_standard_get(field_int(req->params, "id"), &record);
	if (st != HAVEN_OK)
		return st;
	char location[160];
	snprintf(location, sizeof location, "/quality-assurance/returns/%lld#standard-%s",
	         (long long)json_integer_value(json_object_get(record, "return_id")),
	         json_string_value(json_object_get(record, "standard_id")));
	json_decref(record);
	response_redirect(res, location);
	return HAVEN_OK;
}

/*
 * GET /quality-assurance/return-standards/{id}/documents/new (qa.evidence.attach), and the form again
 * after errors: the documents area's upload page, its example the kind of document a return's evidence
 * is (not the child record's "school attendance report").
 */
enum haven_status return_evidence_form(struct request *req, struct response *res)
{
	enum haven_status st = documents_upload_form(req, res);
	if (st == HAVEN_OK && res->model)
		json_object_set_new(res->model, "description_hint",
		                    json_string("For example, a safeguarding policy, training records or an "
		                                "audit report"));
	return st;
}
