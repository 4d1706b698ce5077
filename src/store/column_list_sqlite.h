/*
 * column_list_sqlite.h — a list of one value per row, the same way in every
 * store: a child's settings as agency ids, an agency's areas as codes, the
 * names of the areas a check finds. The statement selects the one column;
 * its values come back as a JSON array, typed as db_rows types them.
 *
 *     json_t *ids = column_list_with(db, "SELECT agency_id FROM ... WHERE child_id = ?", DB_INT(id));
 */
#ifndef HAVEN_STORE_COLUMN_LIST_H
#define HAVEN_STORE_COLUMN_LIST_H

#include <jansson.h>

#include "store/db.h"

/*
 * The first column of every row `stmt`, bound to the values, finds, in
 * order, as a new array; NULL on error (a NULL statement too). Resets the
 * statement.
 */
json_t *column_list_values(db_stmt *stmt, const struct db_value *values, size_t count);
#define column_list_with(db, sql, ...) column_list_values(db_prepare((db), sql), DB_VALUES(__VA_ARGS__))

#endif
