/*
 * chronology.h — how an area writes its events into a child's chronology
 * (app/area.h, `.chronology`): a query gives one row per event, and
 * chronology_add_rows turns the rows into the event objects the children
 * area shows, so every area's events look the same and name their record the
 * same way. A store reads its query and adds its rows in one call,
 * chronology_read (app/chronology_sqlite.h); chronology_add_rows is for rows
 * made in C (a count no one query gives).
 */
#ifndef HAVEN_APP_CHRONOLOGY_H
#define HAVEN_APP_CHRONOLOGY_H

#include <jansson.h>

/* One kind of event an area holds about a child, and the record each comes from. */
struct chronology_kind {
	const char *kind;        /* "incident": what the chronology's filter names */
	const char *kind_label;  /* "Domestic abuse incidents": the filter's words */
	const char *action;      /* "incident.read": the viewer must be allowed this on the record */
	const char *record_type; /* "da_incident" */
	const char *href;        /* "/incidents/": the record's page is this and its id */
};

/*
 * Appends to `events` one event per row of `rows` (taken), each row having
 * "at" (a UTC instant "2026-11-30T22:10:00Z" or a day "2026-11-30"), "text"
 * (what happened), "agency" (who recorded it) and "record_id"; a row with no
 * "at" (a step not taken yet) adds nothing.
 */
void chronology_add_rows(json_t *events, json_t *rows, const struct chronology_kind *kind);

#endif
