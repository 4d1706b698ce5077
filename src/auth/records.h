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
	 * Declared with RECORD_CHILDREN and set with RECORD_CHILDREN_OF (below),
	 * which also set children_insert.
	 */
	const char *children;
	/* The audit trail's statement writing those children's audit_children rows (RECORD_CHILDREN_INSERT).
	 */
	const char *children_insert;
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
	/*
	 * SQL finding a row when record :id exists, a registered statement: a break-glass grant is
	 * given only on a record that exists (never ahead of one). NULL: no glass is broken into it.
	 */
	const char *exists;
};

/*
 * The statement writing audit_children for a children query `select` (a
 * string literal whose one parameter, :id, is ?1), the audit row's id as ?2:
 * the query as a common table expression, inserted from. One statement a
 * record rather than a SELECT and an INSERT a child: on PostgreSQL one round
 * trip. Made from the same literal at compile time, so the two cannot drift
 * and the registry's checks (test_store_statements, scripts/pg-statements.py)
 * prepare both. WHERE: SQLite reads an INSERT ... SELECT ... ON CONFLICT
 * unambiguously only with one.
 */
#define RECORD_CHILDREN_INSERT(select)                                                                       \
	"WITH shown (child_id) AS (" select ") INSERT INTO audit_children (child_id, audit_id)"              \
	" SELECT child_id, CAST(?2 AS BIGINT) FROM shown WHERE child_id IS NOT NULL ON CONFLICT DO NOTHING"

/*
 * Declares a record type's children query: `name`, the query `select` (a
 * string literal), and `name`_insert, its RECORD_CHILDREN_INSERT form, both
 * registered (DB_REGISTER). One declaration, so a `static` before it makes
 * both static:
 *
 *   static RECORD_CHILDREN(children_of_visit, "SELECT child_id FROM visits WHERE id = :id");
 *   ... {.name = "visit", .related = related_visit, RECORD_CHILDREN_OF(children_of_visit)}
 *
 * Needs store/db.h.
 */
#define RECORD_CHILDREN(name, select)                                                                        \
	const char name[] = select, name##_insert[] = RECORD_CHILDREN_INSERT(select);                        \
	DB_REGISTER(name);                                                                                   \
	DB_REGISTER(name##_insert)

/* A struct record_type's children, declared with RECORD_CHILDREN: both members from the one declaration. */
#define RECORD_CHILDREN_OF(name) .children = name, .children_insert = name##_insert

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
