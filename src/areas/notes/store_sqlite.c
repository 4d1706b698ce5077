/*
 * store_sqlite.c (notes) — the SQLite side of store.h: notes and their
 * versions, the units of work that add and correct one with its audit row,
 * the note's record types (who may read it, who may correct it) and its
 * events in a child's chronology.
 */
#include "areas/notes/store.h"

#include "app/chronology.h"
#include "auth/audit.h"
#include "store/db.h"

/* ---- writes ---- */

struct note_change {
	long long child_id, id;
	const struct note_text *text;
	const char *reason; /* NULL for the first version */
	const struct actor *actor;
};

/* Writes version `version` of note c->id. */
static enum haven_status insert_version(sqlite3 *db, const struct note_change *c, long long version)
{
	sqlite3_stmt *stmt = db_prepare(
	    db, "INSERT INTO case_note_versions (note_id, version, happened_on, category, visibility, body,"
	        " correction_reason, written_by, written_at)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, c->id);
	sqlite3_bind_int64(stmt, 2, version);
	sqlite3_bind_text(stmt, 3, c->text->happened_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, c->text->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, c->text->visibility, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, c->text->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, c->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 8, c->actor->user_id);
	return db_exec_stmt(stmt);
}

static enum haven_status create_unit(sqlite3 *db, void *ctx)
{
	struct note_change *c = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "INSERT INTO case_notes (child_id, agency_id, created_at)"
	                                    " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, c->child_id);
	sqlite3_bind_int64(stmt, 2, c->actor->agency_id);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	c->id = sqlite3_last_insert_rowid(db);
	if ((st = insert_version(db, c, 1)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "note.create", "case_note", c->id, NULL);
}

enum haven_status notes_create(long long child_id, const struct note_text *text, const struct actor *actor,
                               long long *id)
{
	struct note_change c = {.child_id = child_id, .text = text, .actor = actor};
	enum haven_status st = db_write(create_unit, &c);
	*id = c.id;
	return st;
}

static enum haven_status correct_unit(sqlite3 *db, void *ctx)
{
	struct note_change *c = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "UPDATE case_notes SET current_version = current_version + 1"
	                                    " WHERE id = ? RETURNING current_version");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, c->id);
	json_t *row = NULL;
	enum haven_status st = db_row(stmt, &row);
	if (st != HAVEN_OK)
		return st;
	long long version = json_integer_value(json_object_get(row, "current_version"));
	json_decref(row);
	if ((st = insert_version(db, c, version)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "note.correct", "case_note", c->id, c->reason);
}

enum haven_status notes_correct(long long id, const struct note_text *text, const char *reason,
                                const struct actor *actor)
{
	struct note_change c = {.id = id, .text = text, .reason = reason, .actor = actor};
	return db_write(correct_unit, &c);
}

/* ---- reads ---- */

enum haven_status notes_get(long long id, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt =
	    db ? db_prepare(db, "SELECT n.id, n.child_id, c.given_name, c.family_name, n.agency_id,"
	                        " a.name AS agency_name, n.current_version, n.created_at"
	                        " FROM case_notes n JOIN children c ON c.id = n.child_id"
	                        " JOIN agencies a ON a.id = n.agency_id WHERE n.id = ?")
	       : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, id);
	json_t *note = NULL;
	enum haven_status st = db_row(stmt, &note);
	if (st != HAVEN_OK)
		return st;
	sqlite3_stmt *versions = db_prepare(
	    db, "SELECT v.version, v.happened_on, v.category, v.visibility, v.body, v.correction_reason,"
	        " v.written_at, u.name AS written_by_name FROM case_note_versions v"
	        " JOIN users u ON u.id = v.written_by WHERE v.note_id = ? ORDER BY v.version DESC");
	json_t *list = NULL;
	if (versions) {
		sqlite3_bind_int64(versions, 1, id);
		list = db_rows(versions);
	}
	if (!list) {
		json_decref(note);
		return HAVEN_ERR_DB;
	}
	/* the current version's fields on the note itself */
	json_object_update(note, json_array_get(list, 0));
	json_object_del(note, "correction_reason");
	json_object_set_new(note, "versions", list);
	*out = note;
	return HAVEN_OK;
}

enum haven_status notes_child(long long child_id, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt =
	    db ? db_prepare(db, "SELECT id, given_name, family_name FROM children WHERE id = ?") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, child_id);
	return db_row(stmt, out);
}

/* ---- a child's chronology ---- */

static const struct chronology_kind note_kind = {.kind = "case-note",
                                                 .kind_label = "Case notes",
                                                 .action = "note.read",
                                                 .record_type = "case_note",
                                                 .href = "/notes/"};

enum haven_status notes_chronology(long long child_id, json_t *events)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt =
	    db ? db_prepare(
	             db,
	             "SELECT v.happened_on AS at, n.id AS record_id, a.name AS agency,"
	             " 'Case note (' || replace(v.category, '_', ' ') || '): '"
	             " || CASE WHEN length(v.body) > 120 THEN substr(v.body, 1, 117) || '...' ELSE v.body END"
	             " || CASE WHEN n.current_version > 1 THEN ' (corrected)' ELSE '' END AS text"
	             " FROM case_notes n JOIN case_note_versions v ON v.note_id = n.id"
	             " AND v.version = n.current_version JOIN agencies a ON a.id = n.agency_id"
	             " WHERE n.child_id = ?")
	       : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, child_id);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	chronology_add_rows(events, rows, &note_kind);
	return HAVEN_OK;
}

/* ---- record types ---- */

/* the writing agency; and, when the current version says so, every agency linked to the child */
static const char related_case_note[] =
    "SELECT 1 FROM case_notes n JOIN case_note_versions v ON v.note_id = n.id AND v.version = "
    "n.current_version"
    " WHERE n.id = :id AND (n.agency_id = :agency OR (v.visibility = 'linked_agencies' AND EXISTS"
    " (SELECT 1 FROM child_links l WHERE l.child_id = n.child_id AND l.agency_id = :agency)))";
DB_REGISTER(related_case_note);

static const char children_of_case_note[] = "SELECT child_id FROM case_notes WHERE id = :id";
DB_REGISTER(children_of_case_note);

/* correcting a note: the agency that wrote it, and nobody else */
static const char related_case_note_writer[] =
    "SELECT 1 FROM case_notes WHERE id = :id AND agency_id = :agency";
DB_REGISTER(related_case_note_writer);

const struct record_type notes_records[] = {
    {.name = "case_note",
     .related = related_case_note,
     .children = children_of_case_note,
     .documents = "note.read", /* documents attached to a note: whoever may read the note */
     .href = "/notes/"},
    {.name = "case_note_writer", .related = related_case_note_writer, .children_as = "case_note"},
    {0},
};

/* ---- demo ---- */

enum haven_status notes_load_demo_rows(void)
{
	return db_load_demo_sql("demo/notes.sql", NULL, NULL);
}
