/*
 * area.c (reviews) — serious incident reviews: recording an incident, the
 * notification to the national Child Safeguarding Practice Review Panel,
 * each agency's information for the rapid review, the rapid review and its
 * decision, the local CSPR through to publication, its milestones and
 * themes, and the review group; plus the partnership's theme list and CSPR
 * publication setting. Each use case is one handler serving its page (under
 * /reviews) and the same JSON under /api/v1/reviews.
 *
 * Who may do what (the access table beside the routes): "review.read"
 * and "review.update" need the user to be in the case's review group
 * (review_members) unless they are the partnership team, who oversee every
 * case; anyone else is answered 404 before a handler runs. The list is
 * scoped in its query the same way. Who is in a group ("review.group") is
 * the partnership team's alone: a member who could add people could show
 * the case to anyone. A case may name a child only for someone who may open
 * that child's record (or the partnership team). The server audits reads; each change
 * here writes its audit row in the same unit of work (store_sqlite.c).
 *
 * Deadlines are never stored: rules.c works them out from the recorded
 * dates with the calendar every time a case is shown.
 *
 * Each form replaces its section of the case (notification, rapid review,
 * CSPR): the page shows the stored values in the form, and an API client
 * sends the whole section. Every date is today or in the past (its field's
 * .when). The checks only a handler can make (dates in order, a rationale
 * for "no CSPR", a link for a published report) are gathered and answered as the
 * API's 422 problem+json or the page again with the GOV.UK error summary.
 *
 * This file holds the list, recording a new case, the theme list (each
 * theme addressed by its id, renamed on a page of its own) and the
 * setting, and the route and access tables; one case's task pages are in
 * case.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "app/la_code.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "areas/reviews/tasks.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/merged.h"
#include "areas/partnership/store.h"
#include "areas/reviews/pages.h"
#include "areas/reviews/rules.h"
#include "areas/reviews/store.h"
#include "auth/policy.h"
#include "core/latin.h"
#include "view/chosen_option.h"

#define MAX_ID 999999999999LL

/* ---- field specs ---- */

static const char *const harms[] = {"death", "serious_harm", NULL};

static const struct field_spec create_fields[] = {
    {.name = "child_pseudonym",
     .label = "the child's pseudonym",
     .type = FIELD_TEXT,
     .required = true,
     .max = 60},
    {.name = "child_id", .label = "the child's number in Haven", .type = FIELD_INT, .min = 1, .max = MAX_ID},
    {.name = "la",
     .label = "the local authority",
     .type = FIELD_SLUG,
     .required = true,
     .in_select = true,
     .max = 100},
    {.name = "harm",
     .label = "whether the child died or was seriously harmed",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = harms},
    {.name = "circumstances",
     .label = "the circumstances",
     .type = FIELD_TEXT,
     .required = true,
     .max = 5000},
    {.name = "looked_after_child", .label = "whether the child was looked after", .type = FIELD_BOOL},
    {.name = "aware_on",
     .label = "the date the local authority became aware",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "agencies", .label = "the agencies involved", .type = FIELD_SLUG, .multiple = true, .max = 100},
    {0},
};

/* a theme's name, added or renamed: the same rules both ways */
static const struct field_spec theme_name_fields[] = {
    {.name = "name", .label = "the theme", .type = FIELD_TEXT, .required = true, .min = 2, .max = 80},
    {0},
};

static const struct field_spec theme_retire_fields[] = {
    {.name = "retired", .label = "whether the theme is retired", .type = FIELD_BOOL},
    {0},
};

static const struct field_spec settings_fields[] = {
    {.name = "cspr_publication_months",
     .label = "the number of months to publish a review in",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 24},
    {0},
};

/* ---- helpers ---- */

/*
 * The date rule a field spec cannot express: the date `name` (if given) must
 * not be before `earliest` (if given). The message names both dates, as the
 * GOV.UK pattern asks. (Not after today is each field's .when.)
 */
void reviews_date_rule(json_t *errors, const json_t *values, const char *name, const char *what,
                       const char *earliest, const char *earliest_what)
{
	const char *s = field_text(values, name);
	int32_t day, first;
	if (!s || !calendar_parse(s, &day))
		return;
	if (earliest && calendar_parse(earliest, &first) && day < first) {
		char words[CALENDAR_LONG_DATE_SIZE]; /* said as pages say dates: the message is read on one */
		calendar_format_long(first, words);
		errors_addf(errors, name, "%s must be the same as or after %s (%s)", what, earliest_what,
		            words);
	}
}

