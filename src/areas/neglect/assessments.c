/*
 * assessments.c (neglect) — one neglect assessment: the form for a child the
 * practitioner's agency is linked to (a grade and evidence for each sub-area
 * of the tool version it was begun under, the family's and the child's
 * voice, strengths, a summary and a review date), a draft saved and finished
 * later by whoever began it, the finished assessment shown (never changed
 * again), and a manager's agreement where the agency asks for one. The
 * routes and who may take them are in area.c (handlers.h declares these).
 */
#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/children/merged.h"
#include "areas/children/store.h"
#include "areas/neglect/handlers.h"
#include "areas/neglect/store.h"
#include "app/record_answer.h"
#include "app/record_created.h"
#include "areas/neglect/tool.h"
#include "auth/session.h"
#include "router/errors.h"

#define MAX_WORDS 10000

/* A grade and its evidence for each sub-area, by its place in the tool (the form's fields). */
#define GRADE_FIELD(n)                                                                                       \
	{.name = "grade_" #n, .label = "the grade", .type = FIELD_INT, .min = 1, .max = 5},                  \
	{                                                                                                    \
		.name = "evidence_" #n, .label = "the evidence", .type = FIELD_TEXT, .max = 20000            \
	}

const struct field_spec neglect_assessment_fields[] = {
    {.name = "tool",
     .label = "the version of the tool",
     .type = FIELD_INT,
     .min = 1,
     .max = 9007199254740991LL},
    {.name = "age_band", .label = "the child's age band", .type = FIELD_SLUG, .required = true, .max = 100},
    {.name = "grades", .label = "the grades", .type = FIELD_JSON},
    GRADE_FIELD(1),
    GRADE_FIELD(2),
    GRADE_FIELD(3),
    GRADE_FIELD(4),
    GRADE_FIELD(5),
    GRADE_FIELD(6),
    GRADE_FIELD(7),
    GRADE_FIELD(8),
    GRADE_FIELD(9),
    GRADE_FIELD(10),
    GRADE_FIELD(11),
    GRADE_FIELD(12),
    GRADE_FIELD(13),
    GRADE_FIELD(14),
    GRADE_FIELD(15),
    GRADE_FIELD(16),
    GRADE_FIELD(17),
    GRADE_FIELD(18),
    GRADE_FIELD(19),
    GRADE_FIELD(20),
    GRADE_FIELD(21),
    GRADE_FIELD(22),
    GRADE_FIELD(23),
    GRADE_FIELD(24),
    GRADE_FIELD(25),
    GRADE_FIELD(26),
    GRADE_FIELD(27),
    GRADE_FIELD(28),
    GRADE_FIELD(29),
    GRADE_FIELD(30),
    {.name = "family_voice", .label = "what the family say", .type = FIELD_TEXT, .max = MAX_WORDS},
    {.name = "child_voice", .label = "what the child says or shows", .type = FIELD_TEXT, .max = MAX_WORDS},
    {.name = "strengths", .label = "the family's strengths", .type = FIELD_TEXT, .max = MAX_WORDS},
    {.name = "summary", .label = "your summary", .type = FIELD_TEXT, .max = MAX_WORDS},
    {.name = "assessed_on",
     .label = "the date of the assessment",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "review_on", .label = "the review date", .type = FIELD_DATE},
    {.name = "finish", .label = "whether the assessment is finished", .type = FIELD_BOOL},
    {.name = "change_band", .label = "whether to show another age band's descriptions", .type = FIELD_BOOL},
    {0},
};

const struct field_spec neglect_new_query[] = {
    {.name = "age_band", .label = "the child's age band", .type = FIELD_SLUG, .max = 100},
    {.name = "asked", .label = "whether the age band was asked", .type = FIELD_BOOL},
    {0},
};

const struct field_spec neglect_agreement_fields[] = {
    {.name = "note", .label = "your note", .type = FIELD_TEXT, .max = MAX_WORDS},
    {0},
};

/* Taking a draft over asks nothing: the button says what it does. */
const struct field_spec neglect_take_over_fields[] = {{0}};

/* ---- helpers ---- */

static const char *grade_name(const json_t *doc, long long grade)
{
	const char *s = json_string_value(
	    json_object_get(json_array_get(json_object_get(doc, "grades"), (size_t)(grade - 1)), "name"));
	return s ? s : "";
}

/* The grades sent: the API's "grades" object, or the form's grade_N and evidence_N by sub-area place. New. */
static json_t *grades_from_input(const json_t *doc, const json_t *in)
{
	const json_t *given = json_object_get(in, "grades");
	if (given)
		return json_deep_copy(given);
	json_t *grades = json_object();
	size_t i, j, position = 0;
	const json_t *a, *s;
	json_array_foreach(json_object_get(doc, "areas"), i, a)
	{
		json_array_foreach(json_object_get(a, "sub_areas"), j, s)
		{
			char gname[32], ename[32];
			position++;
			snprintf(gname, sizeof gname, "grade_%zu", position);
			snprintf(ename, sizeof ename, "evidence_%zu", position);
			const json_t *g = json_object_get(in, gname);
			const char *e = field_text(in, ename);
			if (!g && !(e && *e))
				continue;
			json_t *one = json_object();
			if (g)
				json_object_set(one, "grade", (json_t *)g);
			if (e && *e)
				json_object_set_new(one, "evidence", json_string(e));
			json_object_set_new(grades, json_string_value(json_object_get(s, "id")), one);
		}
	}
	return grades;
}

/* True when the grades came as the form's grade_N and evidence_N, so problems are named by those fields. */
static bool sent_by_position(const json_t *in)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)in, key, v)
	{
		if (strncmp(key, "grade_", 6) == 0 || strncmp(key, "evidence_", 9) == 0)
			return true;
	}
	return false;
}

