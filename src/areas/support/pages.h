/*
 * pages.h (support, private) — what the area's files share for the route
 * table in area.c: making a request (making.c), what it publishes
 * (published.c) and how values are called on pages (describe.c).
 */
#ifndef HAVEN_AREAS_SUPPORT_PAGES_H
#define HAVEN_AREAS_SUPPORT_PAGES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "router/fields.h"
#include "router/request.h"
#include "router/router.h"

/* The largest record number a form or the API may name. */
#define SUPPORT_MAX_ID 999999999999LL

/* ---- making.c ---- */
extern const struct field_spec support_new_query[], support_page_fields[], support_api_fields[];
extern const struct check_step support_request_check;
/* GET /requests-for-support/new: the form for an assessment (or what to do without one). */
route_handler support_new_request_form;
/* POST /requests-for-support/new/{assessment}, POST /api/v1/support-requests: the request made. */
route_handler support_create_request;

/* ---- published.c ---- */
/* What the area publishes for the days [from, to] (app/figures.h): requests for support by local authority.
 */
enum haven_status support_published(const char *from, const char *to, json_t *sections);

/* ---- describe.c ---- */
/* A decision's words ("Early help"). */
const char *support_decision_label(const char *decision);
/* A date "YYYY-MM-DD" as people read it, into out; NULL for none. */
const char *support_date_label(const char *date, char *out, size_t size);
/* o's date `from` as people read it, under `key`. */
void support_set_date_label(json_t *o, const char *from, const char *key);
/* A list row's status, deadline and decision in words, as of `now`. */
void support_describe_row(json_t *r, int64_t now);
/* The assessment's level and indicators by the names its framework document `doc` gives them. */
void support_describe_assessment(json_t *a, const json_t *doc);

#endif