/* True when the policy lets this user see every case, not only their groups'. */
static bool sees_every_case(const struct request *req)
{
	/*
	 * Asking about no case in particular (id 0, which is never a case)
	 * answers "allowed" only for the roles the policy says oversee every
	 * review, so no role is named here.
	 */
	return policy_allows(req->user, "review.read", "review", 0);
}

const char *reviews_harm_label(const char *harm)
{
	return harm && strcmp(harm, "death") == 0 ? "Death" : "Serious harm";
}

const char *reviews_decision_label(const char *d)
{
	if (!d)
		return NULL;
	if (strcmp(d, "commission_cspr") == 0)
		return "Commission a local child safeguarding practice review";
	if (strcmp(d, "no_cspr") == 0)
		return "No local review";
	return "Refer to the national panel";
}

/* ---- the list ---- */

/* The stages a case passes through (migration 0125's `stage`), as the list's filter says them. */
static const char *const case_stages[] = {"notification", "rapid_review", "local_review", "done", NULL};
static const char *const case_stage_labels[] = {"Notifying the national panel", "Rapid review",
                                                "Local review (CSPR)", "Done", NULL};

/* GET /reviews, GET /api/v1/reviews: the cases the user may see, narrowed to a stage, one reference, or
 * those with an overdue milestone (a deadline not met: rules.h, reviews_next_due). */