/*
 * True when `child` ({id, ...}) is of an age age band `band` is for on day
 * `on` (neglect_tool_age_fits, from the date of birth on their record), their
 * age then in *age (-1 when unknown: an unborn child). A NULL band fits.
 */
static bool fits_child(const json_t *band, const json_t *child, const char *on, int *age)
{
	json_t *record = NULL;
	if (children_get(field_int(child, "id"), &record) != HAVEN_OK)
		record = NULL;
	bool fits = neglect_tool_age_fits(band, field_text(record, "date_of_birth"), on, age);
	json_decref(record);
	return fits;
}

/*
 * The day an age band is checked on, in `on`: the date of the assessment
 * when one is given (`values`' assessed_on, a real date), else today; the
 * band choice page, the form and saving all check the same day.
 */
static void band_day(const json_t *values, char on[static CALENDAR_DATE_SIZE])
{
	int32_t day;
	const char *given = field_text(values, "assessed_on");
	if (given && calendar_parse(given, &day))
		calendar_format(day, on);
	else
		calendar_london_today_text(on);
}

/* What a band not for a child of `age` on the date of the assessment is refused with on finishing, and
 * warned of on a draft. */
static void band_misfit_message(char *out, size_t size, int age)
{
	snprintf(out, size,
	         "The child was %d on the date of the assessment: select the age band for a child of %d", age,
	         age);
}

/* The warning on a draft's form and page (neglect/band-warning) that its band is not for a child of `age`
 * on the date of the assessment: `model`'s age_band_warning. */
static void set_band_warning(json_t *model, int age)
{
	char warning[160];
	band_misfit_message(warning, sizeof warning, age);
	json_object_set_new(model, "age_band_warning", json_string(warning));
}

/* ---- the form ---- */

/* True when `errors` has one about `field`. */
static bool has_error_for(const json_t *errors, const char *field)
{
	size_t i;
	const json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *about = json_string_value(json_object_get(e, "field"));
		if (about && strcmp(about, field) == 0)
			return true;
	}
	return false;
}

/*
 * The assessment form's model: the tool's areas and sub-areas, each with its
 * grades' descriptors for the age band, what is already given (`grades`,
 * `values`) and the messages of `errors` by the sub-area they are about.
 */
