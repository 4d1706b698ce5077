/*
 * missing.c (contextual) — missing episodes: the police report one (the web
 * form, the API one at a time or in an idempotent batch); the list of the
 * episodes an agency may see and one episode's page, with its return home
 * interview's 72-hour clock and whether it is a repeat by the partnership's
 * rule (and the page to set that rule); and an episode's words in the
 * chronology. The return and the interview are recorded in returns.c, the
 * figures by area and month are in missing_figures.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/batch.h"
#include "app/police_reference.h"
#include "areas/calendar/london.h"
#include "areas/calendar/model_words.h"
#include "areas/contextual/episode.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/missing.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "router/page.h"
#include "router/page_found.h"
#include "view/status_tag.h"

static const char *const gradings[] = {"low", "medium", "high", NULL};
static const char *const places[] = {"home", "care", NULL};

static const struct status_tag grading_tags[] = {{"low", "Low", "govuk-tag--grey"},
                                                 {"medium", "Medium", "govuk-tag--orange"},
                                                 {"high", "High", "govuk-tag--red"},
                                                 {0}};
static const struct status_tag interview_tags[] = {
    {"missing", "Still missing", "govuk-tag--red"},
    {"due", "Interview due", "govuk-tag--yellow"},
    {"overdue", "Interview overdue", "govuk-tag--red"},
    {"declined", "Interview declined", "govuk-tag--grey"},
    {"completed", "Interview completed", "govuk-tag--green"},
    {0},
};

/* ---- field specs (the fields of an instant and of a return: missing.h) ---- */

/* The web form: the same episode as the API's, its times as England's date and clock. */
const struct field_spec contextual_episode_form_fields[] = {
    {.name = "police_reference", .label = "the police reference", .type = FIELD_TEXT, .max = 50},
    {.name = "given_name", .label = "the given name", .type = FIELD_TEXT, .max = 100},
    {.name = "family_name", .label = "the family name", .type = FIELD_TEXT, .max = 100},
    {.name = "date_of_birth", .label = "the date of birth", .type = FIELD_DATE},
    {.name = "la_code", .label = "the local authority", .type = FIELD_INT, .min = 1, .max = 9999},
    WHEN_FIELDS("reported", "the child was reported missing"),
    {.name = "risk_grading", .label = "the police risk grading", .type = FIELD_CHOICE, .choices = gradings},
    {.name = "missing_from",
     .label = "where the child went missing from",
     .type = FIELD_CHOICE,
     .choices = places},
    {.name = "placing_authority", .label = "the placing authority", .type = FIELD_TEXT, .max = 200},
    {.name = "placing_la_code", .label = "the placing authority", .type = FIELD_INT, .min = 1, .max = 9999},
    RETURN_FIELDS,
    {0},
};

/* The API: one episode's fields, or "episodes" for a batch; episode.c checks the rest. */
const struct field_spec contextual_episode_api_fields[] = {
    {.name = "police_reference", .label = "the police reference", .type = FIELD_TEXT},
    {.name = "given_name", .label = "the given name", .type = FIELD_TEXT},
    {.name = "family_name", .label = "the family name", .type = FIELD_TEXT},
    {.name = "date_of_birth", .label = "the date of birth", .type = FIELD_TEXT},
    {.name = "la_code", .label = "the local authority code", .type = FIELD_INT},
    {.name = "reported_at", .label = "when the child was reported missing", .type = FIELD_TEXT},
    {.name = "risk_grading", .label = "the police risk grading", .type = FIELD_TEXT},
    {.name = "missing_from", .label = "where the child went missing from", .type = FIELD_TEXT},
    {.name = "placing_authority", .label = "the placing authority", .type = FIELD_TEXT},
    {.name = "placing_la_code", .label = "the placing authority's code", .type = FIELD_INT},
    {.name = "returned_at", .label = "when the child was found or returned", .type = FIELD_TEXT},
    {.name = "found_where", .label = "where the child was found", .type = FIELD_TEXT},
    {.name = "safe_and_well_check", .label = "whether a safe and well check was done", .type = FIELD_BOOL},
    {.name = "episodes", .label = "the episodes", .type = FIELD_JSON},
    {0},
};

const struct field_spec contextual_settings_fields[] = {
    {.name = "repeat_episodes",
     .label = "the number of episodes",
     .type = FIELD_INT,
     .required = true,
     .min = 2,
     .max = 20},
    {.name = "repeat_days",
     .label = "the number of days",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 365},
    {0},
};

const struct field_spec contextual_episode_list_query[] = {PAGE_FIELDS, {0}};

/* ---- the episode as pages and the API show it ---- */

