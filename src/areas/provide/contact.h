/*
 * contact.h (provide, private) — recording the IDVA's work on a referral
 * (contact.c): the attempt, outcome and closure forms' fields and handlers,
 * and the check before a referral is closed, for the route table in area.c.
 */
#ifndef HAVEN_AREAS_PROVIDE_CONTACT_H
#define HAVEN_AREAS_PROVIDE_CONTACT_H

#include "router/fields.h"
#include "router/router.h"

extern const struct field_spec provide_attempt_fields[], provide_outcome_fields[], provide_closure_fields[];

/* POST /provide/referrals/{id}/attempts and its API twin: one contact attempt. */
route_handler provide_record_attempt;
/* POST .../outcome: the outcome, closing the referral when "close" is true. */
route_handler provide_record_outcome;
/* POST .../closure: the outcome and the referral closed. */
route_handler provide_record_closure;

/* The check page before a referral is closed: always for .../closure, for .../outcome only when it closes. */
extern const struct check_step provide_closure_check, provide_outcome_closure_check;

#endif
