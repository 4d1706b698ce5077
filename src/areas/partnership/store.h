/*
 * store.h (partnership) — reading the partnership's structure: its local
 * authority areas and its agencies. No database header here: handlers use
 * these, store_sqlite.c implements them.
 */
#ifndef HAVEN_PARTNERSHIP_STORE_H
#define HAVEN_PARTNERSHIP_STORE_H

#include <jansson.h>

#include "core/status.h"
#include "router/page.h"

/* Every local authority area as [{code, slug, name}] by name; new array in *out. */
enum haven_status partnership_list_areas(json_t **out) HAVEN_MUST_CHECK;

/*
 * Agencies as [{slug, name, type, area_slug, area_name}] ordered by name,
 * filtered by type and area slug when those are not NULL; new array in *out.
 * Every one: for the pickers that choose an agency (see docs/architecture.md).
 */
enum haven_status partnership_list_agencies(const char *type, const char *area_slug,
					    json_t **out) HAVEN_MUST_CHECK;

/*
 * A page (router/page.h) of them in the same order and shape, with each
 * agency's id, and *total counted up to PAGE_COUNT_CAP + 1.
 */
enum haven_status partnership_agencies_page(const char *type, const char *area_slug, const struct page *page,
                                            json_t **out, long long *total) HAVEN_MUST_CHECK;

/* One agency by slug; HAVEN_ERR_NOT_FOUND if there is none. New object in *out. */
enum haven_status partnership_get_agency(const char *slug, json_t **out) HAVEN_MUST_CHECK;

/* Loads the demo partnership (demo.sql) in one unit of work. */
enum haven_status partnership_load_demo(void) HAVEN_MUST_CHECK;

#endif
