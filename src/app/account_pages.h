/*
 * account_pages.h — what the account pages of both who look after accounts
 * do alike: the partnership's administrators (admin, /admin/users) and an
 * agency administrator for their own people (agencyadmin, /agency/users).
 * Their list (auth/account_list.h, struct account_list) names the scope: its
 * path and API path lead to a person's page. Here: a person's account as the
 * pages show it, the answer to an account made, the check before disabling
 * one, refusing to disable one's own, and re-enabling. The routes' policies
 * decide who may change whom; this only does it, audited with the request's
 * "reason".
 */
#ifndef HAVEN_APP_ACCOUNT_PAGES_H
#define HAVEN_APP_ACCOUNT_PAGES_H

#include <jansson.h>

#include "auth/account_list.h"
#include "auth/store.h"
#include "core/status.h"
#include "router/request.h"

/* A person's account as the pages and the API show it (new object):
 * {id, name, email, agency_name, roles: [...], disabled, state}, and for an invited account
 * invitation_expires_at and invitation_expired (auth/roles.h, account_state_to_json). */
json_t *account_to_json(const struct account *account);

/*
 * Answers that account `id` was made (or invited), with `model` (taken):
 * for the API 201 and a Location at the person's API path below
 * list->api_path; a browser goes back to the list.
 */
void account_answer_created(const struct request *req, struct response *res, const struct account_list *list,
                            long long id, json_t *model);

/*
 * The "check before you disable this account" page's model: the person's
 * name and email, then `last_row` (taken: {key, value}), under `caption`,
 * with `warning`; its back link is the person's page below list->path.
 */
void account_check_disable_model(struct response *res, const struct account_list *list,
                                 const struct account *account, const char *caption, json_t *last_row,
                                 const char *warning);

/*
 * Re-enables account `id` as `req`'s user (`administrator`: whether they
 * enable it as one), with the "reason" of req->input, in one unit of work
 * with its audit row. HAVEN_OK also when the account was not disabled
 * (nothing is written) or was re-enabled by someone else meanwhile;
 * HAVEN_ERR_NOT_FOUND when there is no such account (404); HAVEN_ERR_DENIED
 * (nothing changed) when an administrator disabled it and `administrator` is
 * false; any other status as the store gave it. Request thread.
 */
enum haven_status account_enable(const struct request *req, long long id,
                                 bool administrator) HAVEN_MUST_CHECK;

/* Why an agency administrator may not enable an account an administrator disabled. */
extern const char account_disabled_by_administrator[];

/*
 * account_enable (as an administrator unless list->own_agency), then the
 * change done: a browser goes to the person's page below list->path; the API
 * answers what `api_answer` builds (NULL: the model). An administrator's
 * suspension refused an agency administrator: 409 naming why, by "reason".
 * Statuses as account_enable's.
 */
enum haven_status account_enable_done(struct request *req, struct response *res,
                                      const struct account_list *list, long long id,
                                      route_handler *api_answer) HAVEN_MUST_CHECK;

/* Nobody disables their own account: the refusal's words. */
extern const char account_not_yourself[];

/*
 * Refuses `req`'s user disabling their own account: 409. The API's answer
 * refuses the whole request (problem+json with the words as its detail, no
 * field); a page shows them by `field`, on the model the caller has set.
 */
void account_refuse_disabling_yourself(const struct request *req, struct response *res, const char *field);

#endif
