/*
 * return_handlers.h (assurance, private) — the handlers and field specs of
 * agencies' returns (returns.c), for the area's one route table in area.c.
 */
#ifndef HAVEN_ASSURANCE_RETURN_HANDLERS_H
#define HAVEN_ASSURANCE_RETURN_HANDLERS_H

#include "router/fields.h"
#include "router/request.h"

extern const struct field_spec return_score_fields[], return_submit_fields[], return_moderate_fields[],
    return_question_fields[], return_answer_fields[], return_action_fields[], return_action_update_fields[];

enum haven_status return_list(struct request *req, struct response *res);
enum haven_status return_show(struct request *req, struct response *res);
enum haven_status return_standard_form(struct request *req, struct response *res);
enum haven_status return_save_score(struct request *req, struct response *res);
enum haven_status return_submit(struct request *req, struct response *res);
enum haven_status return_moderate(struct request *req, struct response *res);
enum haven_status return_ask_question(struct request *req, struct response *res);
enum haven_status return_answer_form(struct request *req, struct response *res);
enum haven_status return_action_form(struct request *req, struct response *res);
enum haven_status return_answer_question(struct request *req, struct response *res);
enum haven_status return_add_action(struct request *req, struct response *res);
enum haven_status return_update_action(struct request *req, struct response *res);
enum haven_status return_standard_show(struct request *req, struct response *res);

#endif
