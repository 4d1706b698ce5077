/*
 * cycle_handlers.h (assurance, private) — the handlers and field specs of
 * audit cycles (cycles.c), for the area's one route table in area.c, and a
 * cycle's model, which the results page reads too.
 */
#ifndef HAVEN_ASSURANCE_CYCLE_HANDLERS_H
#define HAVEN_ASSURANCE_CYCLE_HANDLERS_H

#include <jansson.h>

#include "core/status.h"
#include "router/fields.h"
#include "router/router.h"

extern const struct field_spec cycle_list_query[], cycle_open_fields[];

route_handler cycle_list;
route_handler cycle_new_form;
route_handler cycle_show;
route_handler cycle_open;

/* Cycle `id` as its page and API show it on `day` (YYYY-MM-DD): its returns, each one's status and tags, and
 * their counts. HAVEN_ERR_NOT_FOUND if there is none. */
enum haven_status cycle_model(long long id, const char *day, json_t **out) HAVEN_MUST_CHECK;

/* The published standards sets as a page's model, titled `title`, `any_key` true when there are any, the
 * set `chosen` marked (area.c: the standards page's, and the new cycle form's). */
enum haven_status assurance_standard_sets_page(struct response *res, const char *title, const char *any_key,
                                               const json_t *chosen) HAVEN_MUST_CHECK;

#endif
