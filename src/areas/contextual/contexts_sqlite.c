/*
 * contexts_sqlite.c (contextual) — the SQLite queries behind store.h for
 * contexts: places and peer groups (one record type, "context", seen by all
 * who screen children), persons of concern (another, "person_of_concern",
 * every one seen by the police and the local authority's front door, and by
 * nobody else: area.c's rules), their links to children,
 * the disruption activity against them, and their corrections and endings
 * with what each was before (context_changes: nothing is deleted). Each change is one db_write unit
 * holding the change and its audit row.
 */
#include <string.h>

#include "app/paged_rows_sqlite.h"
#include "areas/calendar/london.h"
#include "areas/contextual/shared_sqlite.h"
#include "areas/contextual/store.h"
#include "auth/audit.h"
#include "store/db.h"

/* The agency that recorded a place or group is related to it (area.c: it may correct, end or reopen it). */
const char contextual_context_related[] =
    "SELECT 1 FROM contexts WHERE id = :id AND agency_id = :agency AND kind <> 'person'";
DB_REGISTER(contextual_context_related);

/* The record type an audit row names for a context of this kind. */
static const char *record_type_of(bool person)
{
	return person ? "person_of_concern" : "context";
}

struct context_unit {
	long long id;
	const struct new_context *c;
	const struct context_link *link;
	const struct disruption *d;
	const char *reason;              /* a change's or an ending's */
	bool reopening;                  /* write_end_or_reopen: reopening an ended context, not ending one */
	const struct audit_shown *shown; /* what the API's answer shows the reader, for the audit row */
	const struct actor *actor;
	char now[CALENDAR_INSTANT_SIZE]; /* when the change is made: set by contextual_write_stamped */
};

/*
 * Keeps what context u->id (and, for a link's change, its link to child
 * `child_id`, else 0) was before `change`, with `reason` and who made it.
 */
static enum haven_status record_change(db_conn *db, const struct context_unit *u, const char *change,
                                       long long child_id, const char *reason)
{
	return db_exec_with(
	    db,
	    "INSERT INTO context_changes (context_id, child_id, change, was_name, was_place_kind, "
	    "was_address,"
	    " was_description, was_nature, was_source, reason, agency_id, user_id, changed_at)"
	    " SELECT c.id, l.child_id, ?3, c.name, c.place_kind, c.address, c.description, l.nature, "
	    "l.source,"
	    " ?4, ?5, ?6, ?7 FROM contexts c LEFT JOIN context_links l ON l.context_id = c.id AND l.child_id "
	    "= ?2"
	    " WHERE c.id = ?1",
	    DB_INT(u->id), DB_INT(child_id), DB_TEXT(change), DB_TEXT(reason), DB_INT(u->actor->agency_id),
	    DB_INT(u->actor->user_id), DB_TEXT(u->now));
}

static enum haven_status write_context(db_conn *db, void *ctx)
{
	struct context_unit *u = ctx;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO contexts (kind, name, place_kind, address, description, agency_id, user_id, "
	    "created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &u->id, DB_TEXT(u->c->kind), DB_TEXT(u->c->name), DB_TEXT(u->c->place_kind),
	    DB_TEXT(u->c->address), DB_TEXT(u->c->description), DB_INT(u->actor->agency_id),
	    DB_INT(u->actor->user_id), DB_TEXT(u->now));
	if (st != HAVEN_OK)
		return st;
	bool person = strcmp(u->c->kind, "person") == 0;
	return audit_record(db_tx(db), u->actor, person ? "person.create" : "context.create",
	                    record_type_of(person), u->id, NULL);
}

enum haven_status contextual_context_add(const struct new_context *c, const struct actor *actor,
                                         long long *id)
{
	struct context_unit u = {.c = c, .actor = actor};
	enum haven_status st = contextual_write_stamped(write_context, &u, u.now);
	*id = u.id;
	return st;
}

/*
 * Whether context `id` is a person (its audit rows say "person.*") rather
 * than a place or group ("context.*"), and whether it has ended.
 * HAVEN_ERR_NOT_FOUND if there is none.
 */
static enum haven_status context_kind(db_conn *db, long long id, bool *person, bool *ended)
{
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT kind, ended_at FROM contexts WHERE id = ?", &row, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	*person = strcmp(json_string_value(json_object_get(row, "kind")), "person") == 0;
	*ended = json_string_value(json_object_get(row, "ended_at")) != NULL;
	json_decref(row);
	return HAVEN_OK;
}