static json_t *form_model(long long tool_id, const json_t *doc, const json_t *version, const json_t *child,
                          const char *band, const json_t *grades, const json_t *values, const json_t *errors,
                          const char *action)
{
	json_t *areas = json_array();
	size_t i, j, position = 0;
	const json_t *a, *s;
	json_array_foreach(json_object_get(doc, "areas"), i, a)
	{
		json_t *subs = json_array();
		json_array_foreach(json_object_get(a, "sub_areas"), j, s)
		{
			position++;
			const json_t *given =
			    json_object_get(grades, json_string_value(json_object_get(s, "id")));
			json_int_t chosen = json_integer_value(json_object_get(given, "grade"));
			json_t *choices = json_array();
			for (int g = NEGLECT_BEST_GRADE; g <= NEGLECT_WORST_GRADE; g++) {
				const char *d = neglect_tool_descriptor(s, band, g);
				json_array_append_new(choices, json_pack("{s:i, s:s, s:s, s:b, s:b}", "grade",
				                                         g, "name", grade_name(doc, g),
				                                         "descriptor", d ? d : "", "checked",
				                                         chosen == g, "first", g == 1));
			}
			char gname[32], ename[32];
			snprintf(gname, sizeof gname, "grade_%zu", position);
			snprintf(ename, sizeof ename, "evidence_%zu", position);
			json_t *sub =
			    json_pack("{s:i, s:O, s:O, s:O?, s:o, s:O?}", "position", (int)position, "id",
			              json_object_get(s, "id"), "name", json_object_get(s, "name"),
			              "description", json_object_get(s, "description"), "grades", choices,
			              "evidence", json_object_get(given, "evidence"));
			size_t k;
			const json_t *e;
			json_array_foreach(errors, k, e)
			{
				const char *field = json_string_value(json_object_get(e, "field"));
				if (field && strcmp(field, gname) == 0)
					json_object_set(sub, "grade_error", json_object_get(e, "message"));
				if (field && strcmp(field, ename) == 0)
					json_object_set(sub, "evidence_error", json_object_get(e, "message"));
			}
			json_array_append_new(subs, sub);
		}
		json_array_append_new(areas,
		                      json_pack("{s:O, s:O, s:O?, s:o}", "id", json_object_get(a, "id"),
		                                "name", json_object_get(a, "name"), "description",
		                                json_object_get(a, "description"), "sub_areas", subs));
	}
	/* the band is chosen here too, beside the child's age on the day it is checked against, so a
	 * change of band (or of the date) never loses what was typed */
	char on[CALENDAR_DATE_SIZE];
	int child_age;
	band_day(values, on);
	const json_t *chosen = neglect_tool_age_band(doc, band);
	bool fits = fits_child(chosen, child, on, &child_age);
	json_t *bands = json_array();
	const json_t *b;
	json_array_foreach(json_object_get(doc, "age_bands"), i, b)
	{
		json_array_append_new(bands, json_pack("{s:O, s:O, s:b, s:b}", "id", json_object_get(b, "id"),
		                                       "name", json_object_get(b, "name"), "first", i == 0,
		                                       "checked", b == chosen));
	}
	json_t *model =
	    json_pack("{s:s, s:s, s:{s:I, s:O, s:O}, s:O, s:{s:s?, s:O?}, s:o, s:o}", "title",
	              "Neglect assessment", "action", action, "tool", "id", (json_int_t)tool_id, "version",
	              version, "title", json_object_get(doc, "title"), "child", child, "age_band", "id", band,
	              "name", json_object_get(chosen, "name"), "age_bands", bands, "areas", areas);
	if (child_age >= 0)
		json_object_set_new(model, "child_age", json_integer(child_age));
	/* a draft may keep a band that no longer fits (a date or a date of birth changed): said here,
	 * refused on finishing */
	if (chosen && !fits && !has_error_for(errors, "age_band"))
		set_band_warning(model, child_age);
	static const char *const texts[] = {"family_voice", "child_voice", "strengths", "summary",
	                                    "assessed_on",  "review_on",   NULL};
	for (const char *const *t = texts; *t; t++) {
		const json_t *v = json_object_get(values, *t);
		if (json_is_string(v))
			json_object_set(model, *t, (json_t *)v);
	}
	return model;
}

/* The age band choice before a new assessment's form, when none (or one the child is not of) was chosen: the
 * child's age beside it, from their date of birth, on the day the form checks too (today: a new assessment
 * has no date yet; the form's own band radios follow the date typed there). */
static json_t *age_band_model(const json_t *doc, const json_t *child)
{
	char on[CALENDAR_DATE_SIZE];
	int age;
	band_day(NULL, on);
	fits_child(NULL, child, on, &age);
	json_t *bands = json_array();
	size_t i;
	const json_t *b;
	json_array_foreach(json_object_get(doc, "age_bands"), i, b)
	    json_array_append_new(bands, json_pack("{s:O, s:O, s:b}", "id", json_object_get(b, "id"), "name",
	                                           json_object_get(b, "name"), "first", i == 0));
	json_t *model = json_pack("{s:s, s:b, s:O, s:o}", "title", "Neglect assessment: the child's age",
	                          "choose_age", true, "child", child, "age_bands", bands);
	if (age >= 0)
		json_object_set_new(model, "child_age", json_integer(age));
	return model;
}

/* The child a new assessment is about: the path's, whom the policy found the agency linked to. */
static enum haven_status linked_child(const struct request *req, json_t **child)
{
	return children_linked_to_agency(req->user->agency_id, field_int(req->params, "id"), child);
}

