/*
 * provide.h — Operation Provide's entry point for the police intake: when an
 * incident is saved, refer its adult victims to the IDVA service that covers
 * the incident's area, so an Independent Domestic Violence Adviser can offer
 * help within hours (see "Domestic abuse" in shared/domain.md).
 *
 * The rest of the area (the IDVA's list and referral pages, contact attempts,
 * closure, coverage settings and figures) lives behind area.c and store.h.
 */
#ifndef HAVEN_AREAS_PROVIDE_PROVIDE_H
#define HAVEN_AREAS_PROVIDE_PROVIDE_H

#include <jansson.h>

#include "auth/user.h"
#include "core/status.h"
#include "store/store.h"

/*
 * Refers the victims of incident `incident_id` to the IDVA service covering
 * its area. Must be called with the unit of work `tx` of a db_write
 * unit, after the incident and its adults are saved, so the referrals and
 * their emails commit or roll back with the incident.
 *
 * Which incidents create referrals is the partnership's setting
 * da_settings.idva_referrals: 'all', or 'medium_high' (DASH risk medium or
 * high). For a qualifying incident, every adult with role 'victim' gets one
 * idva_referrals row (unique per victim: calling this again, after a resend
 * or a change, creates nothing twice and sends no second email), to the
 * service in idva_coverage for the incident's la_code. Each active user with
 * role 'idva' at that service is sent one generic email (no personal data)
 * if at least one referral was created by this call.
 *
 * An area with no IDVA service makes no referral: the call still succeeds
 * (the incident must be saved), logs a warning naming only the LA code, and
 * the victims are counted as "not referred: no IDVA service covers the area"
 * on the figures and coverage pages until the partnership sets a service
 * (saving coverage refers them then).
 *
 * HAVEN_OK (also when nothing qualifies), HAVEN_ERR_NOT_FOUND for no such
 * incident, HAVEN_ERR_DB if a statement fails, or mail_enqueue's status.
 */
enum haven_status provide_refer(struct store_tx *tx, long long incident_id) HAVEN_MUST_CHECK;

/*
 * Refers every victim of a qualifying incident in area `la_code` who has no
 * referral yet (after the partnership sets coverage for an area that had
 * none). Same rules and context as provide_refer; *referred (may be NULL)
 * gets the number of referrals created.
 */
enum haven_status provide_refer_waiting(struct store_tx *tx, long long la_code,
                                        long long *referred) HAVEN_MUST_CHECK;

/*
 * For a request for support raised from IDVA referral `referral_id` for a
 * child of the victim's household (the levels-of-need tool and the request
 * form carry the pair along): the child as households_child_of_referral
 * gives it, with "referral_id" and "source" (words naming the referral and
 * household, for the pages), if `user` may read the referral (the policy's
 * "provide.read": the IDVA service working it) and the child is of its
 * household. HAVEN_ERR_NOT_FOUND otherwise, as if neither existed.
 */
enum haven_status provide_household_child(const struct user *user, long long referral_id, long long child_id,
                                          json_t **out) HAVEN_MUST_CHECK;

#endif
