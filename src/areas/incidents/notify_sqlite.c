/*
 * notify_sqlite.c (incidents) — matching a child of an incident to the
 * children register and a setting, and creating its Operation Encompass
 * notification(s) with their deadlines and emails, inside the unit of work
 * that saves (or resolves) the incident (contract in notify.h).
 *
 * Matching rules (docs/architecture.md, "Domestic abuse incidents"):
 *   1. A child with a date of birth outside reception to 17 on the day of
 *      the incident is 'not_notifiable', with the reason.
 *   2. The setting the police named: by URN if given (settings.urn), else by
 *      name among the schools, colleges and early years settings of the
 *      incident's local authority (case-insensitive, and only if exactly one
 *      has that name).
 *   3. The register: children_likely_matches. Confident is exactly one
 *      "certain" candidate, or no certain and exactly one "likely" one when a
 *      setting is known (the police's, or the register child's own).
 *   4. Confident: 'matched'; the setting is the police's if found, else the
 *      register child's current settings (child_links 'setting'), each of
 *      which is notified.
 *   5. No candidate at all, a date of birth and a setting the police named
 *      that Haven knows: the police's identification is enough, so the child
 *      is added to the register (created by the police user who sent the
 *      incident, linked to the setting and the local authority) and notified
 *      at once: 'registered'. On a new deployment the register is empty, and
 *      waiting for a person here would miss "before the next school day".
 *   6. Anything else (several candidates, one without a setting to confirm
 *      it, no date of birth, no setting): 'unresolved', with a note saying
 *      why and the deadline its notification would have (waiting_due_at),
 *      for a person to resolve (nothing is dropped).
 */
#include "areas/incidents/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "areas/encompass/encompass.h"
#include "areas/incidents/deadline.h"
#include "areas/incidents/school_days.h"
#include "areas/incidents/store.h"
#include "areas/mail/compose.h"
#include "areas/settings/key_adults_sqlite.h"
#include "auth/actor.h"
#include "auth/audit.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/utf8.h"
#include "store/column_list_sqlite.h"
#include "store/db.h"
#include "store/text_found_sqlite.h"

#define SCHOOL_DAY_DEFAULT_START (8 * 60 + 45)

bool incidents_notifiable_age(int32_t birth_day, int32_t incident_day, const char **why)
{
	int by, bm, bd, iy, im, id;
	calendar_to_ymd(birth_day, &by, &bm, &bd);
	calendar_to_ymd(incident_day, &iy, &im, &id);
	/* the school year of the incident starts on 1 September of year `start` */
	int start = im >= 9 ? iy : iy - 1;
	/* in reception that year: turned (or turns) 5 between 1 September `start` and 31 August `start`+1,
	 * i.e. born on or before 31 August of `start`-4 */
	if (birth_day > calendar_from_ymd(start - 4, 8, 31)) {
		*why = "Not notifiable: the child is younger than reception age on the day of the incident";
		return false;
	}
	/* 18th birthday (29 February babies: 1 March in a non-leap year, as calendar_from_ymd rolls over) */
	int32_t eighteenth = calendar_from_ymd(by + 18, bm, bd);
	if (incident_day >= eighteenth) {
		*why = "Not notifiable: the child was 18 or over on the day of the incident";
		return false;
	}
	return true;
}

enum haven_status incidents_register_candidates(struct store_tx *tx, const char *given_name,
                                                const char *family_name, const char *date_of_birth,
                                                long long la_code, json_t **out)
{
	*out = NULL;
	struct child_identity who = {
	    .given_name = given_name,
	    .family_name = family_name,
	    .date_of_birth = date_of_birth,
	    .la_code = (int)la_code,
	};
	json_t *found = NULL;
	enum haven_status st = children_likely_matches(tx, &who, &found);
	if (st != HAVEN_OK)
		return st;
	json_t *list = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(found, i, c)
	{
		json_array_append_new(list, json_pack("{s:O, s:O}", "child_id", json_object_get(c, "id"),
		                                      "strength", json_object_get(c, "strength")));
	}
	json_decref(found);
	*out = list;
	return HAVEN_OK;
}

