/*
 * row_found_sqlite.h — "is there such a record?" the same way in every
 * area's store, so that a change to a record that does not exist is a 404:
 *
 *     st = row_found_with(db, "SELECT count(*) FROM plans WHERE id = ?1", DB_INT(id));
 *
 * and its other side, "is this name still free?", so that taking a name, a
 * version or a place twice is a conflict the same way in every store:
 *
 *     st = none_found_with(db, "SELECT count(*) FROM plan_groups WHERE lower(name) = lower(?1)", ...);
 */
#ifndef HAVEN_STORE_ROW_FOUND_H
#define HAVEN_STORE_ROW_FOUND_H

#include "core/status.h"
#include "store/db.h"

/*
 * HAVEN_OK if `stmt` (a count, or a SELECT 1 ... that finds a row or none),
 * bound to the values, finds something; HAVEN_ERR_NOT_FOUND if its count is
 * 0 or it finds no row; otherwise the failure's status (db_integer_values).
 */
enum haven_status row_found_values(db_stmt *stmt, const struct db_value *values,
                                   size_t count) HAVEN_MUST_CHECK;
#define row_found_with(db, sql, ...) row_found_values(db_prepare((db), sql), DB_VALUES(__VA_ARGS__))

/*
 * The other side of row_found_values: HAVEN_OK if `stmt`, bound to the
 * values, finds nothing (a count of 0, or no row); HAVEN_ERR_CONFLICT if it
 * finds a row (the name is taken, the plan already made); otherwise the
 * failure's status.
 */
enum haven_status none_found_values(db_stmt *stmt, const struct db_value *values,
                                    size_t count) HAVEN_MUST_CHECK;
#define none_found_with(db, sql, ...) none_found_values(db_prepare((db), sql), DB_VALUES(__VA_ARGS__))

#endif
