/*
 * chronology.h — how an area declares its events in a child's chronology
 * (app/area.h, `.chronology`): a table of the kinds of event it holds, each
 * with the query that gives one row per event (and, where SQL cannot write
 * an event's words, a function that does; or, where no one query gives the
 * rows, a function that makes them). chronology_read_kinds
 * (chronology_sqlite.c) walks the table, and chronology_add_rows turns
 * the rows into the event objects the children area shows, so every area's
 * events look the same, carry their kind's label and name their record the
 * same way.
 */
#ifndef HAVEN_APP_CHRONOLOGY_H
#define HAVEN_APP_CHRONOLOGY_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"

/* One kind of event an area holds about a child, and the record each comes from. */
struct chronology_kind {
	const char *kind;        /* "incident": what the chronology's filter names */
	const char *kind_label;  /* "Domestic abuse incidents": the filter's words */
	const char *action;      /* "incident.read": the viewer must be allowed this on the record */
	const char *record_type; /* "da_incident" */
	const char *href;        /* "/incidents/": the record's page is this and its id */
	/*
	 * The child's events of this kind: a statement registered with
	 * DB_REGISTER (store/db.h) in the area's store, with the child's id as
	 * ?1, giving rows {at, record_id, text, agency} as chronology_add_rows
	 * reads them; NULL when `rows` makes them.
	 */
	const char *sql;
	/*
	 * With `sql`, where a record merged into the one whose chronology is
	 * read holds copies of that record's events (children/merges_sqlite.c):
	 * the same with ?1 such a merged record, leaving the copies out so each
	 * event is said once; NULL: `sql`. Read directly, a merged record's
	 * chronology is its whole history, `sql`.
	 */
	const char *sql_merged_in;
	/*
	 * With `sql`, for words SQL cannot write (a label from a table in C,
	 * dates in words): writes the event's text from its row (which then
	 * need not give "text") into `text`, CHRONOLOGY_TEXT_SIZE bytes; NULL:
	 * the row's "text".
	 */
	void (*text)(json_t *row, char *text, size_t size);
	/*
	 * For rows no one query gives (a count): sets *rows to them, as above,
	 * as agency `reader_agency_id` may read them (a count of records some
	 * readers may not see is counted of those the reader's agency may).
	 */
	enum haven_status (*rows)(long long child_id, long long reader_agency_id, json_t **rows);
};

/* The room for an event's text a kind's `text` writes (longer is cut). */
#define CHRONOLOGY_TEXT_SIZE 400

/*
 * Appends to `events` one event per row of `rows` (taken), each row having
 * "at" (a UTC instant "2026-11-30T22:10:00Z" or a day "2026-11-30"), "text"
 * (what happened, or the words the kind's `text` writes), "agency" (who
 * recorded it) and "record_id"; a row with no "at" (a step not taken yet)
 * adds nothing.
 */
void chronology_add_rows(json_t *events, json_t *rows, const struct chronology_kind *kind);

/*
 * Appends to `events` the events of each kind of `kinds` (an area's
 * `.chronology`, ended by {0}; NULL: none) about child `child_id`, read
 * with the kind's `sql` (its `sql_merged_in` if `merged_in`: `child_id` is
 * read as a record merged into the one whose chronology this is) on the
 * reader connection or made by its `rows` for agency `reader_agency_id`
 * (chronology_sqlite.c). HAVEN_ERR_DB if one fails (`events` may then hold
 * the kinds before it).
 */
enum haven_status chronology_read_kinds(json_t *events, const struct chronology_kind *kinds,
                                        long long child_id, bool merged_in,
                                        long long reader_agency_id) HAVEN_MUST_CHECK;

#endif
