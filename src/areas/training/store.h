/*
 * store.h (training) — the database side of workforce development: courses,
 * sessions, bookings and waiting lists, attendance, evaluations and the
 * figures for a period (tables in migration 0009_training.sql); e-learning
 * completions, the resource library, and the reminders, follow-ups and
 * follow-up answers (0010_training_more.sql).
 *
 * Every change is one db_write unit that appends its audit row
 * (audit_append) and, where someone is told, queues the email
 * (mail_enqueue), so the change, its record and its email commit together
 * or not at all. Booking is decided inside its unit: the count of places
 * taken and the insert run under the single writer, so two people asking
 * for the last place at once cannot both get it. Reads use this thread's
 * read-only connection. Dates are "YYYY-MM-DD", times "HH:MM" (Europe/London).
 *
 * Attendance that is not a booking — people with no account and walk-ins on
 * a register, past attendance imported — is 0146_training_attendees.sql's.
 *
 * The SQLite backend is a file per subject (courses_sqlite.c, sessions_sqlite.c,
 * bookings_sqlite.c, approvals_sqlite.c, attendance_sqlite.c, attendees_sqlite.c,
 * evaluations_sqlite.c, resources_sqlite.c, elearning_sqlite.c,
 * figures_sqlite.c, reminders_sqlite.c), sharing store_sqlite.h.
 */
#ifndef HAVEN_AREAS_TRAINING_STORE_H
#define HAVEN_AREAS_TRAINING_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "auth/records.h"
#include "auth/store.h"
#include "core/buf.h"
#include "core/status.h"
#include "router/page.h"

/*
 * "YYYY-MM-DDTHH:MM": now in England's time, to compare with a session's date and start (common.c). A
 * session has been once its start has come (its date and start not after now): nobody books it, asks for
 * a place on it, decides a request for one or names another approver after that, and a request still
 * undecided lapses then (store_sqlite.h's TRAINING_AWAITING).
 */
#define TRAINING_NOW_SIZE 24
void training_now(char out[static TRAINING_NOW_SIZE]);

/* Adds starts_words and ends_words to a row with starts and ends ("HH:MM"): the times as every page shows
 * them, "9:15am" (calendar_format_clock), and every email (the emails' models); the API keeps HH:MM.
 * common.c. */
void training_time_words(json_t *row);

struct training_new_course {
	const char *title, *description, *audience, *level, *open_to;
	long long duration_minutes, no_show_charge_pence;
	const json_t *areas;    /* array of area names, at least one */
	const json_t *outcomes; /* array of strings, at least one */
	bool needs_approval;    /* booking needs a manager's approval (migration 0011) */
};

/* Adds a course, audited ("training.course_add"). Sets *id. */
enum haven_status training_course_add(const struct training_new_course *c, const struct actor *actor,
                                      long long *id) HAVEN_MUST_CHECK;

/* What the list of courses is narrowed to; each part left NULL narrows nothing. */
struct training_course_filter {
	const char *area;     /* a priority's key (or "other") among the course's */
	const char *title;    /* words the title contains, in any case */
	const char *sessions; /* "coming": with sessions not yet started; "none": with none */
};

/*
 * A page (router/page.h) of the courses narrowed by `filter` (may be NULL), by title, and *total of them
 * (capped at PAGE_COUNT_CAP): [{id, title, description, audience, level, duration_minutes, open_to,
 * no_show_charge_pence, areas: [..], outcomes: [{id, text}], upcoming_sessions}]; `now`, England's time
 * (training_now), decides "upcoming": the sessions not yet started by it (store_sqlite.h's
 * TRAINING_STARTED). Read in title order (training_courses_by_title), each filter checked on the row
 * through its own key (the course's areas, its sessions by date).
 */
enum haven_status training_courses_list(const char *now, const struct training_course_filter *filter,
                                        const struct page *page, json_t **out,
                                        long long *total) HAVEN_MUST_CHECK;

/* One course in the list's shape (`now` as the list's); HAVEN_ERR_NOT_FOUND if none. */
enum haven_status training_course_get(long long id, const char *now, json_t **out) HAVEN_MUST_CHECK;

