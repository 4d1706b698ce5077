/*
 * referrals.h (provide, private) — a referral as the IDVA sees it
 * (referrals.c): the list's and the referral page's handlers for the route
 * table in area.c, and what the changes to a referral (contact.c) answer
 * and check with.
 */
#ifndef HAVEN_AREAS_PROVIDE_REFERRALS_H
#define HAVEN_AREAS_PROVIDE_REFERRALS_H

#include <jansson.h>

#include "router/fields.h"
#include "router/router.h"

/* What the list may be asked for: open or closed, a risk level, a police reference, the order, the page. */
extern const struct field_spec provide_list_query[];

/*
 * GET /provide, GET /api/v1/provide/referrals: one page of the service's
 * referrals, with how many are open and closed.
 */
route_handler provide_list_referrals;
/* GET /provide/referrals/{id}, GET /api/v1/provide/referrals/{id} (and the page again after a form's errors).
 */
route_handler provide_show_referral;

/* The referral the path names ({id}). */
long long provide_referral_id(const struct request *req);
/* An outcome's code ("could_not_contact") in words ("Could not be contacted"). */
const char *provide_outcome_label(const char *code);
/* A 0/1 column of `obj` as JSON false/true (null stays null), for the API and because Mustache holds 0 true.
 */
void provide_as_bool(json_t *obj, const char *key);

#endif
