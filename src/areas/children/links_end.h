/*
 * links_end.h (children) — an agency stopping work with a child
 * (links_end.c): the form's fields and the handlers area.c routes to.
 */
#ifndef HAVEN_AREAS_CHILDREN_LINKS_END_H
#define HAVEN_AREAS_CHILDREN_LINKS_END_H

#include "router/fields.h"
#include "router/request.h"

/* Which of the agency's links has ended, from when, why, and "Yes" on "Are you sure?". */
extern const struct field_spec children_end_link_fields[];

/* GET /children/{id}/links/end, and the page again after errors. */
enum haven_status children_end_link_form(struct request *req, struct response *res);

/* POST /children/{id}/links/end, /api/v1/children/{id}/links/end. */
enum haven_status children_end_link_handler(struct request *req, struct response *res);

#endif
