/*
 * handlers.h (priorities) — the area's handlers, declared for its one route
 * table in area.c (they are in handlers.c).
 */
#ifndef HAVEN_AREAS_PRIORITIES_HANDLERS_H
#define HAVEN_AREAS_PRIORITIES_HANDLERS_H

#include "router/request.h"

/* GET /priorities: every priority, those offered first, by name. */
enum haven_status priorities_index(struct request *req, struct response *res);
/* GET /priorities/new, and the form again after errors. */
enum haven_status priorities_new_form(struct request *req, struct response *res);
/* POST /priorities: adds one. */
enum haven_status priorities_add(struct request *req, struct response *res);
/* GET /priorities/{id}: one priority, and the forms to change it for the partnership team. */
enum haven_status priorities_show(struct request *req, struct response *res);
/* POST /priorities/{id}: renames it, or changes its description or period. */
enum haven_status priorities_change(struct request *req, struct response *res);
/* POST /priorities/{id}/retirement: retires it (retired=true) or offers it again. */
enum haven_status priorities_retirement(struct request *req, struct response *res);

#endif
