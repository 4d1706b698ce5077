/*
 * store_sqlite.c (scrutiny) — the SQLite side of store.h: the challenge log's
 * units of work (raise, respond, decide: each with its event row and audit
 * row, the state checked inside the unit so two answers at once cannot both
 * land), the scrutineer's statement for a year, its reads, the tasks it puts on people's lists and its record
 * types.
 */
#include "areas/scrutiny/store.h"

#include "app/paged_rows_sqlite.h"
#include "app/record_lists_sqlite.h"
#include "areas/calendar/london.h"
#include "areas/meetings/board_sql.h"
#include "areas/meetings/store.h"
#include "areas/partnership/store.h"
#include "auth/audit.h"
#include "auth/policy.h"
#include "store/db.h"
#include "store/text_found_sqlite.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* A unit's instant, to the second as this area has always stamped, taken once per unit. */
#define NOW_TEXT(name)                                                                                       \
	char name[CALENDAR_INSTANT_SIZE];                                                                    \
	calendar_format_instant(time(NULL), name)

/* ---- raising ---- */

struct raise {
	const struct new_challenge *challenge;
	const struct actor *actor;
	long long id;
	enum challenge_refusal refusal;
};

static enum haven_status raise_unit(db_conn *db, void *ctx)
{
	struct raise *r = ctx;
	NOW_TEXT(now);
	long long owner = 0;
	enum haven_status st = partnership_agency_id(db_tx(db), r->challenge->owner, &owner);
	if (st == HAVEN_ERR_NOT_FOUND) {
		r->refusal = CHALLENGE_NO_SUCH_AGENCY;
		return HAVEN_ERR_CONFLICT;
	}
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "INSERT INTO scrutiny_challenges (subject, detail, owner_agency_id, respond_by,"
	                     " raised_by, raised_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	                     &r->id, DB_TEXT(r->challenge->subject), DB_TEXT(r->challenge->detail),
	                     DB_INT(owner), DB_TEXT(r->challenge->respond_by), DB_INT(r->actor->user_id),
	                     DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), r->actor, "challenge.raise", "challenge", r->id, NULL);
}

enum haven_status scrutiny_challenge_raise(const struct new_challenge *c, const struct actor *actor,
                                           long long *id, enum challenge_refusal *refusal)
{
	struct raise r = {.challenge = c, .actor = actor};
	enum haven_status st = db_write(raise_unit, &r);
	*id = r.id;
	*refusal = r.refusal;
	return st;
}

/* ---- responding and deciding ---- */

struct step {
	long long id;
	const char *kind; /* the event: response, accepted, escalated */
	const char *text, *respond_by;
	const struct actor *actor;
	int64_t now;                    /* the unit's instant */
	char at[CALENDAR_INSTANT_SIZE]; /* and as text, for its event and the challenge */
	enum challenge_refusal refusal;
};

/*
 * Whether challenge `c` (an alias or table name) is before the board: an item on the agenda of a board
 * meeting that counts (the meetings area's rule, MEETINGS_BOARD_MEETING_COUNTS in meetings/board_sql.h:
 * held, or planned for today or later; `today` its parameter). Otherwise the challenge waits to be placed
 * again, on the partnership team's list, as if none had been planned, rather than wait for a meeting that
 * is not to come. That rule is the one for the read, the task list (this) and placing (BOARD_ITEM_OF, held
 * or to come).
 */
#define ON_BOARD_AGENDA(c, today)                                                                            \
	"EXISTS (SELECT 1 FROM meeting_agenda_items i JOIN meetings m ON m.id = i.meeting_id"                \
	" WHERE i.id = " c ".board_agenda_item_id AND " MEETINGS_BOARD_MEETING_COUNTS("m", today) ")"

/*
 * The start of a step: its instant stamped, and challenge s->id found in one
 * of the statuses `from` (NULL-ended). Otherwise HAVEN_ERR_CONFLICT with
 * s->refusal set to `refusal`, or NOT_FOUND.
 */
static enum haven_status step_from(db_conn *db, struct step *s, const char *const from[],
                                   enum challenge_refusal refusal)
{
	s->now = time(NULL);
	calendar_format_instant(s->now, s->at);
	char status[32];
	enum haven_status st = text_found_with(db, "SELECT status FROM scrutiny_challenges WHERE id = ?1",
	                                       status, sizeof status, DB_INT(s->id));
	if (st != HAVEN_OK)
		return st;
	bool allowed = false;
	for (size_t i = 0; from[i] && !allowed; i++)
		allowed = strcmp(status, from[i]) == 0;
	if (!allowed) {
		s->refusal = refusal;
		return HAVEN_ERR_CONFLICT;
	}
	return HAVEN_OK;
}