/* GET /neglect/children/{id}/assessments/new (and the form again when its fields fail their specs). */
enum haven_status neglect_assessment_new_form(struct request *req, struct response *res)
{
	json_t *child = NULL, *doc = NULL, *version = NULL;
	long long tool_id;
	enum haven_status st = linked_child(req, &child);
	if (st == HAVEN_OK)
		st = neglect_store_tool(0, &tool_id, &doc, &version);
	if (st == HAVEN_OK) {
		const char *band = field_text(req->input, "age_band");
		char action[64];
		snprintf(action, sizeof action, "/neglect/children/%lld/assessments",
		         field_int(req->params, "id"));
		const json_t *chosen = neglect_tool_age_band(doc, band);
		char on[CALENDAR_DATE_SIZE];
		int age;
		band_day(NULL, on);
		if (chosen && fits_child(chosen, child, on, &age)) {
			response_set_model(
			    res, form_model(tool_id, doc, version, child, band, NULL, NULL, NULL, action));
		} else {
			response_set_model(res, age_band_model(doc, child));
			/* a band the child is not of, or Continue with none chosen: say so (a first visit has
			 * asked nothing yet) */
			json_t *errors = json_array();
			if (chosen)
				errors_addf(errors, "age_band",
				            "The child is %d: select the age band for a child of %d", age,
				            age);
			else if (json_is_true(json_object_get(req->input, "asked")))
				errors_add(errors, "age_band", "Select the child's age band");
			response_errors(res, errors);
		}
	}
	json_decref(child);
	json_decref(doc);
	json_decref(version);
	return st;
}

/*
 * Checks what was sent against tool `doc` and fills `a` (borrowing from
 * `in` and `grades`); problems go to `errors`. Finishing needs an age band
 * the child was of on the date of the assessment (*band_fits says whether it
 * is, for a draft's warning), every grade with its evidence, a summary and a
 * review date after the assessment's.
 */
static void check_assessment(const json_t *doc, const json_t *in, const json_t *child, const json_t *grades,
                             struct neglect_assessment *a, char assessed_on[static CALENDAR_DATE_SIZE],
                             bool *band_fits, json_t *errors)
{
	a->age_band = field_text(in, "age_band");
	a->finished = json_is_true(json_object_get(in, "finish"));
	a->grades = grades;
	a->family_voice = field_text(in, "family_voice");
	a->child_voice = field_text(in, "child_voice");
	a->strengths = field_text(in, "strengths");
	a->summary = field_text(in, "summary");
	a->review_on = field_text(in, "review_on");
	if (!neglect_tool_age_band(doc, a->age_band))
		errors_add(errors, "age_band", "Select the child's age band from the tool's list");
	neglect_tool_check_grades(doc, grades, a->finished, sent_by_position(in), errors);
	int32_t today = calendar_london_today(), on = today, review;
	const char *given_on = field_text(in, "assessed_on"); /* today or in the past: its field's .when */
	if (!given_on || !calendar_parse(given_on, &on))
		on = today;
	calendar_format(on, assessed_on);
	/* finished: the day given, else today; a draft keeps only a day typed, so it is not dated by its
	 * saving */
	a->assessed_on = a->finished || given_on ? assessed_on : NULL;
	/* a band the child was not of on the date of the assessment is refused on finishing; a draft keeps
	 * it (its form says so), so nothing typed is lost to a date or a date of birth changed later */
	const json_t *band = neglect_tool_age_band(doc, a->age_band);
	int age;
	*band_fits = !band || fits_child(band, child, assessed_on, &age);
	if (!*band_fits && a->finished) {
		char message[160];
		band_misfit_message(message, sizeof message, age);
		errors_add(errors, "age_band", message);
	}
	if (a->finished && !(a->summary && *a->summary))
		errors_add(errors, "summary", "Enter your summary of the child's care");
	if (a->review_on && calendar_parse(a->review_on, &review) && review <= on)
		errors_add(errors, "review_on", "The review date must be after the date of the assessment");
	else if (a->finished && !a->review_on)
		errors_add(errors, "review_on", "Enter the date to review the assessment by");
}

/* The form again with `errors` (taken) by their fields, for a failed new assessment or edit, or another age
 * band's descriptions asked for (no errors): everything typed kept, the band's radios with it. */
static void form_again(struct response *res, long long tool_id, const json_t *doc, const json_t *version,
                       const json_t *child, const json_t *in, const json_t *grades, json_t *errors,
                       const char *action)
{
	response_set_model(res, form_model(tool_id, doc, version, child, field_text(in, "age_band"), grades,
	                                   in, errors, action));
	response_errors(res, errors);
}

