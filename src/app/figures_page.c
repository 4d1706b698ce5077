/*
 * figures_page.c — a figures page's answer from its model or its period's
 * errors, the same for every area (figures_page.h).
 */
#include "app/figures_page.h"

enum haven_status figures_page_show(struct request *req, struct response *res, figures_model_fn model_of)
{
	json_t *errors = json_array(), *model = NULL;
	enum haven_status st = model_of(req, errors, &model);
	if (st == HAVEN_OK && json_array_size(errors)) {
		json_decref(model);
		res->status = 400;            /* the query's period, as the field specs answer */
		response_errors(res, errors); /* the page again, without figures: the route's redisplay */
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	else
		json_decref(model);
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

void figures_page_without_figures(struct response *res, const char *title)
{
	response_set_model(res, json_pack("{s:s, s:b}", "title", title, "found", 0));
}
