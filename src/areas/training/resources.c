/*
 * resources.c (training) — the resource library: 7-minute briefings,
 * guidance and videos by priority area, reading one (views counted) and
 * adding one.
 */
#include "areas/training/handlers.h"

#include <string.h>

#include "areas/training/store.h"
#include "auth/session.h"
#include "core/buf.h"

static const char *kind_label(const char *kind)
{
	if (kind && strcmp(kind, "seven_minute_briefing") == 0)
		return "7-minute briefing";
	if (kind && strcmp(kind, "guidance") == 0)
		return "Guidance";
	if (kind && strcmp(kind, "video") == 0)
		return "Video";
	return "Other";
}

static void decorate_resource(json_t *r)
{
	json_object_set_new(r, "kind_label",
	                    json_string(kind_label(json_string_value(json_object_get(r, "kind")))));
	json_object_set(r, "area_label",
	                json_object_get(r, "area_name")); /* the priority's name as it is now */
}

/* GET /training/resources, GET /api/v1/training/resources (training.read): the library, by priority area. */
enum haven_status training_handle_list_resources(struct request *req, struct response *res)
{
	struct training_list ask;
	enum haven_status st;
	if (!training_list_request(req, res, &ask, &st))
		return st;
	json_t *list = NULL;
	long long total = -1;
	st = training_resources_list(ask.area, &ask.page, &list, &total);
	if (st != HAVEN_OK)
		return st;
	if (!req->api) {
		size_t i;
		json_t *r;
		json_array_foreach(list, i, r) decorate_resource(r);
	}
	json_t *model = json_pack("{s:s}", "title", "Briefings and resources");
	page_finish(&ask.page, req, model, "resources", list, "id", total, "resources");
	if ((st = training_list_finish(req, model, "resources", ask.area)) != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /training/resources/{id}, and its API twin (training.read): reading it counts a view (store.h says
 * when). */
enum haven_status training_handle_show_resource(struct request *req, struct response *res)
{
	json_t *r = NULL;
	enum haven_status st = training_resource_view(field_int(req->params, "id"), req->user->id, &r);
	if (st != HAVEN_OK)
		return st;
	if (req->api) {
		response_set_model(res, r);
		return HAVEN_OK;
	}
	decorate_resource(r);
	/* the text is plain: a blank line starts a new paragraph */
	json_t *paragraphs = json_array();
	const char *text = json_string_value(json_object_get(r, "body"));
	struct buf para = BUF_INIT;
	for (const char *p = text ? text : "";; p++) {
		bool end = !*p || (*p == '\n' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')));
		if (end) {
			if (para.len)
				json_array_append_new(paragraphs,
				                      json_pack("{s:s}", "text", buf_cstr(&para)));
			buf_reset(&para);
			if (!*p)
				break;
			while (p[1] == '\n' || p[1] == '\r')
				p++;
		} else if (*p != '\r') {
			buf_append_char(&para, *p == '\n' ? ' ' : *p);
		}
	}
	buf_free(&para);
	json_object_set_new(r, "paragraphs", paragraphs);
	response_set_model(res, json_pack("{s:O, s:o}", "title", json_object_get(r, "title"), "resource", r));
	return HAVEN_OK;
}

/* GET /training/resources/new (training.manage); also the redisplay of the form. */
enum haven_status training_handle_new_resource_form(struct request *req, struct response *res)
{
	json_t *areas = NULL;
	enum haven_status st = training_area_choices(field_text(req->input, "area"), false, &areas);
	if (st != HAVEN_OK)
		return st;
	json_t *kinds_list = json_array();
	for (const char *const *k = training_resource_kinds; *k; k++)
		json_array_append_new(kinds_list,
		                      json_pack("{s:s, s:s}", "value", *k, "label", kind_label(*k)));
	response_set_model(res, json_pack("{s:s, s:o, s:o}", "title", "Add a resource", "areas", areas,
	                                  "kinds", kinds_list));
	return HAVEN_OK;
}

/* Only https links: the library is read by people across agencies, and a javascript: or plain http link is
 * not safe to offer. */
static bool safe_link(const char *link)
{
	if (strncmp(link, "https://", 8) != 0 || !link[8])
		return false;
	for (const char *p = link; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
			return false;
	return true;
}

/* POST /training/resources, POST /api/v1/training/resources (training.manage). */
enum haven_status training_handle_add_resource(struct request *req, struct response *res)
{
	const char *link = field_text(req->input, "link");
	if (link && !*link)
		link = NULL;
	if (link && !safe_link(link)) {
		/* a browser: the form again, the route's redisplay */
		response_error(res, "link", "Enter a link starting with https://, or leave it blank");
		return HAVEN_OK;
	}
	enum haven_status st = training_check_area(res, "area", field_text(req->input, "area"), true);
	if (st != HAVEN_OK || res->errors)
		return st;
	struct training_new_resource r = {
	    .title = field_text(req->input, "title"),
	    .kind = field_text(req->input, "kind"),
	    .area = field_text(req->input, "area"),
	    .summary = field_text(req->input, "summary"),
	    .body = field_text(req->input, "body"),
	    .link = link,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	st = training_resource_add(&r, &actor, &id);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The resource was added");
	response_created(res, json_pack("{s:I}", "id", (json_int_t)id), "/training/resources/%lld", id);
	return HAVEN_OK;
}
