/*
 * store_sqlite.c (notes) — the SQLite side of store.h: notes and their
 * versions, the units of work that add and correct one with its audit row,
 * the note's record types (who may read it, who may correct it) and its
 * events in a child's chronology.
 */
#include "areas/notes/store.h"

#include "areas/calendar/london.h"
#include "auth/audit.h"
#include "store/db.h"

#include <time.h>

/* ---- writes ---- */

struct note_change {
	long long child_id, id;
	const struct note_text *text;
	const char *reason; /* NULL for the first version */
	const struct actor *actor;
	/* The unit's one instant, "YYYY-MM-DDTHH:MM:SSZ": the note and its first version share it. */
	char now[CALENDAR_INSTANT_SIZE];
};

/* Writes version `version` of note c->id. */
static enum haven_status insert_version(db_conn *db, const struct note_change *c, long long version)
{
	return db_exec_with(
	    db,
	    "INSERT INTO case_note_versions (note_id, version, happened_on, category, visibility,"
	    " body, correction_reason, written_by, written_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_INT(c->id), DB_INT(version), DB_TEXT(c->text->happened_on), DB_TEXT(c->text->category),
	    DB_TEXT(c->text->visibility), DB_TEXT(c->text->body), DB_TEXT(c->reason),
	    DB_INT(c->actor->user_id), DB_TEXT(c->now));
}

static enum haven_status create_unit(db_conn *db, void *ctx)
{
	struct note_change *c = ctx;
	calendar_format_instant((int64_t)time(NULL), c->now);
	enum haven_status st =
	    db_integer_with(db,
	                    "INSERT INTO case_notes (child_id, agency_id, created_at)"
	                    " VALUES (?, ?, ?) RETURNING id",
	                    &c->id, DB_INT(c->child_id), DB_INT(c->actor->agency_id), DB_TEXT(c->now));
	if (st != HAVEN_OK)
		return st;
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

static enum haven_status correct_unit(db_conn *db, void *ctx)
{
	struct note_change *c = ctx;
	calendar_format_instant((int64_t)time(NULL), c->now);
	long long version = 0;
	enum haven_status st = db_integer_with(db,
	                                       "UPDATE case_notes SET current_version = current_version + 1"
	                                       " WHERE id = ? RETURNING current_version",
	                                       &version, DB_INT(c->id));
	if (st != HAVEN_OK)
		return st;
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
	db_conn *db = db_reader();
	json_t *note = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT n.id, n.child_id, c.given_name, c.family_name, n.agency_id,"
	                " a.name AS agency_name, n.current_version, n.created_at"
	                " FROM case_notes n JOIN children c ON c.id = n.child_id"
	                " JOIN agencies a ON a.id = n.agency_id WHERE n.id = ?",
	                &note, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	json_t *list = db_rows_with(
	    db,
	    "SELECT v.version, v.happened_on, v.category, v.visibility, v.body, v.correction_reason,"
	    " v.written_at, u.name AS written_by_name FROM case_note_versions v"
	    " JOIN users u ON u.id = v.written_by WHERE v.note_id = ? ORDER BY v.version DESC",
	    DB_INT(id));
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

/* ---- a child's chronology ---- */

static const char note_events[] =
    "SELECT v.happened_on AS at, n.id AS record_id, a.name AS agency,"
    " 'Case note (' || replace(v.category, '_', ' ') || '): '"
    " || CASE WHEN length(v.body) > 120 THEN substr(v.body, 1, 117) || '...' ELSE v.body END"
    " || CASE WHEN n.current_version > 1 THEN ' (corrected)' ELSE '' END AS text"
    " FROM case_notes n JOIN case_note_versions v ON v.note_id = n.id"
    " AND v.version = n.current_version JOIN agencies a ON a.id = n.agency_id"
    " WHERE n.child_id = ?";
DB_REGISTER(note_events);

const struct chronology_kind notes_chronology[] = {{.kind = "case-note",
                                                    .kind_label = "Case notes",
                                                    .action = "note.read",
                                                    .record_type = "case_note",
                                                    .href = "/notes/",
                                                    .sql = note_events},
                                                   {0}};

/* ---- record types ---- */

/*
 * Every note rule asks first what reading the note's child asks (areas/children: a live link of the
 * agency to that record, child_links), so an agency that stops working with the child loses its notes
 * with the child at once, its own included, and has them again if it is linked anew.
 */
#define NOTE_CHILD_LINKED                                                                                    \
	"EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = n.child_id AND l.agency_id = :agency)"

/* the writing agency; and, when the current version says so, every agency linked to the child */
static const char related_case_note[] =
    "SELECT 1 FROM case_notes n JOIN case_note_versions v ON v.note_id = n.id AND v.version = "
    "n.current_version"
    " WHERE n.id = :id AND " NOTE_CHILD_LINKED
    " AND (n.agency_id = :agency OR v.visibility = 'linked_agencies')";
DB_REGISTER(related_case_note);

static RECORD_CHILDREN(children_of_case_note, "SELECT child_id FROM case_notes WHERE id = :id");

/* correcting a note, attaching a document to it: the agency that wrote it, while linked to the child */
static const char related_case_note_writer[] =
    "SELECT 1 FROM case_notes n WHERE n.id = :id AND n.agency_id = :agency AND " NOTE_CHILD_LINKED;
DB_REGISTER(related_case_note_writer);

const struct record_type notes_records[] = {
    {.name = "case_note",
     .related = related_case_note,
     RECORD_CHILDREN_OF(children_of_case_note),
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

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char case_notes_held[] =
    "SELECT n.id AS note, v.version, v.happened_on, v.category, v.visibility, v.body AS note_text, "
    "v.correction_reason, (SELECT name FROM agencies WHERE id = n.agency_id) AS agency, "
    "v.written_at FROM case_notes n JOIN case_note_versions v ON v.note_id = n.id WHERE n.child_id "
    "= ?1 ORDER BY n.id, v.version";
DB_REGISTER(case_notes_held);

/*
 * The documents attached to the child's case notes (areas/documents: owner_type 'case_note'), each saying
 * which note ("Case note 12 of 2026-05-03", said in words in the pack): this area owns case_notes, so it
 * says which documents are about the child through its notes; the documents area lists those attached to
 * the child's record itself.
 */
static const char case_note_documents_held[] =
    "SELECT 'Case note ' || n.id || ' of ' || v.happened_on AS attached_to, d.description, d.media_type,"
    " d.size AS size_in_bytes, d.uploaded_at, (SELECT name FROM agencies WHERE id = d.agency_id) AS agency"
    " FROM case_notes n JOIN case_note_versions v ON v.note_id = n.id AND v.version = n.current_version"
    " JOIN documents d ON d.owner_type = 'case_note' AND d.owner_id = n.id WHERE n.child_id = ?1"
    " ORDER BY d.uploaded_at, d.id";
DB_REGISTER(case_note_documents_held);

const struct subject_access_table notes_subject_access[] = {
    {.title = "Case notes (every version)", .sql = case_notes_held},
    {.title = "Documents attached to the child's case notes", .sql = case_note_documents_held},
    {0},
};