/* Adds the step's event row. */
static enum haven_status add_event(db_conn *db, const struct step *s)
{
	return db_exec_with(
	    db,
	    "INSERT INTO scrutiny_challenge_events (challenge_id, kind, text, respond_by, user_id,"
	    " agency_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    DB_INT(s->id), DB_TEXT(s->kind), DB_TEXT(s->text), DB_TEXT(s->respond_by),
	    DB_INT(s->actor->user_id), DB_INT(s->actor->agency_id), DB_TEXT(s->at));
}

static enum haven_status respond_unit(db_conn *db, void *ctx)
{
	struct step *s = ctx;
	static const char *const awaiting_answer[] = {"open", "escalated", NULL};
	enum haven_status st = step_from(db, s, awaiting_answer, CHALLENGE_NOT_AWAITING_ANSWER);
	if (st != HAVEN_OK || (st = add_event(db, s)) != HAVEN_OK)
		return st;
	st = db_exec_with(db, "UPDATE scrutiny_challenges SET status = 'responded' WHERE id = ?1",
	                  DB_INT(s->id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, "challenge.respond", "challenge", s->id, NULL);
}

enum haven_status scrutiny_challenge_respond(long long id, const char *text, const struct actor *actor,
                                             enum challenge_refusal *refusal)
{
	struct step s = {.id = id, .kind = "response", .text = text, .actor = actor};
	enum haven_status st = db_write(respond_unit, &s);
	*refusal = s.refusal;
	return st;
}

/*
 * An escalated challenge goes before the partnership's leaders: an item on the
 * agenda of the board's next planned meeting, added by the meetings area in
 * this unit of work, its id in *item. With no board meeting planned, *item is
 * 0: the challenge waits on the partnership team's task list to be placed.
 * The item names the challenge by its number and subject only.
 */
static enum haven_status board_agenda(db_conn *db, const struct step *s, long long *item)
{
	char subject[1024];
	enum haven_status st = text_found_with(db, "SELECT subject FROM scrutiny_challenges WHERE id = ?1",
	                                       subject, sizeof subject, DB_INT(s->id));
	if (st != HAVEN_OK)
		return st;
	char title[1100];
	snprintf(title, sizeof title, "Escalated challenge %lld: %s", s->id, subject);
	long long meeting = 0;
	st = meetings_board_agenda_insert(db_tx(db), s->now, title, s->actor, &meeting, item);
	return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
}

/* Where a challenge's agenda item is: on no agenda, or a meeting's held, to come (both count:
 * MEETINGS_BOARD_MEETING_COUNTS), or gone (cancelled, or passed without being held). */
enum board_item { BOARD_ITEM_NONE, BOARD_ITEM_HELD, BOARD_ITEM_TO_COME, BOARD_ITEM_GONE };

/* Challenge ?1's agenda item (0: none) and where it is (enum board_item), England's date ?2. */
/* clang-format off */
#define BOARD_ITEM_OF                                                                                        \
	"SELECT coalesce(c.board_agenda_item_id, 0) AS item, CASE WHEN m.id IS NULL THEN 0"                  \
	" WHEN m.status = 'held' THEN 1"                                                                     \
	" WHEN " MEETINGS_BOARD_MEETING_COUNTS("m", "?2") " THEN 2 ELSE 3 END AS place"                      \
	" FROM scrutiny_challenges c LEFT JOIN meeting_agenda_items i ON i.id = c.board_agenda_item_id"      \
	" LEFT JOIN meetings m ON m.id = i.meeting_id WHERE c.id = ?1"
/* clang-format on */

/* Challenge s->id's agenda item (0: none) in *item, and where it is in *where, at the step's instant. */
static enum haven_status board_item_of(db_conn *db, const struct step *s, long long *item,
                                       enum board_item *where)
{
	char today[CALENDAR_DATE_SIZE];
	int32_t day, seconds;
	calendar_london_from_utc(s->now, &day, &seconds);
	calendar_format(day, today);
	json_t *row = NULL;
	enum haven_status st = db_row_with(db, BOARD_ITEM_OF, &row, DB_INT(s->id), DB_TEXT(today));
	if (st != HAVEN_OK)
		return st;
	*item = json_integer_value(json_object_get(row, "item"));
	*where = (enum board_item)json_integer_value(json_object_get(row, "place"));
	json_decref(row);
	return HAVEN_OK;
}

/*
 * The challenge's agenda item `old` taken off its meeting's agenda by the meetings area, in this unit, when
 * the challenge has moved to item `now_on` and the old meeting was cancelled or passed unheld (a held
 * meeting keeps it: it was before the board). After the challenge no longer refers to it.
 */
static enum haven_status board_item_leave(db_conn *db, const struct step *s, long long old, long long now_on)
{
	if (!old || !now_on || old == now_on)
		return HAVEN_OK;
	return meetings_board_agenda_withdraw(db_tx(db), s->now, old, s->actor);
}

/*
 * Escalating puts the challenge on one live agenda: kept on a meeting to come whose agenda it is on already
 * (escalated again before the board met), else on the board's next meeting's, leaving a meeting gone (a
 * reinstated one brings it back while none is planned); with none planned, unplaced. Accepting closes it:
 * the board has nothing left to discuss, so its item comes off the agenda of a meeting not held (to come,
 * cancelled or passed: meetings_board_agenda_settled, once the challenge no longer refers to it); a held
 * meeting's agenda keeps it, and the challenge still names that meeting.
 */
static enum haven_status decide_unit(db_conn *db, void *ctx)
{
	struct step *s = ctx;
	static const char *const awaiting_decision[] = {"responded", NULL};
	enum haven_status st = step_from(db, s, awaiting_decision, CHALLENGE_NOT_AWAITING_DECISION);
	if (st != HAVEN_OK || (st = add_event(db, s)) != HAVEN_OK)
		return st;
	bool escalated = strcmp(s->kind, "escalated") == 0;
	long long old = 0, item = 0;
	enum board_item where = BOARD_ITEM_NONE;
	if ((st = board_item_of(db, s, &old, &where)) != HAVEN_OK)
		return st;
	if (escalated && where == BOARD_ITEM_TO_COME)
		item = old;
	else if (escalated && (st = board_agenda(db, s, &item)) != HAVEN_OK)
		return st;
	long long on = escalated ? (item || where != BOARD_ITEM_GONE ? item : old)
	                         : (where == BOARD_ITEM_HELD ? old : 0);
	st = escalated ? db_exec_with(db,
	                              "UPDATE scrutiny_challenges SET status = 'escalated', respond_by = ?2,"
	                              " board_agenda_item_id = nullif(?3, 0) WHERE id = ?1",
	                              DB_INT(s->id), DB_TEXT(s->respond_by), DB_INT(on))
	               : db_exec_with(db,
	                              "UPDATE scrutiny_challenges SET status = 'accepted', closed_at = ?2,"
	                              " board_agenda_item_id = nullif(?3, 0) WHERE id = ?1",
	                              DB_INT(s->id), DB_TEXT(s->at), DB_INT(on));
	if (st == HAVEN_OK && escalated)
		st = board_item_leave(db, s, old, item);
	else if (st == HAVEN_OK && old && !on) /* closed: off an agenda not held */
		st = meetings_board_agenda_settled(db_tx(db), s->now, old, s->actor);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, "challenge.decide", "challenge", s->id,
	                    escalated ? "escalated" : "accepted");
}

