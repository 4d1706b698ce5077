/*
 * store.h (documents) — documents attached to a record (a child, a case
 * note, any record type that takes them): the row saying what each is and
 * what it is attached to, and its file, sealed with the key file's documents subkey in the
 * folder beside the database (DB.documents/ID, never in the web root).
 */
#ifndef HAVEN_AREAS_DOCUMENTS_STORE_H
#define HAVEN_AREAS_DOCUMENTS_STORE_H

#include <jansson.h>
#include <stddef.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"

struct document_upload {
	const char *owner_type; /* the record it is attached to: "case_note" */
	long long owner_id;
	const char *description;
	const char *media_type; /* found from the content */
	const unsigned char *data;
	size_t len;
};

/*
 * Stores a document and its audit row in one unit: the row, then the sealed
 * file. If anything fails, neither is left behind. Sets *id.
 */
enum haven_status documents_create(const struct document_upload *upload, const struct actor *actor,
                                   long long *id) HAVEN_MUST_CHECK;

/* The row of document `id`, with owner_type and owner_id (HAVEN_ERR_NOT_FOUND if none). */
enum haven_status documents_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Reads and opens document `id`'s file into *data (malloc'd, *len bytes).
 * HAVEN_ERR_IO if it is missing or does not open with this key file.
 */
enum haven_status documents_read(long long id, unsigned char **data, size_t *len) HAVEN_MUST_CHECK;

/* The documents attached to a record, oldest first (HAVEN_OK and an empty array if none). */
enum haven_status documents_of(const char *owner_type, long long owner_id, json_t **out) HAVEN_MUST_CHECK;

/* The documents attached to the child as chronology events (app/chronology.h), ended by {0}. */
extern const struct chronology_kind documents_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table documents_subject_access[];

extern const struct record_type documents_records[];

#endif
