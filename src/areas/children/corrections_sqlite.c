/*
 * corrections_sqlite.c (children) — correcting a child's details with a
 * reason: one unit of work that reads the details as they were, writes the
 * new ones (identity, area and settings), records what changed and why in
 * child_corrections, and writes the audit row; and the history of a child's
 * corrections.
 */
#include "areas/children/store.h"

#include <stdlib.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "auth/audit.h"
#include "store/db.h"

/* The details a correction may change, as people read them, in the order the history lists them. */
static const struct {
	const char *column, *label;
} details[] = {
    {"given_name", "Given name"},
    {"family_name", "Family name"},
    {"other_names", "Other names"},
    {"date_of_birth", "Date of birth"},
    {"expected_date_of_birth", "Expected date of birth"},
    {"sex", "Sex"},
    {"postcode", "Home postcode"},
    {"area", "Local authority area"},
    {"upn", "Unique pupil number (UPN)"},
    {"nhs_number", "NHS number"},
    {"settings", "School or setting"},
};

/* The child's details as the history compares them (every value text or null). */
static enum haven_status snapshot(db_conn *db, long long id, json_t **out)
{
	return db_row_with(
	    db,
	    "SELECT c.given_name, c.family_name, c.other_names, c.date_of_birth, c.expected_date_of_birth, "
	    "c.sex,"
	    " c.postcode, la.name AS area, c.upn, c.nhs_number,"
	    " (SELECT group_concat(name, ', ') FROM (SELECT a.name FROM child_links l JOIN agencies a"
	    " ON a.id = l.agency_id WHERE l.child_id = c.id AND l.relationship = 'setting' ORDER BY a.name) "
	    "AS sorted)"
	    " AS settings FROM children c LEFT JOIN local_authorities la ON la.code = c.la_code WHERE c.id = "
	    "?",
	    out, DB_INT(id));
}

struct correction {
	long long id;
	const struct child_identity *identity;
	const long long *setting_ids;
	size_t setting_count;
	const char *reason;
	const struct actor *actor;
};

/* Replaces the child's setting links with the settings chosen. */
static enum haven_status replace_settings(db_conn *db, const struct correction *c)
{
	enum haven_status st = db_exec_with(
	    db, "DELETE FROM child_links WHERE child_id = ? AND relationship = 'setting'", DB_INT(c->id));
	for (size_t i = 0; st == HAVEN_OK && i < c->setting_count; i++)
		st = children_link(db_tx(db), c->id, c->setting_ids[i], "setting");
	return st;
}

static enum haven_status correct_unit(db_conn *db, void *ctx)
{
	const struct correction *c = ctx;
	json_t *before = NULL, *after = NULL;
	enum haven_status st = snapshot(db, c->id, &before);
	if (st != HAVEN_OK)
		return st;
	if ((st = children_update(db_tx(db), c->id, c->identity)) == HAVEN_OK &&
	    (st = replace_settings(db, c)) == HAVEN_OK)
		st = snapshot(db, c->id, &after);
	json_t *changes = json_array();
	for (size_t i = 0; st == HAVEN_OK && i < sizeof details / sizeof details[0]; i++) {
		json_t *was = json_object_get(before, details[i].column),
		       *now = json_object_get(after, details[i].column);
		if (!json_equal(was, now))
			json_array_append_new(changes, json_pack("{s:s, s:O, s:O}", "field", details[i].label,
			                                         "before", was, "after", now));
	}
	json_decref(before);
	json_decref(after);
	if (st == HAVEN_OK && json_array_size(changes) == 0)
		st = HAVEN_ERR_CONFLICT; /* nothing changed: nothing to record */
	if (st == HAVEN_OK) {
		char *text = json_dumps(changes, JSON_COMPACT);
		char corrected_at[CALENDAR_INSTANT_SIZE];
		calendar_format_instant((int64_t)time(NULL), corrected_at);
		st = db_exec_with(db,
		                  "INSERT INTO child_corrections (child_id, changes, reason, corrected_by,"
		                  " corrected_at) VALUES (?, ?, ?, ?, ?)",
		                  DB_INT(c->id), DB_TEXT(text), DB_TEXT(c->reason), DB_INT(c->actor->user_id),
		                  DB_TEXT(corrected_at));
		free(text); /* bound without a copy: kept until the statement has run */
	}
	json_decref(changes);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "child.correct", "child", c->id, c->reason);
}

enum haven_status children_correct(long long id, const struct child_identity *identity,
                                   const long long *setting_ids, size_t setting_count, const char *reason,
                                   const struct actor *actor)
{
	struct correction c = {id, identity, setting_ids, setting_count, reason, actor};
	return db_write(correct_unit, &c);
}

enum haven_status children_corrections(long long id, json_t **out)
{
	json_t *rows = NULL;
	enum haven_status st =
	    db_read_rows(&rows,
	                 "SELECT k.id, k.changes, k.reason, k.corrected_at, u.name AS corrected_by_name,"
	                 " a.name AS corrected_by_agency FROM child_corrections k JOIN users u ON u.id = "
	                 "k.corrected_by"
	                 " JOIN agencies a ON a.id = u.agency_id WHERE k.child_id = ? ORDER BY k.id DESC",
	                 DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *changes = json_loads(json_string_value(json_object_get(row, "changes")), 0, NULL);
		json_object_set_new(row, "changes", changes ? changes : json_array());
	}
	*out = rows;
	return HAVEN_OK;
}
