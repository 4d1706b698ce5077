/*
 * sqlite_rows.c — reading and binding with the SQLite backend: a result's
 * rows as JSON (db_rows, db_row), typed parameters bound in one call
 * (db_bind_values and the *_values helpers of db.h), stepping by hand
 * (db_step, db_column_*, db_exec_changed_values) and SQLite's result
 * codes as Haven's statuses. Only the store's *_sqlite.c files see these
 * (store/db.h).
 */
#include "store/db.h"

#include <string.h>
#include <time.h>

#include "core/log.h"

enum haven_status db_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW: return HAVEN_OK;
	case SQLITE_CONSTRAINT: return HAVEN_ERR_CONFLICT;
	case SQLITE_NOTFOUND: return HAVEN_ERR_NOT_FOUND;
	case SQLITE_TOOBIG: return HAVEN_ERR_TOO_LARGE;
	default: return HAVEN_ERR_DB;
	}
}

json_t *db_rows(sqlite3_stmt *stmt)
{
	if (!stmt)
		return NULL;
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_t *row = json_object();
		int n = sqlite3_column_count(stmt);
		for (int i = 0; i < n; i++) {
			json_t *v;
			switch (sqlite3_column_type(stmt, i)) {
			case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(stmt, i)); break;
			case SQLITE_FLOAT: v = json_real(sqlite3_column_double(stmt, i)); break;
			case SQLITE_NULL: v = json_null(); break;
			default:
				v = json_stringn((const char *)sqlite3_column_text(stmt, i),
				                 (size_t)sqlite3_column_bytes(stmt, i));
				break;
			}
			json_object_set_new(row, sqlite3_column_name(stmt, i), v ? v : json_null());
		}
		json_array_append_new(rows, row);
	}
	if (rc != SQLITE_DONE) {
		log_error("database: %s", sqlite3_errmsg(sqlite3_db_handle(stmt)));
		json_decref(rows);
		rows = NULL;
	}
	db_done(stmt);
	return rows;
}

enum haven_status db_row(sqlite3_stmt *stmt, json_t **out)
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
static int step_once(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW && (rc & 0xff) != SQLITE_CONSTRAINT)
		log_error("database: %s", sqlite3_errmsg(sqlite3_db_handle(stmt)));
	return rc;
}

enum haven_status db_exec_stmt(sqlite3_stmt *stmt)
{
	if (!stmt)
		return HAVEN_ERR_DB;
	int rc = step_once(stmt);
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : db_status(rc);
}

void db_bind_json_text(sqlite3_stmt *stmt, int index, const json_t *value)
{
	if (json_is_string(value))
		sqlite3_bind_text(stmt, index, json_string_value(value), (int)json_string_length(value),
		                  SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, index);
}

bool db_bind_values(sqlite3_stmt *stmt, const struct db_value *values, size_t count)
{
	if (!stmt)
		return false;
	for (size_t i = 0; i < count; i++) {
		const struct db_value *v = &values[i];
		int index = (int)i + 1, rc;
		switch (v->type) {
		case DB_VALUE_INT: rc = sqlite3_bind_int64(stmt, index, v->integer); break;
		case DB_VALUE_REAL: rc = sqlite3_bind_double(stmt, index, v->real); break;
		case DB_VALUE_TEXT:
			rc = v->text ? sqlite3_bind_text(stmt, index, v->text, -1, SQLITE_STATIC)
			             : sqlite3_bind_null(stmt, index);
			break;
		case DB_VALUE_JSON:
			rc = json_is_string(v->json)
			         ? sqlite3_bind_text(stmt, index, json_string_value(v->json),
			                             (int)json_string_length(v->json), SQLITE_STATIC)
			         : sqlite3_bind_null(stmt, index);
			break;
		case DB_VALUE_BLOB:
			rc = sqlite3_bind_blob(stmt, index, v->blob, (int)v->size, SQLITE_STATIC);
			break;
		case DB_VALUE_NULL:
		default: rc = sqlite3_bind_null(stmt, index); break;
		}
		if (rc != SQLITE_OK) {
			/* a value too large, or more values than the statement has parameters */
			log_error("database: cannot bind value %d (%s): %.80s", index, sqlite3_errstr(rc),
			          sqlite3_sql(stmt));
			db_done(stmt);
			return false;
		}
	}
	return true;
}