struct training_new_session {
	long long course_id;
	const char *date, *starts, *ends, *mode, *venue, *joining_link, *trainer;
	long long capacity;
};

/* Adds a session to a course, audited ("training.session_add"). HAVEN_ERR_NOT_FOUND: no such course. */
enum haven_status training_session_add(const struct training_new_session *s, const struct actor *actor,
                                       long long *id) HAVEN_MUST_CHECK;

/*
 * A page (router/page.h) of the sessions not yet started by `now`, England's time (training_now;
 * store_sqlite.h's TRAINING_STARTED: one earlier today that has started is not listed) (and, if `course_id` >
 * 0, of that course; if `area` is not NULL, of courses in that priority area), by date:
 * [{id, course_id, course_title, date, starts, ends, mode, venue,
 * joining_link, capacity, trainer, booked, waiting, places_left,
 * my_booking_id, my_status, my_approval_pending, my_approval_stuck, my_approval_lapsed, my_approver_name,
 * ...}] where my_* are `user_id`'s live booking (null if none) and request not decided (store_sqlite.h's
 * SESSION_COLUMNS; lapsed: the session started first), started (false here: TRAINING_STARTED by `now`). The
 * caller hides joining_link from people without a place.
 */
enum haven_status training_sessions_list(const char *now, long long course_id, const char *area,
                                         long long user_id, const struct page *page,
                                         json_t **out) HAVEN_MUST_CHECK;

/*
 * A page of the sessions on or before the day of `now` (England's time, training_now; today's, started
 * or not), newest first by (date, starts, id), for their registers to be taken or completed
 * afterwards: the list's columns (for user 0, `started` by `now`) and `unmarked`, the places
 * whose attendance is not yet recorded.
 */
enum haven_status training_sessions_past(const char *now, const struct page *page,
                                         json_t **out) HAVEN_MUST_CHECK;

/* One session in the list's shape (any date; whether `user_id`'s request is stuck or lapsed by England's
 * time now, training_now);
 * HAVEN_ERR_NOT_FOUND if none. */
enum haven_status training_session_get(long long id, long long user_id, json_t **out) HAVEN_MUST_CHECK;

/* Appends the session's iCalendar file (RFC 5545, times in UTC) to `out`. HAVEN_ERR_NOT_FOUND if none. */
enum haven_status training_session_ical(long long session_id, struct buf *out) HAVEN_MUST_CHECK;

/* The person taking or giving up a place. */
struct training_booker {
	long long user_id, agency_id;
	const char *email;          /* where the confirmation goes */
	const char *approver_email; /* for a course that needs approval: who approves (NULL if not given) */
};

/* Why an approver was refused (training_book answers HAVEN_ERR_INVALID with one of these). */
enum training_approver_problem {
	TRAINING_APPROVER_OK,
	TRAINING_APPROVER_MISSING, /* the course needs approval and none was named */
	/*
	 * No active Haven user with that email in the booker's agency. One
	 * value for both (no account, or an account in another agency), so
	 * the answer never tells the booker whether an email has an account.
	 */
	TRAINING_APPROVER_UNSUITABLE,
	TRAINING_APPROVER_SELF, /* the booker named themselves */
	/* an active account in the booker's agency whose roles cannot approve bookings (no role that may
	 * take "training.approve": an agency administrator, say), who could never decide the request */
	TRAINING_APPROVER_CANNOT_APPROVE,
};

struct training_booking_result {
	long long booking_id;
	bool waiting;          /* joined the waiting list (no place free) */
	bool late;             /* a cancellation after the cut-off */
	long long promoted_id; /* a cancellation: the waiting booking given the place, or 0 */
	long long approval_id; /* a course needing approval: the pending request (no place held), or 0 */
	enum training_approver_problem approver_problem;
	bool session_over; /* a request refused (HAVEN_ERR_CONFLICT) because its session has been */
};

