/*
 * chronology.h (children) — a child's chronology: every area's events about
 * the child in date order, each shown only to a viewer the policy lets open
 * the record it comes from (chronology.c). Private to the children area.
 */
#ifndef HAVEN_AREAS_CHILDREN_CHRONOLOGY_H
#define HAVEN_AREAS_CHILDREN_CHRONOLOGY_H

#include "router/router.h"

/* The chronology's filters: a kind of event, and a period (PERIOD_FIELDS). */
extern const struct field_spec chronology_query[];

/* GET /children/{id}/chronology, GET /api/v1/children/{id}/chronology (and its page again after errors). */
route_handler show_chronology;

#endif
