/*
 * handlers.h (neglect) — the area's handlers kept in files of their own,
 * for the route table in area.c.
 */
#ifndef HAVEN_AREAS_NEGLECT_HANDLERS_H
#define HAVEN_AREAS_NEGLECT_HANDLERS_H

#include "router/fields.h"
#include "router/router.h"

/* GET /neglect/figures, GET /api/v1/neglect/figures (figures.c). */
route_handler neglect_figures;
/* The figures page's form alone, shown again with the errors of a period its field checks refused. */
route_handler neglect_figures_redisplay;
extern const struct field_spec neglect_figures_query[];
/* What the area publishes for the days [from, to] (app/figures.h): assessments by local authority. */
enum haven_status neglect_published(const char *from, const char *to, json_t *sections);

/* One assessment: its form, begun, shown, edited as a draft, finished, agreed (assessments.c). */
extern const struct field_spec neglect_assessment_fields[], neglect_new_query[], neglect_agreement_fields[];
route_handler neglect_assessment_new_form;
route_handler neglect_assessment_begin;
/* The forms again after a field failed its spec: what was typed kept, every other problem listed too. */
route_handler neglect_assessment_begin_again;
route_handler neglect_assessment_update_again;
route_handler neglect_assessment_show;
route_handler neglect_assessment_edit_form;
route_handler neglect_assessment_update;
route_handler neglect_assessment_agree;
/* A colleague takes over a draft whose author no longer acts for the agency. */
route_handler neglect_assessment_take_over;
extern const struct field_spec neglect_take_over_fields[];

#endif
