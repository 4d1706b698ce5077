/*
 * setup_steps.c (partnership) — the set-up steps an administrator with no
 * shell does from a page, each the same change as its command:
 *
 *   the partnership's name    /admin/partnership: partnership_set_self, as
 *                             `haven partnership set --name` (and PUT
 *                             /api/v1/partnership) call it;
 *   school term dates         /admin/local-authorities/CODE/term-dates: the
 *                             CSV `haven import term-dates` reads, read by
 *                             the same parser (incidents/terms.h) and saved
 *                             by the same store call, all or nothing.
 *
 * Both are audited in the unit of work of the change, by the administrator.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "areas/incidents/terms.h"
#include "areas/partnership/handlers.h"
#include "areas/partnership/store.h"
#include "auth/session.h"
#include "auth/store.h"
#include "core/buf.h"
#include "router/errors.h"
#include "router/fields.h"

/* ---- the partnership's name ---- */

enum haven_status partnership_name_form(struct request *req, struct response *res)
{
	(void)req;
	json_t *self = NULL;
	enum haven_status st = partnership_get_self(&self);
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return st;
	json_t *model = json_pack("{s:s, s:O, s:O}", "title", "The partnership's name", "name",
	                          self ? json_object_get(self, "name") : json_null(), "slug",
	                          self ? json_object_get(self, "slug") : json_null());
	json_decref(self);
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * The name (and slug) the request sends, saved as the partnership's own
 * agency (*created: the first time): the one step of the page's form and of
 * PUT /api/v1/partnership. Refused input is HAVEN_OK with its errors on res.
 */
static enum haven_status save_name(struct request *req, struct response *res, bool *created)
{
	json_t *problems = json_array();
	struct actor actor = auth_actor(req);
	enum haven_status st = partnership_set_self(
	    field_text(req->input, "name"), field_text(req->input, "slug"), &actor, created, problems);
	if (st == HAVEN_ERR_INVALID) {
		size_t i;
		json_t *p;
		json_array_foreach(problems, i, p)
		    response_error(res, field_text(p, "field"), field_text(p, "message"));
		st = HAVEN_OK;
	}
	json_decref(problems);
	return st;
}

/* POST /admin/partnership: the page's form, back to the checklist. */
enum haven_status partnership_name_save(struct request *req, struct response *res)
{
	bool created = false;
	enum haven_status st = save_name(req, res, &created);
	if (st == HAVEN_OK && !res->errors) {
		response_success(res, "The partnership's name is saved");
		response_done(res, partnership_name_form, "/admin/setup");
	}
	return st;
}

/* PUT /api/v1/partnership: the partnership's own agency, named (201 when created the first time). */
enum haven_status partnership_name_put(struct request *req, struct response *res)
{
	bool created = false;
	enum haven_status st = save_name(req, res, &created);
	if (st == HAVEN_OK && !res->errors) {
		res->status = created ? 201 : 200;
		response_set_model(
		    res, json_pack("{s:s, s:b}", "name", field_text(req->input, "name"), "created", created));
	}
	return st;
}

/* ---- school term dates ---- */

/* The local authority area whose code is the path's, as {code, slug, name}; HAVEN_ERR_NOT_FOUND if none. */
static enum haven_status area_of(const struct request *req, json_t **out)
{
	return partnership_get_area(field_int(req->params, "code"), out);
}

enum haven_status partnership_term_dates(struct request *req, struct response *res)
{
	json_t *area = NULL, *terms = NULL;
	enum haven_status st = area_of(req, &area);
	if (st == HAVEN_OK)
		st = incidents_list_terms(field_int(area, "code"), &terms);
	if (st != HAVEN_OK) {
		json_decref(area);
		return st;
	}
	struct buf title = BUF_INIT;
	buf_printf(&title, "School term dates: %s", field_text(area, "name"));
	json_t *model = json_pack("{s:s, s:o, s:I, s:o, s:I}", "title", buf_cstr(&title), "area", area,
	                          "count", (json_int_t)json_array_size(terms), "terms", terms,
	                          "max_kilobytes", (json_int_t)(PARTNERSHIP_TERMS_MAX_BYTES / 1024));
	buf_free(&title);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* Every problem of a term-dates file by its row, as the command prints them: the file changes nothing. */
static void term_problems(struct response *res, struct buf *problems)
{
	problems->data[problems->len - 1] = '\0';
	char *rest = NULL;
	for (char *line = strtok_r(problems->data, "\n", &rest); line; line = strtok_r(NULL, "\n", &rest)) {
		line[0] = (char)toupper((unsigned char)line[0]); /* "Row 3: ...", a sentence on a page */
		response_error(res, "file", line);
	}
	buf_free(problems);
}

enum haven_status partnership_term_dates_upload(struct request *req, struct response *res)
{
	json_t *area = NULL;
	enum haven_status st = area_of(req, &area);
	if (st != HAVEN_OK)
		return st; /* no such area: 404, whatever the file */
	long long code = field_int(area, "code");
	json_decref(area);
	if (!req->file || req->file->len == 0) {
		response_error(res, "file", "Choose a CSV file of term dates to upload");
		return HAVEN_OK;
	}
	struct incident_terms terms;
	struct buf problems = BUF_INIT;
	if (!incidents_terms_from_csv((const char *)req->file->data, req->file->len, &terms, &problems)) {
		term_problems(res, &problems);
		incidents_terms_free(&terms);
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	size_t removed = 0;
	st = incidents_replace_terms(code, &terms, &actor, &removed, &problems);
	incidents_terms_free(&terms);
	if (st == HAVEN_ERR_INVALID && problems.len) {
		/* a term overlapping one the authority keeps from a year the file does not replace */
		term_problems(res, &problems);
		return HAVEN_OK;
	}
	buf_free(&problems);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The term dates are saved");
	response_done(res, partnership_term_dates, "/admin/local-authorities/%lld/term-dates", code);
	return HAVEN_OK;
}
