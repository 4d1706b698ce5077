/*
 * test_provide.c — tests provide_refer (src/areas/provide/provide.h) on a
 * real migrated database: the partnership's rule (all incidents, or medium
 * and high risk only), one referral per victim to the service that covers
 * the area, one generic email per active IDVA there, nothing twice when
 * called again, nothing (and no failure) where no service covers the area,
 * and referrals that roll back with the intake's unit of work.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "areas/provide/provide.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

static enum haven_status exec_sql(db_conn *db, void *ctx)
{
	return db_exec_script(db, ctx);
}

static void run(const char *sql)
{
	assert_int_equal(db_write(exec_sql, (void *)sql), HAVEN_OK);
}

struct refer_call {
	long long incident_id;
	enum haven_status then; /* the intake's unit then fails with this (HAVEN_OK: commits) */
};

static enum haven_status refer(db_conn *db, void *ctx)
{
	struct refer_call *c = ctx;
	enum haven_status st = provide_refer(db_tx(db), c->incident_id);
	return st != HAVEN_OK ? st : c->then;
}

static enum haven_status refer_waiting(db_conn *db, void *ctx)
{
	return provide_refer_waiting(db_tx(db), 888, ctx);
}

/* count(sql): the one integer a registered query finds (a literal, so the statement cache may key on it). */
#define count(sql) count_rows(DB_SQL(sql))
static long long count_rows(const char *sql)
{
	db_stmt *st = db_prepare_registered(db_reader(), sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_STEP_ROW);
	long long n = db_column_int(st, 0);
	db_done(st);
	return n;
}

static struct temp_store temp;

static int open_db(void **state)
{
	(void)state;
	assert_int_equal(temp_store_open(&temp, "provide"), 0);
	run("INSERT INTO local_authorities (code, slug, name) VALUES (888, 'lancashire', 'Lancashire'),"
	    " (889, 'blackburn', 'Blackburn with Darwen'), (890, 'blackpool', 'Blackpool');"
	    "INSERT INTO agencies (id, slug, name, type, la_code) VALUES"
	    " (1, 'force', 'Force', 'police', NULL),"
	    " (2, 'idva-a', 'IDVA A', 'idva_service', NULL),"
	    " (3, 'idva-b', 'IDVA B', 'idva_service', NULL);"
	    "INSERT INTO users (id, email, name, agency_id, password_hash, disabled_at) VALUES"
	    " (1, 'officer@example.org', 'Officer', 1, 'x', NULL),"
	    " (2, 'adviser.one@example.org', 'Adviser One', 2, 'x', NULL),"
	    " (3, 'adviser.two@example.org', 'Adviser Two', 2, 'x', NULL),"
	    " (4, 'adviser.gone@example.org', 'Adviser Gone', 2, 'x', '2026-01-01T00:00:00Z'),"
	    " (5, 'adviser.b@example.org', 'Adviser B', 3, 'x', NULL),"
	    " (6, 'manager.a@example.org', 'Manager A', 2, 'x', NULL);"
	    "INSERT INTO user_roles (user_id, role) VALUES (1, 'police'), (2, 'idva'), (3, 'idva'), (4, "
	    "'idva'),"
	    " (5, 'idva'), (6, 'partnership');"
	    "INSERT INTO idva_coverage (la_code, agency_id) VALUES (889, 2), (890, 3);"
	    /* 1: high risk in 889, two victims and a suspect; 2: standard in 889;
	     * 3: medium in 888 (no service); 4: medium in 890, no victim recorded */
	    "INSERT INTO da_incidents (id, police_reference, occurred_at, location, la_code, risk_level,"
	    " circumstances, source, recorded_by, received_at, content_hash) VALUES"
	    " (1, 'T-1', '2026-11-26T19:30:00Z', 'A street', 889, 'high', 'Argument', 'api', 1, "
	    "'2026-11-26T21:00:00Z', 'h1'),"
	    " (2, 'T-2', '2026-11-26T20:30:00Z', 'B street', 889, 'standard', 'Shouting', 'api', 1, "
	    "'2026-11-26T21:00:00Z', 'h2'),"
	    " (3, 'T-3', '2026-11-26T21:30:00Z', 'C street', 888, 'medium', 'Threats', 'api', 1, "
	    "'2026-11-26T22:00:00Z', 'h3'),"
	    " (4, 'T-4', '2026-11-26T22:30:00Z', 'D street', 890, 'medium', 'Damage', 'api', 1, "
	    "'2026-11-26T23:00:00Z', 'h4');"
	    "INSERT INTO da_incident_adults (id, incident_id, position, name, role) VALUES"
	    " (11, 1, 1, 'Victim One', 'victim'), (12, 1, 2, 'Suspect One', 'suspect'),"
	    " (13, 1, 3, 'Victim Two', 'victim'), (21, 2, 1, 'Victim Three', 'victim'),"
	    " (31, 3, 1, 'Victim Four', 'victim'), (41, 4, 1, 'Witness', 'other');");
	return 0;
}

