/*
 * return_handlers.h (assurance, private) — the handlers and field specs of
 * agencies' returns (returns.c), for the area's one route table in area.c.
 */
#ifndef HAVEN_ASSURANCE_RETURN_HANDLERS_H
#define HAVEN_ASSURANCE_RETURN_HANDLERS_H

#include "router/fields.h"
#include "router/router.h"

extern const struct field_spec return_score_fields[], return_submit_fields[], return_moderate_fields[],
    return_question_fields[], return_answer_fields[], return_action_fields[], return_action_update_fields[];

route_handler return_list;
route_handler return_show;
route_handler return_standard_form;
route_handler return_save_score;
route_handler return_submit;
route_handler return_moderate;
route_handler return_ask_question;
route_handler return_answer_form;
route_handler return_action_form;
route_handler return_answer_question;
route_handler return_add_action;
route_handler return_update_action;
route_handler return_standard_show;
route_handler return_evidence_form;
route_handler return_confirm_moderation;

#endif
