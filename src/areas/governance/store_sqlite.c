/*
 * store_sqlite.c (governance) — the SQLite queries behind store.h.
 */
#include "areas/governance/store.h"

#include <stdio.h>

#include "store/db.h"

enum haven_status governance_records_taken(json_t **out)
{
	/* the agency is the audit row's: the one the person worked for when they took the record */
	return db_read_rows(out, "SELECT l.at, u.name AS user_name, a.name AS agency_name,"
	                         " CAST(l.resource_id AS INTEGER) AS child_id, l.reason"
	                         " FROM audit_log l LEFT JOIN users u ON u.id = l.user_id"
	                         " LEFT JOIN agencies a ON a.id = l.agency_id"
	                         " WHERE l.action = 'child.link' AND l.resource_type = 'child'"
	                         " ORDER BY l.id DESC LIMIT 500");
}

enum haven_status governance_refusal_alerts(json_t **out)
{
	return db_read_rows(
	    out, "SELECT l.at, u.name AS user_name, a.name AS agency_name, l.reason, l.client_address"
	         " FROM audit_log l LEFT JOIN users u ON u.id = l.user_id"
	         " LEFT JOIN agencies a ON a.id = l.agency_id"
	         " WHERE l.action = 'access_refused_alert' ORDER BY l.id DESC LIMIT 500");
}

enum haven_status governance_audit_head(const char *path, long long *id, char *hex, size_t hex_size)
{
	*id = 0;
	if (hex_size)
		hex[0] = '\0';
	/* A database by its path, without store_open (`haven audit verify`), on a connection of its own. */
	db_conn *db;
	char cannot[DB_WHY_SIZE];
	if (db_open_file(path, &db, cannot) != HAVEN_OK)
		return HAVEN_ERR_NOT_FOUND;
	enum haven_status st = HAVEN_ERR_DB;
	db_stmt *stmt = db_prepare_once(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!stmt)
		goto out;
	enum db_step step = db_step(stmt);
	if (step == DB_STEP_ROW) {
		*id = db_column_int(stmt, 0);
		size_t len;
		const unsigned char *hash = db_column_blob(stmt, 1, &len);
		size_t o = 0;
		for (size_t i = 0; hash && i < len && o + 3 <= hex_size; i++, o += 2)
			snprintf(hex + o, 3, "%02x", hash[i]);
		if (hex_size)
			hex[o < hex_size ? o : hex_size - 1] = '\0';
		st = HAVEN_OK;
	} else if (step == DB_STEP_DONE) {
		st = HAVEN_OK;
	}
out:
	db_finalize(stmt);
	db_close_file(db);
	return st;
}