static int close_db(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

static long long mails_to(const char *to)
{
	db_stmt *st = db_prepare(db_reader(), "SELECT count(*) FROM mail_outbox WHERE to_address = ?1");
	assert_non_null(st);
	assert_true(db_bind(st, DB_TEXT(to)));
	assert_int_equal(db_step(st), DB_STEP_ROW);
	long long n = db_column_int(st, 0);
	db_done(st);
	return n;
}

static void refers_victims_by_the_rule(void **state)
{
	(void)state;
	/* the default rule: medium and high only */
	struct refer_call c = {.incident_id = 2};
	assert_int_equal(db_write(refer, &c), HAVEN_OK);
	assert_int_equal(count("SELECT count(*) FROM idva_referrals"), 0);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox"), 0);

	/* the intake's unit fails after referring: nothing stays, no email */
	c = (struct refer_call){.incident_id = 1, .then = HAVEN_ERR_CONFLICT};
	assert_int_equal(db_write(refer, &c), HAVEN_ERR_CONFLICT);
	assert_int_equal(count("SELECT count(*) FROM idva_referrals"), 0);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox"), 0);

	c = (struct refer_call){.incident_id = 1};
	assert_int_equal(db_write(refer, &c), HAVEN_OK);
	/* both victims, not the suspect, to the service covering 889 */
	assert_int_equal(count("SELECT count(*) FROM idva_referrals"), 2);
	assert_int_equal(
	    count("SELECT count(*) FROM idva_referrals WHERE incident_id = 1 AND service_agency_id = 2"
	          " AND victim_adult_id IN (11, 13) AND first_attempt_at IS NULL AND closed_at IS NULL"),
	    2);
	/* one email per active IDVA of that service, whatever the number of victims */
	assert_int_equal(mails_to("adviser.one@example.org"), 1);
	assert_int_equal(mails_to("adviser.two@example.org"), 1);
	assert_int_equal(mails_to("adviser.gone@example.org"), 0);
	assert_int_equal(mails_to("adviser.b@example.org"), 0);
	assert_int_equal(mails_to("manager.a@example.org"), 0);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox"), 2);
	/* generic text only: nothing about the victim, the place or what happened */
	assert_int_equal(
	    count("SELECT count(*) FROM mail_outbox WHERE body_text LIKE '%Victim%'"
	          " OR body_text LIKE '%street%' OR body_text LIKE '%T-1%' OR subject LIKE '%T-1%'"),
	    0);
	assert_int_equal(
	    count("SELECT count(*) FROM mail_outbox WHERE body_text ="
	          " 'You have a new Operation Provide referral in Haven. Sign in to read it.\n'"),
	    2);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'provide.refer'"), 2);

	/* again (a resend): nothing twice */
	assert_int_equal(db_write(refer, &c), HAVEN_OK);
	assert_int_equal(count("SELECT count(*) FROM idva_referrals"), 2);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox"), 2);

	/* no victim recorded: nothing, and no error */
	c.incident_id = 4;
	assert_int_equal(db_write(refer, &c), HAVEN_OK);
	assert_int_equal(count("SELECT count(*) FROM idva_referrals"), 2);

	/* no such incident */
	c.incident_id = 999;
	assert_int_equal(db_write(refer, &c), HAVEN_ERR_NOT_FOUND);

	/* the partnership refers every incident: the standard one now qualifies */
	run("UPDATE da_settings SET idva_referrals = 'all'");
	c.incident_id = 2;
	assert_int_equal(db_write(refer, &c), HAVEN_OK);
	assert_int_equal(count("SELECT count(*) FROM idva_referrals WHERE victim_adult_id = 21"), 1);
	assert_int_equal(mails_to("adviser.one@example.org"), 2);
	run("UPDATE da_settings SET idva_referrals = 'medium_high'");
}

static void no_service_no_referral_until_coverage(void **state)
{
	(void)state;
	long long before = count("SELECT count(*) FROM idva_referrals");
	long long mails = count("SELECT count(*) FROM mail_outbox");
	/* 888 has no IDVA service: the incident is still saved, no referral */
	struct refer_call c = {.incident_id = 3};
	assert_int_equal(db_write(refer, &c), HAVEN_OK);
	assert_int_equal(count("SELECT count(*) FROM idva_referrals"), before);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox"), mails);

	/* the partnership sets a service for 888: the waiting victim is referred */
	run("INSERT INTO idva_coverage (la_code, agency_id) VALUES (888, 3)");
	long long referred = -1;
	assert_int_equal(db_write(refer_waiting, &referred), HAVEN_OK);
	assert_int_equal(referred, 1);
	assert_int_equal(
	    count("SELECT count(*) FROM idva_referrals WHERE victim_adult_id = 31 AND service_agency_id = 3"),
	    1);
	assert_int_equal(mails_to("adviser.b@example.org"), 1);
	/* and only once */
	assert_int_equal(db_write(refer_waiting, &referred), HAVEN_OK);
	assert_int_equal(referred, 0);
	assert_int_equal(mails_to("adviser.b@example.org"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(refers_victims_by_the_rule),
	    cmocka_unit_test(no_service_no_referral_until_coverage),
	};
	return cmocka_run_group_tests(tests, open_db, close_db);
}
