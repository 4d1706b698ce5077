/*
 * refer_sqlite.c (provide) — refers the victims of a domestic abuse
 * incident to the IDVA service that covers its area (Operation Provide),
 * inside the intake's unit of work, and queues a generic email to that
 * service's IDVAs. See provide.h for the contract.
 */
#include "areas/provide/provide.h"

#include <stdio.h>
#include <stdlib.h>

#include "areas/mail/compose.h"
#include "auth/audit.h"
#include "core/log.h"
#include "store/db.h"

/* The partnership's rule, applied in SQL so both callers agree on it. */
#define QUALIFIES "(s.idva_referrals = 'all' OR i.risk_level IN ('medium', 'high'))"

/* One generic email to each active IDVA of `agency_id`. */
static enum haven_status email_service(sqlite3 *db, long long agency_id)
{
	json_t *rows = db_rows_with(db,
	                            "SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id"
	                            " WHERE u.agency_id = ?1 AND r.role = 'idva' AND u.disabled_at IS NULL"
	                            " ORDER BY u.id",
	                            DB_INT(agency_id));
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status status = mail_enqueue_each(db_tx(db), "provide/referral", NULL, rows);
	json_decref(rows);
	return status;
}

/*
 * Audits each referral a RETURNING insert made and emails each service that
 * got at least one. `st` is stepped to the end; its columns are id and
 * service_agency_id.
 */
static enum haven_status finish_inserts(sqlite3 *db, sqlite3_stmt *st, long long *created)
{
	json_t *rows = db_rows(st);
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status status = HAVEN_OK;
	json_t *services = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		/* No user: the referral is made by the rule, as part of the intake's change. */
		status = audit_record(db_tx(db), NULL, "provide.refer", "idva_referral",
		                      json_integer_value(json_object_get(row, "id")), NULL);
		if (status != HAVEN_OK)
			goto out;
		char key[24];
		snprintf(key, sizeof key, "%lld",
		         (long long)json_integer_value(json_object_get(row, "service_agency_id")));
		json_object_set_new(services, key, json_true());
	}
	const char *key;
	json_t *unused;
	json_object_foreach(services, key, unused)
	{
		status = email_service(db, strtoll(key, NULL, 10));
		if (status != HAVEN_OK)
			goto out;
	}
	if (created)
		*created = (long long)json_array_size(rows);
out:
	json_decref(services);
	json_decref(rows);
	return status;
}

enum haven_status provide_refer(struct store_tx *tx, long long incident_id)
{
	sqlite3 *db = db_tx_conn(tx);
	sqlite3_stmt *st = db_prepare(db, "SELECT la_code FROM da_incidents WHERE id = ?1");
	if (!db_bind(st, DB_INT(incident_id)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(st);
	long long la_code = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (rc == SQLITE_DONE)
		return HAVEN_ERR_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return db_status(rc);

	st = db_prepare(
	    db, "INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at)"
	        " SELECT i.id, a.id, c.agency_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
	        " FROM da_incidents i"
	        " JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'"
	        " JOIN idva_coverage c ON c.la_code = i.la_code"
	        " JOIN da_settings s ON s.id = 1"
	        " WHERE i.id = ?1 AND " QUALIFIES " ORDER BY a.position"
	        " ON CONFLICT (victim_adult_id) DO NOTHING"
	        " RETURNING id, service_agency_id");
	if (!db_bind(st, DB_INT(incident_id)))
		return HAVEN_ERR_DB;
	long long created = 0;
	enum haven_status status = finish_inserts(db, st, &created);
	if (status != HAVEN_OK || created > 0)
		return status;

	/* Nothing made: say so if it is for want of a service, not of a rule. */
	st = db_prepare(db, "SELECT count(*) FROM da_incidents i"
	                    " JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'"
	                    " JOIN da_settings s ON s.id = 1"
	                    " WHERE i.id = ?1 AND " QUALIFIES
	                    " AND NOT EXISTS (SELECT 1 FROM idva_coverage c WHERE c.la_code = i.la_code)");
	if (!db_bind(st, DB_INT(incident_id)))
		return HAVEN_ERR_DB;
	long long uncovered = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (uncovered > 0)
		log_info("provide: no IDVA service covers LA %lld; %lld victim(s) not referred (listed on "
		         "/provide/coverage)",
		         la_code, uncovered);
	return HAVEN_OK;
}

enum haven_status provide_refer_waiting(struct store_tx *tx, long long la_code, long long *referred)
{
	sqlite3 *db = db_tx_conn(tx);
	if (referred)
		*referred = 0;
	sqlite3_stmt *st = db_prepare(
	    db, "INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at)"
	        " SELECT i.id, a.id, c.agency_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
	        " FROM da_incidents i"
	        " JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'"
	        " JOIN idva_coverage c ON c.la_code = i.la_code"
	        " JOIN da_settings s ON s.id = 1"
	        " WHERE i.la_code = ?1 AND " QUALIFIES " ORDER BY i.occurred_at, a.position"
	        " ON CONFLICT (victim_adult_id) DO NOTHING"
	        " RETURNING id, service_agency_id");
	if (!db_bind(st, DB_INT(la_code)))
		return HAVEN_ERR_DB;
	return finish_inserts(db, st, referred);
}
