/*
 * handlers.h (meetings) — the area's handlers, declared for its one route
 * table in area.c (they are in handlers.c).
 */
#ifndef HAVEN_AREAS_MEETINGS_HANDLERS_H
#define HAVEN_AREAS_MEETINGS_HANDLERS_H

#include "router/request.h"

/* GET /meetings: a page of the meetings the reader may see, latest first. */
enum haven_status meetings_index(struct request *req, struct response *res);
/* GET /meetings/new, and the form again after errors. */
enum haven_status meetings_new_form(struct request *req, struct response *res);
/* POST /meetings: a new meeting of the board or a group, planned. */
enum haven_status meetings_add(struct request *req, struct response *res);
/* GET /meetings/{id}: one meeting in sections, and the forms for the partnership team. */
enum haven_status meetings_show(struct request *req, struct response *res);
/* POST /meetings/{id}/status: planned, held or cancelled. */
enum haven_status meetings_change_status(struct request *req, struct response *res);
/* POST /meetings/{id}/agenda: an item at the end of the agenda. */
enum haven_status meetings_add_item(struct request *req, struct response *res);
/* POST /meetings/{id}/attendance: someone present for an agency, or its apologies. */
enum haven_status meetings_add_attendance(struct request *req, struct response *res);
/* POST /meetings/{id}/decisions: a decision, on an agenda item or none. */
enum haven_status meetings_add_decision(struct request *req, struct response *res);
/* POST /meetings/{id}/actions: an action agreed, added to an action plan. */
enum haven_status meetings_add_action(struct request *req, struct response *res);
/* GET /meetings/{id}/edit: the form correcting the meeting's date, start time and place. */
enum haven_status meetings_edit_form(struct request *req, struct response *res);
/* POST /meetings/{id}: the meeting's corrected date, start time and place. */
enum haven_status meetings_correct_details(struct request *req, struct response *res);
/* GET /meetings/{id}/agenda/{item}/edit: the form correcting an agenda item. */
enum haven_status meetings_item_form(struct request *req, struct response *res);
/* POST /meetings/{id}/agenda/{item}: an agenda item corrected, keeping its place. */
enum haven_status meetings_correct_item(struct request *req, struct response *res);
/* POST /meetings/{id}/attendance/{row}/remove: attendance recorded by mistake removed. */
enum haven_status meetings_remove_attendance(struct request *req, struct response *res);
/* GET /meetings/{id}/decisions/{decision}/edit: the form correcting a decision. */
enum haven_status meetings_decision_form(struct request *req, struct response *res);
/* POST /meetings/{id}/decisions/{decision}: a decision corrected. */
enum haven_status meetings_correct_decision(struct request *req, struct response *res);

#endif