enum haven_status scrutiny_challenge_decide(long long id, bool escalate, const char *note,
                                            const char *respond_by, const struct actor *actor,
                                            enum challenge_refusal *refusal)
{
	struct step s = {.id = id,
	                 .kind = escalate ? "escalated" : "accepted",
	                 .text = note,
	                 .respond_by = escalate ? respond_by : NULL,
	                 .actor = actor};
	enum haven_status st = db_write(decide_unit, &s);
	*refusal = s.refusal;
	return st;
}

/*
 * Places an escalated challenge on no board agenda that counts. Its old item, on a meeting cancelled or
 * passed without being held, is taken off that agenda by the meetings area in this unit, once the challenge
 * no longer refers to it: the challenge is then on one agenda, and reinstating the old meeting does not put
 * it on two.
 */
static enum haven_status place_unit(db_conn *db, void *ctx)
{
	struct step *s = ctx;
	static const char *const escalated[] = {"escalated", NULL};
	enum haven_status st = step_from(db, s, escalated, CHALLENGE_NOT_AWAITING_PLACE);
	if (st != HAVEN_OK)
		return st;
	long long old = 0;
	enum board_item where = BOARD_ITEM_NONE;
	if ((st = board_item_of(db, s, &old, &where)) != HAVEN_OK)
		return st;
	if (where == BOARD_ITEM_HELD || where == BOARD_ITEM_TO_COME) { /* on the board's agenda already */
		s->refusal = CHALLENGE_NOT_AWAITING_PLACE;
		return HAVEN_ERR_CONFLICT;
	}
	long long item = 0;
	if ((st = board_agenda(db, s, &item)) != HAVEN_OK)
		return st;
	if (!item) {
		s->refusal = CHALLENGE_NO_BOARD_MEETING;
		return HAVEN_ERR_CONFLICT;
	}
	if ((st = db_exec_with(db, "UPDATE scrutiny_challenges SET board_agenda_item_id = ?2 WHERE id = ?1",
	                       DB_INT(s->id), DB_INT(item))) != HAVEN_OK)
		return st;
	if ((st = board_item_leave(db, s, old, item)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, "challenge.place", "challenge", s->id, NULL);
}

enum haven_status scrutiny_challenge_place(long long id, const struct actor *actor,
                                           enum challenge_refusal *refusal)
{
	struct step s = {.id = id, .actor = actor};
	enum haven_status st = db_write(place_unit, &s);
	*refusal = s.refusal;
	return st;
}

/* ---- the scrutineer's statement ---- */

struct statement {
	const char *year, *text;
	bool publish;
	const struct actor *actor;
	enum statement_refusal refusal;
};

static enum haven_status statement_unit(db_conn *db, void *ctx)
{
	struct statement *s = ctx;
	NOW_TEXT(now);
	long long published = 0;
	enum haven_status st =
	    db_integer_with(db, "SELECT published_at IS NOT NULL FROM scrutiny_statements WHERE year = ?1",
	                    &published, DB_TEXT(s->year));
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return st;
	if (published) {
		s->refusal = STATEMENT_PUBLISHED;
		return HAVEN_ERR_CONFLICT;
	}
	long long id = 0;
	st = db_integer_with(
	    db,
	    "INSERT INTO scrutiny_statements (year, text, written_by, written_at, published_at)"
	    " VALUES (?1, ?2, ?3, ?5, CASE WHEN ?4 <> 0 THEN ?5 END)"
	    " ON CONFLICT (year) DO UPDATE SET text = excluded.text,"
	    " written_by = excluded.written_by, written_at = excluded.written_at,"
	    " published_at = excluded.published_at RETURNING id",
	    &id, DB_TEXT(s->year), DB_TEXT(s->text), DB_INT(s->actor->user_id), DB_INT(s->publish),
	    DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, "report.statement", "statement", id,
	                    s->publish ? "published" : NULL);
}

enum haven_status scrutiny_statement_write(const char *year, const char *text, bool publish,
                                           const struct actor *actor, enum statement_refusal *refusal)
{
	struct statement s = {.year = year, .text = text, .publish = publish, .actor = actor};
	enum haven_status st = db_write(statement_unit, &s);
	*refusal = s.refusal;
	return st;
}

enum haven_status scrutiny_statement_get(const char *year, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT s.year, s.text, s.published_at IS NOT NULL AS published,"
	                   " u.name AS written_by_name FROM scrutiny_statements s"
	                   " JOIN users u ON u.id = s.written_by WHERE s.year = ?1",
	                   out, DB_TEXT(year));
}

