/*
 * standards_sqlite.c (assurance) — the SQLite side of store.h's standards
 * sets: publishing one, listing them, the demo rows, and reading a set's
 * document into the cycle or return that uses it (qa_with_standards).
 */
#include "areas/assurance/store.h"

#include <stdlib.h>

#include "areas/assurance/standards.h"
#include "areas/assurance/store_sqlite.h"
#include "auth/audit.h"
#include "store/db.h"

/* The row a read found, its standards parsed (store_sqlite.h). */
enum haven_status qa_with_standards(enum haven_status found, json_t **out)
{
	if (found != HAVEN_OK)
		return found;
	const char *text = json_string_value(json_object_get(*out, "document"));
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	if (!doc) {
		json_decref(*out);
		*out = NULL;
		return HAVEN_ERR_DB;
	}
	assurance_scale_shown(doc);
	json_object_set_new(*out, "standards", doc);
	json_object_del(*out, "document");
	return HAVEN_OK;
}

struct publish {
	const json_t *doc;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_publish(db_conn *db, void *ctx)
{
	struct publish *p = ctx;
	char *text = json_dumps(p->doc, JSON_COMPACT);
	if (!text)
		return HAVEN_ERR_DB;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO qa_standard_sets (kind, version, title, document) VALUES (?, ?, ?, ?) RETURNING id",
	    &p->id, DB_TEXT(json_string_value(json_object_get(p->doc, "kind"))),
	    DB_TEXT(json_string_value(json_object_get(p->doc, "version"))),
	    DB_TEXT(json_string_value(json_object_get(p->doc, "title"))), DB_TEXT(text));
	free(text);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), p->actor, "qa.standards_publish", "qa_standard_set", p->id,
	                    json_string_value(json_object_get(p->doc, "version")));
}

enum haven_status assurance_publish(const json_t *doc, const struct actor *actor, long long *id)
{
	struct publish p = {doc, actor, 0};
	enum haven_status st = db_write(write_publish, &p);
	*id = p.id;
	return st;
}

enum haven_status assurance_load_demo_rows(void)
{
	return db_load_demo_sql("demo/assurance.sql", NULL, NULL);
}

enum haven_status assurance_standard_sets(json_t **out)
{
	return db_read_rows(out, "SELECT id, kind, version, title, published_at"
	                         " FROM qa_standard_sets ORDER BY id DESC");
}