/* "Show the descriptions for this age band" on the form: the form again with the band chosen there and
 * everything typed, nothing saved (a browser's only; an API client just sends the band it wants). */
static bool band_change_asked(const struct request *req)
{
	return !req->api && json_is_true(json_object_get(req->input, "change_band"));
}

/* The banner after saving: a draft whose age band does not fit the date of the assessment says so. */
static const char *saved_message(const struct neglect_assessment *a, bool band_fits)
{
	if (a->finished)
		return "Assessment finished";
	return band_fits ? "Draft saved"
	                 : "Draft saved. Its age band does not fit the child's age on the date of the "
	                   "assessment: change it before you finish";
}

/* The rule's outcome for a finished assessment: its area grades and overall grade. */
static json_t *summarise(const json_t *doc, struct neglect_assessment *a)
{
	json_t *summary = neglect_tool_summarise(doc, a->grades);
	json_t *by_area = json_object();
	size_t i;
	const json_t *area;
	json_array_foreach(json_object_get(summary, "areas"), i, area) json_object_set(
	    by_area, json_string_value(json_object_get(area, "id")), json_object_get(area, "grade"));
	a->area_grades = by_area;
	a->overall_grade = json_integer_value(json_object_get(summary, "overall_grade"));
	json_decref(summary);
	return by_area;
}

/*
 * A new assessment checked, and made when `save` and nothing is wrong; else
 * the form again with what was sent and every problem found. Without
 * `save` (a field its spec refused, which the router names) nothing is made.
 */
static enum haven_status begin(struct request *req, struct response *res, bool save)
{
	json_t *child = NULL, *doc = NULL, *version = NULL, *grades = NULL, *area_grades = NULL;
	long long tool_id;
	enum haven_status st = linked_child(req, &child);
	if (st == HAVEN_OK)
		st = neglect_store_tool(0, &tool_id, &doc, &version);
	if (st != HAVEN_OK)
		goto out;
	char action[64];
	snprintf(action, sizeof action, "/neglect/children/%lld/assessments", field_int(req->params, "id"));
	json_t *errors = json_array();
	long long posted = field_int(req->input, "tool");
	if (posted && posted != tool_id)
		errors_add(
		    errors, "tool",
		    "A new version of the neglect tool was published while you were filling in the form: "
		    "check your grades against it and save again");
	grades = grades_from_input(doc, req->input);
	struct neglect_assessment a = {0};
	char assessed_on[CALENDAR_DATE_SIZE];
	bool band_fits = true, change = band_change_asked(req);
	if (!change)
		check_assessment(doc, req->input, child, grades, &a, assessed_on, &band_fits, errors);
	if (change || json_array_size(errors) || !save) {
		form_again(res, tool_id, doc, version, child, req->input, grades, errors, action);
		goto out;
	}
	json_decref(errors);
	a.tool_id = tool_id;
	a.child_id = field_int(req->params, "id");
	a.user_id = req->user->id;
	a.agency_id = req->user->agency_id;
	a.la_code = field_int(child, "la_code");
	if (a.finished)
		area_grades = summarise(doc, &a);
	struct actor actor = auth_actor(req);
	long long id = 0;
	st = neglect_store_add(&a, &actor, &id);
	st = record_created(res, st, id, neglect_store_get, "/neglect/assessments");
	if (st == HAVEN_OK)
		response_success(res, saved_message(&a, band_fits));
out:
	json_decref(area_grades);
	json_decref(grades);
	json_decref(child);
	json_decref(doc);
	json_decref(version);
	return st;
}

/* POST /neglect/children/{id}/assessments, POST /api/v1/neglect/children/{id}/assessments. */
enum haven_status neglect_assessment_begin(struct request *req, struct response *res)
{
	enum haven_status st = children_refuse_merged(field_int(req->params, "id"), "child",
	                                              "assess the child on that one", res);
	if (st != HAVEN_OK || res->errors)
		return st;
	return begin(req, res, true);
}

/* The new assessment's form again when a field failed its spec: what was typed kept, the other problems
 * listed beside the refused field's. */
enum haven_status neglect_assessment_begin_again(struct request *req, struct response *res)
{
	return begin(req, res, false);
}

/* ---- one assessment ---- */

