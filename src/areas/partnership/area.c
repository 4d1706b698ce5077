/*
 * area.c (partnership) — the partnership's structure as pages and API:
 * its local authority areas and the agencies in them.
 *
 * One handler per use case serves both faces: /agencies renders the view
 * model through a template, /api/v1/agencies sends the same model as JSON.
 */
#include <string.h>

#include "app/area.h"
#include "auth/policy.h"
#include "areas/partnership/store.h"
#include "router/page.h"

static const char *const agency_types[] = {
	"police", "local_authority", "health", "school", "college",
	"early_years", "idva_service", "partnership", "other", NULL,
};

static const char *type_label(const char *type)
{
	static const char *const labels[] = {
		"Police", "Local authority", "Health", "School", "College",
		"Early years setting", "IDVA service", "Partnership", "Other",
	};
	for (size_t i = 0; agency_types[i]; i++)
		if (strcmp(agency_types[i], type) == 0)
			return labels[i];
	return type;
}

static void add_type_labels(json_t *agencies)
{
	size_t i;
	json_t *a;
	json_array_foreach(agencies, i, a)
		json_object_set_new(a, "type_label",
				    json_string(type_label(json_string_value(json_object_get(a, "type")))));
}

static const struct field_spec agency_filter[] = {
	{.name = "type", .label = "the type of agency", .type = FIELD_CHOICE, .choices = agency_types},
	{.name = "area", .label = "the local authority area", .type = FIELD_SLUG, .max = 100},
	PAGE_FIELDS,
	{0},
};

/* The filter form's options, marking the chosen ones as selected. */
static json_t *filter_options(json_t *areas, const char *type, const char *area)
{
	json_t *types = json_array();
	for (size_t i = 0; agency_types[i]; i++)
		json_array_append_new(types, json_pack("{s:s, s:s, s:b}", "value", agency_types[i], "label",
						       type_label(agency_types[i]), "selected",
						       type && strcmp(type, agency_types[i]) == 0));
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
		json_object_set_new(a, "selected",
				    json_boolean(area && strcmp(area, json_string_value(json_object_get(a, "slug"))) == 0));
	return json_pack("{s:o, s:O}", "types", types, "areas", areas);
}

static enum haven_status list_agencies(struct request *req, struct response *res)
{
	const char *type = json_string_value(json_object_get(req->input, "type"));
	const char *area = json_string_value(json_object_get(req->input, "area"));
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *agencies = NULL, *areas = NULL;
	long long total = -1;
	enum haven_status st = partnership_agencies_page(type, area, &page, &agencies, &total);
	if (st == HAVEN_OK)
		st = partnership_list_areas(&areas);
	if (st != HAVEN_OK) {
		json_decref(agencies);
		return st;
	}
	add_type_labels(agencies);
	json_t *model = json_pack("{s:s, s:o, s:b}", "title", "Agencies in the partnership", "count",
				  page_count_json(total), "found", total > 0);
	page_finish(&page, req, model, "agencies", agencies, "id", total, "agencies");
	json_t *filter = json_object();
	if (type)
		json_object_set_new(filter, "type", json_string(type));
	if (area)
		json_object_set_new(filter, "area", json_string(area));
	json_object_set_new(model, "filter", filter);
	if (!req->api)
		json_object_set_new(model, "options", filter_options(areas, type, area));
	json_decref(areas);
	response_set_model(res, model);
	return HAVEN_OK;
}

static enum haven_status list_areas(struct request *req, struct response *res)
{
	(void)req;
	json_t *areas = NULL;
	enum haven_status st = partnership_list_areas(&areas);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:o}", "areas", areas));
	return st;
}

static enum haven_status show_agency(struct request *req, struct response *res)
{
	const char *slug = json_string_value(json_object_get(req->params, "slug"));
	json_t *agency = NULL;
	enum haven_status st = partnership_get_agency(slug, &agency);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(agency, "type_label",
			    json_string(type_label(json_string_value(json_object_get(agency, "type")))));
	response_set_model(res, json_pack("{s:O, s:o}", "title", json_object_get(agency, "name"), "agency", agency));
	return HAVEN_OK;
}

static const struct route routes[] = {
	{.method = HTTP_GET, .pattern = "/agencies", .action = ACTION_PUBLIC, .handler = list_agencies, .page = "partnership/agencies",
	 .query = agency_filter, .redisplay = list_agencies},
	{.method = HTTP_GET, .pattern = "/agencies/{slug:slug}", .action = ACTION_PUBLIC, .handler = show_agency,
	 .page = "partnership/agency"},
	{.method = HTTP_GET, .pattern = "/api/v1/agencies", .action = ACTION_PUBLIC, .handler = list_agencies, .query = agency_filter},
	{.method = HTTP_GET, .pattern = "/api/v1/agencies/{slug:slug}", .action = ACTION_PUBLIC, .handler = show_agency},
	{.method = HTTP_GET, .pattern = "/api/v1/areas", .action = ACTION_PUBLIC, .handler = list_areas},
	{0},
};

const struct area area_partnership = {
	.name = "partnership",
	.routes = routes,
	.demo_order = 10,
	.load_demo = partnership_load_demo,
};
