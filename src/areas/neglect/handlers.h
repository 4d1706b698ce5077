/*
 * handlers.h (neglect) — the area's handlers kept in files of their own,
 * for the route table in area.c.
 */
#ifndef HAVEN_AREAS_NEGLECT_HANDLERS_H
#define HAVEN_AREAS_NEGLECT_HANDLERS_H

#include "router/fields.h"
#include "router/request.h"

/* GET /neglect/figures, GET /api/v1/neglect/figures (figures.c). */
enum haven_status neglect_figures(struct request *req, struct response *res);
extern const struct field_spec neglect_figures_query[];

#endif