/*
 * Books `who` a place on a session, or a place on its waiting list when it
 * is full, in one unit (audited "training.book" / "training.wait"); a place
 * is confirmed by email with the session's iCalendar file. `now` is England's
 * time (training_now). HAVEN_ERR_NOT_FOUND: no such session. HAVEN_ERR_CONFLICT:
 * already booked or waiting (or awaiting approval), or the session has been (its start not after `now`).
 * HAVEN_ERR_DENIED: the course is for partner agencies and the person's
 * agency is not one.
 *
 * A course that needs approval: instead of a place, a pending request to
 * `who->approver_email` (an active user of the same agency, not `who`) is
 * recorded (audited "training.approval_request") and the approver emailed,
 * in the same unit; out->approval_id is set and no place is held.
 * HAVEN_ERR_INVALID with out->approver_problem: no or an unsuitable approver.
 */
enum haven_status training_book(long long session_id, const struct training_booker *who, const char *now,
                                const struct actor *actor,
                                struct training_booking_result *out) HAVEN_MUST_CHECK;

/*
 * Cancels `user_id`'s place or waiting-list spot on a session (audited
 * "training.cancel"). A place given up after the cut-off (rules.h) is marked
 * late. A freed place goes at once to the first on the waiting list, who is
 * booked and told by email ("training.offer"). With no place or spot, the
 * person's own request awaiting approval is withdrawn instead (out->approval_id
 * set; closed as decision 'withdrawn' (kept, never deleted), so it can no longer be decided; audited
 * "training.cancel"; its approver emailed, as when it was asked). HAVEN_ERR_NOT_FOUND: no live booking and no
 * pending request. HAVEN_ERR_CONFLICT: the session has started by `now`, England's time (training_now), as
 * for booking; nothing is changed.
 */
enum haven_status training_cancel(long long session_id, long long user_id, const char *now,
                                  const struct actor *actor,
                                  struct training_booking_result *out) HAVEN_MUST_CHECK;

/*
 * `user_id`'s requests for a place not decided, newest session first, at most 100: those still waiting
 * for their approver, and those that lapsed, their session started undecided (`lapsed`: no place was
 * held; the training job emails the requester once, training_queue_lapsed). England's time is `now`
 * (training_now). [{id, session_id, course_title, date, starts, ends, approver_name, requested_at,
 * lapsed}].
 */
enum haven_status training_my_requests(long long user_id, const char *now, json_t **out) HAVEN_MUST_CHECK;

/*
 * Queues the email telling each requester that their request lapsed (its session started undecided), at
 * most `limit`, each once: the request is marked (lapse_told_at, migration 0211) in the same unit as its
 * email. Fixed words and a link only. `now` is England's time (training_now); `oldest` the first session
 * date looked at (a request that lapsed long before the job existed is not told now). *queued: how many.
 */
enum haven_status training_queue_lapsed(const char *oldest, const char *now, int limit,
                                        int *queued) HAVEN_MUST_CHECK;

/* A page of `user_id`'s bookings, newest session first, and *total (capped): [{id, session_id, course_title,
 * date, starts, ends, status, late_cancellation, attendance, evaluated}]. */
enum haven_status training_my_bookings(long long user_id, const struct page *page, json_t **out,
                                       long long *total) HAVEN_MUST_CHECK;

/* The register: a session's places and waiting list in order:
 * [{id, name, agency_name, status, attendance, offered_from_waiting_list}]. */