/* context_kind for a change that only a current context takes: HAVEN_ERR_CONFLICT if it has ended. */
static enum haven_status current_kind(db_conn *db, const struct context_unit *u, bool *person)
{
	bool ended;
	enum haven_status st = context_kind(db, u->id, person, &ended);
	return st == HAVEN_OK && ended ? HAVEN_ERR_CONFLICT : st;
}

static enum haven_status write_link(db_conn *db, void *ctx)
{
	struct context_unit *u = ctx;
	bool person, ended_context;
	enum haven_status st = context_kind(db, u->id, &person, &ended_context);
	if (st != HAVEN_OK)
		return st;
	json_t *row = NULL;
	st = db_row_with(db, "SELECT ended_at FROM context_links WHERE context_id = ? AND child_id = ?", &row,
	                 DB_INT(u->id), DB_INT(u->link->child_id));
	bool ended = st == HAVEN_OK && json_string_value(json_object_get(row, "ended_at"));
	json_decref(row);
	if (st == HAVEN_OK && !ended)
		return HAVEN_ERR_CONFLICT;
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return st;
	if (ended) {
		/* linked again after the link was ended: it reopens, and what it was is kept */
		st = record_change(db, u, "link_reopened", u->link->child_id, "Linked again");
		if (st == HAVEN_OK)
			st =
			    db_exec_with(db,
			                 "UPDATE context_links SET nature = ?3, source = ?4, ended_at = NULL,"
			                 " ended_reason = NULL WHERE context_id = ?1 AND child_id = ?2",
			                 DB_INT(u->id), DB_INT(u->link->child_id), DB_TEXT(u->link->nature),
			                 DB_TEXT(u->link->source));
	} else {
		st = db_exec_with(
		    db,
		    "INSERT INTO context_links (context_id, child_id, nature, source, agency_id, user_id,"
		    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		    DB_INT(u->id), DB_INT(u->link->child_id), DB_TEXT(u->link->nature),
		    DB_TEXT(u->link->source), DB_INT(u->actor->agency_id), DB_INT(u->actor->user_id),
		    DB_TEXT(u->now));
	}
	if (st != HAVEN_OK)
		return st;
	/* the row names the child, so "who has linked or seen this child?" finds it */
	return audit_record_shown(db_tx(db), u->actor, person ? "person.link" : "context.link", "child",
	                          u->link->child_id, NULL, u->shown);
}

enum haven_status contextual_context_link(long long id, const struct context_link *link,
                                          const struct audit_shown *shown, const struct actor *actor)
{
	struct context_unit u = {.id = id, .link = link, .shown = shown, .actor = actor};
	return contextual_write_stamped(write_link, &u, u.now);
}

static enum haven_status write_disruption(db_conn *db, void *ctx)
{
	struct context_unit *u = ctx;
	bool person, ended_context;
	enum haven_status st = context_kind(db, u->id, &person, &ended_context);
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(
	    db,
	    "INSERT INTO disruptions (context_id, kind, started_on, ended_on, outcome, agency_id,"
	    " user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    DB_INT(u->id), DB_TEXT(u->d->kind), DB_TEXT(u->d->started_on), DB_TEXT(u->d->ended_on),
	    DB_TEXT(u->d->outcome), DB_INT(u->actor->agency_id), DB_INT(u->actor->user_id), DB_TEXT(u->now));
	if (st != HAVEN_OK)
		return st;
	return audit_record_shown(db_tx(db), u->actor, person ? "person.disrupt" : "context.disrupt",
	                          record_type_of(person), u->id, u->d->kind, u->shown);
}

enum haven_status contextual_disruption_add(long long id, const struct disruption *d,
                                            const struct audit_shown *shown, const struct actor *actor)
{
	struct context_unit u = {.id = id, .d = d, .shown = shown, .actor = actor};
	return contextual_write_stamped(write_disruption, &u, u.now);
}

static enum haven_status write_edit(db_conn *db, void *ctx)
{
	struct context_unit *u = ctx;
	bool person;
	enum haven_status st = current_kind(db, u, &person);
	if (st == HAVEN_OK)
		st = record_change(db, u, "edited", 0, u->reason);
	if (st == HAVEN_OK)
		st = db_exec_with(
		    db,
		    "UPDATE contexts SET name = ?2, place_kind = ?3, address = ?4, description = ?5"
		    " WHERE id = ?1",
		    DB_INT(u->id), DB_TEXT(u->c->name), DB_TEXT(u->c->place_kind), DB_TEXT(u->c->address),
		    DB_TEXT(u->c->description));
	if (st != HAVEN_OK)
		return st;
	return audit_record_shown(db_tx(db), u->actor, person ? "person.edit" : "context.edit",
	                          record_type_of(person), u->id, u->reason, u->shown);
}

