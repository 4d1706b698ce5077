/*
 * changed_row_sqlite.h — a change that must find its row, in one call:
 * "record the return if the episode is still open", "end the session if it
 * has not ended". The UPDATE's WHERE says what must still hold; when it
 * changes no row, the store answers the status it names (HAVEN_ERR_CONFLICT:
 * someone got there first; HAVEN_ERR_NOT_FOUND: there is no such record)
 * instead of counting rows itself.
 */
#ifndef HAVEN_STORE_CHANGED_ROW_H
#define HAVEN_STORE_CHANGED_ROW_H

#include "core/status.h"
#include "store/db.h"

/*
 * db_exec_changed_values, then `if_unchanged` if it changed no row:
 *     return exec_changed_or(db, "UPDATE ... WHERE id = ?1 AND returned_at IS NULL",
 *                            HAVEN_ERR_CONFLICT, DB_INT(id), ...);
 * A failure keeps its own status.
 */
enum haven_status exec_changed_or_values(db_stmt *stmt, enum haven_status if_unchanged,
                                         const struct db_value *values, size_t count) HAVEN_MUST_CHECK;
#define exec_changed_or(db, sql, if_unchanged, ...)                                                          \
	exec_changed_or_values(db_prepare((db), sql), (if_unchanged), DB_VALUES(__VA_ARGS__))

#endif
