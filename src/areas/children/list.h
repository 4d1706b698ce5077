/*
 * list.h (children, private) — the children list and search (list.c), for
 * the area's route table in area.c, and the words for a link's relationship.
 */
#ifndef HAVEN_AREAS_CHILDREN_LIST_H
#define HAVEN_AREAS_CHILDREN_LIST_H

#include "router/fields.h"
#include "router/router.h"

extern const struct field_spec children_search_fields[], children_list_query[];

/* GET /children, GET /api/v1/children: a page of the agency's children. */
route_handler children_list_page;
/* POST /children/search: the agency's children found by name and date of birth. */
route_handler children_search_page;
/* The list's first page, when a search is refused. */
route_handler children_first_page;

/* A child's link to an agency in words ("School or setting"); area.c. */
const char *children_relationship_label(const char *relationship);

#endif