/* The register child's current settings (child_links 'setting'), as a new array of agency ids. */
static enum haven_status register_settings(db_conn *db, long long child_id, json_t **out)
{
	*out = column_list_with(db,
	                        "SELECT l.agency_id FROM child_links l JOIN agencies a ON a.id = l.agency_id"
	                        " WHERE l.child_id = ? AND l.relationship = 'setting' ORDER BY l.agency_id",
	                        DB_INT(child_id));
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

/* The setting the police named: 0 if none or not found (with a note part in `note`). */
static enum haven_status police_setting(db_conn *db, const struct incident_facts *incident,
                                        const json_t *child, long long *agency_id, struct buf *note)
{
	*agency_id = 0;
	const json_t *urn = json_object_get(child, "setting_urn");
	const char *name = json_string_value(json_object_get(child, "setting_name"));
	enum haven_status st;
	if (json_is_integer(urn)) {
		st = db_integer_with(db, "SELECT agency_id FROM settings WHERE urn = ?", agency_id,
		                     DB_INT(json_integer_value(urn)));
		if (st == HAVEN_ERR_NOT_FOUND) {
			buf_printf(note, "No setting in Haven has the URN %lld. ",
			           (long long)json_integer_value(urn));
			st = HAVEN_OK;
		}
		if (st != HAVEN_OK || *agency_id)
			return st;
	}
	if (!name)
		return HAVEN_OK;
	/* stepped by hand: every child of every incident the police send is matched here */
	db_stmt *stmt = db_prepare(
	    db, "SELECT id FROM agencies WHERE la_code = ?1 AND type IN ('school', 'college', 'early_years')"
	        " AND lower(name) = lower(?2) LIMIT 2");
	if (!db_bind(stmt, DB_INT(incident->la_code), DB_TEXT(name)))
		return HAVEN_ERR_DB;
	int found = 0;
	enum db_step step;
	long long id = 0;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		found++;
		id = db_column_int(stmt, 0);
	}
	db_done(stmt);
	if (step != DB_STEP_DONE)
		return HAVEN_ERR_DB;
	if (found == 1)
		*agency_id = id;
	else
		buf_printf(note, found ? "More than one setting in the area has the name the police gave. "
		                       : "No setting in the incident's area has the name the police gave. ");
	return HAVEN_OK;
}

static enum haven_status set_status(db_conn *db, long long row, const char *status, const char *note,
                                    long long child_id, long long setting_id)
{
	return db_exec_with(
	    db,
	    "UPDATE da_incident_children SET match_status = ?2, match_note = ?3, child_id = ?4,"
	    " setting_agency_id = ?5 WHERE id = ?1",
	    DB_INT(row), DB_TEXT(status), DB_TEXT(note && note[0] ? note : NULL),
	    child_id ? DB_INT(child_id) : DB_NULL, setting_id ? DB_INT(setting_id) : DB_NULL);
}

static enum haven_status school_day_deadline(db_conn *db, const struct incident_facts *incident,
                                             long long agency_id, int64_t *due);

