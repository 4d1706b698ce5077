/*
 * job_emails_sqlite.c (assurance) — the SQLite side of store.h's emails the
 * daily job queues: a reminder before a return is due, a chase once it is
 * overdue, each to the agency's leads, or the partnership told once a cycle
 * that an agency has nobody to receive them.
 */
#include "areas/assurance/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/assurance/store_sqlite.h"
#include "areas/mail/compose.h"
#include "store/db.h"

/* ---- the job's emails ---- */

/* Returns due a reminder: not submitted, open, due from ?1 to ?2, not reminded; at most ?3. */
static const char reminders_due[] =
    "SELECT r.id, r.agency_id, r.cycle_id, s.kind, c.title, c.returns_due_on AS due FROM qa_returns r"
    " JOIN qa_cycles c ON c.id = r.cycle_id JOIN qa_standard_sets s ON s.id = c.standard_set_id"
    " WHERE r.submitted_on IS NULL AND c.opens_on <= ?1"
    " AND c.returns_due_on BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM qa_return_emails e"
    "   WHERE e.return_id = r.id AND e.kind = 'reminder') ORDER BY r.id LIMIT ?3";
DB_REGISTER(reminders_due);

/* Returns due a chase: not submitted, due before ?1, not chased after ?2; at most ?3. */
static const char overdue_due[] =
    "SELECT r.id, r.agency_id, r.cycle_id, s.kind, c.title, c.returns_due_on AS due FROM qa_returns r"
    " JOIN qa_cycles c ON c.id = r.cycle_id JOIN qa_standard_sets s ON s.id = c.standard_set_id"
    " WHERE r.submitted_on IS NULL AND c.returns_due_on < ?1"
    " AND NOT EXISTS (SELECT 1 FROM qa_return_emails e WHERE e.return_id = r.id AND e.kind = 'overdue'"
    "   AND e.sent_on > ?2) ORDER BY r.id LIMIT ?3";
DB_REGISTER(overdue_due);

struct job_emails {
	const char *due, *kind, *template;
	const char *today, *bound;
	int limit, *count;
};

/*
 * The partnership team (whoever holds qa.manage: the partnership role), told
 * once for cycle `cycle_id` that an agency of it has nobody on Haven to
 * receive its emails (`template`: a school's words, with nobody to complete
 * its return either, or another agency's). The cycle's row of
 * qa_cycle_no_lead_told is written in the same unit, so a second such
 * agency, or the next run, tells nobody again.
 */
static enum haven_status tell_partnership(db_conn *db, long long cycle_id, const char *template,
                                          const char *today)
{
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "INSERT INTO qa_cycle_no_lead_told (cycle_id, told_on) VALUES (?, ?)"
	                " ON CONFLICT (cycle_id) DO NOTHING RETURNING cycle_id",
	                &row, DB_INT(cycle_id), DB_TEXT(today));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK; /* told already */
	json_decref(row);
	if (st != HAVEN_OK)
		return st;
	json_t *team = db_rows_with(db, "SELECT u.email FROM users u WHERE u.disabled_at IS NULL AND EXISTS"
	                                " (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id"
	                                "  AND ur.role = 'partnership') ORDER BY u.id");
	if (!team)
		return HAVEN_ERR_DB;
	char path[64];
	snprintf(path, sizeof path, "/quality-assurance/cycles/%lld", cycle_id);
	char *link = mail_link(path);
	/* fixed words and the cycle's link: neither the agency nor any person is named */
	json_t *model = json_pack("{s:s}", "link", link ? link : path);
	free(link);
	st = mail_enqueue_each(db_tx(db), template, model, team);
	json_decref(model);
	json_decref(team);
	return st;
}

/*
 * Queues one email about return `r` (a row of reminders_due or overdue_due)
 * to each person who leads on it in its agency. A school's Section 175/157
 * return is completed by its DSL alone: with none on Haven the email (then
 * its agency administrators') says so. With nobody to email, a school or
 * any other agency (a Section 11 agency whose people hold neither role, or
 * that has nobody on Haven), the partnership team is told instead
 * (tell_partnership), in words for its kind.
 */
static enum haven_status email_leads(db_conn *db, json_t *r, const char *template, const char *today)
{
	json_t *people = db_rows_with(
	    db,
	    "SELECT u.email, EXISTS (SELECT 1 FROM user_roles d WHERE d.user_id = u.id AND d.role = 'dsl')"
	    " AS dsl FROM users u WHERE u.agency_id = ? AND" LEADING LEAD_ROLES " ORDER BY u.id",
	    DB_INT(json_integer_value(json_object_get(r, "agency_id"))));
	if (!people)
		return HAVEN_ERR_DB;
	bool schools = strcmp(json_string_value(json_object_get(r, "kind")), "section175") == 0;
	bool dsl = false;
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p) dsl = dsl || json_integer_value(json_object_get(p, "dsl")) != 0;
	json_object_set_new(r, "no_dsl", json_boolean(schools && !dsl));
	enum haven_status st =
	    json_array_size(people) == 0
	        ? tell_partnership(db, json_integer_value(json_object_get(r, "cycle_id")),
	                           schools ? "assurance/no-lead" : "assurance/no-lead-agency", today)
	        : mail_enqueue_each(db_tx(db), template, r, people);
	json_decref(people);
	return st;
}

static enum haven_status write_job_emails(db_conn *db, void *ctx)
{
	struct job_emails *w = ctx;
	json_t *due = db_rows_values(db_prepare_registered(db, w->due),
	                             DB_VALUES(DB_TEXT(w->today), DB_TEXT(w->bound), DB_INT(w->limit)));
	if (!due)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *r;
	json_array_foreach(due, i, r)
	{
		/* the cycle's title and return date: about the audit, not a person (mail.h) */
		st = email_leads(db, r, w->template, w->today);
		if (st != HAVEN_OK)
			break;
		if ((st = db_exec_with(
		         db, "INSERT INTO qa_return_emails (return_id, kind, sent_on) VALUES (?, ?, ?)",
		         DB_INT(json_integer_value(json_object_get(r, "id"))), DB_TEXT(w->kind),
		         DB_TEXT(w->today))) != HAVEN_OK)
			break;
	}
	*w->count = st == HAVEN_OK ? (int)json_array_size(due) : 0;
	json_decref(due);
	return st;
}

enum haven_status assurance_queue_reminders(const char *today, const char *until, int limit, int *queued)
{
	*queued = 0;
	struct job_emails w = {reminders_due, "reminder", "assurance/reminder", today, until, limit, queued};
	return db_write(write_job_emails, &w);
}

enum haven_status assurance_queue_overdue(const char *today, const char *chased_after, int limit, int *queued)
{
	*queued = 0;
	struct job_emails w = {overdue_due, "overdue", "assurance/overdue", today, chased_after,
	                       limit,       queued};
	return db_write(write_job_emails, &w);
}