enum haven_status db_exec_values(sqlite3_stmt *stmt, const struct db_value *values, size_t count)
{
	return db_bind_values(stmt, values, count) ? db_exec_stmt(stmt) : HAVEN_ERR_DB;
}

enum haven_status db_row_values(sqlite3_stmt *stmt, json_t **out, const struct db_value *values, size_t count)
{
	*out = NULL;
	return db_bind_values(stmt, values, count) ? db_row(stmt, out) : HAVEN_ERR_DB;
}

json_t *db_rows_values(sqlite3_stmt *stmt, const struct db_value *values, size_t count)
{
	return db_bind_values(stmt, values, count) ? db_rows(stmt) : NULL;
}

enum haven_status db_read_rows_values(json_t **out, sqlite3_stmt *stmt, const struct db_value *values,
                                      size_t count)
{
	*out = db_rows_values(stmt, values, count);
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

long long db_count_values(sqlite3_stmt *stmt, const struct db_value *values, size_t count)
{
	long long n = -1;
	return db_integer_values(stmt, &n, values, count) == HAVEN_OK ? n : -1;
}

enum haven_status db_rows_into_values(json_t *object, const char *key, sqlite3_stmt *stmt,
                                      const struct db_value *values, size_t count)
{
	json_t *rows = db_rows_values(stmt, values, count);
	if (!rows)
		return HAVEN_ERR_DB;
	json_object_set_new(object, key, rows);
	return HAVEN_OK;
}

enum haven_status db_rows_append_values(json_t *list, sqlite3_stmt *stmt, const struct db_value *values,
                                        size_t count)
{
	json_t *rows = db_rows_values(stmt, values, count);
	if (!rows)
		return HAVEN_ERR_DB;
	json_array_extend(list, rows);
	json_decref(rows);
	return HAVEN_OK;
}

enum haven_status db_integer_values(sqlite3_stmt *stmt, long long *out, const struct db_value *values,
                                    size_t count)
{
	if (!db_bind_values(stmt, values, count))
		return HAVEN_ERR_DB;
	int rc = step_once(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : db_status(rc);
}

enum db_step db_step(db_stmt *stmt)
{
	if (!stmt)
		return DB_STEP_ERROR;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return DB_STEP_ROW;
	if (rc == SQLITE_DONE)
		return DB_STEP_DONE;
	log_error("database: %s", sqlite3_errmsg(sqlite3_db_handle(stmt)));
	return DB_STEP_ERROR;
}

long long db_column_int(db_stmt *stmt, int column)
{
	return sqlite3_column_int64(stmt, column);
}

double db_column_real(db_stmt *stmt, int column)
{
	return sqlite3_column_double(stmt, column);
}

const char *db_column_text(db_stmt *stmt, int column)
{
	return (const char *)sqlite3_column_text(stmt, column);
}

bool db_column_is_null(db_stmt *stmt, int column)
{
	return sqlite3_column_type(stmt, column) == SQLITE_NULL;
}

const void *db_column_blob(db_stmt *stmt, int column, size_t *size)
{
	const void *bytes = sqlite3_column_blob(stmt, column);
	*size = bytes ? (size_t)sqlite3_column_bytes(stmt, column) : 0;
	return bytes;
}

enum haven_status db_exec_changed_values(db_stmt *stmt, long long *changed, const struct db_value *values,
                                         size_t count)
{
	*changed = 0;
	if (!db_bind_values(stmt, values, count))
		return HAVEN_ERR_DB;
	int rc = step_once(stmt);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		*changed = sqlite3_changes(sqlite3_db_handle(stmt));
	db_done(stmt);
	return db_status(rc);
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
	switch (sqlite3_column_type(stmt, column)) {
	case SQLITE_INTEGER: return DB_KIND_INT;
	case SQLITE_FLOAT: return DB_KIND_REAL;
	case SQLITE_TEXT: return DB_KIND_TEXT;
	case SQLITE_BLOB: return DB_KIND_BLOB;
	default: return DB_KIND_NULL;
	}
}

size_t db_column_size(db_stmt *stmt, int column)
{
	return (size_t)sqlite3_column_bytes(stmt, column);
}

void db_bind_named_int(db_stmt *stmt, const char *name, long long value)
{
	int index = sqlite3_bind_parameter_index(stmt, name);
	if (index > 0)
		sqlite3_bind_int64(stmt, index, value);
}

const char *db_file(db_conn *db)
{
	return db ? sqlite3_db_filename(db, "main") : NULL;
}