/* Leaves the child waiting for a person, with why and the deadline its notification would have. */
static enum haven_status wait_for_person(db_conn *db, const struct incident_facts *incident, long long row,
                                         const char *note, long long child_id, long long setting)
{
	enum haven_status st = set_status(db, row, "unresolved", note, child_id, 0);
	int64_t due;
	if (st != HAVEN_OK || (st = school_day_deadline(db, incident, setting, &due)) != HAVEN_OK)
		return st;
	char due_text[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(due, due_text);
	return db_exec_with(db, "UPDATE da_incident_children SET waiting_due_at = ?2 WHERE id = ?1",
	                    DB_INT(row), DB_TEXT(due_text));
}

/* Adds the child the police identified to the register, at the setting they named (rule 5). */
static enum haven_status register_from_police(struct store_tx *tx, const struct incident_facts *incident,
                                              const json_t *child, long long setting, long long *child_id)
{
	struct child_identity who = {
	    .given_name = json_string_value(json_object_get(child, "given_name")),
	    .family_name = json_string_value(json_object_get(child, "family_name")),
	    .date_of_birth = json_string_value(json_object_get(child, "date_of_birth")),
	    .la_code = (int)incident->la_code,
	};
	enum haven_status st = children_insert(tx, &who, incident->recorded_by, child_id);
	if (st == HAVEN_OK)
		st = children_link_local_authority(tx, *child_id);
	if (st == HAVEN_OK)
		st = children_link(tx, *child_id, setting, "setting");
	if (st != HAVEN_OK)
		return st;
	struct actor police = {.user_id = incident->recorded_by};
	return audit_record(tx, incident->recorded_by ? &police : NULL, "child.create", "child", *child_id,
	                    "Added from the police's identification in a domestic abuse incident");
}

enum haven_status incidents_match_child(struct store_tx *tx, const struct incident_facts *incident,
                                        long long row, const json_t *child)
{
	db_conn *db = db_tx_conn(tx);
	struct buf note = BUF_INIT;
	json_t *candidates = NULL, *settings = NULL;
	enum haven_status st = HAVEN_OK;
	int32_t incident_day = calendar_london_day(incident->occurred), birth_day;
	const char *dob = json_string_value(json_object_get(child, "date_of_birth"));
	const char *why = NULL;
	if (dob && calendar_parse(dob, &birth_day) &&
	    !incidents_notifiable_age(birth_day, incident_day, &why)) {
		st = set_status(db, row, "not_notifiable", why, 0, 0);
		goto out;
	}
	long long setting = 0;
	if ((st = police_setting(db, incident, child, &setting, &note)) != HAVEN_OK)
		goto out;
	if (!dob) {
		buf_printf(
		    &note,
		    "The police gave no date of birth, so the child cannot be matched to the register.");
		st = wait_for_person(db, incident, row, buf_cstr(&note), 0, setting);
		goto out;
	}
	st = incidents_register_candidates(tx, json_string_value(json_object_get(child, "given_name")),
	                                   json_string_value(json_object_get(child, "family_name")), dob,
	                                   incident->la_code, &candidates);
	if (st != HAVEN_OK)
		goto out;
	struct children_match_tally tally = children_tally_matches(candidates, "child_id");
	if (tally.chosen && (st = register_settings(db, tally.chosen, &settings)) != HAVEN_OK)
		goto out;
	bool has_setting = setting || json_array_size(settings) > 0;
	bool created;
	if (tally.certain == 0 && tally.likely == 0 && setting) {
		long long registered;
		if ((st = register_from_police(tx, incident, child, setting, &registered)) != HAVEN_OK ||
		    (st = set_status(db, row, "registered",
		                     "Not on the register: added from the police's details.", registered,
		                     setting)) != HAVEN_OK)
			goto out;
		st = incidents_notify(tx, incident, row, setting, &created);
		goto out;
	}
	if (!tally.chosen || (tally.certain == 0 && !has_setting)) {
		if (tally.certain > 1)
			buf_printf(&note, "%zu children on the register are certain matches.", tally.certain);
		else if (tally.certain == 0 && tally.likely > 1)
			buf_printf(&note, "%zu children on the register could be this child.", tally.likely);
		else if (tally.certain == 0 && tally.likely == 1)
			buf_printf(&note, "One child on the register could be this child, but no setting is "
			                  "known to confirm it.");
		else
			buf_printf(&note, "No child on the register matches the police's details, and the "
			                  "police named no setting Haven knows.");
		st = wait_for_person(db, incident, row, buf_cstr(&note), 0, setting);
		goto out;
	}
	if (!has_setting) {
		buf_printf(&note,
		           "The register child has no setting, and the police named none Haven knows.");
		st = wait_for_person(db, incident, row, buf_cstr(&note), tally.chosen, 0);
		goto out;
	}
	if (!setting && json_array_size(settings) > 1) {
		buf_reset(&note);
		buf_printf(&note, "The register lists %zu settings for the child: each was notified.",
		           json_array_size(settings));
	} else if (setting) {
		buf_reset(&note);
	} else {
		buf_reset(&note);
		setting = json_integer_value(json_array_get(settings, 0));
	}
	st = set_status(db, row, "matched", buf_cstr(&note), tally.chosen, setting);
	if (st == HAVEN_OK && setting)
		st = incidents_notify(tx, incident, row, setting, &created);
	else {
		size_t i;
		json_t *c;
		json_array_foreach(settings, i, c) if (st == HAVEN_OK) st =
		    incidents_notify(tx, incident, row, json_integer_value(c), &created);
	}
out:
	json_decref(candidates);
	json_decref(settings);
	buf_free(&note);
	return st;
}

/*
 * The local authority's terms that can decide the deadline of an incident at `incident_utc`
 * (deadline_terms_window), in a new array in *terms (free it), stepped by hand into C for each
 * notification. Every one of them, however many: a term left out would make its days holidays and move
 * the deadline months on, so there is no cap to fall off; the window is what keeps the list short.
 */
static enum haven_status load_terms(db_conn *db, long long la_code, int64_t incident_utc,
                                    struct deadline_term **terms, size_t *count)
{
	*terms = NULL;
	*count = 0;
	int32_t first_day, last_day;
	deadline_terms_window(incident_utc, &first_day, &last_day);
	char from[CALENDAR_DATE_SIZE], to[CALENDAR_DATE_SIZE];
	calendar_format(first_day, from);
	calendar_format(last_day, to);
	/* dates as text compare as days (YYYY-MM-DD) */
	db_stmt *stmt = db_prepare(db, "SELECT first_day, last_day FROM school_terms"
	                               " WHERE la_code = ? AND last_day >= ? AND first_day <= ?"
	                               " ORDER BY first_day");
	if (!db_bind(stmt, DB_INT(la_code), DB_TEXT(from), DB_TEXT(to)))
		return HAVEN_ERR_DB;
	size_t room = 0;
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		int32_t first, last;
		if (!calendar_parse(db_column_text(stmt, 0), &first) ||
		    !calendar_parse(db_column_text(stmt, 1), &last))
			continue;
		if (*count == room) {
			room = room ? room * 2 : 16;
			*terms = xrealloc(*terms, room * sizeof **terms);
		}
		(*terms)[(*count)++] = (struct deadline_term){first, last};
	}
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

/*
 * When a notification to `agency_id` about `incident` is due: the start of the agency's next school day
 * (its school_day_start, its local authority's terms, the partnership's deliver_in_holidays). Agency 0
 * (no setting known yet) reads the incident's area and the usual start, 08:45: the deadline a waiting
 * child's notification would have at most settings.
 */
static enum haven_status school_day_deadline(db_conn *db, const struct incident_facts *incident,
                                             long long agency_id, int64_t *due)
{
	/* the bank holidays committed before this unit, not as this process last looked */
	enum haven_status st = calendar_in_unit(db_tx(db));
	if (st != HAVEN_OK)
		return st;
	db_stmt *stmt = db_prepare(db, "SELECT deliver_in_holidays FROM da_settings WHERE id = 1");
	if (!stmt)
		return HAVEN_ERR_DB;
	long long holidays = 0;
	bool in_holidays = db_integer_values(stmt, &holidays, NULL, 0) == HAVEN_OK && holidays == 1;

	long long la_code = incident->la_code;
	int start = SCHOOL_DAY_DEFAULT_START;
	if (agency_id) {
		/* stepped by hand: a number and a clock time into C, for each notification */
		stmt = db_prepare(db, "SELECT coalesce(a.la_code, ?2), s.school_day_start FROM agencies a"
		                      " LEFT JOIN settings s ON s.agency_id = a.id WHERE a.id = ?1");
		if (!db_bind(stmt, DB_INT(agency_id), DB_INT(incident->la_code)))
			return HAVEN_ERR_DB;
		enum db_step step = db_step(stmt);
		if (step != DB_STEP_ROW) {
			db_done(stmt);
			return step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
		}
		la_code = db_column_int(stmt, 0);
		const char *start_text = db_column_text(stmt, 1);
		if (start_text && !calendar_parse_clock(start_text, &start))
			start = SCHOOL_DAY_DEFAULT_START;
		db_done(stmt);
	}

	struct deadline_term *terms = NULL;
	size_t term_count = 0;
	st = load_terms(db, la_code, incident->occurred, &terms, &term_count);
	if (st != HAVEN_OK) {
		free(terms);
		return st;
	}
	struct deadline_school_calendar cal = {terms, term_count, in_holidays};
	st = deadline_next_school_day_start(incident->occurred, start, &cal, due);
	free(terms);
	if (st == HAVEN_ERR_NOT_FOUND) {
		/* Bank holidays on every weekday for years: the calendar is wrong, not the incident. The
		 * setting is told by the next weekday's start, and the partnership's log says why. */
		log_error("incidents: no school day within %d days of an incident for agency %lld, or "
		          "more bank holidays before one than a year holds; its notification is due at the "
		          "next weekday's start: check the bank holidays",
		          DEADLINE_SEARCH_DAYS, agency_id);
		st = deadline_next_weekday_start(incident->occurred, start, due);
	}
	return st;
}

enum haven_status incidents_notify(struct store_tx *tx, const struct incident_facts *incident, long long row,
                                   long long agency_id, bool *created)
{
	db_conn *db = db_tx_conn(tx);
	*created = false;
	/* the partnership's content form now: what the notification shows (into a C buffer, for each
	 * notification); "full" until the settings are saved */
	char content[16];
	enum haven_status st =
	    text_found_with(db, "SELECT content FROM da_settings WHERE id = 1", content, sizeof content);
	if (st == HAVEN_ERR_NOT_FOUND)
		utf8_copy(content, sizeof content, "full");
	else if (st != HAVEN_OK)
		return st;

	int64_t due;
	st = school_day_deadline(db, incident, agency_id, &due);
	if (st != HAVEN_OK)
		return st;
	char due_text[CALENDAR_INSTANT_SIZE], now_text[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(due, due_text);
	calendar_format_instant(incident->now, now_text);

	struct encompass_new_notification notification = {
	    .incident_child_id = row,
	    .recipient_agency_id = agency_id,
	    .content = content,
	    .created_at = now_text,
	    .due_at = due_text,
	};
	if ((st = encompass_notify(tx, &notification, created)) != HAVEN_OK || !*created)
		return st;

	/* every Key Adult of the recipient: its DSLs, or a local authority's front door */
	json_t *emails = db_rows_with(
	    db, "SELECT u.email FROM agencies a" KEY_ADULTS_OF("a") " WHERE a.id = ?1 ORDER BY u.id",
	    DB_INT(agency_id));
	if (!emails)
		return HAVEN_ERR_DB;
	/* one generic email, the same for everyone: it says nothing about the incident (mail.h) */
	st = mail_enqueue_each(db_tx(db), "incidents/encompass-notification", NULL, emails);
	json_decref(emails);
	return st;
}

/*
 * The incident child row `row` belongs to, as its deadlines are counted from: the incident's time and area.
 * HAVEN_ERR_NOT_FOUND if there is no such row, or its time cannot be read (no deadline was counted from it).
 */
static enum haven_status facts_of_child(db_conn *db, long long row, struct incident_facts *facts)
{
	json_t *rows = db_rows_with(db,
	                            "SELECT i.id, i.la_code, i.occurred_at FROM da_incident_children c"
	                            " JOIN da_incidents i ON i.id = c.incident_id WHERE c.id = ?",
	                            DB_INT(row));
	if (!rows)
		return HAVEN_ERR_DB;
	const json_t *r = json_array_get(rows, 0);
	*facts = (struct incident_facts){0};
	enum haven_status st = HAVEN_ERR_NOT_FOUND;
	if (r &&
	    calendar_parse_instant(json_string_value(json_object_get(r, "occurred_at")), &facts->occurred)) {
		facts->id = json_integer_value(json_object_get(r, "id"));
		facts->la_code = json_integer_value(json_object_get(r, "la_code"));
		st = HAVEN_OK;
	}
	json_decref(rows);
	return st;
}

enum haven_status incidents_notification_due_in(struct store_tx *tx, long long incident_child_id,
                                                long long agency_id, int64_t *due)
{
	db_conn *db = db_tx_conn(tx);
	struct incident_facts facts;
	enum haven_status st = facts_of_child(db, incident_child_id, &facts);
	return st == HAVEN_OK ? school_day_deadline(db, &facts, agency_id, due) : st;
}

enum haven_status incidents_demo_move_incident(struct store_tx *tx, long long incident_id,
                                               const char *occurred_at)
{
	return db_exec_with(
	    db_tx_conn(tx),
	    "UPDATE da_incidents SET occurred_at = ?1,"
	    " received_at = CASE WHEN received_at < ?1 THEN ?1 ELSE received_at END WHERE id = ?2",
	    DB_TEXT(occurred_at), DB_INT(incident_id));
}

/*
 * The local authority whose terms a deadline for `agency_id` about `facts` is counted with, as
 * school_day_deadline reads it: the agency's, else the incident's.
 */
static enum haven_status terms_authority(db_conn *db, const struct incident_facts *facts, long long agency_id,
                                         long long *la_code)
{
	*la_code = facts->la_code;
	if (!agency_id)
		return HAVEN_OK;
	enum haven_status st = db_integer_with(db, "SELECT coalesce(la_code, ?2) FROM agencies WHERE id = ?1",
	                                       la_code, DB_INT(agency_id), DB_INT(facts->la_code));
	return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
}

/*
 * Takes back the escalation of waiting child row `row` (of incident `incident`), if it has one, audited
 * with `reason` (a system action): the waiting job escalates it again as its deadline nears. The emails
 * sent and the escalation's audit row stay. The one way an escalation is withdrawn: when the child's
 * deadline moves later (withdraw_waiting_escalation) or the lead time is made shorter
 * (incidents_waiting_lead_changed).
 */
static enum haven_status take_back_waiting(db_conn *db, long long row, long long incident, const char *reason)
{
	long long removed = 0;
	enum haven_status st = db_exec_changed_with(
	    db, "DELETE FROM da_waiting_escalations WHERE incident_child_id = ?", &removed, DB_INT(row));
	if (st != HAVEN_OK || removed == 0)
		return st;
	return audit_record(db_tx(db), NULL, "incident.waiting_escalation_withdrawn", "da_incident", incident,
	                    reason);
}

/* Child row `row`'s escalation taken back when its deadline, moved later to `due_text`, is further away
 * than the waiting job's lead time (`due_by`, now plus waiting_escalate_minutes). */
static enum haven_status withdraw_waiting_escalation(db_conn *db, long long row, long long incident,
                                                     const char *due_text, const char *due_by)
{
	if (strcmp(due_text, due_by) <= 0)
		return HAVEN_OK;
	char reason[64];
	snprintf(reason, sizeof reason, "A waiting child's deadline moved to %s", due_text);
	return take_back_waiting(db, row, incident, reason);
}

enum haven_status incidents_waiting_lead_changed(struct store_tx *tx, long long was)
{
	db_conn *db = db_tx_conn(tx);
	long long minutes = 0;
	enum haven_status st = db_integer_with(
	    db, "SELECT waiting_escalate_minutes FROM da_settings WHERE id = ?", &minutes, DB_INT(1));
	if (st != HAVEN_OK || minutes >= was)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st; /* longer or the same: the job reads it */
	/* the waiting job's cut-off as it is now (write_waiting): escalated only when the deadline is this
	 * near. Only a child still waiting: one matched or resolved has no waiting deadline to go by */
	char due_by[CALENDAR_INSTANT_SIZE];
	calendar_format_instant((int64_t)time(NULL) + 60 * minutes, due_by);
	json_t *early = db_rows_with(db,
	                             "SELECT c.id, c.incident_id FROM da_incident_children c"
	                             " JOIN da_waiting_escalations e ON e.incident_child_id = c.id"
	                             " WHERE c.match_status = 'unresolved' AND c.waiting_due_at > ?"
	                             " ORDER BY c.id",
	                             DB_TEXT(due_by));
	if (!early)
		return HAVEN_ERR_DB;
	char reason[96];
	snprintf(reason, sizeof reason, "The waiting escalation lead time is now %lld minutes", minutes);
	size_t i;
	json_t *row;
	json_array_foreach(early, i, row)
	{
		if (st != HAVEN_OK)
			break;
		st = take_back_waiting(db, json_integer_value(json_object_get(row, "id")),
		                       json_integer_value(json_object_get(row, "incident_id")), reason);
	}
	json_decref(early);
	return st;
}

/* Counts again the deadlines of the children waiting to be matched that `scope` covers (school_days.h). */
static enum haven_status recount_waiting_for(struct store_tx *tx,
                                             const struct incidents_school_days_scope *scope)
{
	db_conn *db = db_tx_conn(tx);
	/* only a child still waiting: one matched or resolved has its notification, whose deadline is the
	 * Encompass area's to move (encompass_recount_due_for). A scope by agency or authority can only
	 * reach a child whose incident is in the authority's area or for whom the police named a setting;
	 * which setting that is, and its authority, are found below as the deadline was counted. */
	json_t *waiting = db_rows_with(
	    db,
	    "SELECT c.id, c.setting_urn, c.setting_name, c.waiting_due_at FROM da_incident_children c"
	    " JOIN da_incidents i ON i.id = c.incident_id"
	    " WHERE c.match_status = 'unresolved' AND c.waiting_due_at IS NOT NULL"
	    " AND ((?1 = 0 AND (?2 = 0 OR i.la_code = ?2))"
	    " OR c.setting_urn IS NOT NULL OR c.setting_name IS NOT NULL) ORDER BY c.id",
	    DB_INT(scope->agency_id), DB_INT(scope->la_code));
	if (!waiting)
		return HAVEN_ERR_DB;
	/* the waiting job's cut-off now (waiting_sqlite.c): escalated when the deadline is this near */
	long long minutes = 0;
	char due_by[CALENDAR_INSTANT_SIZE] = "";
	enum haven_status st = db_integer_with(
	    db, "SELECT waiting_escalate_minutes FROM da_settings WHERE id = ?", &minutes, DB_INT(1));
	if (st == HAVEN_OK)
		calendar_format_instant((int64_t)time(NULL) + 60 * minutes, due_by);
	st = st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st; /* no settings: nothing was escalated */
	struct buf note = BUF_INIT;
	size_t i;
	json_t *child;
	json_array_foreach(waiting, i, child)
	{
		if (st != HAVEN_OK)
			break;
		long long row = json_integer_value(json_object_get(child, "id"));
		struct incident_facts facts;
		if ((st = facts_of_child(db, row, &facts)) == HAVEN_ERR_NOT_FOUND) {
			st = HAVEN_OK; /* no time to count from: it keeps the deadline it has */
			continue;
		}
		/* counted as wait_for_person counted it: for the setting the police named (0 if none Haven
		 * knows), which is every waiting child's (incidents_match_child) */
		long long setting = 0, la_code = 0;
		int64_t due, was;
		buf_reset(&note);
		if (st != HAVEN_OK || (st = police_setting(db, &facts, child, &setting, &note)) != HAVEN_OK)
			break;
		if (scope->agency_id && setting != scope->agency_id)
			continue;
		if (scope->la_code && ((st = terms_authority(db, &facts, setting, &la_code)) != HAVEN_OK ||
		                       la_code != scope->la_code))
			continue;
		if ((st = school_day_deadline(db, &facts, setting, &due)) != HAVEN_OK)
			break;
		char due_text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(due, due_text);
		long long changed = 0;
		st = db_exec_changed_with(db,
		                          "UPDATE da_incident_children SET waiting_due_at = ?2"
		                          " WHERE id = ?1 AND waiting_due_at <> ?2",
		                          &changed, DB_INT(row), DB_TEXT(due_text));
		bool later = !calendar_parse_instant(
		                 json_string_value(json_object_get(child, "waiting_due_at")), &was) ||
		             due > was;
		if (st == HAVEN_OK && changed && later && due_by[0])
			st = withdraw_waiting_escalation(db, row, facts.id, due_text, due_by);
	}
	buf_free(&note);
	json_decref(waiting);
	return st;
}

enum haven_status incidents_recount_waiting_in(struct store_tx *tx)
{
	static const struct incidents_school_days_scope every = {0};
	return recount_waiting_for(tx, &every);
}

enum haven_status incidents_setting_names_changed(struct store_tx *tx)
{
	/* every waiting child: a name that no longer finds a setting reaches no scope by agency */
	return incidents_recount_waiting_in(tx);
}

enum haven_status incidents_school_days_changed(struct store_tx *tx,
                                                const struct incidents_school_days_scope *scope)
{
	enum haven_status st = encompass_recount_due_for(tx, scope);
	return st == HAVEN_OK ? recount_waiting_for(tx, scope) : st;
}

enum haven_status incidents_agency_area_changed(struct store_tx *tx, long long agency_id, long long was,
                                                long long now)
{
	if (was == now)
		return HAVEN_OK;
	const struct incidents_school_days_scope own = {.agency_id = agency_id}, old = {.la_code = was};
	enum haven_status st = incidents_school_days_changed(tx, &own);
	return st == HAVEN_OK && was ? incidents_school_days_changed(tx, &old) : st;
}
