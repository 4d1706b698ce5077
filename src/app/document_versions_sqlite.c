/*
 * document_versions_sqlite.c — running an area's statements for its
 * versioned document (document_versions.h).
 *
 * Documents are stored as text and parsed when read: a version is read once
 * per use of a tool, which is cheap next to the page it renders, and a
 * parsed copy shared between request threads would need locking for
 * jansson's reference counts.
 */
#include "app/document_versions.h"

#include <stdlib.h>

#include "auth/audit.h"
#include "core/log.h"
#include "store/db.h"

enum haven_status document_version_get(const struct document_versions *v, long long id, long long *out_id,
                                       json_t **document, json_t **version)
{
	*document = NULL;
	if (version)
		*version = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare_registered(db, v->select) : NULL;
	if (!db_bind(stmt, DB_INT(id)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	enum haven_status st = rc == SQLITE_ROW    ? HAVEN_OK
	                       : rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND
	                                           : HAVEN_ERR_DB;
	if (st == HAVEN_OK) {
		json_error_t jerr;
		*out_id = sqlite3_column_int64(stmt, 0);
		*document = json_loadb((const char *)sqlite3_column_text(stmt, 2),
		                       (size_t)sqlite3_column_bytes(stmt, 2), 0, &jerr);
		if (!*document) {
			log_error("%s version %lld does not parse: %s", v->what, *out_id, jerr.text);
			st = HAVEN_ERR_INTERNAL;
		} else if (version) {
			*version = json_string((const char *)sqlite3_column_text(stmt, 1));
		}
	}
	db_done(stmt);
	return st;
}

struct publish_unit {
	const struct document_versions *v;
	const char *version;
	const char *text;
	long long published_by;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_publish(sqlite3 *db, void *ctx)
{
	struct publish_unit *u = ctx;
	long long taken = 0;
	enum haven_status st =
	    db_integer_values(db_prepare_registered(db, u->v->taken), &taken, DB_VALUES(DB_TEXT(u->version)));
	if (st == HAVEN_OK)
		return HAVEN_ERR_CONFLICT;
	if (st != HAVEN_ERR_NOT_FOUND)
		return st;
	st = db_exec_values(db_prepare_registered(db, u->v->insert),
	                    DB_VALUES(DB_TEXT(u->version), DB_TEXT(u->text),
	                              u->published_by ? DB_INT(u->published_by) : DB_NULL));
	if (st != HAVEN_OK)
		return st;
	u->id = sqlite3_last_insert_rowid(db);
	return audit_record(db_tx(db), u->actor, u->v->audit_action, u->v->audit_resource, u->id, NULL);
}

enum haven_status document_version_publish(const struct document_versions *v, const json_t *document,
                                           long long published_by, const struct actor *actor, long long *id)
{
	const char *version = json_string_value(json_object_get(document, "version"));
	if (!version)
		return HAVEN_ERR_INVALID;
	char *text = json_dumps(document, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text)
		return HAVEN_ERR_INTERNAL;
	struct publish_unit u = {
	    .v = v, .version = version, .text = text, .published_by = published_by, .actor = actor};
	enum haven_status st = db_write(write_publish, &u);
	free(text);
	if (st == HAVEN_OK && id)
		*id = u.id;
	return st;
}
