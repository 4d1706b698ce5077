/*
 * handlers.h (partnership) — the handlers of the set-up steps that have a
 * page of their own beside the checklist (setup_steps.c): the partnership's
 * name and a local authority area's school term dates. The routes that call
 * them are in area.c.
 */
#ifndef HAVEN_PARTNERSHIP_HANDLERS_H
#define HAVEN_PARTNERSHIP_HANDLERS_H

#include "router/request.h"

/* The largest file of term dates taken (200 terms are about 20 KB of CSV). */
#define PARTNERSHIP_TERMS_MAX_BYTES (1024 * 1024)

/* GET /admin/partnership, /api/v1/partnership (and the form again after errors): the name as it is. */
route_handler partnership_name_form;
/* POST /admin/partnership: the name saved (the API's is PUT /api/v1/partnership). */
route_handler partnership_name_save;
route_handler partnership_name_put;
/* GET /admin/local-authorities/{code}/term-dates and its twin: the terms known, and the upload form. */
route_handler partnership_term_dates;
/* POST the same path and its twin: a CSV file of terms replacing those of the years it holds terms for. */
route_handler partnership_term_dates_upload;

#endif
