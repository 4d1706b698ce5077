/*
 * context_disruptions.c (contextual) — the disruption activity against a
 * person of concern or a place (a child abduction warning notice or an
 * arrest against a person, a licensing review or a closure order against a
 * place, other against any): its kinds in words, which fit which record,
 * and recording one from the record's page (contexts.c shows them, and the
 * form's choices, there). Both faces share the handlers; which records a
 * route holds is its path, as in contexts.c.
 */
#include <stdbool.h>
#include <string.h>

#include "app/answer_shows.h"
#include "areas/contextual/contexts.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/session.h"
#include "router/errors.h"

static const char *const disruption_kinds[] = {"cawn",          "arrest", "licensing_review",
                                               "closure_order", "other",  NULL};

const struct field_spec contextual_disruption_fields[] = {
    {.name = "disruption",
     .label = "the kind of disruption",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = disruption_kinds},
    {.name = "started_on",
     .label = "the date it started",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "ended_on", .label = "the date it ended", .type = FIELD_DATE},
    {.name = "outcome", .label = "the outcome", .type = FIELD_TEXT, .max = 2000},
    {0},
};

/* A kind of disruption, in words. */
const char *contextual_disruption_label(const char *kind)
{
	static const char *const labels[][2] = {{"cawn", "Child abduction warning notice"},
	                                        {"arrest", "Arrest"},
	                                        {"licensing_review", "Licensing review"},
	                                        {"closure_order", "Closure order"},
	                                        {"other", "Other disruption"}};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(kind, labels[i][0]) == 0)
			return labels[i][1];
	return kind;
}

/* Which disruptions fit which record: notices and arrests are against people, reviews and orders places. */
static bool disruption_fits(const char *disruption, const char *kind)
{
	if (strcmp(disruption, "other") == 0)
		return true;
	if (strcmp(kind, "person") == 0)
		return strcmp(disruption, "cawn") == 0 || strcmp(disruption, "arrest") == 0;
	if (strcmp(kind, "place") == 0)
		return strcmp(disruption, "licensing_review") == 0 ||
		       strcmp(disruption, "closure_order") == 0;
	return false;
}

/* The disruptions that fit a kind of record (as disruption_fits says), for its form's choices. */
json_t *contextual_disruption_choices(const char *kind, const char *chosen)
{
	json_t *choices = json_array();
	for (size_t i = 0; disruption_kinds[i]; i++) {
		if (!disruption_fits(disruption_kinds[i], kind))
			continue;
		json_array_append_new(choices,
		                      json_pack("{s:s, s:s, s:b}", "value", disruption_kinds[i], "text",
		                                contextual_disruption_label(disruption_kinds[i]), "selected",
		                                strcmp(disruption_kinds[i], chosen) == 0));
	}
	return choices;
}

static enum haven_status disrupt(struct request *req, struct response *res, bool persons)
{
	json_t *context = NULL, *errors = json_array();
	enum haven_status st = contextual_context_get(field_int(req->params, "id"), persons, &context);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	if (field_text(context, "ended_at")) {
		json_decref(context);
		json_decref(errors);
		response_error(res, "disruption", ended_message);
		return HAVEN_OK;
	}
	const json_t *in = req->input;
	struct disruption d = {field_text(in, "disruption"), field_text(in, "started_on"),
	                       field_text(in, "ended_on"), field_text(in, "outcome")};
	if (!disruption_fits(d.kind, field_text(context, "kind")))
		errors_add(
		    errors, "disruption",
		    strcmp(field_text(context, "kind"), "person") == 0
		        ? "Against a person, choose a child abduction warning notice, an arrest or other"
		    : strcmp(field_text(context, "kind"), "place") == 0
		        ? "Against a place, choose a licensing review, a closure order or other"
		        : "Against a group, choose other and describe it in the outcome");
	json_decref(context);
	/* started today or in the past: its field's .when */
	if (d.ended_on && strcmp(d.ended_on, d.started_on) < 0)
		errors_add(errors, "ended_on", "The date it ended must be on or after the date it started");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct actor actor = auth_actor(req);
	struct audit_shown shown; /* the children the API's answer shows the reader */
	st = answer_shows(req, show_of(persons), &shown);
	if (st == HAVEN_OK)
		st = contextual_disruption_add(field_int(req->params, "id"), &d, &shown, &actor);
	answer_shows_free(&shown);
	if (st == HAVEN_OK)
		back_to_record(req, res, persons);
	return st;
}

enum haven_status contextual_disrupt_context(struct request *req, struct response *res)
{
	response_success(res, "The disruption was recorded");
	return disrupt(req, res, false);
}

enum haven_status contextual_disrupt_person(struct request *req, struct response *res)
{
	response_success(res, "The disruption was recorded");
	return disrupt(req, res, true);
}
