/*
 * area.c (households) — households and repeat domestic abuse incidents
 * (issue 15). A household is a record of its own: an incident's address in
 * its local authority (made when the incident is recorded), the adults
 * known to live there with their relationship to the children (adults are
 * not children's records), and the children matched to its incidents. When
 * police attend one household `repeat_count` times or more within
 * `period_days` days (the partnership's setting), each such incident is
 * flagged in the chronology of every child matched to it (`.chronology`,
 * shown to whoever may open the incident), the household is listed for the
 * front door of its area and for each police force whose own incidents
 * there are repeats (/households), and it waits for
 * the front door to review (`.tasks`, and one email without personal data).
 *
 * Who may open a household (need-to-know, record type `household`): the
 * front door of its area, every agency working with a child of one of its
 * incidents, and the police force that sent one of its incidents (on a
 * regional hub another force's households are not theirs). A force reads
 * only its own part of a household two forces attended: its own incidents
 * there (their count, the adults named at them and their children) and the
 * adults it recorded itself (households_get), not the household's repeat
 * flag or times; its list and its children's chronology count only its own
 * force's incidents too. Each child on its page is
 * shown only to whoever may open the child's record; the others are
 * counted. Recording an adult is for the front door and the police force of
 * one of its incidents (the adult is that force's, unseen by another);
 * reviewing the flag for the front door.
 */
#include <string.h>

#include "app/answer_shows.h"
#include "app/area.h"
#include "app/record_created.h"
#include "areas/households/store.h"
#include "auth/session.h"
#include "view/chosen_option.h"

static const char *const relationships[] = {"parent", "step_parent", "partner_of_parent", "carer", "relative",
                                            "other",  NULL};
static const char *const relationship_labels[] = {"Parent", "Step-parent",      "Partner of a parent",
                                                  "Carer",  "Another relative", "Another adult living there",
                                                  NULL};

static const struct field_spec adult_fields[] = {
    {.name = "name", .label = "the adult's name", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "relationship",
     .label = "the adult's relationship to the children",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = relationships},
    {0},
};

static const char *relationship_label(const char *value)
{
	for (size_t i = 0; value && relationships[i]; i++)
		if (strcmp(relationships[i], value) == 0)
			return relationship_labels[i];
	return value;
}

static const struct field_spec settings_fields[] = {
    {.name = "repeat_count",
     .label = "how many incidents make a household's incidents repeats",
     .type = FIELD_INT,
     .required = true,
     .min = 2,
     .max = 50},
    {.name = "period_days",
     .label = "the number of days the incidents are counted over",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 3650},
    {0},
};

/* GET /households, GET /api/v1/households: the households with repeat incidents the user's agency may see. */
static enum haven_status list_repeats(struct request *req, struct response *res)
{
	json_t *settings = NULL, *households = NULL;
	long long force = 0;
	enum haven_status st = households_force_of(req->user->agency_id, &force);
	if (st == HAVEN_OK)
		st = households_settings(&settings);
	if (st == HAVEN_OK && (st = households_repeats(req->user->agency_id, force, &households)) != HAVEN_OK)
		json_decref(settings);
	if (st != HAVEN_OK)
		return st;
	/* addresses and counts, no child: its audit row names none, as any list that shows no child */
	response_set_model(res, json_pack("{s:s, s:o, s:o, s:b}", "title", "Households with repeat incidents",
	                                  "settings", settings, "households", households, "any",
	                                  json_array_size(households) > 0));
	return HAVEN_OK;
}

/* GET /households/settings, and the form again after errors. */
static enum haven_status settings_form(struct request *req, struct response *res)
{
	(void)req;
	json_t *settings = NULL;
	enum haven_status st = households_settings(&settings);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:s, s:o}", "title",
		                                  "When incidents at a household are repeats", "settings",
		                                  settings));
	return st;
}

/* POST /households/settings, POST /api/v1/households/settings. */
static enum haven_status change_settings(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st = households_set((int)field_int(req->input, "repeat_count"),
	                                      (int)field_int(req->input, "period_days"), &actor);
	if (st == HAVEN_OK)
		response_done(res, settings_form, "/households/settings");
	return st;
}

/* ---- one household ---- */

/* The household's page model: the household as the viewer's agency may read it (a police force, its own
 * part), its children narrowed to those the viewer may open, the rest counted. */
static enum haven_status household_model(struct request *req, long long id, json_t **out)
{
	json_t *h = NULL;
	long long force = 0;
	enum haven_status st = households_force_of(req->user->agency_id, &force);
	if (st == HAVEN_OK)
		st = households_get(id, force, &h);
	if (st != HAVEN_OK)
		return st;
	json_t *shown = json_array();
	long long hidden = 0;
	size_t i;
	json_t *child;
	json_array_foreach(json_object_get(h, "children"), i, child)
	{
		if (policy_allows(req->user, "child.read", "child", field_int(child, "id")))
			json_array_append(shown, child);
		else
			hidden++;
	}
	json_object_set_new(h, "children", shown);
	json_object_set_new(h, "any_children", json_boolean(json_array_size(shown) > 0));
	json_object_set_new(h, "hidden_children", json_integer(hidden));
	json_t *adult;
	json_array_foreach(json_object_get(h, "adults"), i, adult) json_object_set_new(
	    adult, "relationship_label", json_string(relationship_label(field_text(adult, "relationship"))));
	json_object_set_new(h, "any_adults", json_boolean(json_array_size(json_object_get(h, "adults")) > 0));
	json_object_set_new(h, "any_incident_adults",
	                    json_boolean(json_array_size(json_object_get(h, "incident_adults")) > 0));
	bool can_add_adult = policy_allows(req->user, "household.adult", "household", id),
	     can_review = json_is_true(json_object_get(h, "waiting")) &&
	                  policy_allows(req->user, "household.review", "household", id);
	json_t *model = json_pack("{s:s, s:o, s:b, s:b}", "title", "Household", "household", h,
	                          "can_add_adult", can_add_adult, "can_review", can_review);
	*out = model;
	return HAVEN_OK;
}