enum haven_status training_register(long long session_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Marks attendance for every place on a session (audited
 * "training.attendance"): booking ids in `attended` attended, every other
 * place a no-show. HAVEN_ERR_NOT_FOUND: no such session. HAVEN_ERR_CONFLICT:
 * the session has not started at `now` ("YYYY-MM-DDTHH:MM", England's time;
 * training_now). HAVEN_ERR_INVALID: an id is not a place on it.
 */
enum haven_status training_mark_attendance(long long session_id, const json_t *attended, const char *now,
                                           const struct actor *actor) HAVEN_MUST_CHECK;

/* ---- attendance that is not a booking (migration 0146, attendees_sqlite.c) ---- */

/* A person who attended without a place: no Haven account, or a walk-in. */
struct training_attendee {
	const char *name, *role;
	const char *email;  /* may be NULL; if an account has it, the attendance is linked to that account */
	const char *agency; /* the agency's slug */
};

/* Why an attendee was refused (training_attendee_add answers HAVEN_ERR_INVALID with one of these). */
enum training_attendee_problem {
	TRAINING_ATTENDEE_OK,
	TRAINING_ATTENDEE_NOT_STARTED,    /* the session has not started at `now` */
	TRAINING_ATTENDEE_UNKNOWN_AGENCY, /* no agency has that slug */
	TRAINING_ATTENDEE_HAS_PLACE,      /* the email's account has a place: tick them instead */
	TRAINING_ATTENDEE_ALREADY,        /* already recorded as attending this session */
};

/*
 * Records on a session's register someone who attended without a place
 * (audited "training.attendee_add"); sets *id. They count in the figures as
 * an attendance and a practitioner, and are never emailed (they hold no
 * booking). HAVEN_ERR_NOT_FOUND: no such session. HAVEN_ERR_INVALID with
 * *problem: see above; nothing is recorded then.
 */
enum haven_status training_attendee_add(long long session_id, const struct training_attendee *who,
                                        const char *now, const struct actor *actor, long long *id,
                                        enum training_attendee_problem *problem) HAVEN_MUST_CHECK;

/* Takes an attendee recorded in error off a session's register (audited "training.attendee_remove").
 * HAVEN_ERR_NOT_FOUND: no such attendee on that session. */
enum haven_status training_attendee_remove(long long session_id, long long attendee_id,
                                           const struct actor *actor) HAVEN_MUST_CHECK;

/* The attendees without a place on a session's register, in the order recorded:
 * [{id, name, agency_name, role, has_account}]. */
enum haven_status training_register_attendees(long long session_id, json_t **out) HAVEN_MUST_CHECK;

/* Every agency, by name, for the register's choice of agency: [{slug, name}]. */
enum haven_status training_agencies(json_t **out) HAVEN_MUST_CHECK;

/* What an import of past attendance did. */
struct training_import_counts {
	long long added, already_recorded, not_attended;
};

/*
 * Imports past attendance, all or nothing, in one unit with one audit row
 * ("training.attendance_import", its counts as the detail). `rows` is
 * training_attendance_csv's (attendance_csv.h): rows that come with errors
 * are not read; each other row's course (its title, any case, or its number)
 * and agency (its slug) must be in Haven, else an error is added to the
 * row's errors. A row attended "no" is counted, not recorded. A person
 * already recorded as attending that course that day (imported before, on
 * the register, or ticked on a booking) is counted as already recorded,
 * not added again, so importing the same file twice adds nothing the second
 * time. HAVEN_ERR_INVALID when any row has errors: nothing is added, and
 * *counts is zero.
 */
enum haven_status training_attendance_import(json_t *rows,
                                             struct training_import_counts *counts) HAVEN_MUST_CHECK;

/* A page of the no-shows on charged courses with sessions in [from, to], by date, for invoicing:
 * [{booking_id, date, course_title, name, agency_name, charge_pence}]; *total and *total_pence are
 * the whole period's (uncapped: one aggregate). */
enum haven_status training_no_shows(const char *from, const char *to, const struct page *page, json_t **out,
                                    long long *total, long long *total_pence) HAVEN_MUST_CHECK;

/* One booking with its session and course, for its certificate and evaluation:
 * {id, user_id, name, agency_name, status, attendance, session_id, date, starts, ends,
 *  course_title, duration_minutes, outcomes: [{id, text}], evaluated}. HAVEN_ERR_NOT_FOUND if none. */
enum haven_status training_booking_get(long long booking_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Records `user_id`'s evaluation of their booking (audited
 * "training.evaluate"): `scores` is [{outcome_id, before, after}] for every
 * outcome of the course. HAVEN_ERR_NOT_FOUND: not the user's booking.
 * HAVEN_ERR_DENIED: they did not attend. HAVEN_ERR_CONFLICT: already given.
 * HAVEN_ERR_INVALID: the outcomes are not exactly the course's.
 */
enum haven_status training_evaluate(long long booking_id, long long user_id, const json_t *scores,
                                    const char *comments, const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The figures for sessions dated in [from, to]: {attendances, practitioners,
 * attendances_without_place, sessions, places, booked, fill_rate, no_shows,
 * no_show_rate, by_agency: [{name, attendances, practitioners}], by_course: [{id, title, sessions,
 * attendances}], by_area: [{area (a priority's key, or "other"), area_name, attendances}], confidence:
 * {evaluations, before, after, change, grew (evaluations whose confidence after the session, summed over
 * the outcomes, is above before)}, follow_ups: {sent, answered, response_rate, changed_practice (answers
 * saying the session changed their practice a lot or a little)}} (rates and averages null when nothing to
 * divide). Attendances, practitioners and the lists count those without a place (migration 0146) as they
 * count ticked places, each person once among practitioners; no-shows and the rates are about places only.
 */
enum haven_status training_summary(const char *from, const char *to, json_t **out) HAVEN_MUST_CHECK;

/* ---- manager approval (migration 0011) ---- */

/* Sets whether booking a course needs approval (audited "training.course_approval"). HAVEN_ERR_NOT_FOUND: no
 * such course. */
enum haven_status training_course_set_approval(long long course_id, bool needs_approval,
                                               const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * A page of the requests `approver_user_id` is asked to decide, pending first then newest, and *total
 * (capped): those naming them (while the requester is in their agency), and the pending requests of others
 * in their agency whose named approver can no longer decide them, when they hold a role that may approve,
 * until their session has been (its start come, training_now). A pending request naming them whose session
 * has been is listed `lapsed`: not decided, and no longer to be.
 * [{id, session_id, course_title, date, starts, ends, requester_name,
 * requester_email, requested_at, decided_at, decision, booking_id, lapsed}].
 */
enum haven_status training_approvals_list(long long approver_user_id, const struct page *page, json_t **out,
                                          long long *total) HAVEN_MUST_CHECK;

/*
 * Decides a pending request as its approver `approver_user_id`, in one unit
 * (audited "training.approve" / "training.decline"): approving runs the
 * normal booking for the requester (a place, or the waiting list when full:
 * out->booking_id, out->waiting); either way the requester is emailed that
 * there is an update. The decider becomes the request's approver (another in the
 * agency may decide one whose named approver no longer can). HAVEN_ERR_NOT_FOUND: no such request for this
 * approver. HAVEN_ERR_CONFLICT: already decided; its session has been (started by `now`, training_now:
 * out->session_over, the request lapsed undecided); or (approving) the requester already has a place.
 * HAVEN_ERR_DENIED: the course is for partner agencies and the requester's is not one.
 */
enum haven_status training_approval_decide(long long approval_id, long long approver_user_id, bool approve,
                                           const char *now, const struct actor *actor,
                                           struct training_booking_result *out) HAVEN_MUST_CHECK;

/*
 * Gives `who`'s pending request on a session to another approver, `who->approver_email`, when the one named
 * can no longer decide it (deactivated, moved to another agency, or holding no role that may approve;
 * the agency's other approvers may decide it meanwhile: training_approvals_list). The new approver is
 * checked as in training_book and emailed as the first was; audited "training.approver_change"; the
 * request keeps its place in the queue. out->approval_id is set. HAVEN_ERR_NOT_FOUND: no pending request.
 * HAVEN_ERR_CONFLICT: the approver named can still decide it, or the session has been (started by `now`,
 * training_now: out->session_over; nobody can decide it now). HAVEN_ERR_INVALID with
 * out->approver_problem: no or an unsuitable approver; nothing changed.
 */
enum haven_status training_approval_rename(long long session_id, const struct training_booker *who,
                                           const char *now, const struct actor *actor,
                                           struct training_booking_result *out) HAVEN_MUST_CHECK;

/* ---- e-learning (migration 0010) ---- */

struct elearning_row; /* elearning.h */

/*
 * Adds the rows of an e-learning export that have no `reason` yet, in one
 * unit with one audit row ("training.elearning_import"): each row's
 * `outcome` becomes ELEARNING_ADDED, ELEARNING_DUPLICATE (Haven has that
 * person, module and date already) or ELEARNING_REJECTED with `reason`
 * "no Haven account has this email". Rows that come with a reason are left
 * rejected. An error status means nothing was added.
 */
enum haven_status training_elearning_import(struct elearning_row *rows, size_t count) HAVEN_MUST_CHECK;

/* A page of the completions dated in [from, to], newest first, and *total (capped):
 * [{id, module, completed_on, name, email, agency_name}]. */
enum haven_status training_elearning_list(const char *from, const char *to, const struct page *page,
                                          json_t **out, long long *total) HAVEN_MUST_CHECK;

/* ---- the resource library (migration 0010) ---- */

struct training_new_resource {
	const char *title, *kind, *area, *summary, *body, *link; /* link may be NULL */
};

/* Adds a resource to the library, audited ("training.resource_add"). Sets *id. */
enum haven_status training_resource_add(const struct training_new_resource *r, const struct actor *actor,
                                        long long *id) HAVEN_MUST_CHECK;

/* A page of the library, newest first (only `area` if not NULL), and *total (capped):
 * [{id, title, kind, area, summary, link, views, created_at}]. */
enum haven_status training_resources_list(const char *area, const struct page *page, json_t **out,
                                          long long *total) HAVEN_MUST_CHECK;

/*
 * Counts `user_id`'s view of a resource in one db_write unit, unless they
 * were counted for it in the last hour (a refresh is not a second reader),
 * then reads it: {id, title, kind, area, summary, body, link, views,
 * created_at}. HAVEN_ERR_NOT_FOUND if none.
 */
enum haven_status training_resource_view(long long id, long long user_id, json_t **out) HAVEN_MUST_CHECK;

/* ---- reminders and follow-ups (migration 0010, jobs.c) ---- */

/* A reminder goes this many days before the session. */
#define TRAINING_REMINDER_DAYS 2

/*
 * Queues, in one db_write unit, the reminder email for every live place on a
 * session dated from `today` to `remind_until` whose reminder is not yet
 * queued, and marks each (training_booking_emails) in the same unit, so each
 * place gets one reminder however often this runs. At most `limit` a call;
 * *queued says how many.
 */
enum haven_status training_queue_reminders(const char *today, const char *remind_until, int limit,
                                           int *queued) HAVEN_MUST_CHECK;

/*
 * Likewise the follow-up email, three months after the session, to every
 * attendee of a session dated from `oldest` to `newest` (the job passes
 * today less four months and less three) whose follow-up is not yet queued.
 */
enum haven_status training_queue_follow_ups(const char *oldest, const char *newest, int limit,
                                            int *queued) HAVEN_MUST_CHECK;

/*
 * Records `user_id`'s follow-up answer for their booking (audited
 * "training.follow_up"): `impact` is a_lot | a_little | not_yet | none.
 * HAVEN_ERR_NOT_FOUND: not the user's booking. HAVEN_ERR_DENIED: they did
 * not attend. HAVEN_ERR_CONFLICT: already answered.
 */
enum haven_status training_follow_up(long long booking_id, long long user_id, const char *impact,
                                     const char *changes, const struct actor *actor) HAVEN_MUST_CHECK;

/* The partnership's cancellation cut-off in working days before a session (rules.h; 3 until it is
 * changed). */
enum haven_status training_cutoff_days(int *days) HAVEN_MUST_CHECK;

/* The partnership's training settings, for its page and API: {cutoff_working_days}. */
enum haven_status training_settings(json_t **out) HAVEN_MUST_CHECK;

/* Sets the cancellation cut-off to `cutoff_working_days` (TRAINING_CUTOFF_MIN to _MAX, else
 * HAVEN_ERR_INVALID), audited "training.settings". It applies to cancellations from then on; one made
 * before keeps whether it was late. */
enum haven_status training_set_cutoff(int cutoff_working_days, const struct actor *actor) HAVEN_MUST_CHECK;

/* Loads the demo courses and sessions (demo.sql, dated from today). */
enum haven_status training_load_demo(void) HAVEN_MUST_CHECK;

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type training_records[];

#endif