enum haven_status scrutiny_statement_published_years(json_t **out)
{
	return db_read_rows(out, "SELECT year FROM scrutiny_statements WHERE published_at IS NOT NULL"
	                         " ORDER BY year DESC");
}

/* ---- reading ---- */

/*
 * A page of challenges by id, newest first, after (or before) the cursor
 * id ?3: every one (?1), or agency ?2's. An id alone is the key, so the
 * cursor needs no lookup and reveals nothing.
 */
#define CHALLENGES_PAGE(CMP, ORDER)                                                                          \
	"SELECT c.id, c.subject, a.slug AS owner_slug, a.name AS owner_name, c.respond_by, c.status,"        \
	" c.raised_at, u.name AS raised_by_name FROM scrutiny_challenges c"                                  \
	" JOIN agencies a ON a.id = c.owner_agency_id JOIN users u ON u.id = c.raised_by"                    \
	" WHERE (?1 <> 0 OR c.owner_agency_id = ?2) AND c.id " CMP " ?3 ORDER BY c.id " ORDER " LIMIT ?4"

enum haven_status scrutiny_challenges_list(bool every, long long agency_id, const struct page *page,
                                           json_t **out, long long *total)
{
	const struct paged_rows challenges = {
	    .after = DB_SQL(CHALLENGES_PAGE("<", "DESC")),
	    .before = DB_SQL(CHALLENGES_PAGE(">", "ASC")),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM scrutiny_challenges"
	                    " WHERE ?1 <> 0 OR owner_agency_id = ?2 LIMIT ?3) AS page"),
	    .none_after = PAGE_NO_ROW_ABOVE};
	return paged_rows_read(page, &challenges, DB_VALUES(DB_INT(every), DB_INT(agency_id)), out, total);
}

