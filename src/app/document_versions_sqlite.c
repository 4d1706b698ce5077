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
#include "store/row_found_sqlite.h"

enum haven_status document_version_get(const struct document_versions *v, long long id, long long *out_id,
                                       json_t **document, json_t **version)
{
	*document = NULL;
	if (version)
		*version = NULL;
	json_t *row = NULL;
	enum haven_status st =
	    db_row_values(db_prepare_registered(db_reader(), v->select), &row, DB_VALUES(DB_INT(id)));
	if (st != HAVEN_OK)
		return st;
	json_error_t jerr;
	const json_t *text = json_object_get(row, "document");
	*out_id = json_integer_value(json_object_get(row, "id"));
	*document = json_loadb(json_string_value(text), json_string_length(text), 0, &jerr);
	if (!*document) {
		log_error("%s version %lld does not parse: %s", v->what, *out_id, jerr.text);
		st = HAVEN_ERR_INTERNAL;
	} else if (version) {
		*version = json_incref(json_object_get(row, "version"));
	}
	json_decref(row);
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

static enum haven_status write_publish(db_conn *db, void *ctx)
{
	struct publish_unit *u = ctx;
	enum haven_status st =
	    none_found_values(db_prepare_registered(db, u->v->taken), DB_VALUES(DB_TEXT(u->version)));
	if (st != HAVEN_OK)
		return st; /* HAVEN_ERR_CONFLICT: the version is taken */
	char now[DB_TIME_SIZE];
	db_now_text(now);
	const struct db_value values[] = {DB_TEXT(u->version), DB_TEXT(u->text),
	                                  u->published_by ? DB_INT(u->published_by) : DB_NULL, DB_TEXT(now)};
	st = db_exec_values(db_prepare_registered(db, u->v->insert), values, u->v->insert_names_now ? 4 : 3);
	/* the row just inserted is the current version, the highest id (the area's insert, by its contract,
	 * returns nothing): read inside this unit, where no other can have been published since */
	if (st == HAVEN_OK)
		st = db_integer_values(db_prepare_registered(db, u->v->select), &u->id, DB_VALUES(DB_INT(0)));
	if (st != HAVEN_OK)
		return st;
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