long long contextual_episode_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* The interview's state: missing, due, overdue, declined or completed. */
static const char *interview_state(const json_t *e, int64_t now)
{
	int64_t returned;
	if (field_text(e, "interview_completed_at"))
		return "completed";
	if (field_text(e, "interview_response") &&
	    strcmp(field_text(e, "interview_response"), "declined") == 0)
		return "declined";
	if (!calendar_parse_instant(field_text(e, "returned_at"), &returned))
		return "missing";
	return now > episode_interview_due(returned) ? "overdue" : "due";
}

/* Labels, local times, the clock and its state, beside an episode's stored fields. */
static void add_episode_labels(json_t *e, int64_t now)
{
	status_tag_set(e, status_tag_find(interview_tags, interview_state(e, now)));
	const struct status_tag *g = status_tag_find(grading_tags, field_text(e, "risk_grading"));
	if (g) {
		json_object_set_new(e, "risk_label", json_string(g->label));
		json_object_set_new(e, "risk_tag", json_string(g->tag));
	}
	const char *from = field_text(e, "missing_from");
	if (from)
		json_object_set_new(e, "missing_from_label",
		                    json_string(strcmp(from, "care") == 0 ? "Care" : "Home"));
	/* a child placed by another authority: that authority must be told, and until it is the episode says
	 * so
	 */
	bool placed = field_text(e, "placing_authority") || field_int(e, "placing_la_code");
	json_object_set_new(e, "placing_authority_not_told",
	                    json_boolean(placed && !field_text(e, "placing_authority_told_on")));
	static const char *const instants[] = {"reported_at", "returned_at", "interview_offered_at",
	                                       "interview_completed_at", "created_at"};
	for (size_t i = 0; i < sizeof instants / sizeof *instants; i++)
		model_words_local_time(e, instants[i]);
	int64_t returned;
	if (calendar_parse_instant(field_text(e, "returned_at"), &returned)) {
		char due[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(episode_interview_due(returned), due);
		json_object_set_new(e, "interview_due_at", json_string(due));
		model_words_local_time(e, "interview_due_at");
	}
}

/* A 0/1 column as JSON false/true (null stays null). */
static void as_bool(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (json_is_integer(v))
		json_object_set_new(obj, key, json_boolean(json_integer_value(v) != 0));
}

static enum haven_status episode_model(long long id, json_t **out)
{
	json_t *e = NULL;
	enum haven_status st = contextual_episode_get(id, &e);
	if (st != HAVEN_OK)
		return st;
	int repeat_episodes = 3, repeat_days = 30;
	if ((st = contextual_repeat_rule(&repeat_episodes, &repeat_days)) != HAVEN_OK) {
		json_decref(e);
		return st;
	}
	int64_t now = (int64_t)time(NULL);
	add_episode_labels(e, now);
	as_bool(e, "safe_and_well_check");
	/* the repeat-missing rule, over the register child's episodes */
	json_t *times = json_object_get(e, "child_reported");
	size_t n = json_array_size(times), i;
	int64_t *reported = xcalloc(n ? n : 1, sizeof *reported), at = 0;
	json_t *t;
	json_array_foreach(times, i, t)
	{
		if (!calendar_parse_instant(json_string_value(t), &reported[i]))
			reported[i] = 0;
	}
	bool repeat = calendar_parse_instant(field_text(e, "reported_at"), &at) &&
	              episode_is_repeat(reported, n, at, repeat_episodes, repeat_days);
	free(reported);
	json_object_set_new(e, "child_episodes", json_integer((json_int_t)n));
	json_object_del(e, "child_reported");
	json_object_set_new(e, "repeat", json_boolean(repeat));
	char rule[120];
	snprintf(rule, sizeof rule, "%d or more episodes within %d days", repeat_episodes, repeat_days);
	json_object_set_new(e, "repeat_rule", json_string(rule));
	/* a young adult (18 to 25) is recorded and worked with as a child is, and said so */
	int32_t birth;
	if (calendar_parse(field_text(e, "date_of_birth"), &birth)) {
		int by, bm, bd;
		calendar_to_ymd(birth, &by, &bm, &bd);
		bool adult = calendar_london_day(at) >= calendar_from_ymd(by + 18, bm, bd);
		json_object_set_new(e, "young_adult", json_boolean(adult));
		char text[CALENDAR_LONG_DATE_SIZE];
		calendar_format_long(birth, text);
		json_object_set_new(e, "date_of_birth_long", json_string(text));
	}
	const char *state = field_text(e, "status");
	char title[120];
	snprintf(title, sizeof title, "Missing episode %s", field_text(e, "police_reference"));
	*out = json_pack("{s:s, s:o, s:b, s:b, s:b}", "title", title, "episode", e, "returned",
	                 field_text(e, "returned_at") != NULL, "interview_open",
	                 strcmp(state, "due") == 0 || strcmp(state, "overdue") == 0, "response_accepted",
	                 field_text(e, "interview_response") &&
	                     strcmp(field_text(e, "interview_response"), "accepted") == 0);
	return *out ? HAVEN_OK : HAVEN_ERR_INTERNAL;
}

/* GET /missing-episodes/{id}, GET /api/v1/missing-episodes/{id} (and the page again after a form's errors).
 */
enum haven_status contextual_show_episode(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = episode_model(contextual_episode_id(req), &model);
	if (st != HAVEN_OK)
		return st;
	/* the interview's offer as recorded so far, in England's time, for its form */
	json_t *e = json_object_get(model, "episode");
	int64_t offered;
	if (calendar_parse_instant(field_text(e, "interview_offered_at"), &offered)) {
		int32_t day, seconds;
		calendar_london_from_utc(offered, &day, &seconds);
		char date[CALENDAR_DATE_SIZE], hhmm[16];
		calendar_format(day, date);
		snprintf(hhmm, sizeof hhmm, "%02d:%02d", (int)(seconds / 3600 % 24),
		         (int)(seconds / 60 % 60));
		/* the date as the field's own name: the date input shows it when nothing was typed */
		json_object_set_new(model, "offered_on", json_string(date));
		json_object_set_new(model, "offer", json_pack("{s:s, s:s}", "on", date, "time", hhmm));
	}
	/* on the page shown again after a form's errors, the answer chosen is chosen again; else the one
	 * recorded */
	const char *response = field_text(req->input, "response");
	if (!response && !json_object_size(req->input))
		response = field_text(e, "interview_response");
	json_object_set_new(model, "response_is", json_pack("{s:b}", response ? response : "none", 1));
	json_object_set_new(model, "safe_and_well_checked",
	                    json_boolean(json_is_true(json_object_get(req->input, "safe_and_well_check"))));
	/* which forms the page offers: the policy says, as it will when the form is sent */
	long long episode = contextual_episode_id(req);
	json_object_set_new(
	    model, "can_record_return",
	    json_boolean(!json_is_true(json_object_get(model, "returned")) &&
	                 policy_allows(req->user, "missing.return", "missing_episode", episode)));
	json_object_set_new(
	    model, "can_record_interview",
	    json_boolean(json_is_true(json_object_get(model, "interview_open")) &&
	                 policy_allows(req->user, "missing.interview", "missing_episode", episode)));
	json_object_set_new(
	    model, "can_record_placing_told",
	    json_boolean(json_is_true(json_object_get(e, "placing_authority_not_told")) &&
	                 policy_allows(req->user, "missing.placing_told", "missing_episode", episode)));
	/* the ways on to the child's record and their screening, for whoever the policy lets open them */
	long long child = field_int(e, "child_id");
	json_object_set_new(model, "can_open_child",
	                    json_boolean(child && policy_allows(req->user, "child.read", "child", child)));
	json_object_set_new(
	    model, "can_screen_child",
	    json_boolean(child && policy_allows(req->user, "screening.list", "child", child)));
	if ((st = contextual_strategy_model(req, model)) != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- the list ---- */

/* GET /missing-episodes, GET /api/v1/missing-episodes: the episodes the user's agency may see, newest first.
 */
enum haven_status contextual_list_episodes(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL;
	long long total = -1;
	enum haven_status st = contextual_episodes_list(req->user->agency_id, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) add_episode_labels(r, now);
	json_t *model = json_pack("{s:s, s:b}", "title", "Missing episodes", "may_report",
	                          policy_allows(req->user, "missing.create", NULL, 0));
	page_finish_found(&page, req, model, "episodes", rows, "id", total, "missing episodes");
	response_audit_records(res, "missing_episode", json_object_get(model, "episodes"), "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- reporting an episode ---- */

/* The new-episode form: the areas to choose from, the one sent picked again. */
enum haven_status contextual_new_episode_form(struct request *req, struct response *res)
{
	json_t *areas = NULL;
	enum haven_status st = contextual_areas(&areas);
	if (st != HAVEN_OK)
		return st;
	long long sent = field_int(req->input, "la_code");
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a) json_object_set_new(
	    a, "picked", json_boolean(sent && json_integer_value(json_object_get(a, "code")) == sent));
	/* the placing authority chosen from the same areas, or typed */
	json_t *placing = json_deep_copy(areas);
	long long placed_by = field_int(req->input, "placing_la_code");
	json_array_foreach(placing, i, a) json_object_set_new(
	    a, "picked",
	    json_boolean(placed_by && json_integer_value(json_object_get(a, "code")) == placed_by));
	const char *grading = field_text(req->input, "risk_grading"),
	           *from = field_text(req->input, "missing_from");
	response_set_model(res, json_pack("{s:s, s:o, s:o, s:{s:b}, s:{s:b}, s:b}", "title",
	                                  "Report a missing episode", "areas", areas, "placing_areas",
	                                  placing, "grading_is", grading ? grading : "none", 1, "from_is",
	                                  from ? from : "none", 1, "safe_and_well_checked",
	                                  json_is_true(json_object_get(req->input, "safe_and_well_check"))));
	return HAVEN_OK;
}

/*
 * Checks every episode of `list` (borrowed), appending each problem to
 * `errors` (named "episodes[I].FIELD" in a batch). Returns the canonical
 * episodes (new array), or NULL on a store failure (*st says which).
 */
static json_t *check_all(const json_t *list, bool batch, json_t *errors, enum haven_status *st)
{
	long long *codes = NULL;
	size_t code_count = 0;
	if ((*st = contextual_la_codes(&codes, &code_count)) != HAVEN_OK)
		return NULL;
	json_t *checked = json_array();
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *raw = json_array_get(list, i);
		char field_prefix[40] = "", message_prefix[96] = "";
		if (batch) {
			snprintf(field_prefix, sizeof field_prefix, "episodes[%zu].", i);
			police_batch_label("Episode", raw, i, message_prefix, sizeof message_prefix);
		}
		struct episode_check check = {
		    codes,        code_count,    calendar_london_today(), (int64_t)time(NULL),
		    field_prefix, message_prefix};
		json_t *one = episode_check(raw, &check, errors);
		if (one)
			json_array_append_new(checked, one);
	}
	free(codes);
	return checked;
}

/*
 * Checks and saves `list` (episodes, borrowed): every episode checked
 * before anything is saved, a batch with any bad one saving none.
 * HAVEN_ERR_INVALID or HAVEN_ERR_CONFLICT with the reasons in `errors`.
 */
static enum haven_status intake(const json_t *list, bool batch, const char *source, const struct actor *actor,
                                json_t **results, json_t *errors)
{
	size_t n = json_array_size(list);
	if (batch && (n == 0 || n > EPISODE_MAX_BATCH)) {
		errors_addf(errors, "episodes", "Send 1 to %d episodes in a batch", EPISODE_MAX_BATCH);
		return HAVEN_ERR_INVALID;
	}
	enum haven_status st;
	json_t *checked = check_all(list, batch, errors, &st);
	if (!checked)
		return st;
	if (json_array_size(errors)) {
		json_decref(checked);
		return HAVEN_ERR_INVALID;
	}
	st = contextual_save_episodes(checked, batch, source, actor, results, errors);
	json_decref(checked);
	return st;
}

/* POST /api/v1/missing-episodes: one episode, or {"episodes": [...]}; a resend changes nothing. */
enum haven_status contextual_create_episode_api(struct request *req, struct response *res)
{
	json_t *list, *results = NULL, *errors = json_array(), *one;
	bool batch;
	if (!batch_records(req->input, "episodes", "episode", res, &list, &batch)) {
		json_decref(errors);
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	enum haven_status st = intake(list, batch, "api", &actor, &results, errors);
	json_decref(list);
	return batch_answer(res, st, errors, results, batch, "episodes", "/api/v1/missing-episodes/", &one);
}

/* The form's fields as the API's episode: times from England's date and clock to UTC. */
static json_t *episode_from_form(const json_t *in, json_t *errors)
{
	json_t *raw = json_object();
	static const char *const texts[] = {"police_reference",  "given_name",   "family_name",
	                                    "date_of_birth",     "risk_grading", "missing_from",
	                                    "placing_authority", "found_where"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (field_text(in, texts[i]))
			json_object_set_new(raw, texts[i], json_string(field_text(in, texts[i])));
	if (json_is_integer(json_object_get(in, "la_code")))
		json_object_set(raw, "la_code", json_object_get(in, "la_code"));
	if (json_is_integer(json_object_get(in, "placing_la_code")))
		json_object_set(raw, "placing_la_code", json_object_get(in, "placing_la_code"));
	if (json_is_boolean(json_object_get(in, "safe_and_well_check")))
		json_object_set(raw, "safe_and_well_check", json_object_get(in, "safe_and_well_check"));
	int64_t t;
	bool given;
	char text[CALENDAR_INSTANT_SIZE];
	bool reported = contextual_instant_from_input(in, "reported", "the child was reported missing", true,
	                                              errors, &t, &given);
	if (reported) {
		calendar_format_instant(t, text);
		json_object_set_new(raw, "reported_at", json_string(text));
	}
	bool returned = contextual_instant_from_input(in, "returned", "the child was found or returned",
	                                              false, errors, &t, &given);
	if (returned) {
		calendar_format_instant(t, text);
		json_object_set_new(raw, "returned_at", json_string(text));
	}
	/* with a time not understood the checker cannot compare the instants, but the dates alone may already
	 * put the return first: said now, with the time's error, not on the next send */
	int32_t reported_day, returned_day;
	if (!(reported && returned) && calendar_parse(field_text(in, "reported_on"), &reported_day) &&
	    calendar_parse(field_text(in, "returned_on"), &returned_day) && returned_day < reported_day)
		errors_add(errors, "returned_on", RETURN_BEFORE_REPORT);
	return raw;
}

/* Whether the form's own time check put an error on `field`'s time ("reported_at": reported_on, _time, _at).
 */
static bool time_has_error(const json_t *errors, const char *field)
{
	size_t prefix = strcspn(field, "_") + 1, i;
	json_t *e;
	json_array_foreach(errors, i, e) if (strncmp(field_text(e, "field"), field, prefix) == 0) return true;
	return false;
}

/* The checker names API fields; the form's times are its _on fields. */
static void name_form_fields(json_t *errors)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *field = field_text(e, "field");
		if (strcmp(field, "reported_at") == 0)
			json_object_set_new(e, "field", json_string("reported_on"));
		else if (strcmp(field, "returned_at") == 0)
			json_object_set_new(e, "field", json_string("returned_on"));
	}
}

/* POST /missing-episodes: the web form's one episode. */
enum haven_status contextual_create_episode_form(struct request *req, struct response *res)
{
	json_t *time_errors = json_array(), *errors = json_array(), *results = NULL;
	json_t *list = json_pack("[o]", episode_from_form(req->input, time_errors));
	enum haven_status st;
	if (json_array_size(time_errors)) {
		/* the rest of the form is checked too, so every mistake is shown at once */
		json_t *checked = check_all(list, false, errors, &st);
		json_decref(checked);
		if (!checked) {
			json_decref(list);
			json_decref(time_errors);
			json_decref(errors);
			return st;
		}
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e)
		{
			/* the checker's word on a time is kept unless the form's own check said why already
			 */
			const char *field = field_text(e, "field");
			bool time = strcmp(field, "reported_at") == 0 || strcmp(field, "returned_at") == 0;
			if (!time || !time_has_error(time_errors, field))
				json_array_append(time_errors, e);
		}
		json_decref(errors);
		errors = time_errors;
		st = HAVEN_ERR_INVALID;
	} else {
		json_decref(time_errors);
		struct actor actor = auth_actor(req);
		st = intake(list, false, "web", &actor, &results, errors);
	}
	json_decref(list);
	if ((st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) &&
	    !errors_explain_refusal(errors, "missing")) {
		json_decref(errors);
		return HAVEN_ERR_INTERNAL;
	}
	if (st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) {
		if (st == HAVEN_ERR_CONFLICT)
			res->status = 409;
		name_form_fields(errors);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st != HAVEN_OK)
		return st;
	long long id = json_integer_value(json_object_get(json_array_get(results, 0), "id"));
	response_success(res, "Missing episode recorded");
	response_created(res, results, "/missing-episodes/%lld", id);
	return HAVEN_OK;
}

/* ---- the repeat-missing rule ---- */

enum haven_status contextual_show_repeat_rule(struct request *req, struct response *res)
{
	(void)req;
	int episodes = 0, days = 0;
	enum haven_status st = contextual_repeat_rule(&episodes, &days);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:s, s:i, s:i}", "title", "The repeat-missing rule",
		                                  "repeat_episodes", episodes, "repeat_days", days));
	return st;
}

enum haven_status contextual_save_repeat_rule(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st = contextual_set_repeat_rule((int)field_int(req->input, "repeat_episodes"),
	                                                  (int)field_int(req->input, "repeat_days"), &actor);
	response_success(res, "The rule for repeat episodes was saved");
	if (st == HAVEN_OK)
		response_done(res, contextual_show_repeat_rule, "/missing-episodes/settings");
	return st;
}

void contextual_missing_chronology_text(json_t *episode, char *text, size_t size)
{
	const struct status_tag *g = status_tag_find(grading_tags, field_text(episode, "risk_grading"));
	snprintf(text, size, "Reported missing (%s risk)", g ? g->status : "unknown");
}