enum haven_status contextual_context_edit(long long id, const struct new_context *c, const char *reason,
                                          const struct audit_shown *shown, const struct actor *actor)
{
	struct context_unit u = {.id = id, .c = c, .reason = reason, .shown = shown, .actor = actor};
	return contextual_write_stamped(write_edit, &u, u.now);
}

/*
 * Ends context u->id or, with u->reopening, reopens it: HAVEN_ERR_CONFLICT
 * unless it is current (to end) or ended (to reopen); else the record as it
 * was is kept with the reason, the change made and its audit row written.
 */
static enum haven_status write_end_or_reopen(db_conn *db, void *ctx)
{
	struct context_unit *u = ctx;
	bool person, ended;
	enum haven_status st = context_kind(db, u->id, &person, &ended);
	if (st == HAVEN_OK && ended != u->reopening)
		return HAVEN_ERR_CONFLICT;
	if (st == HAVEN_OK)
		st = record_change(db, u, u->reopening ? "reopened" : "ended", 0, u->reason);
	/* reopening clears when and why it ended */
	if (st == HAVEN_OK)
		st = db_exec_with(db, "UPDATE contexts SET ended_at = ?2, ended_reason = ?3 WHERE id = ?1",
		                  DB_INT(u->id), DB_TEXT(u->reopening ? NULL : u->now),
		                  DB_TEXT(u->reopening ? NULL : u->reason));
	if (st != HAVEN_OK)
		return st;
	const char *action = person ? (u->reopening ? "person.reopen" : "person.end")
	                            : (u->reopening ? "context.reopen" : "context.end");
	return audit_record_shown(db_tx(db), u->actor, action, record_type_of(person), u->id, u->reason,
	                          u->shown);
}

enum haven_status contextual_context_end(long long id, const char *reason, const struct audit_shown *shown,
                                         const struct actor *actor)
{
	struct context_unit u = {.id = id, .reason = reason, .shown = shown, .actor = actor};
	return contextual_write_stamped(write_end_or_reopen, &u, u.now);
}

enum haven_status contextual_context_reopen(long long id, const char *reason, const struct audit_shown *shown,
                                            const struct actor *actor)
{
	struct context_unit u = {
	    .id = id, .reason = reason, .shown = shown, .actor = actor, .reopening = true};
	return contextual_write_stamped(write_end_or_reopen, &u, u.now);
}

/* Changes (u->link with nature and source) or ends (u->link without) the current link to u->link->child_id.
 */
static enum haven_status write_link_change(db_conn *db, void *ctx)
{
	struct context_unit *u = ctx;
	bool person;
	enum haven_status st = current_kind(db, u, &person);
	if (st != HAVEN_OK)
		return st;
	json_t *row = NULL;
	st = db_row_with(db,
	                 "SELECT 1 AS current FROM context_links WHERE context_id = ? AND child_id = ?"
	                 " AND ended_at IS NULL",
	                 &row, DB_INT(u->id), DB_INT(u->link->child_id));
	json_decref(row);
	if (st != HAVEN_OK)
		return st;
	bool ending = u->link->nature == NULL;
	st = record_change(db, u, ending ? "link_ended" : "link_changed", u->link->child_id, u->reason);
	if (st == HAVEN_OK)
		st = ending ? db_exec_with(db,
		                           "UPDATE context_links SET ended_at = ?3, ended_reason = ?4"
		                           " WHERE context_id = ?1 AND child_id = ?2",
		                           DB_INT(u->id), DB_INT(u->link->child_id), DB_TEXT(u->now),
		                           DB_TEXT(u->reason))
		            : db_exec_with(db,
		                           "UPDATE context_links SET nature = ?3, source = ?4"
		                           " WHERE context_id = ?1 AND child_id = ?2",
		                           DB_INT(u->id), DB_INT(u->link->child_id), DB_TEXT(u->link->nature),
		                           DB_TEXT(u->link->source));
	if (st != HAVEN_OK)
		return st;
	/* on the child, as linking is, so the trail's search by child finds it */
	const char *action = person ? (ending ? "person.link_end" : "person.link_change")
	                            : (ending ? "context.link_end" : "context.link_change");
	return audit_record_shown(db_tx(db), u->actor, action, "child", u->link->child_id, u->reason,
	                          u->shown);
}

