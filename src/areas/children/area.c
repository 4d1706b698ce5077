/*
 * area.c (children) — a child's record. Who may see it is decided by the
 * access policy (action "child.read": a relationship between the user's
 * agency and the child, or broken glass), and every view is audited by the
 * server before this handler runs.
 */
#include <string.h>

#include "app/area.h"
#include "areas/children/store.h"
#include "auth/policy.h"

static const char *relationship_label(const char *r)
{
	if (strcmp(r, "setting") == 0)
		return "School or setting";
	if (strcmp(r, "local_authority") == 0)
		return "Local authority for the child's area";
	if (strcmp(r, "raised_concern") == 0)
		return "Raised a concern or incident";
	if (strcmp(r, "allocated_team") == 0)
		return "Team the child is allocated to";
	return r;
}

static enum haven_status show_child(struct request *req, struct response *res)
{
	long long id = json_integer_value(json_object_get(req->params, "id"));
	json_t *child = NULL;
	enum haven_status st = children_get(id, &child);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *link;
	json_array_foreach(json_object_get(child, "links"), i, link)
		json_object_set_new(link, "relationship_label",
				    json_string(relationship_label(json_string_value(json_object_get(link, "relationship")))));
	response_set_model(res, json_pack("{s:s, s:o}", "title", "Child's record", "child", child));
	return HAVEN_OK;
}

static const struct route routes[] = {
	{.method = HTTP_GET, .pattern = "/children/{id:int}", .action = "child.read", .handler = show_child,
	 .page = "children/child"},
	{.method = HTTP_GET, .pattern = "/api/v1/children/{id:int}", .action = "child.read", .handler = show_child},
	{0},
};

const struct area area_children = {
	.name = "children",
	.routes = routes,
	.demo_order = 30,
	.load_demo = children_load_demo,
};
