/*
 * records.h — the kinds of record the access policy and the audit trail know.
 *
 * Each area declares the records it holds (in its store, beside the tables):
 * who is related to one (for policy_decide: a relationship lets a role that
 * may take an action take it on that record) and which children one is
 * about (for the audit trail, so a search by child finds every answer that
 * showed the child). Haven gathers them at start-up (app/assemble.h) and
 * reads them without locks afterwards.
 */
#ifndef HAVEN_AUTH_RECORDS_H
#define HAVEN_AUTH_RECORDS_H

#include <stddef.h>

#include "core/status.h"

struct record_type {
	const char *name; /* "review": as policy rules' .resource and audit rows name it */
	/*
	 * SQL finding a row when the user is related to record :id, with :user
	 * (the user's id) and :agency (their agency's) bound by name, or NULL:
	 * nobody is, so only roles that see every such record (or break glass)
	 * reach it. A registered statement (DB_REGISTER), read-only.
	 */
	const char *related;
	/*
	 * SQL selecting the ids of the children record :id is about (one
	 * column; only children on the register), or NULL: it is about no child.
	 * A registered statement.
	 */
	const char *children;
	/* Another record type whose children these are (a narrower relationship to the same record). */
	const char *children_as;
	/*
	 * Documents may be attached to such a record (areas/documents) when
	 * this is set: the action on the record that lets a person see its
	 * documents and download each ("note.read"), so who may is the
	 * record's own rule (need-to-know). NULL: it takes no documents.
	 */
	const char *documents;
	/* Where such a record is shown, its id following ("/notes/"). */
	const char *href;
	/* Where its documents are listed, after href and the id ("/chronology"; NULL: the record's page): an
	 * upload returns there. */
	const char *documents_at;
	/*
	 * For a record that belongs to another (a document to the note it is
	 * attached to): SQL selecting the owning record's type and id (two
	 * columns) for :id, a registered statement. The policy decides an
	 * action on such a record as the owner type's `documents` action on
	 * the owner, and the audit trail finds its children through the owner.
	 */
	const char *owner;
};

/*
 * Adds an area's record types (ended by {0}), refusing a name another area
 * declared (*err malloc'd, naming both). Start-up only, before any thread
 * reads them.
 */
enum haven_status records_add(const char *owner, const struct record_type *types,
                              char **err) HAVEN_MUST_CHECK;

/* The record type called `name`, or NULL if no area declares it. */
const struct record_type *records_find(const char *name);

/*
 * The `i`th record type declared (in the order added; NULL past the last),
 * and in *owner the area that declared it. For start-up checks.
 */
const struct record_type *records_at(size_t i, const char **owner);

/* Forgets every record type (for tests that assemble again). */
void records_clear(void);

#endif
