/*
 * figures_page.h — how an area's figures page answers, once for every
 * figures page whose model is made from the reporting period the query asks
 * for: a period that is not one is 400 with the page again (the route's
 * redisplay) and its errors; otherwise the page's model.
 */
#ifndef HAVEN_APP_FIGURES_PAGE_H
#define HAVEN_APP_FIGURES_PAGE_H

#include <jansson.h>

#include "core/status.h"
#include "router/fields.h"
#include "router/request.h"

/*
 * Makes a figures page's model for `req` into *out (new), adding to
 * `errors` what is wrong with the period asked for (and leaving *out NULL).
 * Returns the store's failure, else HAVEN_OK.
 */
typedef enum haven_status (*figures_model_fn)(const struct request *req, json_t *errors, json_t **out);

/* Answers `req` with the model `model_of` makes: the store's failure as it is, 400 for a period refused. */
enum haven_status figures_page_show(struct request *req, struct response *res,
                                    figures_model_fn model_of) HAVEN_MUST_CHECK;

/*
 * The period `input` asks for (period_from_input: `rule`'s default for a date
 * left out, counted from `today`) in *out, filled even when refused. False
 * after answering 400 with the period's error on `res`: the caller then sets
 * the page's model, showing the period asked for.
 */
bool figures_page_period(const json_t *input, const struct period_rule *rule, int32_t today,
                         struct response *res, struct period *out);

/*
 * The model of a figures page shown again for a period refused (its route's
 * redisplay): its `title`, and no figures ("found" false).
 */
void figures_page_without_figures(struct response *res, const char *title);

#endif
