/*
 * record.c (children) — a child's record: the page (the child's details,
 * the agencies linked and those that have stopped working with the child,
 * the corrections made, and links to other areas' pages about the child the
 * user may open) and the API's answer (children_record_text, record_text.h).
 * A record merged into another sends the reader to the one kept. Who may
 * read it is the policy's ("child.read"); the server audits the GET.
 * Route: GET /children/{id} and its API twin (area.c).
 */
#include <stdio.h>

#include "app/area.h"
#include "app/date_words.h"
#include "areas/children/handlers.h"
#include "areas/children/record_text.h"
#include "areas/children/store.h"
#include "auth/policy.h"
#include "core/buf.h"
#include "router/page.h"

static void add_nhs_display(json_t *child)
{
	char text[16];
	if (children_nhs_display(field_text(child, "nhs_number"), text))
		json_object_set_new(child, "nhs_number_display", json_string(text));
}

/* Whether the request, allowed its route's action on child `id` (children_show_child's routes are each about
 * the child whose record they show), may also take `action` on them: the relationship the route's
 * decision read is not read again (policy_allows_beside). */
static bool allowed_on_shown_child(const struct request *req, const char *action, long long id)
{
	return policy_allows_beside(req->user, action, req->route ? req->route->action : NULL, "child", id);
}

/* children_show_child's answer to the API, written by children_record_text (record_text.h); false, with `res`
 * untouched, where it cannot be. */
static bool answer_record_text(struct request *req, struct response *res, long long id)
{
	struct child_record r;
	if (children_record(id, &r) != HAVEN_OK)
		return false;
	if (r.merged_into) {
		long long kept = r.merged_into;
		children_record_free(&r);
		response_success(res, ""); /* a redirect on reading, not a change: no banner */
		response_done(res, children_show_taken_child, "/children/%lld", kept);
		return true;
	}
	json_t *corrections = NULL;
	if (r.corrected && children_corrections(id, &corrections) != HAVEN_OK) {
		children_record_free(&r);
		return false;
	}
	bool can_merge = allowed_on_shown_child(req, "child.merge", id);
	struct buf text = BUF_INIT;
	buf_reserve(&text, 4096); /* as the server's own writer: one allocation for most records */
	bool ok = children_record_text(&text, &r, corrections, can_merge);
	children_record_free(&r);
	json_decref(corrections);
	if (!ok) {
		buf_free(&text);
		return false;
	}
	res->body_owned = buf_steal(&text, &res->body_len);
	res->content_type = "application/json";
	return true;
}

/* The other areas' pages about child `id` that the request may open (app/area.h, child_links): [{href,
 * text}]. */
static json_t *area_links(const struct request *req, long long id)
{
	json_t *links = json_array();
	for (const struct area *const *a = haven_areas; *a; a++)
		for (const struct child_page_link *l = (*a)->child_links; l && l->href; l++) {
			if (!allowed_on_shown_child(req, l->action, id))
				continue;
			char href[128];
			snprintf(href, sizeof href, "%s%lld%s", l->href, id, l->after ? l->after : "");
			json_array_append_new(links, json_pack("{s:s, s:s}", "href", href, "text", l->text));
		}
	return links;
}

/*
 * GET /children/{id}, GET /api/v1/children/{id}. The API's answer is
 * children_record_text's, the page's this model: a key added to one is added to
 * the other (tests/http/children-record-text.test.mjs holds the API's keys).
 */
enum haven_status children_show_child(struct request *req, struct response *res)
{
	long long id = json_integer_value(json_object_get(req->params, "id"));
	if (req->api && answer_record_text(req, res, id))
		return HAVEN_OK;
	json_t *child = NULL, *history = NULL;
	enum haven_status st = children_get_with_corrections(id, &child, &history);
	if (st != HAVEN_OK)
		return st;
	long long kept = field_int(child, "merged_into");
	if (kept) {
		/* merged into another record: a browser goes there; the API hears where (merged_into) */
		json_decref(child);
		json_decref(history);
		response_success(res, ""); /* a redirect on reading, not a change: no banner */
		response_done(res, children_show_taken_child, "/children/%lld", kept);
		return HAVEN_OK;
	}
	size_t i;
	json_t *link;
	json_array_foreach(json_object_get(child, "links"), i, link)
	    json_object_set_new(link, "relationship_label",
	                        json_string(children_relationship_label(
	                            json_string_value(json_object_get(link, "relationship")))));
	const char *sex = children_sex_label(field_text(child, "sex"));
	if (sex)
		json_object_set_new(child, "sex_label", json_string(sex));
	add_nhs_display(child);
	json_object_set_new(child, "has_settings",
	                    json_boolean(json_array_size(json_object_get(child, "settings")) > 0));
	json_object_set_new(child, "can_merge", json_boolean(allowed_on_shown_child(req, "child.merge", id)));
	json_object_set_new(child, "can_end_link",
	                    json_boolean(allowed_on_shown_child(req, "child.end_link", id)));
	json_t *ended = NULL;
	if ((st = children_links_ended(id, &ended)) != HAVEN_OK) {
		json_decref(child);
		json_decref(history);
		return st;
	}
	json_array_foreach(ended, i, link)
	{
		json_object_set_new(
		    link, "relationship_label",
		    json_string(children_relationship_label(field_text(link, "relationship"))));
		date_words_set(link, "ended_on", "ended_on_words");
	}
	json_object_set_new(child, "links_ended", ended);
	json_object_set_new(child, "any_links_ended", json_boolean(json_array_size(ended) > 0));
	response_set_model(res, json_pack("{s:s, s:o, s:o, s:b, s:o}", "title", "Child's record", "child",
	                                  child, "corrections", history, "corrected",
	                                  json_array_size(history) > 0, "area_links", area_links(req, id)));
	return HAVEN_OK;
}