/* GET /households/{id}, GET /api/v1/households/{id}. */
static enum haven_status show_household(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = household_model(req, field_int(req->params, "id"), &model);
	if (st != HAVEN_OK)
		return st;
	/* the children it shows are reads of theirs too (the household names none: records_sqlite.c) */
	response_audit_records(res, "child", json_object_get(json_object_get(model, "household"), "children"),
	                       "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /households/{id}/adults/new, and the form again after errors. */
static enum haven_status adult_form(struct request *req, struct response *res)
{
	json_t *h = NULL;
	long long force = 0;
	enum haven_status st = households_force_of(req->user->agency_id, &force);
	if (st == HAVEN_OK)
		st = households_get(field_int(req->params, "id"), force, &h);
	if (st != HAVEN_OK)
		return st;
	const char *chosen = field_text(req->input, "relationship");
	json_t *choices = chosen_option_radios("relationship", relationships, relationship_labels, chosen);
	json_t *household =
	    json_pack("{s:O, s:O, s:O}", "id", json_object_get(h, "id"), "address",
	              json_object_get(h, "address"), "area_name", json_object_get(h, "area_name"));
	json_decref(h);
	response_set_model(res, json_pack("{s:s, s:o, s:o}", "title", "Add an adult to a household",
	                                  "household", household, "relationships", choices));
	return HAVEN_OK;
}

/* POST /households/{id}/adults, POST /api/v1/households/{id}/adults. */
static enum haven_status add_adult(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	struct audit_shown shown; /* the children the API's answer shows the reader */
	enum haven_status st = answer_shows(req, show_household, &shown);
	if (st == HAVEN_OK)
		st = households_add_adult(id, field_text(req->input, "name"),
		                          field_text(req->input, "relationship"), &shown, &actor);
	answer_shows_free(&shown);
	return record_changed(res, st, "The adult was added", show_household, "/households", id);
}

/* POST /households/{id}/review, POST /api/v1/households/{id}/review: the front door has reviewed the flag. */
static enum haven_status review_household(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct actor actor = auth_actor(req);
	struct audit_shown shown; /* the children the API's answer shows the reader */
	enum haven_status st = answer_shows(req, show_household, &shown);
	if (st == HAVEN_OK)
		st = households_review(id, &shown, &actor);
	answer_shows_free(&shown);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "household", "No repeat incidents at this household wait for review");
		return HAVEN_OK;
	}
	return record_changed(res, st, NULL, show_household, "/households", id);
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/households/{id:int}",
     .action = "household.read",
     .handler = show_household,
     .page = "households/household",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/households/{id:int}/adults/new",
     .action = "household.adult",
     .handler = adult_form,
     .page = "households/adult"},
    {.method = HTTP_POST,
     .pattern = "/households/{id:int}/adults",
     .action = "household.adult",
     .handler = add_adult,
     .page = "households/adult",
     .body = adult_fields,
     .redisplay = adult_form,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/households/{id:int}/review",
     .action = "household.review",
     .handler = review_household,
     .page = "households/household",
     .redisplay = show_household,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/households",
     .action = "household.repeats",
     .handler = list_repeats,
     .page = "households/list",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/households/settings",
     .action = "household.settings",
     .handler = settings_form,
     .page = "households/settings",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/households/settings",
     .action = "household.settings",
     .handler = change_settings,
     .page = "households/settings",
     .body = settings_fields,
     .redisplay = settings_form,
     .api = true},
    {0},
};

static const struct policy_rule access[] = {
    /* the households of repeat incidents: the front door (its area's) and the police (those where their own
     * force's incidents are repeats; the list's query scopes them) */
    {.action = "household.repeats", .roles = ROLE_FRONT_DOOR | ROLE_POLICE, .audited = true},
    /* one household: the front door of its area, the agencies of its children, the police force that sent
     * one of its incidents (another force's household is a 404) */
    {.action = "household.read",
     .roles = ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_PRACTITIONER | ROLE_DSL | ROLE_IDVA,
     .resource = "household",
     .audited = true},
    /* recording an adult living there: the front door of its area and the police force of its incidents */
    {.action = "household.adult",
     .roles = ROLE_FRONT_DOOR | ROLE_POLICE,
     .resource = "household",
     .audited = true,
     .shown_as = "household.read"},
    /* reviewing its repeat-incident flag: the front door of its area */
    {.action = "household.review",
     .roles = ROLE_FRONT_DOOR,
     .resource = "household",
     .audited = true,
     .shown_as = "household.read"},
    /* when incidents count as repeats: the partnership */
    {.action = "household.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    {0},
};

static const struct area_link links[] = {
    {.section = "Children and families",
     .action = "household.repeats",
     .href = "/households",
     .text = "Households with repeat incidents",
     .place = 60},
    {.section = "Children and families",
     .action = "household.settings",
     .href = "/households/settings",
     .text = "When incidents at one household count as repeats",
     .place = 61},
    {0},
};

const struct area area_households = {
    .name = "households",
    .routes = routes,
    .access = access,
    .links = links,
    .records = households_records,
    .tasks = households_tasks,
    .chronology = households_chronology,
    .load_demo = households_load_demo,
    /* after the encompass (60) and provide (70) demos, whose incidents' addresses they are */
    .demo_order = 75,
};
