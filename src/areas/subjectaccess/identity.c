/*
 * identity.c (subjectaccess) — recording how a requester's identity was
 * checked, which opens the pack: the evidence that fits each requester (the
 * only evidence accepted, and the only evidence the request's page offers),
 * checked on a day from the request's receipt to today, by another member of
 * the partnership team than the one who recorded the request, once, while
 * the request is open.
 */
#include "areas/subjectaccess/handlers.h"

#include <string.h>

#include "app/record_created.h"
#include "areas/subjectaccess/store.h"
#include "auth/session.h"
#include "router/fields.h"

/*
 * The evidence that fits each requester, as an information governance lead checks it: the child shows
 * who they are (photo identity and address, or known in person to a practitioner); a parent, who they
 * are and that they hold parental responsibility, which knowing them in person does not show; a
 * representative, the authority they act on and their own identity. Other evidence is refused.
 */
static const struct {
	const char *requester;
	const char *const *evidence; /* NULL-ended, in subject_access_evidence's order */
	const char *what_fits;       /* the refusal of any other */
} evidence_fitting[] = {
    {"child", (const char *const[]){"photo_id_address", "known_in_person", NULL},
     "For a request from the child, choose photo identity with a proof of address, or known to a "
     "practitioner who met them in person"},
    {"parent", (const char *const[]){"parental_responsibility", NULL},
     "For a request from a parent or carer, choose photo identity with proof of parental "
     "responsibility"},
    {"representative", (const char *const[]){"signed_authority", NULL},
     "For a request from someone acting for them, choose the signed authority with the "
     "representative's own identity"},
};

/* The evidence that fits `requester` (NULL-ended), or NULL if none does; *what_fits says which. */
static const char *const *evidence_for(const char *requester, const char **what_fits)
{
	for (size_t i = 0; requester && i < sizeof evidence_fitting / sizeof *evidence_fitting; i++)
		if (strcmp(evidence_fitting[i].requester, requester) == 0) {
			*what_fits = evidence_fitting[i].what_fits;
			return evidence_fitting[i].evidence;
		}
	*what_fits = "Choose the evidence of identity seen";
	return NULL;
}

/* True if `evidence` fits `requester` (above). */
bool subject_access_evidence_fits(const char *requester, const char *evidence)
{
	const char *what_fits;
	const char *const *fitting = evidence_for(requester, &what_fits);
	for (size_t i = 0; fitting && evidence && fitting[i]; i++)
		if (strcmp(fitting[i], evidence) == 0)
			return true;
	return false;
}

/*
 * Why the requester's identity of `request` (NULL: none found) cannot be recorded as checked now, or
 * NULL if it can: it is verified already, or the request is closed.
 */
static const char *cannot_verify(const json_t *request)
{
	if (request && json_is_true(json_object_get(request, "identity_verified")))
		return "The requester's identity is already recorded as verified";
	if (request && !json_is_true(json_object_get(request, "open")))
		return "This request is closed: it cannot be changed";
	return NULL;
}

enum haven_status subject_access_identity(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *checked_on = field_text(req->input, "checked_on");
	json_t *request = NULL;
	enum haven_status st = subject_access_get(id, &request);
	if (st != HAVEN_OK)
		return st;
	const char *why = cannot_verify(request);
	struct actor actor = auth_actor(req);
	/*
	 * Two people, as an information governance lead expects before everything held about a child is
	 * gathered: one records the request, another checks who asked. (recorded_by never changes, so
	 * checking it here, outside the unit of work, cannot race.)
	 */
	if (!why && field_int(request, "recorded_by") == actor.user_id)
		why = "You recorded this request: another member of the partnership team must check the "
		      "requester's identity";
	if (why) {
		json_decref(request);
		response_conflict(res, "evidence", why);
		return HAVEN_OK;
	}
	const char *evidence = field_text(req->input, "evidence"), *what_fits;
	evidence_for(field_text(request, "requester"), &what_fits);
	if (!subject_access_evidence_fits(field_text(request, "requester"), evidence))
		response_error(res, "evidence", what_fits);
	/* today or in the past: its field's .when */
	if (strcmp(checked_on, field_text(request, "received_on")) < 0)
		response_error(
		    res, "checked_on",
		    "The date the identity was checked must be on or after the date the request was "
		    "received");
	json_decref(request);
	if (res->errors)
		return HAVEN_OK;
	st = subject_access_verify(id, checked_on, evidence, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		/* closed or verified by someone else meanwhile: say which */
		request = NULL;
		if (subject_access_get(id, &request) == HAVEN_OK)
			why = cannot_verify(request);
		json_decref(request);
		response_conflict(res, "evidence",
		                  why ? why : "This request was changed meanwhile: try again");
		return HAVEN_OK;
	}
	return record_changed(res, st,
	                      "The requester's identity was recorded as verified: the pack can be gathered",
	                      subject_access_show, "/subject-access", id);
}
