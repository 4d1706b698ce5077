/*
 * returns_sqlite.c (assurance) — the SQLite side of store.h's returns: one
 * return and its scores, an agency's returns, scoring, submitting and
 * moderating one, a cycle's results, and the returns awaiting an agency or
 * moderation.
 */
#include "areas/assurance/store.h"

#include "areas/assurance/actor_sqlite.h"
#include "areas/assurance/store_sqlite.h"
#include "auth/audit.h"
#include "store/db.h"

enum haven_status assurance_return_get(long long id, json_t **out)
{
	return qa_with_standards(
	    db_row_with(db_reader(),
	                "SELECT r.id, r.cycle_id, r.agency_id, a.name AS agency, r.submitted_on,"
	                " r.governor_name, r.governor_signed_on, c.title, s.kind, c.opens_on,"
	                " c.returns_due_on, s.document FROM qa_returns r"
	                " JOIN qa_cycles c ON c.id = r.cycle_id"
	                " JOIN qa_standard_sets s ON s.id = c.standard_set_id"
	                " JOIN agencies a ON a.id = r.agency_id WHERE r.id = ?",
	                out, DB_INT(id)),
	    out);
}

enum haven_status assurance_return_scores(long long id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT standard_id, score, evidence, moderated_score, moderation_reason"
	                    " FROM qa_scores WHERE return_id = ? ORDER BY standard_id",
	                    DB_INT(id));
}

enum haven_status assurance_agency_returns(long long agency_id, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT r.id, r.cycle_id, c.title, s.kind, c.opens_on, c.returns_due_on,"
	    " r.submitted_on, EXISTS (SELECT 1 FROM qa_scores q WHERE q.return_id = r.id) AS scored"
	    " FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id"
	    " JOIN qa_standard_sets s ON s.id = c.standard_set_id"
	    " WHERE r.agency_id = ? ORDER BY c.returns_due_on DESC, r.id DESC",
	    DB_INT(agency_id));
}

/* Whether return `id` is submitted: HAVEN_ERR_CONFLICT if it is, HAVEN_OK if not, NOT_FOUND if none. */
enum haven_status qa_still_open(db_conn *db, long long id)
{
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT submitted_on FROM qa_returns WHERE id = ?", &row, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	bool submitted = json_is_string(json_object_get(row, "submitted_on"));
	json_decref(row);
	return submitted ? HAVEN_ERR_CONFLICT : HAVEN_OK;
}

/* Whether return `id` is submitted: HAVEN_OK if so, HAVEN_ERR_CONFLICT while a draft, NOT_FOUND if none. */
enum haven_status qa_submitted(db_conn *db, long long id)
{
	enum haven_status st = qa_still_open(db, id);
	if (st == HAVEN_OK)
		return HAVEN_ERR_CONFLICT;
	return st == HAVEN_ERR_CONFLICT ? HAVEN_OK : st;
}

struct score {
	long long return_id;
	const char *standard_id, *score, *text; /* text: the evidence, or the moderation's reason */
	const struct actor *actor;
};

static enum haven_status write_score(db_conn *db, void *ctx)
{
	struct score *w = ctx;
	enum haven_status st = qa_still_open(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(
	         db,
	         "INSERT INTO qa_scores (return_id, standard_id, score, evidence) VALUES (?, ?, ?, ?)"
	         " ON CONFLICT (return_id, standard_id) DO UPDATE SET score = excluded.score,"
	         " evidence = excluded.evidence",
	         DB_INT(w->return_id), DB_TEXT(w->standard_id), DB_TEXT(w->score), DB_TEXT(w->text))) !=
	    HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.score_save", "qa_return", w->return_id, w->standard_id);
}

enum haven_status assurance_score_save(long long return_id, const char *standard_id, const char *score,
                                       const char *evidence, const struct actor *actor)
{
	struct score w = {return_id, standard_id, score, evidence, actor};
	return db_write(write_score, &w);
}

struct submit {
	const struct assurance_submission *s;
	const struct actor *actor;
};

