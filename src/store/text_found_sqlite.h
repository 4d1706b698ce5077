/*
 * text_found_sqlite.h — one short text a statement finds, copied into a C
 * buffer the same way in every store (a content hash, a setting's word, a
 * status, an address to write to), stepped by hand rather than read as
 * JSON:
 *
 *     char status[32];
 *     st = text_found_with(db, "SELECT status FROM ... WHERE id = ?1", status, sizeof status, DB_INT(id));
 */
#ifndef HAVEN_STORE_TEXT_FOUND_H
#define HAVEN_STORE_TEXT_FOUND_H

#include <stddef.h>

#include "core/status.h"
#include "store/db.h"

/*
 * The first column of the first row `stmt`, bound to the values, finds,
 * copied into out (`size` bytes, at least 1; NULL as "", a longer text cut
 * at a character boundary): HAVEN_OK. HAVEN_ERR_NOT_FOUND if it finds no
 * row and HAVEN_ERR_DB if it fails (a NULL statement too), out "" for both.
 */
enum haven_status text_found_values(db_stmt *stmt, char *out, size_t size, const struct db_value *values,
                                    size_t count) HAVEN_MUST_CHECK;
#define text_found_with(db, sql, out, size, ...)                                                             \
	text_found_values(db_prepare((db), sql), (out), (size), DB_VALUES(__VA_ARGS__))

#endif
