/*
 * expired_rows_sqlite.h — removing rows past their time a batch at a time,
 * for the retention job (src/areas/retention): each owner of a table keeps
 * its own DELETE, and this runs it as one short db_write unit, so a large
 * backlog is removed in many small units and never holds the writer long.
 */
#ifndef HAVEN_STORE_EXPIRED_ROWS_H
#define HAVEN_STORE_EXPIRED_ROWS_H

#include <stdint.h>

#include "core/status.h"
#include "store/db.h"

/*
 * Runs `sql` (a statement recorded with DB_REGISTER) in a db_write unit with
 * ?1 = `before` (Unix seconds: rows older than this go) and ?2 = `limit` (at
 * most this many rows go), and sets *removed to how many it removed. The
 * statement bounds itself: "DELETE FROM t WHERE id IN (SELECT id FROM t
 * WHERE ... < ?1 ORDER BY id LIMIT ?2)", which both stores run. An UPDATE
 * blanking what a kept row no longer needs is run the same way (its WHERE
 * leaves out the rows already blank, so each is counted once).
 */
enum haven_status expired_rows_remove(const char *sql, int64_t before, int limit,
                                      long long *removed) HAVEN_MUST_CHECK;

#endif
