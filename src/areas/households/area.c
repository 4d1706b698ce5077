/*
 * area.c (households) — households and repeat domestic abuse incidents
 * (issue 15). A household is an incident's address in its local authority;
 * when police attend one household `repeat_count` times or more within
 * `period_days` days (the partnership's setting), each such incident is
 * flagged in the chronology of every child matched to it (`.chronology`,
 * shown to whoever may open the incident), and the household is listed for
 * the front door of its area and for the police (/households).
 */
#include "app/area.h"
#include "areas/households/store.h"
#include "auth/session.h"

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
	enum haven_status st = households_settings(&settings);
	if (st == HAVEN_OK && (st = households_repeats(req->user->agency_id, &households)) != HAVEN_OK)
		json_decref(settings);
	if (st != HAVEN_OK)
		return st;
	response_audit_records(res, "da_incident", households, "latest_incident_id");
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

static const struct route routes[] = {
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
    /* the households of repeat incidents: the front door (its area's) and the police (every area's) */
    {.action = "household.repeats", .roles = ROLE_FRONT_DOOR | ROLE_POLICE, .audited = true},
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
    .chronology = households_chronology,
};
