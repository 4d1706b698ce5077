/*
 * rows.c — reading and binding, the same on both backends: a result's rows
 * as JSON (db_rows, db_row), typed parameters bound in one call
 * (db_bind_values and the *_values helpers of db.h), stepping by hand
 * (db_step, db_column_*, db_exec_changed_values) and the time a store
 * writes, over each backend's primitives (store/backend.h).
 */
#include "store/backend.h"

#include <string.h>
#include <time.h>

#include "core/log.h"

void db_log_failure(db_stmt *stmt)
{
	log_error("database: %s (in %.80s)", stmt->conn->ops->error(stmt->conn), stmt->conn->ops->sql(stmt));
}

json_t *db_column_json(db_stmt *stmt, int column)
{
	const struct db_ops *ops = stmt->conn->ops;
	json_t *v;
	switch (ops->column_kind(stmt, column)) {
	case DB_KIND_INT: v = json_integer(ops->column_int(stmt, column)); break;
	case DB_KIND_REAL: v = json_real(ops->column_real(stmt, column)); break;
	case DB_KIND_NULL: v = json_null(); break;
	case DB_KIND_BLOB: {
		size_t size = 0;
		const char *bytes = ops->column_blob(stmt, column, &size);
		v = json_stringn(bytes ? bytes : "", size);
		break;
	}
	default: v = json_stringn(ops->column_text(stmt, column), ops->column_size(stmt, column)); break;
	}
	return v ? v : json_null();
}

json_t *db_rows(db_stmt *stmt)
{
	if (!stmt)
		return NULL;
	const struct db_ops *ops = stmt->conn->ops;
	json_t *rows = json_array();
	enum db_step step;
	while ((step = ops->step(stmt)) == DB_STEP_ROW) {
		json_t *row = json_object();
		int n = ops->column_count(stmt);
		for (int i = 0; i < n; i++)
			json_object_set_new(row, ops->column_name(stmt, i), db_column_json(stmt, i));
		json_array_append_new(rows, row);
	}
	if (step != DB_STEP_DONE) {
		db_log_failure(stmt);
		json_decref(rows);
		rows = NULL;
	}
	db_done(stmt);
	return rows;
}

enum haven_status db_row(db_stmt *stmt, json_t **out)
{
	*out = NULL;
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return *out ? HAVEN_OK : HAVEN_ERR_NOT_FOUND;
}

/*
 * One step of a statement that changes or finds one thing, logging a failure
 * other than a constraint (a conflict is the caller's answer, not a fault).
 */
static enum db_step step_once(db_stmt *stmt)
{
	enum db_step step = stmt->conn->ops->step(stmt);
	if (step == DB_STEP_ERROR && stmt->failure != HAVEN_ERR_CONFLICT)
		db_log_failure(stmt);
	return step;
}

/* The status of a step that ran to its end or found a row. */
static enum haven_status step_status(db_stmt *stmt, enum db_step step)
{
	return step == DB_STEP_ERROR ? stmt->failure : HAVEN_OK;
}

enum haven_status db_exec_stmt(db_stmt *stmt)
{
	if (!stmt)
		return HAVEN_ERR_DB;
	enum db_step step = step_once(stmt);
	db_done(stmt);
	return step_status(stmt, step);
}

void db_bind_json_text(db_stmt *stmt, int index, const json_t *value)
{
	stmt->conn->ops->bind(stmt, index, &DB_JSON(value));
}

bool db_bind_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	if (!stmt)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (!stmt->conn->ops->bind(stmt, (int)i + 1, &values[i])) {
			/* a value too large, or more values than the statement has parameters */
			log_error("database: cannot bind value %d (%s): %.80s", (int)i + 1,
			          stmt->conn->ops->error(stmt->conn), stmt->conn->ops->sql(stmt));
			db_done(stmt);
			return false;
		}
	}
	return true;
}

enum haven_status db_exec_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	return db_bind_values(stmt, values, count) ? db_exec_stmt(stmt) : HAVEN_ERR_DB;
}

enum haven_status db_exec_deferred_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	if (!db_bind_values(stmt, values, count))
		return HAVEN_ERR_DB;
	if (stmt->conn->ops->send && stmt->conn->ops->send(stmt)) {
		db_done(stmt); /* what was bound is in libpq's buffer already */
		return HAVEN_OK;
	}
	return db_exec_stmt(stmt);
}

enum haven_status db_row_values(db_stmt *stmt, json_t **out, const struct db_value *values, size_t count)
{
	*out = NULL;
	return db_bind_values(stmt, values, count) ? db_row(stmt, out) : HAVEN_ERR_DB;
}

