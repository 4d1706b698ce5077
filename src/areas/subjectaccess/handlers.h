/*
 * handlers.h (subjectaccess) — what the area's files share, private to the
 * area: the handlers named in area.c's route table, one file per subject
 * (requests.c: the register, recording a request and its page; identity.c:
 * the requester's identity check; changes.c: extending and closing a
 * request; pack.c: the pack), the choices area.c's field specs offer, and
 * the two helpers more than one of those files uses.
 */
#ifndef HAVEN_AREAS_SUBJECTACCESS_HANDLERS_H
#define HAVEN_AREAS_SUBJECTACCESS_HANDLERS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"
#include "router/router.h"

/* The choices of who asked and of how a request ended, for the field specs (NULL-ended). */
extern const char *const subject_access_requesters[];
extern const char *const subject_access_outcomes[];
/* The evidence of a requester's identity that can be recorded as seen (NULL-ended). */
extern const char *const subject_access_evidence[];

/* ---- requests.c ---- */
/* GET /subject-access: the open requests, soonest due first, overdue ones tagged. */
route_handler subject_access_index;
/* GET /subject-access/new, and the form again after errors. */
route_handler subject_access_new_form;
/* POST /subject-access: records a request, its due date worked out, its requester's identity not yet
 * verified. */
route_handler subject_access_add;
/* GET /subject-access/{id}: one request, with the forms to extend and to close it while open. */
route_handler subject_access_show;
/*
 * Request `id` as its pages and the API show it (who asked, the evidence and the outcome in words, and
 * whether overdue), new in *request; as subject_access_get, HAVEN_ERR_NOT_FOUND if there is none.
 */
enum haven_status subject_access_shown(long long id, json_t **request) HAVEN_MUST_CHECK;

/* ---- identity.c ---- */
/* POST /subject-access/{id}/identity: records how the requester's identity was checked, so the pack opens. */
route_handler subject_access_identity;
/*
 * True if `evidence` (one of subject_access_evidence, or NULL) is evidence of identity that fits a
 * request from `requester` (one of subject_access_requesters), as the identity check accepts it.
 */
bool subject_access_evidence_fits(const char *requester, const char *evidence);

/* ---- changes.c ---- */
/* POST /subject-access/{id}/extension: extends it by 1 or 2 further months, with a reason. */
route_handler subject_access_extension;
/* POST /subject-access/{id}/closure: closes it, with the date answered and the outcome. */
route_handler subject_access_closure;

/* ---- pack.c ---- */
/*
 * GET /subject-access/{id}/pack: everything Haven holds about the child, for an open request whose
 * requester's identity is verified (409 naming identity_verified until it is).
 */
route_handler subject_access_show_pack;

#endif
