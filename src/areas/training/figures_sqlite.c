/*
 * figures_sqlite.c (training) — the training figures for a period; a
 * person counts once per course-day however many of its sessions they are
 * recorded on (ATTENDED_ONCE).
 */
#include "areas/training/store_sqlite.h"

/*
 * Attendance in [?1, ?2] as `attended`: one row per person per course-day
 * (course_id, date, person, booked, agency_id), from ticked places and from
 * attendance without one (migration 0146), so a person on a course's two
 * sessions of one day (an imported row goes on the earlier, a walk-in on
 * the later, or a place on one and a walk-in on the other) counts once.
 * booked is 1 when they had a place that day, and agency_id is then the
 * place's, else the attendance's (an aggregate, so PostgreSQL groups it).
 */
#define ATTENDED_ONCE                                                                                        \
	"WITH attended AS (SELECT course_id, date, person, max(booked) AS booked,"                           \
	" coalesce(max(CASE WHEN booked = 1 THEN agency_id END), max(agency_id)) AS agency_id FROM ("        \
	" SELECT s.course_id, s.date, 'u:' || b.user_id AS person, 1 AS booked, b.agency_id"                 \
	" FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"                          \
	" WHERE s.date BETWEEN ?1 AND ?2 AND b.attendance = 'attended'"                                      \
	" UNION ALL SELECT course_id, date, person_key, 0, agency_id FROM training_attendees"                \
	" WHERE date BETWEEN ?1 AND ?2) AS taken GROUP BY course_id, date, person) "

static json_t *ratio(long long num, long long den)
{
	return den > 0 ? json_real((double)(long long)((double)num * 1000.0 / (double)den + 0.5) / 1000.0)
	               : json_null();
}

