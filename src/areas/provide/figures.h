/*
 * figures.h (provide, private) — the figures pages and downloads
 * (figures.c), for the area's route table in area.c.
 */
#ifndef HAVEN_AREAS_PROVIDE_FIGURES_H
#define HAVEN_AREAS_PROVIDE_FIGURES_H

#include "router/fields.h"
#include "router/request.h"

extern const struct field_spec provide_figures_query[];

/* GET /provide/figures, GET /api/v1/provide/figures (provide.figures). */
enum haven_status provide_show_figures(struct request *req, struct response *res);
/* The figures page again when its period is refused. */
enum haven_status provide_figures_redisplay(struct request *req, struct response *res);
/* GET /provide/figures.csv and /provide/figures.xlsx: the page's tables to take away. */
enum haven_status provide_figures_download(struct request *req, struct response *res);

#endif