enum haven_status scrutiny_challenge_get(long long id, json_t **out)
{
	const struct record_list lists[] = {
	    {"events",
	     DB_SQL("SELECT e.kind, e.text, e.respond_by AS further_by, u.name AS by_name,"
	            " a.name AS agency_name, e.at"
	            " FROM scrutiny_challenge_events e JOIN users u ON u.id = e.user_id"
	            " JOIN agencies a ON a.id = e.agency_id WHERE e.challenge_id = ?1 ORDER BY e.id")},
	    {0}};
	enum haven_status st = record_read_with_lists(
	    out,
	    DB_SQL("SELECT c.id, c.subject, c.detail, a.slug AS owner_slug, a.name AS owner_name,"
	           " c.respond_by, c.status, c.raised_by, u.name AS raised_by_name, c.raised_at, c.closed_at"
	           " FROM scrutiny_challenges c JOIN agencies a ON a.id = c.owner_agency_id"
	           " JOIN users u ON u.id = c.raised_by WHERE c.id = ?1"),
	    id, lists);
	if (st != HAVEN_OK)
		return st;
	/* the board meeting it is before, by the one rule (meetings/board_sql.h, as ON_BOARD_AGENDA) */
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	json_t *meeting = NULL;
	st = db_row_with(
	    db_reader(),
	    "SELECT m.id AS board_meeting_id, m.held_on AS board_meeting_on"
	    " FROM scrutiny_challenges c JOIN meeting_agenda_items i ON i.id = c.board_agenda_item_id"
	    " JOIN meetings m ON m.id = i.meeting_id"
	    " WHERE c.id = ?1 AND " MEETINGS_BOARD_MEETING_COUNTS("m", "?2"),
	    &meeting, DB_INT(id), DB_TEXT(today));
	if (st == HAVEN_ERR_NOT_FOUND)
		meeting = json_pack("{s:n, s:n}", "board_meeting_id", "board_meeting_on");
	else if (st != HAVEN_OK) {
		json_decref(*out);
		*out = NULL;
		return st;
	}
	json_object_update(*out, meeting);
	json_decref(meeting);
	return HAVEN_OK;
}

enum haven_status scrutiny_challenge_counts(const char *since, const char *until, json_t **out)
{
	return db_row_with(
	    db_reader(),
	    "SELECT (SELECT count(*) FROM scrutiny_challenges WHERE raised_at >= ?1 AND raised_at < ?2) AS "
	    "raised,"
	    " (SELECT count(*) FROM scrutiny_challenge_events WHERE kind = 'response'"
	    " AND at >= ?1 AND at < ?2) AS responded,"
	    " (SELECT count(*) FROM scrutiny_challenge_events WHERE kind = 'escalated'"
	    " AND at >= ?1 AND at < ?2) AS escalated,"
	    " (SELECT count(*) FROM scrutiny_challenge_events WHERE kind = 'accepted'"
	    " AND at >= ?1 AND at < ?2) AS accepted,"
	    /* awaiting at ?2: no step yet, or the last step before it an escalation */
	    " (SELECT count(*) FROM scrutiny_challenges c WHERE c.raised_at < ?2 AND coalesce((SELECT e.kind"
	    " FROM scrutiny_challenge_events e WHERE e.challenge_id = c.id AND e.at < ?2 ORDER BY e.id DESC"
	    " LIMIT 1), 'escalated') = 'escalated') AS awaiting",
	    out, DB_TEXT(since), DB_TEXT(until));
}