/* The assessment and its tool version, for showing or editing. */
static enum haven_status load(long long id, json_t **a, json_t **doc, json_t **version)
{
	*doc = *version = NULL;
	enum haven_status st = neglect_store_get(id, a);
	if (st != HAVEN_OK)
		return st;
	long long tool_id;
	st = neglect_store_tool(field_int(*a, "tool_id"), &tool_id, doc, version);
	if (st != HAVEN_OK)
		json_decref(*a);
	return st;
}

/* The child an assessment is about, as the form names them: {id, name}. New. */
static json_t *child_of(const json_t *a)
{
	return json_pack("{s:O, s:O}", "id", json_object_get(a, "child_id"), "name",
	                 json_object_get(a, "child_name"));
}

/* GET /neglect/assessments/{id}/edit: a draft's form, for whoever began it. */
enum haven_status neglect_assessment_edit_form(struct request *req, struct response *res)
{
	json_t *a = NULL, *doc = NULL, *version = NULL;
	enum haven_status st = load(field_int(req->params, "id"), &a, &doc, &version);
	if (st != HAVEN_OK)
		return st;
	if (field_int(a, "user_id") != req->user->id || strcmp(field_text(a, "status"), "draft") != 0) {
		st = HAVEN_ERR_DENIED;
		goto out;
	}
	char action[64];
	snprintf(action, sizeof action, "/neglect/assessments/%lld", field_int(req->params, "id"));
	json_t *child = child_of(a);
	json_t *model = form_model(field_int(a, "tool_id"), doc, version, child, field_text(a, "age_band"),
	                           json_object_get(a, "grades"), a, NULL, action);
	json_object_set_new(model, "draft_id", json_integer(field_int(req->params, "id")));
	response_set_model(res, model);
	json_decref(child);
out:
	json_decref(a);
	json_decref(doc);
	json_decref(version);
	return st;
}

static route_handler answer_assessment;
static json_t *assessment_model(json_t *a, const json_t *doc);

/*
 * Finished `a` asked to change (a second tab finishing it again): the API
 * is answered 409; a browser is shown the assessment as finished, saying so.
 */
static void already_finished(struct request *req, struct response *res, json_t *a, const json_t *doc)
{
	res->status = 409;
	if (req->api) {
		response_conflict(res, "finish", "This assessment is already finished: it cannot be changed");
		return;
	}
	json_t *model = assessment_model(a, doc);
	json_object_set_new(model, "yours", json_true());
	json_object_set_new(model, "already_finished", json_true());
	res->page = "neglect/show";
	response_set_model(res, model);
}

/*
 * A draft saved again or finished when `save` and nothing is wrong; else the
 * form again with what was sent and every problem found (without `save`,
 * a field its spec refused, which the router names, nothing is saved).
 */
static enum haven_status update(struct request *req, struct response *res, bool save)
{
	json_t *a = NULL, *doc = NULL, *version = NULL, *grades = NULL, *area_grades = NULL;
	enum haven_status st = load(field_int(req->params, "id"), &a, &doc, &version);
	if (st != HAVEN_OK)
		return st;
	/* a draft is its author's work in progress: colleagues may read it, not change it */
	if (field_int(a, "user_id") != req->user->id) {
		st = HAVEN_ERR_DENIED;
		goto out;
	}
	if (strcmp(field_text(a, "status"), "draft") != 0) {
		already_finished(req, res, a, doc);
		goto out;
	}
	json_t *child = child_of(a), *errors = json_array();
	grades = grades_from_input(doc, req->input);
	struct neglect_assessment n = {0};
	char assessed_on[CALENDAR_DATE_SIZE];
	bool band_fits = true, change = band_change_asked(req);
	if (!change)
		check_assessment(doc, req->input, child, grades, &n, assessed_on, &band_fits, errors);
	if (change || json_array_size(errors) || !save) {
		char action[64];
		snprintf(action, sizeof action, "/neglect/assessments/%lld", field_int(req->params, "id"));
		form_again(res, field_int(a, "tool_id"), doc, version, child, req->input, grades, errors,
		           action);
		json_decref(child);
		goto out;
	}
	json_decref(child);
	json_decref(errors);
	if (n.finished)
		area_grades = summarise(doc, &n);
	struct actor actor = auth_actor(req);
	st = neglect_store_update(field_int(req->params, "id"), &n, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		/* finished meanwhile, in another tab */
		json_decref(a);
		a = NULL;
		st = neglect_store_get(field_int(req->params, "id"), &a);
		if (st == HAVEN_OK)
			already_finished(req, res, a, doc);
	} else if (st == HAVEN_OK) {
		response_done(res, answer_assessment, "/neglect/assessments/%lld",
		              field_int(req->params, "id"));
		response_success(res, saved_message(&n, band_fits));
	}
out:
	json_decref(area_grades);
	json_decref(grades);
	json_decref(a);
	json_decref(doc);
	json_decref(version);
	return st;
}

