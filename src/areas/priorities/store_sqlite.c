/*
 * store_sqlite.c (priorities) — the SQLite side of store.h: the priorities'
 * units of work (add, rename, retire: each with its audit row, the name
 * checked inside the unit so two additions at once cannot both take it) and
 * their reads.
 *
 * A key is made of ASCII letters, digits and "_" (0140's CHECK), so a name
 * is first written in Latin letters (core/latin.h: "Ymddygiad ôl" ->
 * "Ymddygiad ol", "日本語" -> "ri ben yu").
 */
#include "areas/priorities/store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "auth/audit.h"
#include "core/alloc.h"
#include "core/latin.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

#define PRIORITY_COLUMNS                                                                                     \
	"id, key, name, description, from_date, to_date, retired_at IS NOT NULL AS retired, retired_at"

/* A priority's key from its name: lower-case letters and digits, other runs as one "_" ("p" before a digit).
 */
static void key_from_name(const char *name, char *key, size_t size)
{
	size_t n = 0;
	bool gap = false;
	for (const unsigned char *c = (const unsigned char *)name; *c && n + 2 < size; c++) {
		if (isalnum(*c) && *c < 0x80) {
			if (n == 0 && isdigit(*c))
				key[n++] = 'p';
			else if (gap && n > 0)
				key[n++] = '_';
			key[n++] = (char)tolower(*c);
			gap = false;
		} else {
			gap = true;
		}
	}
	if (n == 0)
		key[n++] = 'p'; /* a name of no letters or digits ("—") still has a key */
	key[n] = '\0';
}

/*
 * The key for a new priority called `name`, into `key` (`size` bytes): its name in Latin letters as
 * key_from_name makes one. Two names in Latin letters whose keys are one are one priority typed two ways
 * ("Neglect!"), PRIORITY_KEY_TAKEN; but a name in another script, or of no letters at all, has only its
 * transliteration (which two different names can share: 市 and 是 are both "shi") or "p", so it takes the
 * first free of key, key_2, key_3...: two different names never collide, and the key, once stored, never
 * changes (keys already stored are as they were made).
 */
static enum haven_status new_key(db_conn *db, const char *name, char *key, size_t size,
                                 enum priority_refusal *refusal)
{
	char *latin = latin_ascii(name);
	/* room kept for "_" and a number */
	key_from_name(latin ? latin : name, key, size - 8);
	free(latin);
	bool numbered = latin_has_other_script(name) || strcmp(key, "p") == 0;
	size_t base = strlen(key);
	for (int n = 1; n <= 1000; n++) {
		if (n > 1)
			snprintf(key + base, size - base, "_%d", n);
		enum haven_status st =
		    none_found_with(db, "SELECT count(*) FROM priorities WHERE key = ?1", DB_TEXT(key));
		if (st != HAVEN_ERR_CONFLICT || !numbered) {
			if (st == HAVEN_ERR_CONFLICT)
				*refusal = PRIORITY_KEY_TAKEN;
			return st;
		}
	}
	*refusal = PRIORITY_KEY_TAKEN;
	return HAVEN_ERR_CONFLICT;
}

/* Whether another priority than `id` has `name` (any case): the refusal, or PRIORITY_DONE. */
static enum haven_status name_free(db_conn *db, long long id, const char *name,
                                   enum priority_refusal *refusal)
{
	enum haven_status st =
	    none_found_with(db, "SELECT count(*) FROM priorities WHERE lower(name) = lower(?1) AND id != ?2",
	                    DB_TEXT(name), DB_INT(id));
	if (st == HAVEN_ERR_CONFLICT)
		*refusal = PRIORITY_NAME_TAKEN;
	return st;
}

/* ---- changes ---- */

struct change {
	long long id;
	const struct priority_input *input;
	bool retired;
	const struct actor *actor;
	enum priority_refusal refusal;
};

static enum haven_status create_unit(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = name_free(db, 0, c->input->name, &c->refusal);
	if (st != HAVEN_OK)
		return st;
	char key[128];
	st = new_key(db, c->input->name, key, sizeof key, &c->refusal);
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "INSERT INTO priorities (key, name, description, from_date, to_date)"
	                     " VALUES (?1, ?2, coalesce(?3, ''), ?4, ?5) RETURNING id",
	                     &c->id, DB_TEXT(key), DB_TEXT(c->input->name), DB_TEXT(c->input->description),
	                     DB_TEXT(c->input->from), DB_TEXT(c->input->to));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "priority.create", "priority", c->id, NULL);
}

