/*
 * handlers.h (priorities) — the area's handlers, declared for its one route
 * table in area.c (they are in handlers.c).
 */
#ifndef HAVEN_AREAS_PRIORITIES_HANDLERS_H
#define HAVEN_AREAS_PRIORITIES_HANDLERS_H

#include "router/router.h"

/* GET /priorities: every priority, those offered first, by name. */
route_handler priorities_index;
/* GET /priorities/new, and the form again after errors. */
route_handler priorities_new_form;
/* POST /priorities: adds one. */
route_handler priorities_add;
/* GET /priorities/{id}: one priority, and the forms to change it for the partnership team. */
route_handler priorities_show;
/* POST /priorities/{id}: renames it, or changes its description or period. */
route_handler priorities_change;
/* POST /priorities/{id}/retirement: retires it (retired=true) or offers it again. */
route_handler priorities_retirement;

#endif
