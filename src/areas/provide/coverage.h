/*
 * coverage.h (provide, private) — the coverage settings' pages (coverage.c),
 * for the area's route table in area.c.
 */
#ifndef HAVEN_AREAS_PROVIDE_COVERAGE_H
#define HAVEN_AREAS_PROVIDE_COVERAGE_H

#include "router/fields.h"
#include "router/router.h"

/* What saving an area's service takes: the area's and the service's slugs ("none" for none). */
extern const struct field_spec provide_coverage_fields[];

/* GET /provide/coverage, GET /api/v1/provide/coverage: each area's service, and the victims waiting. */
route_handler provide_show_coverage;
/* The coverage page again after errors (the save's redisplay), the area and service sent picked again. */
route_handler provide_coverage_again;
/* POST /provide/coverage, /api/v1/provide/coverage: the IDVA service for one area; refers those waiting. */
route_handler provide_save_coverage;

#endif
