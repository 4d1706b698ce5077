/*
 * figures_page.h — how an area's figures page answers, once for every
 * figures page whose model is made from the reporting period the query asks
 * for: a period that is not one is 400 with the page again (the route's
 * redisplay) and its errors; otherwise the page's model. Either way the page
 * keeps its frame: its title and what it says about whose figures they are
 * (a police force's own only, the area chosen), so the page shown again with
 * its errors says everything the page says.
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

/*
 * Adds to a figures page's `model` what the page says whatever it shows, its
 * figures or the errors in what was asked for: made from `req` alone, never
 * from the figures (whose they are: "own_force" for a police force's own,
 * incidents/figures_scope.h). Returns the store's failure, else HAVEN_OK.
 */
typedef enum haven_status (*figures_frame_fn)(const struct request *req, json_t *model);

/* A figures page: its title, its frame (NULL: the title alone) and its figures' model. */
struct figures_page {
	const char *title;
	figures_frame_fn frame;
	figures_model_fn model_of;
};

/*
 * The frame of `page` for `req` in *out (new): {title} and what page->frame
 * adds. The store's failure (and *out NULL), else HAVEN_OK.
 */
enum haven_status figures_page_frame(const struct request *req, const struct figures_page *page,
                                     json_t **out) HAVEN_MUST_CHECK;

/*
 * Answers `req` with the model page->model_of makes, with the page's frame
 * on it (the frame's keys win: one way to say them): the store's failure as
 * it is, 400 for a period refused, with the frame and no figures.
 */
enum haven_status figures_page_show(struct request *req, struct response *res,
                                    const struct figures_page *page) HAVEN_MUST_CHECK;

/*
 * The period `input` asks for (period_from_input: `rule`'s default for a date
 * left out, counted from `today`) in *out, filled even when refused. False
 * after answering 400 with the period's error on `res`: the caller then sets
 * the page's model, showing the period asked for.
 */
bool figures_page_period(const json_t *input, const struct period_rule *rule, int32_t today,
                         struct response *res, struct period *out);

/*
 * The model of a figures page shown again for a query refused (its route's
 * redisplay): its frame (figures_page_frame), and no figures ("found" false).
 */
enum haven_status figures_page_redisplay(struct request *req, struct response *res,
                                         const struct figures_page *page) HAVEN_MUST_CHECK;

#endif
