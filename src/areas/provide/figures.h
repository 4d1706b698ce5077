/*
 * figures.h (provide, private) — the figures pages and downloads
 * (figures.c), for the area's route table in area.c.
 */
#ifndef HAVEN_AREAS_PROVIDE_FIGURES_H
#define HAVEN_AREAS_PROVIDE_FIGURES_H

#include "router/fields.h"
#include "router/router.h"

extern const struct field_spec provide_figures_query[];

/* GET /provide/figures, GET /api/v1/provide/figures (provide.figures). */
route_handler provide_show_figures;
/* The figures page again when its period is refused. */
route_handler provide_figures_redisplay;
/* GET /provide/figures.csv and /provide/figures.xlsx: the page's tables to take away. */
route_handler provide_figures_download;

#endif
