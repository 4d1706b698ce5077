/*
 * demo_sql.c — loading an area's demo data from its built-in demo.sql (see
 * db_load_demo_sql in db.h), so that every area loads its demo the same way.
 */
#include "store/db.h"

#include "core/embedded.h"
#include "core/log.h"

struct demo_sql {
	const struct embedded_file *file;
	db_write_fn then;
	void *ctx;
};

static enum haven_status run_demo_sql(db_conn *db, void *ctx)
{
	const struct demo_sql *demo = ctx;
	if (db_exec_script(db, demo->file->data) != HAVEN_OK) {
		log_error("demo data %s failed", demo->file->name);
		return HAVEN_ERR_DB;
	}
	return demo->then ? demo->then(db, demo->ctx) : HAVEN_OK;
}

enum haven_status db_load_demo_sql(const char *name, db_write_fn then, void *ctx)
{
	struct demo_sql demo = {embedded_find(name), then, ctx};
	if (!demo.file) {
		log_error("demo data %s is not built in", name);
		return HAVEN_ERR_NOT_FOUND;
	}
	return db_write(run_demo_sql, &demo);
}