enum haven_status training_summary(const char *from, const char *to, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	json_t *totals = training_first_row(training_period_rows(
	    db_prepare(db, "SELECT count(*) FILTER (WHERE b.attendance = 'attended') AS booked_attendances,"
	                   " count(*) FILTER (WHERE b.attendance = 'no_show') AS no_shows,"
	                   " count(*) FILTER (WHERE b.status = 'booked') AS booked,"
	                   " count(*) FILTER (WHERE b.late_cancellation = 1) AS late_cancellations"
	                   " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	                   " WHERE s.date BETWEEN ?1 AND ?2"),
	    from, to));
	/* who attended, with a place or without one (migration 0146), each person once (person_key) */
	json_t *people = training_first_row(training_period_rows(
	    db_prepare(db, ATTENDED_ONCE "SELECT count(*) FILTER (WHERE booked = 0) AS without_place,"
	                                 " count(*) AS attendances, count(DISTINCT person) AS practitioners"
	                                 " FROM attended"),
	    from, to));
	json_t *places = training_first_row(training_period_rows(
	    db_prepare(db, "SELECT count(*) AS sessions, coalesce(sum(capacity), 0) AS places"
	                   " FROM training_sessions WHERE date BETWEEN ?1 AND ?2"),
	    from, to));
	json_t *by_agency = training_period_rows(
	    db_prepare(db, ATTENDED_ONCE "SELECT g.name, count(*) AS attendances,"
	                                 " count(DISTINCT x.person) AS practitioners FROM attended x"
	                                 " JOIN agencies g ON g.id = x.agency_id GROUP BY g.id"
	                                 " ORDER BY attendances DESC, g.name"),
	    from, to);
	/* each course with a session in the period, or attendance: its sessions and attendances */
	json_t *by_course = training_period_rows(
	    db_prepare(
	        db, ATTENDED_ONCE
	        "SELECT c.id, c.title, sum(x.sessions) AS sessions, sum(x.attendances) AS attendances FROM ("
	        " SELECT course_id, count(*) AS sessions, 0 AS attendances FROM training_sessions"
	        " WHERE date BETWEEN ?1 AND ?2 GROUP BY course_id"
	        " UNION ALL SELECT course_id, 0, count(*) FROM attended GROUP BY course_id) x"
	        " JOIN training_courses c ON c.id = x.course_id GROUP BY c.id ORDER BY c.title, c.id"),
	    from, to);
	json_t *by_area = training_period_rows(
	    db_prepare(db, ATTENDED_ONCE
	               "SELECT coalesce(p.key, 'other') AS area, coalesce(p.name, 'Other') AS area_name,"
	               " sum(x.attendances) AS attendances FROM training_course_priorities a"
	               " LEFT JOIN priorities p ON p.id = a.priority_id JOIN ("
	               " SELECT course_id, 0 AS attendances FROM training_sessions"
	               " WHERE date BETWEEN ?1 AND ?2 GROUP BY course_id"
	               " UNION ALL SELECT course_id, count(*) FROM attended GROUP BY course_id)"
	               " x ON x.course_id = a.course_id"
	               " GROUP BY a.priority_id, p.id ORDER BY p.id IS NULL, p.name"),
	    from, to);
	json_t *conf = training_first_row(training_period_rows(
	    db_prepare(db,
	               "SELECT count(DISTINCT sc.booking_id) AS evaluations, avg(sc.before) AS before,"
	               " avg(sc.after) AS after,"
	               /* the evaluations whose confidence after, over all the outcomes, is above before */
	               " (SELECT count(*) FROM (SELECT 1 FROM training_evaluation_scores g"
	               " JOIN training_bookings gb ON gb.id = g.booking_id"
	               " JOIN training_sessions gs ON gs.id = gb.session_id WHERE gs.date BETWEEN ?1 AND ?2"
	               " GROUP BY g.booking_id HAVING sum(g.after) > sum(g.before)) AS grown) AS grew"
	               " FROM training_evaluation_scores sc"
	               " JOIN training_bookings b ON b.id = sc.booking_id"
	               " JOIN training_sessions s ON s.id = b.session_id WHERE s.date BETWEEN ?1 AND ?2"),
	    from, to));
	if (!totals || !people || !places || !by_agency || !by_course || !by_area || !conf) {
		json_decref(totals);
		json_decref(people);
		json_decref(places);
		json_decref(by_agency);
		json_decref(by_course);
		json_decref(by_area);
		json_decref(conf);
		return HAVEN_ERR_DB;
	}
	long long attendances = json_integer_value(json_object_get(people, "attendances"));
	long long booked_attendances = json_integer_value(json_object_get(totals, "booked_attendances"));
	long long no_shows = json_integer_value(json_object_get(totals, "no_shows"));
	long long booked = json_integer_value(json_object_get(totals, "booked"));
	long long n_places = json_integer_value(json_object_get(places, "places"));
	json_t *before = json_object_get(conf, "before"), *after = json_object_get(conf, "after");
	json_t *change =
	    json_is_number(before) && json_is_number(after)
	        ? json_real(
	              (double)(long long)((json_number_value(after) - json_number_value(before)) * 100.0 +
	                                  (json_number_value(after) >= json_number_value(before) ? 0.5
	                                                                                         : -0.5)) /
	              100.0)
	        : json_null();
	json_t *model = json_pack(
	    "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:{s:O, s:O, s:O, "
	    "s:o, s:O}}",
	    "from", from, "to", to, "attendances", (json_int_t)attendances, "attendances_without_place",
	    (json_int_t)json_integer_value(json_object_get(people, "without_place")), "practitioners",
	    (json_int_t)json_integer_value(json_object_get(people, "practitioners")), "sessions",
	    (json_int_t)json_integer_value(json_object_get(places, "sessions")), "places",
	    (json_int_t)n_places, "booked", (json_int_t)booked, "fill_rate", ratio(booked, n_places),
	    "no_shows", (json_int_t)no_shows, "late_cancellations",
	    (json_int_t)json_integer_value(json_object_get(totals, "late_cancellations")), "no_show_rate",
	    ratio(no_shows, booked_attendances + no_shows), "by_agency", by_agency, "by_course", by_course,
	    "by_area", by_area, "confidence", "evaluations", json_object_get(conf, "evaluations"), "before",
	    before, "after", after, "change", change, "grew", json_object_get(conf, "grew"));
	json_decref(totals);
	json_decref(people);
	json_decref(places);
	json_decref(conf);
	if (!model)
		return HAVEN_ERR_INTERNAL;
	/* e-learning completions are counted beside attendances, not in them (migration 0010 says why) */
	json_t *el = training_first_row(training_period_rows(
	    db_prepare(db, "SELECT count(*) AS completions, count(DISTINCT user_id) AS people"
	                   " FROM training_elearning_completions WHERE completed_on BETWEEN ?1 AND ?2"),
	    from, to));
	if (!el) {
		json_decref(model);
		return HAVEN_ERR_DB;
	}
	/* the follow-up response rate: answers over follow-ups sent, for sessions in the period */
	json_t *fu = training_first_row(training_period_rows(
	    db_prepare(db, "SELECT count(m.follow_up_queued_at) AS sent,"
	                   " count(f.booking_id) AS answered,"
	                   " count(CASE WHEN f.impact IN ('a_lot', 'a_little') THEN 1 END)"
	                   " AS changed_practice FROM training_bookings b"
	                   " JOIN training_sessions s ON s.id = b.session_id"
	                   " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
	                   " LEFT JOIN training_follow_ups f ON f.booking_id = b.id"
	                   " WHERE s.date BETWEEN ?1 AND ?2"),
	    from, to));
	if (!fu) {
		json_decref(el);
		json_decref(model);
		return HAVEN_ERR_DB;
	}
	long long sent = json_integer_value(json_object_get(fu, "sent"));
	long long answered = json_integer_value(json_object_get(fu, "answered"));
	json_object_set_new(
	    model, "follow_ups",
	    json_pack("{s:I, s:I, s:o, s:I}", "sent", (json_int_t)sent, "answered", (json_int_t)answered,
	              "response_rate", ratio(answered, sent), "changed_practice",
	              (json_int_t)json_integer_value(json_object_get(fu, "changed_practice"))));
	json_decref(fu);
	json_object_set(model, "elearning_completions", json_object_get(el, "completions"));
	json_object_set(model, "elearning_practitioners", json_object_get(el, "people"));
	json_decref(el);
	*out = model;
	return HAVEN_OK;
}
