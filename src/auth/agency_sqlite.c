/*
 * agency_sqlite.c (auth) — the SQLite writes behind agency_write.h: the rows
 * of agencies and agency_areas, inside the caller's unit of work. What is
 * written, and its audit row, is the caller's decision; and the roles its
 * people hold, which decide whether its type may change.
 */
#include "auth/agency_write.h"

#include "auth/user.h"
#include "store/db.h"

/* An area code, or NULL for 0 (no single area). */
static struct db_value la_code_value(long long la_code)
{
	return la_code ? DB_INT(la_code) : DB_NULL;
}

enum haven_status auth_agency_insert(struct store_tx *tx, const char *slug, const char *name,
                                     const char *type, long long la_code, long long *id)
{
	*id = 0;
	return db_integer_with(
	    db_tx_conn(tx),
	    "INSERT INTO agencies (slug, name, type, la_code) VALUES (?, ?, ?, ?) RETURNING id", id,
	    DB_TEXT(slug), DB_TEXT(name), DB_TEXT(type), la_code_value(la_code));
}

enum haven_status auth_agency_roles(struct store_tx *tx, long long id, unsigned *roles)
{
	*roles = 0;
	/* the row held (an update that changes nothing), then its people read with what was committed
	 * meanwhile */
	enum haven_status st =
	    db_exec_with(db_tx_conn(tx), "UPDATE agencies SET type = type WHERE id = ?", DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	db_stmt *stmt = db_prepare(db_tx_conn(tx), "SELECT DISTINCT r.role FROM user_roles r"
	                                           " JOIN users u ON u.id = r.user_id WHERE u.agency_id = ?");
	if (!db_bind(stmt, DB_INT(id)))
		return HAVEN_ERR_DB;
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW)
		*roles |= (unsigned)role_from_name(db_column_text(stmt, 0));
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status auth_agency_update(struct store_tx *tx, long long id, const char *name, const char *type,
                                     long long la_code)
{
	return db_exec_with(db_tx_conn(tx),
	                    "UPDATE agencies SET name = ?, type = ?, la_code = ? WHERE id = ?", DB_TEXT(name),
	                    DB_TEXT(type), la_code_value(la_code), DB_INT(id));
}

enum haven_status auth_agency_rename(struct store_tx *tx, long long id, const char *name, const char *slug)
{
	return db_exec_with(db_tx_conn(tx),
	                    "UPDATE agencies SET name = ?1, slug = coalesce(?2, slug) WHERE id = ?3",
	                    DB_TEXT(name), DB_TEXT(slug), DB_INT(id));
}

enum haven_status auth_agency_set_areas(struct store_tx *tx, long long id, const json_t *la)
{
	db_conn *db = db_tx_conn(tx);
	enum haven_status st = db_exec_with(db, "DELETE FROM agency_areas WHERE agency_id = ?", DB_INT(id));
	if (st != HAVEN_OK || json_array_size(la) < 2)
		return st;
	size_t i;
	json_t *code;
	json_array_foreach(la, i, code)
	{
		st = db_exec_with(db, "INSERT INTO agency_areas (agency_id, la_code) VALUES (?, ?)",
		                  DB_INT(id), DB_INT(json_integer_value(code)));
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}
