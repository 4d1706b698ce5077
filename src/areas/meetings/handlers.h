/*
 * handlers.h (meetings) — the area's handlers, declared for its one route
 * table in area.c (they are in handlers.c).
 */
#ifndef HAVEN_AREAS_MEETINGS_HANDLERS_H
#define HAVEN_AREAS_MEETINGS_HANDLERS_H

#include "router/router.h"
#include "view/status_tag.h"

/* A meeting's statuses (planned, held, cancelled) and how each looks: the status field's choices too,
 * so area.c's route table reads it beside the handlers (it is data, declared here as they are). */
extern const struct status_tag meetings_statuses[];

/* GET /meetings: a page of the meetings the reader may see, latest first. */
route_handler meetings_index;
/* GET /meetings/new, and the form again after errors. */
route_handler meetings_new_form;
/* POST /meetings: a new meeting of the board or a group, planned. */
route_handler meetings_add;
/* GET /meetings/{id}: one meeting in sections, and the forms for the partnership team. */
route_handler meetings_show;
/* POST /meetings/{id}/status: planned, held or cancelled. */
route_handler meetings_change_status;
/* POST /meetings/{id}/agenda: an item at the end of the agenda. */
route_handler meetings_add_item;
/* POST /meetings/{id}/attendance: someone present for an agency, or its apologies. */
route_handler meetings_add_attendance;
/* POST /meetings/{id}/decisions: a decision, on an agenda item or none. */
route_handler meetings_add_decision;
/* POST /meetings/{id}/actions: an action agreed, added to an action plan. */
route_handler meetings_add_action;
/* GET /meetings/{id}/edit: the form correcting the meeting's date, start time and place. */
route_handler meetings_edit_form;
/* POST /meetings/{id}: the meeting's corrected date, start time and place. */
route_handler meetings_correct_details;
/* GET /meetings/{id}/agenda/{item}/edit: the form correcting an agenda item. */
route_handler meetings_item_form;
/* POST /meetings/{id}/agenda/{item}: an agenda item corrected, keeping its place. */
route_handler meetings_correct_item;
/* POST /meetings/{id}/attendance/{row}/remove: attendance recorded by mistake removed. */
route_handler meetings_remove_attendance;
/* GET /meetings/{id}/decisions/{decision}/edit: the form correcting a decision. */
route_handler meetings_decision_form;
/* POST /meetings/{id}/decisions/{decision}: a decision corrected. */
route_handler meetings_correct_decision;

#endif