/* ---- tasks ---- */

/* Challenges awaiting the user's agency's response, due their respond-by date. */
static enum haven_status answers_waiting(db_conn *db, const struct user *user, json_t *tasks)
{
	return db_rows_append(tasks, db,
	                      "SELECT 'challenge.respond' AS kind, CASE status WHEN 'escalated' THEN"
	                      " 'Respond again to an escalated challenge' ELSE 'Respond to a challenge'"
	                      " END AS text, respond_by AS due_at, '/challenges/' || id AS href,"
	                      " 'challenge' AS record_type, id AS record_id"
	                      " FROM scrutiny_challenges INDEXED BY scrutiny_challenges_by_owner"
	                      " WHERE owner_agency_id = ?1 AND status IN ('open', 'escalated')"
	                      " ORDER BY respond_by, id LIMIT 200",
	                      DB_INT(user->agency_id));
}

/* Responses awaiting a decision by the user: on challenges they raised, or any for whoever decides every one.
 */
static enum haven_status decisions_waiting(db_conn *db, const struct user *user, bool every, json_t *tasks)
{
	return db_rows_append(
	    tasks, db,
	    "SELECT 'challenge.decide' AS kind, 'Accept or escalate the response to a"
	    " challenge' AS text, NULL AS due_at, '/challenges/' || id AS href,"
	    " 'challenge' AS record_type, id AS record_id FROM scrutiny_challenges"
	    " WHERE status = 'responded' AND (?1 <> 0 OR raised_by = ?2) ORDER BY id LIMIT 200",
	    DB_INT(every), DB_INT(user->id));
}

/* Escalated challenges on no board agenda that counts (none was planned, or its meeting was cancelled or
 * passed without being held: ON_BOARD_AGENDA), for the partnership team to place once one is. */
static enum haven_status placements_waiting(db_conn *db, json_t *tasks)
{
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	return db_rows_append(
	    tasks, db,
	    "SELECT 'challenge.place' AS kind, 'Place an escalated challenge on a board"
	    " meeting''s agenda' AS text, NULL AS due_at, '/challenges/' || id AS href,"
	    " 'challenge' AS record_type, id AS record_id FROM scrutiny_challenges c"
	    " WHERE status = 'escalated' AND NOT " ON_BOARD_AGENDA("c", "?1") " ORDER BY id LIMIT 200",
	    DB_TEXT(today));
}

enum haven_status scrutiny_tasks(const struct user *user, json_t *tasks)
{
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	if (user->roles & policy_roles("challenge.respond"))
		st = answers_waiting(db, user, tasks);
	if (st == HAVEN_OK && (user->roles & policy_roles("challenge.decide"))) {
		/* asking about no challenge in particular (id 0) is allowed only to those who decide every
		 * one */
		st = decisions_waiting(db, user,
		                       policy_allows(user, "challenge.decide", "challenge_raised", 0), tasks);
	}
	if (st == HAVEN_OK && (user->roles & policy_roles("challenge.place")))
		st = placements_waiting(db, tasks);
	return st;
}

/* ---- record types ---- */

/* a challenge is its owning agency's (the partnership and the scrutineer see every one, by the policy) */
static const char related_challenge[] =
    "SELECT 1 FROM scrutiny_challenges WHERE id = :id AND owner_agency_id = :agency";
DB_REGISTER(related_challenge);

/* deciding on a response: the person who raised the challenge (and, by the policy, any scrutineer) */
static const char related_challenge_raised[] =
    "SELECT 1 FROM scrutiny_challenges WHERE id = :id AND raised_by = :user";
DB_REGISTER(related_challenge_raised);

const struct record_type scrutiny_records[] = {
    {.name = "challenge", .related = related_challenge},
    {.name = "challenge_raised", .related = related_challenge_raised},
    {0},
};

/* demo.sql's closed challenge, for haven init --demo. */
enum haven_status scrutiny_load_demo(void)
{
	return db_load_demo_sql("demo/scrutiny.sql", NULL, NULL);
}

char *scrutiny_report_folder(void)
{
	/* beside the database file, as its documents are (on PostgreSQL, which has none: the server's folder)
	 */
	return db_side_folder(db_reader(), ".reports");
}
