/*
 * figures.h (encompass, private) — the figures page and its downloads
 * (figures.c), for the area's route table in area.c, and the figures the
 * area publishes (its `.figures`).
 */
#ifndef HAVEN_AREAS_ENCOMPASS_FIGURES_H
#define HAVEN_AREAS_ENCOMPASS_FIGURES_H

#include <jansson.h>

#include "router/fields.h"
#include "router/router.h"

extern const struct field_spec encompass_figures_query[];

/* GET /encompass/figures, GET /api/v1/encompass/figures (encompass.figures); also the page again. */
route_handler encompass_figures_page;
/* GET /encompass/figures.csv and /encompass/figures.xlsx: the page's tables to take away. */
route_handler encompass_figures_download;

/*
 * What the area publishes for the days [from, to] (app/figures.h): incidents
 * and notifications by local authority, as the figures page counts them.
 */
enum haven_status encompass_published(const char *from, const char *to, json_t *sections);

#endif
