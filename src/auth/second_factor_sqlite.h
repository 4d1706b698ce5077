/*
 * second_factor_sqlite.h (auth) — what the accounts' SQLite file
 * (store_sqlite.c) reads through the second factor's (second_factor_sqlite.c),
 * private to auth's SQLite backend: a sealed secret opened from a row, and
 * the roles that need a second factor. store.h is auth's store interface.
 */
#ifndef HAVEN_AUTH_SECOND_FACTOR_BACKEND_H
#define HAVEN_AUTH_SECOND_FACTOR_BACKEND_H

#include "auth/totp.h"
#include "core/status.h"
#include "store/db.h"

enum secret_found {
	SECRET_NONE,     /* NULL: no secret */
	SECRET_OK,       /* opened (or, before the start-up pass sealed it, stored in clear) */
	SECRET_UNOPENED, /* sealed with another key, changed, or the wrong length */
};

/* Reads the secret column `col` of `stmt`'s current row (`column` of row `id`, which its seal is bound to,
 * "users.totp_secret") into `out`. */
enum secret_found second_factor_read_secret(db_stmt *stmt, int col, const char *column, long long id,
                                            unsigned char out[TOTP_SECRET_SIZE]);

/* Sets *roles to the roles whose people need a second factor (role_settings). */
enum haven_status second_factor_required_roles(db_conn *db, unsigned *roles) HAVEN_MUST_CHECK;

#endif
