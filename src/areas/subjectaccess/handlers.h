/*
 * handlers.h (subjectaccess) — the area's handlers, declared for its one
 * route table in area.c (they are in handlers.c).
 */
#ifndef HAVEN_AREAS_SUBJECTACCESS_HANDLERS_H
#define HAVEN_AREAS_SUBJECTACCESS_HANDLERS_H

#include "router/router.h"

/* The choices of who asked and of how a request ended, for the field specs (NULL-ended). */
extern const char *const subject_access_requesters[];
extern const char *const subject_access_outcomes[];
/* The evidence of a requester's identity that can be recorded as seen (NULL-ended). */
extern const char *const subject_access_evidence[];

/* GET /subject-access: the open requests, soonest due first, overdue ones tagged. */
route_handler subject_access_index;
/* GET /subject-access/new, and the form again after errors. */
route_handler subject_access_new_form;
/* POST /subject-access: records a request, its due date worked out, its requester's identity not yet
 * verified. */
route_handler subject_access_add;
/* GET /subject-access/{id}: one request, with the forms to extend and to close it while open. */
route_handler subject_access_show;
/* POST /subject-access/{id}/identity: records how the requester's identity was checked, so the pack opens. */
route_handler subject_access_identity;
/* POST /subject-access/{id}/extension: extends it by 1 or 2 further months, with a reason. */
route_handler subject_access_extension;
/* POST /subject-access/{id}/closure: closes it, with the date answered and the outcome. */
route_handler subject_access_closure;
/*
 * GET /subject-access/{id}/pack: everything Haven holds about the child, for an open request whose
 * requester's identity is verified (409 naming identity_verified until it is).
 */
route_handler subject_access_show_pack;

#endif