/* POST /neglect/assessments/{id}, POST /api/v1/neglect/assessments/{id}: save a draft again, or finish it. */
enum haven_status neglect_assessment_update(struct request *req, struct response *res)
{
	return update(req, res, true);
}

/* A draft's form again when a field failed its spec: what was typed kept, the other problems listed beside
 * the refused field's. */
enum haven_status neglect_assessment_update_again(struct request *req, struct response *res)
{
	return update(req, res, false);
}

/* A draft's page says, as its form does, when its age band (`band`) does not fit the child of draft `a` on
 * the date of the assessment (today, when it has none yet). */
static void add_band_warning(json_t *model, const json_t *band, const json_t *a)
{
	char on[CALENDAR_DATE_SIZE];
	int age;
	band_day(a, on);
	json_t *child = child_of(a);
	if (band && !fits_child(band, child, on, &age))
		set_band_warning(model, age);
	json_decref(child);
}

/* The neglect_assessment_show page's model: each area with its grade, and each sub-area's grade, descriptor
 * and evidence. */
static json_t *assessment_model(json_t *a, const json_t *doc)
{
	const char *band = field_text(a, "age_band");
	const json_t *grades = json_object_get(a, "grades");
	json_t *summary = neglect_tool_summarise(doc, grades);
	json_t *areas = json_array();
	size_t i, j;
	const json_t *area, *s;
	json_array_foreach(json_object_get(doc, "areas"), i, area)
	{
		json_t *subs = json_array();
		json_array_foreach(json_object_get(area, "sub_areas"), j, s)
		{
			const json_t *given =
			    json_object_get(grades, json_string_value(json_object_get(s, "id")));
			json_int_t g = json_integer_value(json_object_get(given, "grade"));
			const char *d = g ? neglect_tool_descriptor(s, band, g) : NULL;
			json_array_append_new(
			    subs, json_pack("{s:O, s:o, s:s, s:s?, s:O?}", "name", json_object_get(s, "name"),
			                    "grade", g ? json_integer(g) : json_null(), "grade_name",
			                    g ? grade_name(doc, g) : "Not graded yet", "descriptor", d,
			                    "evidence", json_object_get(given, "evidence")));
		}
		json_t *graded =
		    json_object_get(json_array_get(json_object_get(summary, "areas"), i), "grade");
		json_array_append_new(
		    areas, json_pack("{s:O, s:O, s:s, s:o}", "name", json_object_get(area, "name"), "grade",
		                     graded, "grade_name",
		                     json_is_integer(graded) ? grade_name(doc, json_integer_value(graded))
		                                             : "Not every sub-area is graded",
		                     "sub_areas", subs));
	}
	const json_t *age = neglect_tool_age_band(doc, band);
	bool draft = strcmp(field_text(a, "status"), "draft") == 0;
	json_t *model =
	    json_pack("{s:s, s:O, s:o, s:O?, s:b}", "title", "Neglect assessment", "assessment", a, "areas",
	              areas, "age_band_name", json_object_get(age, "name"), "draft", draft);
	if (draft)
		add_band_warning(model, age, a);
	json_int_t overall = field_int(a, "overall_grade");
	if (overall)
		json_object_set_new(model, "overall_grade_name", json_string(grade_name(doc, overall)));
	/* grade 4 or 5: needs unmet, so the next step is to consider support (the levels-of-need tool) */
	json_object_set_new(model, "next_step", json_boolean(!draft && overall >= NEGLECT_WORST_GRADE - 1));
	json_decref(summary);
	return model;
}

