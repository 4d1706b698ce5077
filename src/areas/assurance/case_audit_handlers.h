/*
 * case_audit_handlers.h (assurance, private) — the handlers and field specs
 * of multi-agency case audits (case_audits.c), for the area's one route
 * table in area.c.
 */
#ifndef HAVEN_ASSURANCE_CASE_AUDIT_HANDLERS_H
#define HAVEN_ASSURANCE_CASE_AUDIT_HANDLERS_H

#include "router/fields.h"
#include "router/router.h"

extern const struct field_spec case_audit_input[], case_finding_fields[], case_grade_fields[],
    case_action_input[], case_action_update_fields[], case_findings_due_fields[];

route_handler case_audits_list;
route_handler case_audit_new_form;
route_handler case_audit_create;
route_handler case_audit_show;
route_handler case_finding_form;
route_handler case_grade_form;
route_handler case_audit_record_finding;
route_handler case_audit_grade;
route_handler case_audit_add_action;
route_handler case_audit_findings_due;
route_handler case_action_form;
route_handler case_audit_update_action;

#endif