static enum haven_status list_reviews(struct request *req, struct response *res)
{
	json_t *rows = NULL;
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	/* overdue: a deadline not met before today (rules.h, reviews_next_due, kept by the store) */
	int32_t today = calendar_london_today();
	char today_text[CALENDAR_DATE_SIZE];
	calendar_format(today, today_text);
	bool overdue = json_is_true(json_object_get(req->input, "overdue"));
	struct reviews_filter filter = {.stage = field_text(req->input, "stage"),
	                                .reference = field_text(req->input, "reference"),
	                                .due_before = overdue ? today_text : NULL};
	int months = 6;
	long long total = -1;
	enum haven_status st = reviews_cspr_months(&months);
	if (st == HAVEN_OK)
		st = reviews_list(req->user->id, sees_every_case(req), &filter, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		reviews_add_deadlines(r, today, months);
		json_object_set_new(r, "harm_label", json_string(reviews_harm_label(field_text(r, "harm"))));
		const char *next_due = field_text(r, "next_due_on");
		json_object_set_new(r, "next_due_overdue",
		                    json_boolean(next_due && strcmp(next_due, today_text) < 0));
	}
	bool can_create = policy_allows(req->user, "review.create", NULL, 0);
	bool can_settings = policy_allows(req->user, "review.settings", NULL, 0);
	json_t *model = json_pack("{s:s, s:b, s:b}", "title", "Serious incident reviews", "can_create",
	                          can_create, "can_manage_themes", can_settings);
	json_object_set_new(model, "total", page_count_json(total));
	json_object_set_new(model, "total_text", page_count_words(total, "case", "cases"));
	/* the filter form shows the choices made */
	json_object_set_new(model, "filtered", json_boolean(filter.stage || filter.reference || overdue));
	json_object_set_new(model, "overdue", json_boolean(overdue));
	json_object_set_new(model, "reference", json_string(filter.reference ? filter.reference : ""));
	json_object_set_new(model, "stage_choices",
	                    page_filter_options("Any stage", case_stages, case_stage_labels, filter.stage));
	page_finish(&page, req, model, "reviews", rows, "id", total, "reviews");
	response_audit_records(res, "review", json_object_get(model, "reviews"), "id");
	size_t n = json_array_size(json_object_get(model, "reviews"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- recording an incident ---- */

static enum haven_status new_model(json_t **out)
{
	json_t *areas = NULL, *agencies = NULL;
	enum haven_status st = partnership_list_areas(&areas);
	if (st == HAVEN_OK)
		st = partnership_list_agencies(NULL, NULL, &agencies);
	if (st != HAVEN_OK) {
		json_decref(areas);
		return st;
	}
	*out = json_pack("{s:s, s:o, s:o, s:i}", "title", "Record a serious incident", "areas", areas,
	                 "agencies", agencies, "contribution_days", REVIEW_CONTRIBUTION_WORKING_DAYS);
	return HAVEN_OK;
}

/*
 * GET /reviews/new, and the page again however it is shown again (POST /reviews refused, by the field
 * checks or by create_review; a form kept when its session ended): the local authority and the
 * agencies chosen in the input are chosen again.
 */
static enum haven_status new_review_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = new_model(&model);
	if (st != HAVEN_OK)
		return st;
	chosen_option_mark(json_object_get(model, "areas"), "slug", json_object_get(req->input, "la"));
	chosen_option_tick(json_object_get(model, "agencies"), "slug",
	                   json_object_get(req->input, "agencies"));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /reviews, POST /api/v1/reviews. */
static enum haven_status create_review(struct request *req, struct response *res)
{
	json_t *in = req->input;
	json_t *errors = json_array();
	enum haven_status st;
	long long la_code = 0;
	st = la_code_of_slug(field_text(in, "la"), &la_code);
	if (st == HAVEN_ERR_NOT_FOUND)
		errors_add(errors, "la", "Select the local authority from the list");
	else if (st != HAVEN_OK)
		goto fail;
	long long child = json_integer_value(json_object_get(in, "child_id"));
	if (child > 0) {
		/*
		 * A case named for a child lists among that child's records, so the recorder must be
		 * allowed to open the child's own record (the policy's relationship check, as GET
		 * /children/{id}); the partnership team, who oversee every case, may name any child. A
		 * child they may not open is answered as one that does not exist, in the same words, so
		 * the form cannot be used to find out which numbers are children.
		 */
		st = sees_every_case(req) || policy_allows(req->user, "child.read", "child", child)
		         ? reviews_child_exists(child)
		         : HAVEN_ERR_NOT_FOUND;
		if (st == HAVEN_ERR_NOT_FOUND)
			errors_add(errors, "child_id",
			           "There is no child whose record you can open in Haven with this number: "
			           "leave it blank if the child is not in Haven");
		else if (st != HAVEN_OK)
			goto fail;
		/* a record merged away stands for no one: the case lists among the kept record's */
		else if ((st = children_merged_errors(child, "child_id", "name that one", errors)) !=
		         HAVEN_OK)
			goto fail;
	}
	json_t *slugs = json_object_get(in, "agencies");
	size_t count = json_array_size(slugs);
	long long agency_ids[64];
	if (count > 64) {
		errors_add(errors, "agencies", "Select 64 agencies or fewer");
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		st = reviews_agency_id(json_string_value(json_array_get(slugs, i)), &agency_ids[i]);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "agencies", "Select the agencies involved from the list");
			break;
		} else if (st != HAVEN_OK) {
			goto fail;
		}
	}
	if (json_array_size(errors)) {
		/* the API answers with the errors; a browser gets the route's redisplay, what was chosen kept
		 */
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);

	/* agencies' information is due 5 working days after the notification deadline until it is sent
	 * (rules.h) */
	char due[CALENDAR_DATE_SIZE];
	if (!reviews_contribution_due(field_text(in, "aware_on"), NULL, due))
		return HAVEN_ERR_INVALID;
	struct review_new n = {
	    .values = in,
	    .la_code = la_code,
	    .looked_after_child = json_is_true(json_object_get(in, "looked_after_child")),
	    .agency_ids = agency_ids,
	    .agency_count = count,
	    .contributions_due_on = due,
	    .creator_id = req->user->id,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	char reference[32];
	st = reviews_create(&n, &actor, &id, reference);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The serious incident was recorded");
	response_created(res, json_pack("{s:I, s:s}", "id", (json_int_t)id, "reference", reference),
	                 "/reviews/%lld", id);
	return HAVEN_OK;
fail:
	json_decref(errors);
	return st;
}

/* ---- the partnership's theme list and settings ---- */

static enum haven_status themes_model(json_t **out)
{
	json_t *themes = NULL;
	int months = 6;
	enum haven_status st = reviews_themes(true, &themes);
	if (st == HAVEN_OK)
		st = reviews_cspr_months(&months);
	if (st != HAVEN_OK) {
		json_decref(themes);
		return st;
	}
	*out = json_pack("{s:s, s:o, s:i}", "title", "Review themes and settings", "themes", themes,
	                 "cspr_publication_months", months);
	return HAVEN_OK;
}

/* GET /reviews/themes, GET /api/v1/reviews/themes (and the page again after errors). */
static enum haven_status show_themes(struct request *req, struct response *res)
{
	(void)req;
	json_t *model = NULL;
	enum haven_status st = themes_model(&model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* After a change to the themes or settings: as case_changed, for the themes page. */
static enum haven_status settings_changed(struct response *res, enum haven_status st, json_t *errors)
{
	response_errors(res, errors);
	if (res->errors)
		return HAVEN_OK;
	if (st == HAVEN_OK)
		response_done(res, show_themes, "/reviews/themes");
	return st;
}

/*
 * The slug of theme name `name` into slug: the name in Latin letters
 * (core/latin.h), its letters and digits, lower case, runs of anything else
 * one hyphen (what shows nothing, a zero-width joiner, is no hyphen: latin.h
 * drops it); its length (0: no letters or digits). It is one of what makes
 * two names the same theme ("Neglect", "neglect!", "Negléct", and "Nеglect"
 * with a Cyrillic е, which a reader cannot tell apart: theme_taken), and
 * what a case's themes are sent as; it follows the name when a theme is
 * renamed. It is never in a URL: a theme's are by its id.
 */
enum { THEME_SLUG_SIZE = 100 }; /* a name is at most 80 characters (theme_name_fields) */

static size_t theme_slug(const char *name, char slug[static THEME_SLUG_SIZE])
{
	char *latin = latin_ascii(name);
	size_t o = 0;
	bool hyphen = false;
	for (const unsigned char *p = (const unsigned char *)(latin ? latin : name);
	     *p && o + 1 < THEME_SLUG_SIZE; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			if (hyphen && o)
				slug[o++] = '-';
			hyphen = false;
			if (o + 1 < THEME_SLUG_SIZE)
				slug[o++] = (char)*p;
		} else if (*p >= 'A' && *p <= 'Z') {
			if (hyphen && o)
				slug[o++] = '-';
			hyphen = false;
			if (o + 1 < THEME_SLUG_SIZE)
				slug[o++] = (char)(*p - 'A' + 'a');
		} else {
			hyphen = true;
		}
	}
	slug[o] = '\0';
	free(latin);
	return o;
}

/*
 * What makes theme name `name` one theme (reviews_theme_name_fn, store.h): its slug before any number
 * into slug, how it looks into *look (core/latin.h latin_look, whatever its script: "СЅЕ" in Cyrillic
 * looks like "CSE", "ΑΒ" in Greek like "Ab"; a new string, or NULL if ICU cannot tell) and *latin,
 * whether its slug is also its spelling: a name with Latin letters ("NEGLECT!", "Negléct", "Nеglect"
 * with a Cyrillic е, "Neg<ZWJ>lect", "𝐍𝐞𝐠𝐥𝐞𝐜𝐭" are all "neglect"), not one wholly in another script,
 * whose Latin spelling two different names share (市场 and 是常 are both "shi chang"). False, and
 * nothing to free, if the name has no letters or digits. "1", "I" and "l" look alike (as "0" and "O"
 * do): Haven's pages use the system's fonts, not GDS Transport, and in Arial or Segoe UI, as in a
 * spreadsheet of the figures, "Theme I" and "Theme l" cannot be told apart.
 */
static bool theme_name_of(const char *name, char *slug, size_t slug_size, char **look, bool *latin)
{
	char made[THEME_SLUG_SIZE];
	*look = NULL;
	*latin = false;
	if (!theme_slug(name, made) || slug_size == 0)
		return false;
	snprintf(slug, slug_size, "%s", made);
	*look = latin_look(name);
	*latin = !latin_none(name);
	return true;
}

/* At `haven serve`'s start: the next deadlines of cases, and what makes each theme one (store.h). */
static enum haven_status reviews_start(void)
{
	enum haven_status st = reviews_refresh_next_due();
	return st == HAVEN_OK ? reviews_themes_mend(theme_name_of, NULL) : st;
}

/*
 * A theme's new or first name: added (`id` 0) or theme `id` renamed, its
 * slug made again from it. A name with no letters or digits, or one that is
 * another theme's (one that looks or is spelt alike: theme_name_of), is an
 * error on `name`, and nothing changes. The check is the store's, in the
 * unit of work that writes (store_sqlite.c name_free), so of two look-alike
 * names sent at once the second is refused the same way.
 */
static enum haven_status name_theme(struct request *req, struct response *res, long long id)
{
	const char *name = field_text(req->input, "name");
	char slug[THEME_SLUG_SIZE];
	char *look = NULL;
	bool latin = false;
	json_t *errors = json_array();
	enum haven_status st = HAVEN_OK;
	if (!theme_name_of(name, slug, sizeof slug, &look, &latin)) {
		errors_add(errors, "name", "Enter the theme using some letters or numbers");
	} else {
		struct actor actor = auth_actor(req);
		struct reviews_theme_name theme = {
		    .name = name, .slug = slug, .look = look, .spelling = latin ? slug : NULL};
		st = id ? reviews_theme_rename(id, &theme, &actor) : reviews_theme_add(&theme, &actor);
		if (st == HAVEN_ERR_CONFLICT) {
			errors_add(errors, "name", "There is already a theme with this name");
			st = HAVEN_OK;
		}
	}
	free(look);
	response_success(res, id ? "The theme was renamed" : "The theme was added");
	return settings_changed(res, st, errors);
}

/* POST /reviews/themes: adds a theme. */
static enum haven_status add_theme(struct request *req, struct response *res)
{
	return name_theme(req, res, 0);
}

static long long theme_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* GET /reviews/themes/{id}, GET /api/v1/reviews/themes/{id}: one theme and the form to rename it (and
 * the page again after errors). The title names no theme: it is in the browser's history. */
static enum haven_status show_theme(struct request *req, struct response *res)
{
	json_t *theme = NULL;
	enum haven_status st = reviews_theme(theme_id(req), &theme);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:s, s:o}", "title", "Rename a theme", "theme", theme));
	return st;
}

/* POST /reviews/themes/{id}: renames a theme; the cases tagged with it keep it. */
static enum haven_status rename_theme(struct request *req, struct response *res)
{
	return name_theme(req, res, theme_id(req));
}

/* POST /reviews/themes/{id}/retire: retires a theme (or, with retired=false, brings it back). */
static enum haven_status retire_theme(struct request *req, struct response *res)
{
	json_t *r = json_object_get(req->input, "retired");
	struct actor actor = auth_actor(req);
	bool retired = r ? json_is_true(r) : true;
	enum haven_status st = reviews_theme_retire(theme_id(req), retired, &actor);
	response_success(res, retired ? "The theme was retired" : "The theme is offered again");
	return settings_changed(res, st, json_array());
}

/* POST /reviews/settings: how many months a CSPR has to be published in. */
static enum haven_status save_settings(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	int months = (int)json_integer_value(json_object_get(req->input, "cspr_publication_months"));
	response_success(res, "The settings were saved");
	return settings_changed(res, reviews_set_cspr_months(months, &actor), json_array());
}

/* ---- routes ---- */

/*
 * One of a case's forms: its task's page posts it to the case (and shows it
 * again with its errors), and it has its API twin. A success leads back to
 * the case's task list.
 */
#define CASE_FORM(path, fn, fields, task_page)                                                               \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = "/reviews/{id:int}" path, .action = "review.update",         \
		.handler = fn, .page = task_page, .body = fields, .redisplay = case_page_show, .api = true   \
	}

/* A task's page of a case: the case's model, shown by the task's template (the API has the case). */
#define CASE_TASK(path, task_page)                                                                           \
	{                                                                                                    \
		.method = HTTP_GET, .pattern = "/reviews/{id:int}" path, .action = "review.read",            \
		.handler = case_page_show, .page = task_page                                                 \
	}

static const struct field_spec list_query[] = {
    {.name = "stage", .label = "the stage", .type = FIELD_CHOICE, .choices = case_stages},
    {.name = "reference", .label = "the case reference", .type = FIELD_TEXT, .max = 32},
    {.name = "overdue", .label = "only cases with an overdue milestone", .type = FIELD_BOOL},
    PAGE_FIELDS,
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/reviews",
     .action = "review.list",
     .handler = list_reviews,
     .query = list_query,
     .redisplay = list_reviews,
     .page = "reviews/list",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reviews/new",
     .action = "review.create",
     .handler = new_review_form,
     .page = "reviews/new"},
    {.method = HTTP_POST,
     .pattern = "/reviews",
     .action = "review.create",
     .handler = create_review,
     .page = "reviews/new",
     .body = create_fields,
     .redisplay = new_review_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reviews/themes",
     .action = "review.settings",
     .handler = show_themes,
     .page = "reviews/themes",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/themes",
     .action = "review.settings",
     .handler = add_theme,
     .page = "reviews/themes",
     .body = theme_name_fields,
     .redisplay = show_themes,
     .api = true},
    /* a theme by its id: its name (so its slug) is typed words, kept out of URLs and logs */
    {.method = HTTP_GET,
     .pattern = "/reviews/themes/{id:int}",
     .action = "review.settings",
     .handler = show_theme,
     .page = "reviews/theme",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/themes/{id:int}",
     .action = "review.settings",
     .handler = rename_theme,
     .page = "reviews/theme",
     .body = theme_name_fields,
     .redisplay = show_theme,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/themes/{id:int}/retire",
     .action = "review.settings",
     .handler = retire_theme,
     .page = "reviews/themes",
     .body = theme_retire_fields,
     .redisplay = show_themes,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/reviews/settings",
     .action = "review.settings",
     .handler = save_settings,
     .page = "reviews/themes",
     .body = settings_fields,
     .redisplay = show_themes,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/reviews/{id:int}",
     .action = "review.read",
     .handler = case_page_show,
     .page = "reviews/case",
     .api = true},
    CASE_TASK("/notification", "reviews/task-notification"),
    CASE_TASK("/contributions", "reviews/task-contributions"),
    CASE_TASK("/rapid-review", "reviews/task-rapid-review"),
    CASE_TASK("/cspr", "reviews/task-cspr"),
    CASE_TASK("/milestones", "reviews/task-milestones"),
    CASE_TASK("/themes", "reviews/task-themes"),
    CASE_TASK("/group", "reviews/task-group"),
    CASE_FORM("/notification", case_page_record_notification, reviews_notification_fields,
              "reviews/task-notification"),
    CASE_FORM("/contributions/{contribution:int}", case_page_record_contribution, reviews_contribution_fields,
              "reviews/task-contributions"),
    CASE_FORM("/rapid-review", case_page_record_rapid_review, reviews_rapid_review_fields,
              "reviews/task-rapid-review"),
    CASE_FORM("/cspr", case_page_record_cspr, reviews_cspr_fields, "reviews/task-cspr"),
    CASE_FORM("/milestones", case_page_add_milestone, reviews_milestone_fields, "reviews/task-milestones"),
    CASE_FORM("/milestones/{milestone:int}", case_page_milestone_done, reviews_milestone_done_fields,
              "reviews/task-milestones"),
    CASE_FORM("/themes", case_page_set_themes, reviews_themes_fields, "reviews/task-themes"),
    /* the review group is the partnership team's to widen (review.group), not every member's */
    {.method = HTTP_POST,
     .pattern = "/reviews/{id:int}/members",
     .action = "review.group",
     .handler = case_page_add_member,
     .page = "reviews/task-group",
     .body = reviews_member_fields,
     .redisplay = case_page_show,
     .api = true},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* serious incident reviews: the partnership team and the named members of a review's group */
    {.action = "review.list", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "review.create", .roles = ROLE_PARTNERSHIP | ROLE_FRONT_DOOR, .audited = true},
    {.action = "review.read",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    {.action = "review.update",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    {.action = "review.sign_off",
     .roles = ROLE_PARTNERSHIP,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    /* who besides the partnership team sees a case: the team decides, so a member cannot let
     * anyone else in */
    {.action = "review.group",
     .roles = ROLE_PARTNERSHIP,
     .resource = "review",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true,
     .shown_as = "review.read"},
    {.action = "review.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* a capability, not a route: update any agency's action on a review (others only their own) */
    {.action = "review.action_any", .roles = ROLE_PARTNERSHIP},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Reviews and learning",
     .action = "review.list",
     .href = "/reviews",
     .text = "Serious incident reviews",
     .place = 160},
    {0},
};

const struct area area_reviews = {
    /* before serving, every case's earliest deadline not met worked out again (bank holidays imported
     * since the last start may move them; the cases from before migration 0143 get theirs) */
    .start = reviews_start,
    /* and whenever bank holidays are uploaded or imported, in the same unit of work */
    .working_days_changed = reviews_refresh_next_due_in,
    .tasks = reviews_tasks,
    .name = "reviews",
    .links = links,
    .access = access,
    .records = reviews_records,
    .chronology = reviews_chronology,
    .subject_access = reviews_subject_access,
    .routes = routes,
    .load_demo = reviews_load_demo,
    /* after the accounts (20: the group's members) and children (30) */
    .demo_order = 40,
};
