/*
 * household.c (provide) — the children of a referral's household, for the
 * journey that raises a request for support for one of them (provide.h).
 * The levels-of-need tool and the request form ask here, at every step,
 * whether the person may act for this child from this referral: the same
 * policy decision as opening the referral, and the child one the households
 * area finds at the victim's address.
 */
#include <stdio.h>

#include "areas/households/households.h"
#include "areas/provide/provide.h"
#include "auth/policy.h"
#include "router/fields.h"

enum haven_status provide_household_child(const struct user *user, long long referral_id, long long child_id,
                                          json_t **out)
{
	*out = NULL;
	if (referral_id <= 0 || child_id <= 0 ||
	    !policy_allows(user, "provide.read", "idva_referral", referral_id))
		return HAVEN_ERR_NOT_FOUND;
	json_t *child = NULL;
	enum haven_status st = households_child_of_referral(referral_id, child_id, &child);
	if (st != HAVEN_OK)
		return st;
	char source[400];
	snprintf(source, sizeof source, "Operation Provide referral %s, household at %s",
	         field_text(child, "referral_reference"), field_text(child, "household"));
	json_object_set_new(child, "referral_id", json_integer(referral_id));
	json_object_set_new(child, "source", json_string(source));
	*out = child;
	return HAVEN_OK;
}