enum haven_status priorities_create(const struct priority_input *p, const struct actor *actor, long long *id,
                                    enum priority_refusal *refusal)
{
	struct change c = {.input = p, .actor = actor};
	enum haven_status st = db_write(create_unit, &c);
	*id = c.id;
	*refusal = c.refusal;
	return st;
}

/* NOT_FOUND unless priority `id` exists. */
static enum haven_status exists(db_conn *db, long long id)
{
	return row_found_with(db, "SELECT count(*) FROM priorities WHERE id = ?1", DB_INT(id));
}

static enum haven_status update_unit(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = exists(db, c->id);
	if (st == HAVEN_OK)
		st = name_free(db, c->id, c->input->name, &c->refusal);
	if (st == HAVEN_OK)
		st = db_exec_with(db,
		                  "UPDATE priorities SET name = ?2, description = coalesce(?3, ''),"
		                  " from_date = ?4, to_date = ?5 WHERE id = ?1",
		                  DB_INT(c->id), DB_TEXT(c->input->name), DB_TEXT(c->input->description),
		                  DB_TEXT(c->input->from), DB_TEXT(c->input->to));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "priority.update", "priority", c->id, NULL);
}

enum haven_status priorities_update(long long id, const struct priority_input *p, const struct actor *actor,
                                    enum priority_refusal *refusal)
{
	struct change c = {.id = id, .input = p, .actor = actor};
	enum haven_status st = db_write(update_unit, &c);
	*refusal = c.refusal;
	return st;
}

static enum haven_status retire_unit(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = exists(db, c->id);
	if (st != HAVEN_OK)
		return st;
	/* retiring keeps the first date it was retired; offering it again clears it */
	char now[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(time(NULL), now);
	st = c->retired
	         ? db_exec_with(db,
	                        "UPDATE priorities SET retired_at = coalesce(retired_at, ?2) WHERE id = ?1",
	                        DB_INT(c->id), DB_TEXT(now))
	         : db_exec_with(db, "UPDATE priorities SET retired_at = NULL WHERE id = ?1", DB_INT(c->id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, c->retired ? "priority.retire" : "priority.restore",
	                    "priority", c->id, NULL);
}

enum haven_status priorities_set_retired(long long id, bool retired, const struct actor *actor)
{
	struct change c = {.id = id, .retired = retired, .actor = actor};
	return db_write(retire_unit, &c);
}

/* ---- reading ---- */

/* `retired` as true or false rather than SQLite's 1 or 0. */
static void retired_as_boolean(json_t *priority)
{
	json_object_set_new(priority, "retired",
	                    json_boolean(json_integer_value(json_object_get(priority, "retired"))));
}

enum haven_status priorities_list(bool with_retired, json_t **out)
{
	enum haven_status st =
	    db_read_rows(out,
	                 "SELECT " PRIORITY_COLUMNS " FROM priorities WHERE ?1 <> 0 OR retired_at IS NULL"
	                 " ORDER BY retired_at IS NOT NULL, name",
	                 DB_INT(with_retired));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *p;
	json_array_foreach(*out, i, p) retired_as_boolean(p);
	return HAVEN_OK;
}

/* The one priority `read` finds by `value` (its id or its key), with "retired" as a boolean. */
static enum haven_status priority_row(db_stmt *read, struct db_value value, json_t **out)
{
	*out = NULL;
	enum haven_status st = db_row_values(read, out, &value, 1);
	if (st == HAVEN_OK)
		retired_as_boolean(*out);
	return st;
}

enum haven_status priorities_get(long long id, json_t **out)
{
	return priority_row(
	    db_prepare(db_reader(), "SELECT " PRIORITY_COLUMNS " FROM priorities WHERE id = ?1"), DB_INT(id),
	    out);
}

enum haven_status priorities_find(const char *key, json_t **out)
{
	return priority_row(
	    db_prepare(db_reader(), "SELECT " PRIORITY_COLUMNS " FROM priorities WHERE key = ?1"),
	    DB_TEXT(key), out);
}
