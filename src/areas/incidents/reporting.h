/*
 * reporting.h (incidents, private) — recording an incident (reporting.c),
 * for the area's route table in area.c.
 */
#ifndef HAVEN_AREAS_INCIDENTS_REPORTING_H
#define HAVEN_AREAS_INCIDENTS_REPORTING_H

#include "router/fields.h"
#include "router/request.h"
#include "router/router.h"

extern const struct field_spec incidents_form_fields[], incidents_api_fields[];
extern const struct check_step incidents_check_step;

/* GET /incidents/new, and the form again (one more row, or its errors). */
route_handler incidents_new_form;
/* POST /incidents/new: the form's incident, after its check step. */
route_handler incidents_create_from_form;
/* POST /api/v1/da-incidents: one incident, or a batch. */
route_handler incidents_create_from_api;

#endif
