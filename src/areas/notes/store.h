/*
 * store.h (notes) — case notes about a child: written by an agency linked to
 * the child, never edited in place (a correction is a new version with its
 * reason), read by the writing agency or, if the note says so, every agency
 * linked to the child.
 */
#ifndef HAVEN_AREAS_NOTES_STORE_H
#define HAVEN_AREAS_NOTES_STORE_H

#include <jansson.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"

/* What a version of a note says (borrowed strings). */
struct note_text {
	const char *happened_on; /* YYYY-MM-DD */
	const char *category;    /* contact, concern, visit, meeting, information_shared, other */
	const char *visibility;  /* own_agency, linked_agencies */
	const char *body;
};

/* Adds a note about child `child_id` by the actor's agency (audited "note.create"); its id in *id. */
enum haven_status notes_create(long long child_id, const struct note_text *text, const struct actor *actor,
                               long long *id) HAVEN_MUST_CHECK;

/* Corrects note `id` with a new version and the reason (audited "note.correct", with the reason). */
enum haven_status notes_correct(long long id, const struct note_text *text, const char *reason,
                                const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Note `id`: {id, child_id, given_name, family_name, agency_id, agency_name, current_version, and the
 * current version's fields, versions: [every version, newest first, with written_by_name]}.
 */
enum haven_status notes_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The child's case notes as chronology events (app/chronology.h), ended by {0}. */
extern const struct chronology_kind notes_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table notes_subject_access[];

/* The demo's case note (demo.sql: note NOTES_DEMO_NOTE_ID about demo child 1), for haven init --demo. */
#define NOTES_DEMO_NOTE_ID 1
enum haven_status notes_load_demo_rows(void) HAVEN_MUST_CHECK;

extern const struct record_type notes_records[];

#endif
