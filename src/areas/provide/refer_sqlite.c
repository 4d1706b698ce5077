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

/*
 * Refers the qualifying victims of the incidents WHERE picks (in the ORDER
 * given, WHERE's one value ?1) to the service covering each one's area, once
 * each, made at ?2; the rows are each new referral's id and service_agency_id.
 * A victim already referred is left out before the insert, not only by ON
 * CONFLICT: PostgreSQL would spend an id on each, so ids would differ from
 * SQLite's.
 */
#define REFER_VICTIMS(WHERE, ORDER)                                                                          \
	"INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at)"           \
	" SELECT i.id, a.id, c.agency_id, ?2"                                                                \
	" FROM da_incidents i"                                                                               \
	" JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'"                           \
	" JOIN idva_coverage c ON c.la_code = i.la_code"                                                     \
	" JOIN da_settings s ON s.id = 1"                                                                    \
	" WHERE " WHERE " AND " QUALIFIES                                                                    \
	" AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)"                    \
	" ORDER BY " ORDER " ON CONFLICT (victim_adult_id) DO NOTHING"                                       \
	" RETURNING id, service_agency_id"

/* One generic email to each active IDVA of `agency_id`. */
static enum haven_status email_service(db_conn *db, long long agency_id)
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
 * Refers the victims a RETURNING insert finds (`st`, its one value `scope`:
 * an incident or an area; its columns id and service_agency_id), audits
 * each referral and emails each service that got at least one.
 */
static enum haven_status refer_victims(db_conn *db, db_stmt *st, long long scope, long long *created)
{
	/* one instant for the statement's referrals, as the engine's clock gave them before */
	char now[DB_TIME_SIZE];
	db_now_text(now);
	json_t *rows = db_rows_values(st, DB_VALUES(DB_INT(scope), DB_TEXT(now)));
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
	db_conn *db = db_tx_conn(tx);
	long long la_code = 0;
	enum haven_status status = db_integer_with(db, "SELECT la_code FROM da_incidents WHERE id = ?1",
	                                           &la_code, DB_INT(incident_id));
	if (status != HAVEN_OK)
		return status;

	db_stmt *st = db_prepare(db, REFER_VICTIMS("i.id = ?1", "a.position"));
	long long created = 0;
	status = refer_victims(db, st, incident_id, &created);
	if (status != HAVEN_OK || created > 0)
		return status;

	/* Nothing made: say so if it is for want of a service, not of a rule. */
	long long uncovered = 0;
	/* only for the log: a count that cannot be had is not logged, and the referral stands */
	if (db_integer_with(db,
	                    "SELECT count(*) FROM da_incidents i"
	                    " JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'"
	                    " JOIN da_settings s ON s.id = 1"
	                    " WHERE i.id = ?1 AND " QUALIFIES
	                    " AND NOT EXISTS (SELECT 1 FROM idva_coverage c WHERE c.la_code = i.la_code)",
	                    &uncovered, DB_INT(incident_id)) != HAVEN_OK)
		uncovered = 0;
	if (uncovered > 0)
		log_info("provide: no IDVA service covers LA %lld; %lld victim(s) not referred (listed on "
		         "/provide/coverage)",
		         la_code, uncovered);
	return HAVEN_OK;
}

enum haven_status provide_refer_waiting(struct store_tx *tx, long long la_code, long long *referred)
{
	db_conn *db = db_tx_conn(tx);
	if (referred)
		*referred = 0;
	db_stmt *st = db_prepare(db, REFER_VICTIMS("i.la_code = ?1", "i.occurred_at, a.position"));
	return refer_victims(db, st, la_code, referred);
}