json_t *db_rows_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	return db_bind_values(stmt, values, count) ? db_rows(stmt) : NULL;
}

enum haven_status db_read_rows_values(json_t **out, db_stmt *stmt, const struct db_value *values,
                                      size_t count)
{
	*out = db_rows_values(stmt, values, count);
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

long long db_count_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	long long n = -1;
	return db_integer_values(stmt, &n, values, count) == HAVEN_OK ? n : -1;
}

enum haven_status db_rows_into_values(json_t *object, const char *key, db_stmt *stmt,
                                      const struct db_value *values, size_t count)
{
	json_t *rows = db_rows_values(stmt, values, count);
	if (!rows)
		return HAVEN_ERR_DB;
	json_object_set_new(object, key, rows);
	return HAVEN_OK;
}

enum haven_status db_rows_append_values(json_t *list, db_stmt *stmt, const struct db_value *values,
                                        size_t count)
{
	json_t *rows = db_rows_values(stmt, values, count);
	if (!rows)
		return HAVEN_ERR_DB;
	json_array_extend(list, rows);
	json_decref(rows);
	return HAVEN_OK;
}

enum haven_status db_integer_values(db_stmt *stmt, long long *out, const struct db_value *values,
                                    size_t count)
{
	if (!db_bind_values(stmt, values, count))
		return HAVEN_ERR_DB;
	enum db_step step = step_once(stmt);
	if (step == DB_STEP_ROW)
		*out = stmt->conn->ops->column_int(stmt, 0);
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : step_status(stmt, step);
}

enum db_step db_step(db_stmt *stmt)
{
	if (!stmt)
		return DB_STEP_ERROR;
	enum db_step step = stmt->conn->ops->step(stmt);
	if (step == DB_STEP_ERROR)
		db_log_failure(stmt);
	return step;
}

long long db_column_int(db_stmt *stmt, int column)
{
	return stmt->conn->ops->column_int(stmt, column);
}

double db_column_real(db_stmt *stmt, int column)
{
	return stmt->conn->ops->column_real(stmt, column);
}

const char *db_column_text(db_stmt *stmt, int column)
{
	return stmt->conn->ops->column_text(stmt, column);
}

bool db_column_is_null(db_stmt *stmt, int column)
{
	return stmt->conn->ops->column_kind(stmt, column) == DB_KIND_NULL;
}

const void *db_column_blob(db_stmt *stmt, int column, size_t *size)
{
	return stmt->conn->ops->column_blob(stmt, column, size);
}

enum haven_status db_exec_changed_values(db_stmt *stmt, long long *changed, const struct db_value *values,
                                         size_t count)
{
	*changed = 0;
	if (!db_bind_values(stmt, values, count))
		return HAVEN_ERR_DB;
	enum db_step step = step_once(stmt);
	if (step != DB_STEP_ERROR)
		*changed = stmt->conn->ops->changes(stmt);
	db_done(stmt);
	return step_status(stmt, step);
}

static void time_text(long long utc, int milliseconds, char out[static DB_TIME_SIZE])
{
	time_t t = (time_t)utc;
	struct tm tm;
	gmtime_r(&t, &tm);
	char seconds[sizeof "2026-12-04T06:01:02"];
	strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, DB_TIME_SIZE, "%s.%03dZ", seconds, milliseconds);
}

void db_now_text(char out[static DB_TIME_SIZE])
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	time_text((long long)now.tv_sec, (int)(now.tv_nsec / 1000000), out);
}

void db_time_text(long long utc, char out[static DB_TIME_SIZE])
{
	time_text(utc, 0, out);
}

enum db_kind db_column_kind(db_stmt *stmt, int column)
{
	return stmt->conn->ops->column_kind(stmt, column);
}

size_t db_column_size(db_stmt *stmt, int column)
{
	return stmt->conn->ops->column_size(stmt, column);
}

void db_bind_named_int(db_stmt *stmt, const char *name, long long value)
{
	int index = stmt->conn->ops->parameter_index(stmt, name);
	if (index > 0)
		stmt->conn->ops->bind(stmt, index, &DB_INT(value));
}

const char *db_file(db_conn *db)
{
	return db ? db->ops->file(db) : NULL;
}

enum haven_status db_exec_script(db_conn *db, const char *sql)
{
	if (!db)
		return HAVEN_ERR_DB;
	enum haven_status st = db->ops->exec_script(db, sql);
	if (st != HAVEN_OK)
		log_error("database: %s (in %.60s)", db->ops->error(db), sql);
	return st;
}
