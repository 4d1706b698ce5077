/*
 * questions_sqlite.c (assurance) — the SQLite side of store.h's challenge
 * questions: the partnership asks one of a submitted return, its agency
 * answers it; the questions of a return and those awaiting an agency.
 */
#include "areas/assurance/store.h"

#include "areas/assurance/actor_sqlite.h"
#include "areas/assurance/store_sqlite.h"
#include "auth/audit.h"
#include "store/db.h"

/* ---- challenge events ---- */

struct challenge {
	long long return_id, id;
	const char *text, *today;
	const struct actor *actor;
};

static enum haven_status write_ask(db_conn *db, void *ctx)
{
	struct challenge *w = ctx;
	/* a draft is not challenged: it is not the agency's answer yet */
	enum haven_status st = qa_submitted(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_integer_with(db,
	                          "INSERT INTO qa_challenges (return_id, question, asked_by, asked_on) "
	                          "VALUES (?, ?, ?, ?) RETURNING id",
	                          &w->id, DB_INT(w->return_id), DB_TEXT(w->text), actor_user(w->actor),
	                          DB_TEXT(w->today))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.challenge_ask", "qa_return", w->return_id, NULL);
}

enum haven_status assurance_challenge_ask(long long return_id, const char *question, const char *today,
                                          const struct actor *actor, long long *id)
{
	struct challenge w = {return_id, 0, question, today, actor};
	enum haven_status st = db_write(write_ask, &w);
	*id = w.id;
	return st;
}

static enum haven_status write_answer(db_conn *db, void *ctx)
{
	struct challenge *w = ctx;
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT answer FROM qa_challenges WHERE id = ? AND return_id = ?", &row,
	                DB_INT(w->id), DB_INT(w->return_id));
	if (st != HAVEN_OK)
		return st;
	bool answered = json_is_string(json_object_get(row, "answer"));
	json_decref(row);
	if (answered)
		return HAVEN_ERR_CONFLICT;
	if ((st = db_exec_with(
	         db, "UPDATE qa_challenges SET answer = ?, answered_by = ?, answered_on = ? WHERE id = ?",
	         DB_TEXT(w->text), actor_user(w->actor), DB_TEXT(w->today), DB_INT(w->id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.challenge_answer", "qa_return", w->return_id, NULL);
}

enum haven_status assurance_challenge_answer(long long return_id, long long challenge_id, const char *answer,
                                             const char *today, const struct actor *actor)
{
	struct challenge w = {return_id, challenge_id, answer, today, actor};
	return db_write(write_answer, &w);
}

enum haven_status assurance_questions_due(long long agency_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT q.id, q.return_id, q.asked_on, c.title FROM qa_challenges q"
	                    " JOIN qa_returns r ON r.id = q.return_id JOIN qa_cycles c ON c.id = r.cycle_id"
	                    " WHERE r.agency_id = ? AND q.answer IS NULL ORDER BY q.id LIMIT 200",
	                    DB_INT(agency_id));
}

enum haven_status assurance_challenges(long long return_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT id, question, asked_on, answer, answered_on FROM qa_challenges"
	                    " WHERE return_id = ? ORDER BY id",
	                    DB_INT(return_id));
}
