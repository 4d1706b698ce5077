/*
 * corrections.c (children) — correcting a child's details: the form with
 * the details as they are and the corrections made so far, and the whole
 * set as it should be, with why, kept in the record's history of
 * corrections (corrections_sqlite.c). Routes: GET/POST
 * /children/{id}/correct and the API twin (area.c).
 */
#include "areas/children/handlers.h"
#include "areas/children/merged.h"
#include "app/record_created.h"
#include "areas/children/store.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"

/* ---- correcting a child's details ---- */

/*
 * GET /children/{id}/correct, and the form again after errors: the details as they are now (or as typed),
 * and the history of corrections.
 */
enum haven_status children_correct_form(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *child = NULL, *history = NULL, *model = NULL;
	enum haven_status st = children_get(id, &child);
	if (st != HAVEN_OK)
		return st;
	/* the form's values: the record's, as the form's fields name them (what was typed replaces them) */
	static const char *const names[] = {
	    "given_name", "family_name", "other_names", "date_of_birth", "expected_date_of_birth",
	    "sex",        "postcode",    "upn",         "nhs_number"};
	json_t *submitted = json_object(), *chosen = json_object(), *current = json_object();
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = field_text(child, names[i]);
		json_object_set_new(submitted, names[i], json_string(v ? v : ""));
		if (v)
			json_object_set_new(chosen, names[i], json_pack("{s:b}", v, 1));
	}
	json_object_set(current, "la_code", json_object_get(child, "la_code"));
	json_t *slugs = json_array();
	size_t i;
	json_t *setting;
	json_array_foreach(json_object_get(child, "settings"), i, setting)
	    json_array_append(slugs, json_object_get(setting, "slug"));
	json_object_set_new(current, "settings", slugs);
	const json_t *choices = json_object_size(req->input) ? req->input : current;
	if ((st = children_form_model(choices, &model)) == HAVEN_OK)
		st = children_corrections(id, &history);
	json_decref(current);
	if (st != HAVEN_OK) {
		json_decref(child);
		json_decref(submitted);
		json_decref(chosen);
		json_decref(model);
		return st;
	}
	json_object_set_new(model, "title", json_string("Correct a child's details"));
	json_object_set_new(model, "child", child);
	json_object_set_new(model, "submitted", submitted);
	json_object_set_new(model, "chosen", chosen);
	json_object_set_new(model, "corrections", history);
	json_object_set_new(model, "corrected", json_boolean(json_array_size(history) > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The API's answer after a correction: the record as it now is, and its corrections. */
static enum haven_status show_corrected_child(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *child = NULL, *history = NULL;
	enum haven_status st = children_get_with_corrections(id, &child, &history);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:o, s:o}", "child", child, "corrections", history));
	return st;
}

/* POST /children/{id}/correct, POST /api/v1/children/{id}/correct. */
enum haven_status children_correct_child(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	enum haven_status merged = children_refuse_merged(id, "child", "correct that one", res);
	if (merged != HAVEN_OK || res->errors)
		return merged;
	json_t *errors = json_array();
	struct child_identity identity = children_identity_of(req->input);
	long long setting_ids[CHILDREN_MAX_SETTINGS];
	size_t setting_count = 0;
	enum haven_status st = children_check_identity_now(&identity, NULL, errors);
	if (st == HAVEN_OK)
		st = children_settings_of(req->input, setting_ids, &setting_count, errors);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	if (!field_text(req->input, "reason"))
		errors_add(errors, "reason", "Enter why you are correcting the child's details");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct actor actor = auth_actor(req);
	st = children_correct(id, &identity, setting_ids, setting_count, field_text(req->input, "reason"),
	                      &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_error(res, "given_name", "Change at least one of the child's details, or go back");
		return HAVEN_OK;
	}
	return record_changed(res, st, "The record was corrected", show_corrected_child, "/children", id);
}
