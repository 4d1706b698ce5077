/*
 * list.h (children, private) — the children list and search (list.c), for
 * the area's route table in area.c, and the words for a link's relationship.
 */
#ifndef HAVEN_AREAS_CHILDREN_LIST_H
#define HAVEN_AREAS_CHILDREN_LIST_H

#include "router/fields.h"
#include "router/request.h"

extern const struct field_spec children_search_fields[], children_list_query[];

/* GET /children, GET /api/v1/children: a page of the agency's children. */
enum haven_status children_list_page(struct request *req, struct response *res);
/* POST /children/search: the agency's children found by name and date of birth. */
enum haven_status children_search_page(struct request *req, struct response *res);
/* The list's first page, when a search is refused. */
enum haven_status children_first_page(struct request *req, struct response *res);

/* A child's link to an agency in words ("School or setting"); area.c. */
const char *children_relationship_label(const char *relationship);

#endif
