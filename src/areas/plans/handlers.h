/*
 * handlers.h (plans) — the area's handlers, declared for its one route table
 * in area.c (they are in handlers.c).
 */
#ifndef HAVEN_AREAS_PLANS_HANDLERS_H
#define HAVEN_AREAS_PLANS_HANDLERS_H

#include "router/request.h"

/* GET /plans: every plan with its RAG status, and the local operational groups. */
enum haven_status plans_index(struct request *req, struct response *res);
/* POST /plans/groups: adds a local operational group. */
enum haven_status plans_add_group(struct request *req, struct response *res);
/* GET /plans/new, and the form again after errors. */
enum haven_status plans_new_form(struct request *req, struct response *res);
/* POST /plans: adds a plan for a priority and a group (or the board). */
enum haven_status plans_add(struct request *req, struct response *res);
/* GET /plans/{id}: one plan, its actions and their RAG status. */
enum haven_status plans_show(struct request *req, struct response *res);
/* POST /plans/{id}/actions: adds an action. */
enum haven_status plans_add_action(struct request *req, struct response *res);
/* GET /plan-actions/{id}: one action and, for its owner, the progress form. */
enum haven_status plans_action_show(struct request *req, struct response *res);
/* POST /plan-actions/{id}: its status, evidence and impact. */
enum haven_status plans_action_progress(struct request *req, struct response *res);

#endif
