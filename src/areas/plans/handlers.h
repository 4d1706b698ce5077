/*
 * handlers.h (plans) — the area's handlers, declared for its one route table
 * in area.c (they are in handlers.c).
 */
#ifndef HAVEN_AREAS_PLANS_HANDLERS_H
#define HAVEN_AREAS_PLANS_HANDLERS_H

#include "router/router.h"

/* GET /plans: every plan with its RAG status, and the local operational groups. */
route_handler plans_index;
/* POST /plans/groups: adds a local operational group. */
route_handler plans_add_group;
/* GET /plans/new, and the form again after errors. */
route_handler plans_new_form;
/* POST /plans: adds a plan for a priority and a group (or the board). */
route_handler plans_add;
/* GET /plans/{id}: one plan, its actions and their RAG status. */
route_handler plans_show;
/* POST /plans/{id}/actions: adds an action. */
route_handler plans_add_action;
/* GET /plan-actions/{id}: one action and, for its owner, the progress form. */
route_handler plans_action_show;
/* POST /plan-actions/{id}: its status, evidence and impact. */
route_handler plans_action_progress;

#endif