enum haven_status contextual_link_change(long long id, const struct context_link *link, const char *reason,
                                         const struct audit_shown *shown, const struct actor *actor)
{
	struct context_unit u = {.id = id, .link = link, .reason = reason, .shown = shown, .actor = actor};
	return contextual_write_stamped(write_link_change, &u, u.now);
}

enum haven_status contextual_context_history(long long id, long long agency_id, json_t **out)
{
	/* a link's changes name a child: only those of children the agency works with */
	return db_read_rows(
	    out,
	    "SELECT h.id, h.change, h.child_id, ch.given_name, ch.family_name, h.was_name,"
	    " h.was_place_kind, h.was_address, h.was_description, h.was_nature, h.was_source,"
	    " h.reason, h.changed_at, a.name AS agency_name FROM context_changes h"
	    " JOIN agencies a ON a.id = h.agency_id LEFT JOIN children ch ON ch.id = h.child_id"
	    " WHERE h.context_id = ?1 AND (h.child_id IS NULL OR EXISTS (SELECT 1"
	    " FROM child_links cl WHERE cl.child_id = h.child_id AND cl.agency_id = ?2))"
	    " ORDER BY h.id DESC",
	    DB_INT(id), DB_INT(agency_id));
}

#define CONTEXT_COLUMNS                                                                                      \
	"SELECT c.id, c.kind, c.name, c.place_kind, c.address, c.description, c.created_at, c.ended_at,"     \
	" c.ended_reason, a.name AS agency_name, (SELECT count(*) FROM context_links l"                      \
	" WHERE l.context_id = c.id AND l.ended_at IS NULL) AS links"                                        \
	" FROM contexts c JOIN agencies a ON a.id = c.agency_id"
/* The kinds a list or record of persons (?1 = 1) or of places and groups (?1 = 0) holds. */
#define OF_KINDS "(c.kind = 'person') = (?1 = 1)"

enum haven_status contextual_contexts_list(bool persons, const struct page *page, json_t **out,
                                           long long *total)
{
	const struct paged_rows contexts = {
	    .after = DB_SQL(CONTEXT_COLUMNS " WHERE " OF_KINDS " AND c.id < ?2 ORDER BY c.id DESC LIMIT ?3"),
	    .before = DB_SQL(CONTEXT_COLUMNS " WHERE " OF_KINDS " AND c.id > ?2 ORDER BY c.id ASC LIMIT ?3"),
	    .count =
	        DB_SQL("SELECT count(*) FROM (SELECT 1 FROM contexts c WHERE " OF_KINDS " LIMIT ?2) AS page"),
	    .none_after = PAGE_NO_ROW_ABOVE};
	return paged_rows_read(page, &contexts, DB_VALUES(DB_INT(persons)), out, total);
}

enum haven_status contextual_context_get(long long id, bool persons, json_t **out)
{
	return db_row_with(db_reader(), CONTEXT_COLUMNS " WHERE " OF_KINDS " AND c.id = ?2", out,
	                   DB_INT(persons), DB_INT(id));
}

/* The children linked to context ?1 whom agency ?2 works with (a link row of its own with the child). */
#define SEEN_LINKS                                                                                           \
	"SELECT l.child_id, ch.given_name, ch.family_name, l.nature, l.source, l.created_at"                 \
	" FROM context_links l JOIN children ch ON ch.id = l.child_id"                                       \
	" WHERE l.context_id = ?1 AND l.ended_at IS NULL AND EXISTS (SELECT 1 FROM child_links cl"           \
	" WHERE cl.child_id = l.child_id AND cl.agency_id = ?2)"

enum haven_status contextual_context_children(long long id, long long agency_id, json_t **out)
{
	return db_read_rows(out, SEEN_LINKS " ORDER BY ch.family_name, ch.given_name, l.child_id", DB_INT(id),
	                    DB_INT(agency_id));
}

enum haven_status contextual_child_contexts(long long child_id, bool with_persons, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT c.id, c.kind, c.name, l.nature, l.source FROM context_links l"
	                    " JOIN contexts c ON c.id = l.context_id"
	                    " WHERE l.child_id = ?1 AND l.ended_at IS NULL AND c.ended_at IS NULL"
	                    " AND (c.kind <> 'person' OR ?2 = 1) ORDER BY c.kind, c.name",
	                    DB_INT(child_id), DB_INT(with_persons));
}

enum haven_status contextual_disruptions(long long id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT d.id, d.kind, d.started_on, d.ended_on, d.outcome, a.name AS agency_name"
	                    " FROM disruptions d JOIN agencies a ON a.id = d.agency_id"
	                    " WHERE d.context_id = ? ORDER BY d.started_on, d.id",
	                    DB_INT(id));
}
