/*
 * pages.h (reviews, private) — what the area's files share for the route
 * table in area.c: one case's task pages (case.c) and the words and date
 * rules both the new-case form and the tasks use (area.c).
 */
#ifndef HAVEN_AREAS_REVIEWS_PAGES_H
#define HAVEN_AREAS_REVIEWS_PAGES_H

#include <jansson.h>

#include "router/fields.h"
#include "router/router.h"

#define REVIEWS_LONG_TEXT 10000

/* ---- case.c: one case's pages ---- */
extern const struct field_spec reviews_notification_fields[], reviews_contribution_fields[],
    reviews_rapid_review_fields[], reviews_cspr_fields[], reviews_milestone_fields[],
    reviews_milestone_done_fields[], reviews_themes_fields[], reviews_member_fields[];
route_handler case_page_show;
route_handler case_page_record_notification;
route_handler case_page_record_contribution;
route_handler case_page_record_rapid_review;
route_handler case_page_record_cspr;
route_handler case_page_add_milestone;
route_handler case_page_milestone_done;
route_handler case_page_set_themes;
route_handler case_page_add_member;

/* ---- area.c ---- */
/*
 * The date rule a field spec cannot express: the date `name` of `values` (if
 * given) not before `earliest` (if given); the message, naming both dates,
 * added to `errors`. (Not after today is the field's .when.)
 */
void reviews_date_rule(json_t *errors, const json_t *values, const char *name, const char *what,
                       const char *earliest, const char *earliest_what);
/* "Death" or "Serious harm". */
const char *reviews_harm_label(const char *harm);
/* The rapid review's decision in words. */
const char *reviews_decision_label(const char *decision);

#endif
