/*
 * account_enable.h — re-enabling a disabled account, and refusing to disable
 * one's own, once for both who may: the partnership's administrators (admin,
 * /admin/users/{id}/enable) and an agency administrator for their own people
 * (agencyadmin, /agency/users/{id}/enable). The routes' policies decide who
 * may re-enable whom; this only does it, audited with the request's "reason".
 */
#ifndef HAVEN_APP_ACCOUNT_ENABLE_H
#define HAVEN_APP_ACCOUNT_ENABLE_H

#include "core/status.h"
#include "router/request.h"

/*
 * Re-enables account `id` as `req`'s user, with the "reason" of
 * req->input, in one unit of work with its audit row. HAVEN_OK also when the
 * account was not disabled (nothing is written) or was re-enabled by someone
 * else meanwhile; HAVEN_ERR_NOT_FOUND when there is no such account (404);
 * any other status as the store gave it. Request thread.
 */
enum haven_status account_enable(const struct request *req, long long id) HAVEN_MUST_CHECK;

/* Nobody disables their own account: the refusal's words. */
extern const char account_not_yourself[];

/*
 * Refuses `req`'s user disabling their own account: 409. The API's answer
 * refuses the whole request (problem+json with the words as its detail, no
 * field); a page shows them by `field`, on the model the caller has set.
 */
void account_refuse_disabling_yourself(const struct request *req, struct response *res, const char *field);

#endif
