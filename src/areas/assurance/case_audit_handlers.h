/*
 * case_audit_handlers.h (assurance, private) — the handlers and field specs
 * of multi-agency case audits (case_audits.c), for the area's one route
 * table in area.c.
 */
#ifndef HAVEN_ASSURANCE_CASE_AUDIT_HANDLERS_H
#define HAVEN_ASSURANCE_CASE_AUDIT_HANDLERS_H

#include "router/fields.h"
#include "router/request.h"

extern const struct field_spec case_audit_input[], case_finding_fields[], case_grade_fields[],
    case_action_input[], case_action_update_fields[];

enum haven_status case_audits_list(struct request *req, struct response *res);
enum haven_status case_audit_new_form(struct request *req, struct response *res);
enum haven_status case_audit_create(struct request *req, struct response *res);
enum haven_status case_audit_show(struct request *req, struct response *res);
enum haven_status case_finding_form(struct request *req, struct response *res);
enum haven_status case_grade_form(struct request *req, struct response *res);
enum haven_status case_audit_record_finding(struct request *req, struct response *res);
enum haven_status case_audit_grade(struct request *req, struct response *res);
enum haven_status case_audit_add_action(struct request *req, struct response *res);
enum haven_status case_action_form(struct request *req, struct response *res);
enum haven_status case_audit_update_action(struct request *req, struct response *res);

#endif