static enum haven_status write_submit(db_conn *db, void *ctx)
{
	struct submit *w = ctx;
	enum haven_status st = qa_still_open(db, w->s->return_id);
	if (st != HAVEN_OK)
		return st;
	json_t *row = NULL;
	if ((st = db_row_with(db, "SELECT count(*) AS n FROM qa_scores WHERE return_id = ?", &row,
	                      DB_INT(w->s->return_id))) != HAVEN_OK)
		return st;
	long long scored = json_integer_value(json_object_get(row, "n"));
	json_decref(row);
	if (scored < w->s->standards)
		return HAVEN_ERR_INVALID;
	if ((st = db_exec_with(db,
	                       "UPDATE qa_returns SET submitted_on = ?, submitted_by = ?,"
	                       " governor_name = ?, governor_signed_on = ? WHERE id = ?",
	                       DB_TEXT(w->s->today), actor_user(w->actor), DB_TEXT(w->s->governor_name),
	                       DB_TEXT(w->s->governor_signed_on), DB_INT(w->s->return_id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.return_submit", "qa_return", w->s->return_id, NULL);
}

enum haven_status assurance_return_submit(const struct assurance_submission *s, const struct actor *actor)
{
	struct submit w = {s, actor};
	return db_write(write_submit, &w);
}

static enum haven_status write_moderate(db_conn *db, void *ctx)
{
	struct score *w = ctx;
	/* a draft is the agency's until it is submitted */
	enum haven_status st = qa_submitted(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	json_t *row = NULL;
	if ((st = db_row_with(
	         db,
	         "UPDATE qa_scores SET moderated_score = ?, moderation_reason = ?, moderated_by = ?"
	         " WHERE return_id = ? AND standard_id = ? RETURNING 1",
	         &row, DB_TEXT(w->score), DB_TEXT(w->text), actor_user(w->actor), DB_INT(w->return_id),
	         DB_TEXT(w->standard_id))) != HAVEN_OK)
		return st;
	json_decref(row);
	return audit_record(db_tx(db), w->actor, "qa.moderate", "qa_return", w->return_id, w->standard_id);
}

enum haven_status assurance_moderate(long long return_id, const char *standard_id, const char *score,
                                     const char *reason, const struct actor *actor)
{
	struct score w = {return_id, standard_id, score, reason, actor};
	return db_write(write_moderate, &w);
}

static enum haven_status write_moderation_confirm(db_conn *db, void *ctx)
{
	struct score *w = ctx;
	enum haven_status st = qa_submitted(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db,
	                       "UPDATE qa_scores SET moderated_score = score, moderated_by = ?"
	                       " WHERE return_id = ? AND moderated_score IS NULL",
	                       actor_user(w->actor), DB_INT(w->return_id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.moderation_confirm", "qa_return", w->return_id, NULL);
}

enum haven_status assurance_moderation_confirm(long long return_id, const struct actor *actor)
{
	struct score w = {return_id, NULL, NULL, NULL, actor};
	return db_write(write_moderation_confirm, &w);
}

/* ---- results and tasks ---- */

enum haven_status assurance_results(long long cycle_id, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT r.id AS return_id, r.agency_id, a.name AS agency, l.name AS la, r.submitted_on,"
	    " q.standard_id, q.score, q.moderated_score FROM qa_returns r"
	    " JOIN agencies a ON a.id = r.agency_id"
	    " LEFT JOIN local_authorities l ON l.code = a.la_code"
	    " JOIN qa_scores q ON q.return_id = r.id"
	    " WHERE r.cycle_id = ? AND r.submitted_on IS NOT NULL"
	    " ORDER BY l.name, a.name, r.id",
	    DB_INT(cycle_id));
}

enum haven_status assurance_returns_due(long long agency_id, const char *today, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT r.id, c.title, c.returns_due_on FROM qa_returns r"
	                    " JOIN qa_cycles c ON c.id = r.cycle_id WHERE r.agency_id = ?"
	                    " AND r.submitted_on IS NULL AND c.opens_on <= ? ORDER BY c.returns_due_on, r.id",
	                    DB_INT(agency_id), DB_TEXT(today));
}

enum haven_status assurance_returns_to_moderate(json_t **out)
{
	*out = db_rows(db_prepare(
	    db_reader(), "SELECT r.id, c.title, a.name AS agency, r.submitted_on,"
	                 " (SELECT u.id" CYCLE_MODERATOR ") AS moderator_id"
	                 " FROM qa_returns r"
	                 " JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id"
	                 " WHERE r.submitted_on IS NOT NULL AND EXISTS (SELECT 1 FROM qa_scores q"
	                 "   WHERE q.return_id = r.id AND q.moderated_score IS NULL)"
	                 " ORDER BY r.submitted_on, r.id"));
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}