/* GET /neglect/assessments/{id}, GET /api/v1/neglect/assessments/{id}. */
enum haven_status neglect_assessment_show(struct request *req, struct response *res)
{
	json_t *a = NULL, *doc = NULL, *version = NULL;
	enum haven_status st = load(field_int(req->params, "id"), &a, &doc, &version);
	if (st != HAVEN_OK)
		return st;
	json_t *model = assessment_model(a, doc);
	bool yours = field_int(a, "user_id") == req->user->id;
	json_object_set_new(model, "yours", json_boolean(yours));
	/* a manager: a colleague in the assessing agency, when the agency asks for agreement */
	/* a draft whose author no longer acts for the agency: a colleague there may take it over */
	json_object_set_new(model, "can_take_over",
	                    json_boolean(!yours && field_int(a, "agency_id") == req->user->agency_id &&
	                                 strcmp(field_text(a, "status"), "draft") == 0 &&
	                                 json_is_true(json_object_get(a, "author_left"))));
	json_object_set_new(model, "can_agree",
	                    json_boolean(!yours && field_int(a, "agency_id") == req->user->agency_id &&
	                                 json_is_true(json_object_get(a, "agreement_asked")) &&
	                                 strcmp(field_text(a, "status"), "finished") == 0 &&
	                                 json_is_null(json_object_get(a, "agreed_at"))));
	response_set_model(res, model);
	json_decref(a);
	json_decref(doc);
	json_decref(version);
	return HAVEN_OK;
}

/* The record as it now is, for an API client after a change. */
static enum haven_status answer_assessment(struct request *req, struct response *res)
{
	return record_answer(req, res, neglect_store_get);
}

/* POST /neglect/assessments/{id}/agreement, and its API twin: a manager agrees a finished assessment. */
enum haven_status neglect_assessment_agree(struct request *req, struct response *res)
{
	json_t *a = NULL;
	enum haven_status st = neglect_store_get(field_int(req->params, "id"), &a);
	if (st != HAVEN_OK)
		return st;
	/* agreement is the assessing agency's own, and never the assessor's */
	bool manager =
	    field_int(a, "agency_id") == req->user->agency_id && field_int(a, "user_id") != req->user->id;
	json_decref(a);
	if (!manager)
		return HAVEN_ERR_DENIED;
	struct actor actor = auth_actor(req);
	enum neglect_agreement_refusal refusal = NEGLECT_AGREE_OK;
	const char *note = field_text(req->input, "note");
	st = neglect_store_agree(field_int(req->params, "id"), note && *note ? note : NULL, &actor, &refusal);
	if (st != HAVEN_OK)
		return st;
	static const char *const why[] = {
	    [NEGLECT_AGREE_NOT_FINISHED] = "Only a finished assessment can be agreed",
	    [NEGLECT_AGREE_ALREADY] = "This assessment is already agreed",
	    [NEGLECT_AGREE_NOT_ASKED] = "Your agency does not ask for neglect assessments to be agreed",
	};
	if (refusal != NEGLECT_AGREE_OK) {
		response_error(res, "note", why[refusal]);
		res->status = 409;
		return HAVEN_OK;
	}
	response_success(res, "The assessment was agreed");
	response_done(res, answer_assessment, "/neglect/assessments/%lld", field_int(req->params, "id"));
	return HAVEN_OK;
}

/*
 * POST /neglect/assessments/{id}/take-over, and its API twin: a colleague in the assessing agency takes
 * over a draft whose author no longer acts for it (moved to another agency, or their account disabled),
 * so the work can be finished rather than stranded; they become its author.
 */
enum haven_status neglect_assessment_take_over(struct request *req, struct response *res)
{
	json_t *a = NULL;
	long long id = field_int(req->params, "id");
	enum haven_status st = neglect_store_get(id, &a);
	if (st != HAVEN_OK)
		return st;
	/* the assessing agency's own work: another agency reads a finished assessment, never takes one */
	bool colleague = field_int(a, "agency_id") == req->user->agency_id;
	bool own = field_int(a, "user_id") == req->user->id;
	json_decref(a);
	if (!colleague)
		return HAVEN_ERR_DENIED;
	if (own) { /* nothing to take: say so, rather than that its author (this person) works here */
		response_conflict(res, "take_over", "This draft is already yours: you can finish it");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	enum neglect_take_over_refusal refusal = NEGLECT_TAKE_OVER_OK;
	st = neglect_store_take_over(id, req->user->agency_id, &actor, &refusal);
	if (st != HAVEN_OK)
		return st;
	static const char *const why[] = {
	    [NEGLECT_TAKE_OVER_NOT_DRAFT] = "This assessment is already finished: it cannot be taken over",
	    [NEGLECT_TAKE_OVER_AUTHOR_HERE] =
	        "Whoever began this draft still works for your agency: only they can finish it",
	};
	if (refusal != NEGLECT_TAKE_OVER_OK) {
		/* a browser is shown the assessment as it now is, saying why (the route's redisplay) */
		response_conflict(res, "take_over", why[refusal]);
		return HAVEN_OK;
	}
	response_success(res, "You have taken over the draft: you can now finish it");
	response_done(res, answer_assessment, "/neglect/assessments/%lld", id);
	return HAVEN_OK;
}
