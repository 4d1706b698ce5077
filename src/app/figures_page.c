/*
 * figures_page.c — a figures page's answer from its model or its period's
 * errors, the same for every area (figures_page.h).
 */
#include "app/figures_page.h"

enum haven_status figures_page_frame(const struct request *req, const struct figures_page *page, json_t **out)
{
	json_t *frame = json_pack("{s:s}", "title", page->title);
	enum haven_status st = page->frame ? page->frame(req, frame) : HAVEN_OK;
	if (st != HAVEN_OK) {
		json_decref(frame);
		frame = NULL;
	}
	*out = frame;
	return st;
}

enum haven_status figures_page_show(struct request *req, struct response *res,
                                    const struct figures_page *page)
{
	json_t *frame = NULL;
	enum haven_status st = figures_page_frame(req, page, &frame);
	if (st != HAVEN_OK)
		return st;
	json_t *errors = json_array(), *model = NULL;
	st = page->model_of(req, errors, &model);
	if (st == HAVEN_OK && json_array_size(errors)) {
		json_decref(model);
		/* the page again, without figures but with its frame: what the route's redisplay shows */
		json_object_set_new(frame, "found", json_false());
		response_set_model(res, frame);
		res->status = 400;            /* the query's period, as the field specs answer */
		response_errors(res, errors); /* on the page, the GOV.UK way (http_settle) */
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st == HAVEN_OK) {
		json_object_update(model, frame);
		response_set_model(res, model);
	} else {
		json_decref(model);
	}
	json_decref(frame);
	return st;
}

bool figures_page_period(const json_t *input, const struct period_rule *rule, int32_t today,
                         struct response *res, struct period *out)
{
	json_t *errors = json_array();
	if (period_from_input(input, rule, today, out, errors)) {
		json_decref(errors);
		return true;
	}
	res->status = 400;            /* the query's period, as the field specs answer */
	response_errors(res, errors); /* the page again: the route's redisplay */
	return false;
}

enum haven_status figures_page_redisplay(struct request *req, struct response *res,
                                         const struct figures_page *page)
{
	json_t *frame = NULL;
	enum haven_status st = figures_page_frame(req, page, &frame);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(frame, "found", json_false());
	response_set_model(res, frame);
	return HAVEN_OK;
}
