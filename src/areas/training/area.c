/*
 * area.c (training) — workforce development: the partnership's courses and
 * their sessions, practitioners booking places (and the waiting list when a
 * session is full), cancelling (late after the cut-off, rules.h), the
 * register and attendance (people without a place too: no Haven account,
 * walk-ins; past attendance by `haven import attendance`, attendance_import.c),
 * no-shows for invoicing, certificates of
 * attendance, evaluations, and the figures for a period; the library of
 * 7-minute briefings and other resources (views counted), e-learning
 * completions imported by `haven import elearning` (elearning.c), and the
 * follow-up three months after a session (the emails are jobs.c's).
 *
 * Who may do what (the access table at the end of this file):
 *   training.read        every signed-in role: the programme, sessions, own bookings
 *   training.book        roles that attend training (not the administrator or
 *                        the scrutineer): book, cancel, evaluate
 *   training.manage      the partnership: courses, sessions, resources, no-shows for
 *                        invoicing, e-learning completions
 *   training.attendance  the partnership (trainers are partnership users for now):
 *                        the register, marking attendance, and recording who
 *                        attended without a place
 *   training.figures     the partnership team (the scrutineer reads them on /scrutiny)
 *   training.settings    the partnership team: the cancellation cut-off in working
 *                        days (settings.c)
 *   training.approve     the approver named on a booking request (a course that
 *                        needs manager approval): approve or decline it; nobody
 *                        else, so others are answered 404. A request is only
 *                        addressed to someone in the booker's agency whose roles
 *                        may take this action (approvals_sqlite.c). Once the one
 *                        named can no longer decide it (deactivated, moved agency,
 *                        lost those roles), anyone else in the booker's agency who
 *                        may take this action may decide it, and the booker may
 *                        name another approver (training.book). Once the session
 *                        has been, a request still pending lapses: nobody decides
 *                        it or names another (store_sqlite.h's TRAINING_AWAITING)
 * A booking's certificate and evaluation are its holder's: anyone else is
 * answered 404 (the partnership may see any certificate).
 *
 * The waiting list: a freed place goes at once to the first person waiting,
 * who is booked and told by email (no offer to accept, so no place is held
 * empty while an offer waits). A session's joining link is shown only to
 * people with a place.
 *
 * This file holds what the server reads before a handler runs: the field
 * specs and the route table (one table, so every path of the area is read
 * in one place). The handlers live in a file per subject, declared in
 * handlers.h: courses.c, sessions.c, bookings.c, approvals.c, attendance.c
 * (and no-shows), evaluations.c (certificates and the follow-up too),
 * resources.c, elearning.c, figures.c, with common.c for what they share.
 * Their queries are store.h's, in the matching *_sqlite.c files.
 */
#include "areas/training/tasks.h"
#include "areas/training/handlers.h"

#include "areas/training/attendance_csv.h"
#include "areas/training/elearning.h"
#include "areas/training/jobs.h"
#include "areas/training/published.h"
#include "areas/training/rules.h"
#include "areas/training/store.h"
#include "router/page.h"

/* ---- field specs ---- */

/* The choices forms offer too (handlers.h). */
const char *const training_levels[] = {"introductory", "intermediate", "advanced", NULL};
const char *const training_course_sessions[] = {"coming", "none", NULL};
static const char *const open_to[] = {"partners", "everyone", NULL};
static const char *const modes[] = {"venue", "virtual", NULL};

static const struct field_spec list_fields[] = {
    /* a priority's key or "other": the priorities are data, so the handler checks it (training_check_area) */
    {.name = "area", .label = "the priority area", .type = FIELD_TEXT, .max = 100},
    PAGE_FIELDS,
    {0},
};

static const struct field_spec course_list_fields[] = {
    /* a priority's key or "other", checked by the handler (training_check_area), as list_fields */
    {.name = "area", .label = "the priority area", .type = FIELD_TEXT, .max = 100},
    {.name = "title", .label = "the words of the title", .type = FIELD_TEXT, .max = 100},
    {.name = "sessions",
     .label = "the coming sessions",
     .type = FIELD_CHOICE,
     .choices = training_course_sessions},
    PAGE_FIELDS,
    {0},
};

static const struct field_spec course_fields[] = {
    {.name = "title", .label = "the title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "description", .label = "the description", .type = FIELD_TEXT, .required = true, .max = 5000},
    {.name = "areas",
     .label = "the priority areas",
     .type = FIELD_TEXT,
     .required = true,
     .multiple = true,
     .max = 100},
    {.name = "audience", .label = "who it is for", .type = FIELD_TEXT, .required = true, .max = 500},
    {.name = "level",
     .label = "the level",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = training_levels},
    {.name = "duration_minutes",
     .label = "the duration in minutes",
     .type = FIELD_INT,
     .required = true,
     .min = 15,
     .max = 2880},
    {.name = "outcomes",
     .label = "the learning outcomes",
     .type = FIELD_TEXT,
     .required = true,
     .multiple = true,
     .max = 4000},
    {.name = "open_to", .label = "who may book", .type = FIELD_CHOICE, .required = true, .choices = open_to},
    {.name = "no_show_charge_pence",
     .label = "the charge for not attending, in pence",
     .type = FIELD_INT,
     .max = 100000},
    {.name = "needs_approval", .label = "whether booking needs a manager's approval", .type = FIELD_BOOL},
    {0},
};

static const struct field_spec book_fields[] = {
    {.name = "approver_email", .label = "your manager's email address", .type = FIELD_EMAIL, .max = 254},
    {0},
};

static const struct field_spec approval_fields[] = {
    {.name = "needs_approval",
     .label = "whether booking needs a manager's approval",
     .type = FIELD_BOOL,
     .required = true},
    {0},
};

static const struct field_spec session_fields[] = {
    /* a session is added to come: its date not before today (its start, today, not past: the handler) */
    {.name = "date",
     .label = "the date",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_BEFORE_TODAY},
    /* the times' limit is loose: "9:30am" reaches the handler, which says how to write it */
    {.name = "starts", .label = "the start time", .type = FIELD_TEXT, .required = true, .max = 20},
    {.name = "ends", .label = "the end time", .type = FIELD_TEXT, .required = true, .max = 20},
    {.name = "mode",
     .label = "whether it is online or at a venue",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = modes},
    {.name = "venue", .label = "the venue", .type = FIELD_TEXT, .max = 500},
    {.name = "joining_link", .label = "the joining link", .type = FIELD_TEXT, .max = 1000},
    {.name = "capacity",
     .label = "the number of places",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 1000},
    {.name = "trainer", .label = "the trainer", .type = FIELD_TEXT, .required = true, .max = 200},
    {0},
};

static const struct field_spec attendance_fields[] = {
    {.name = "attended",
     .label = "who attended",
     .type = FIELD_INT,
     .multiple = true,
     .min = 1,
     .max = 9007199254740991LL},
    {0},
};

const char *const training_resource_kinds[] = {"seven_minute_briefing", "guidance", "video", "other", NULL};

static const struct field_spec resource_fields[] = {
    {.name = "title", .label = "the title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "kind",
     .label = "the kind of resource",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = training_resource_kinds},
    {.name = "area", .label = "the priority area", .type = FIELD_TEXT, .required = true, .max = 100},
    {.name = "summary", .label = "the summary", .type = FIELD_TEXT, .required = true, .max = 500},
    {.name = "body", .label = "the text", .type = FIELD_TEXT, .required = true, .max = 20000},
    {.name = "link", .label = "the link", .type = FIELD_TEXT, .max = 1000},
    {0},
};

const char *const training_impacts[] = {"a_lot", "a_little", "not_yet", "none", NULL};

static const struct field_spec follow_up_fields[] = {
    {.name = "impact",
     .label = "how much the training has changed your practice",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = training_impacts},
    {.name = "changes", .label = "what you do differently", .type = FIELD_TEXT, .max = 5000},
    {0},
};

static const struct field_spec settings_fields[] = {
    {.name = "cutoff_working_days",
     .label = "the cancellation cut-off in working days",
     .type = FIELD_INT,
     .required = true,
     .min = TRAINING_CUTOFF_MIN,
     .max = TRAINING_CUTOFF_MAX},
    {0},
};

static const struct field_spec period_fields[] = {PERIOD_FIELDS, {0}};

/* A period's list, a page at a time. */
static const struct field_spec paged_period_fields[] = {PERIOD_FIELDS, PAGE_FIELDS, {0}};

static const struct field_spec page_query[] = {PAGE_FIELDS, {0}};

#define SCORE(n)                                                                                             \
	{.name = "before_" #n,                                                                               \
	 .label = "your confidence before, for outcome " #n,                                                 \
	 .type = FIELD_INT,                                                                                  \
	 .min = 1,                                                                                           \
	 .max = 5},                                                                                          \
	{                                                                                                    \
		.name = "after_" #n, .label = "your confidence after, for outcome " #n, .type = FIELD_INT,   \
		.min = 1, .max = 5                                                                           \
	}

static const struct field_spec evaluation_fields[] = {
    SCORE(1), SCORE(2), SCORE(3),
    SCORE(4), SCORE(5), SCORE(6),
    SCORE(7), SCORE(8), {.name = "comments", .label = "your comments", .type = FIELD_TEXT, .max = 5000},
    {0},
};

static const struct check_step cancel_check = {
    .title = "Are you sure you want to cancel?",
    .button = "Yes, cancel",
    .answers = training_check_cancel,
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/training",
     .action = "training.read",
     .handler = training_handle_list_sessions,
     .page = "training/sessions",
     .query = list_fields,
     .redisplay = training_handle_list_sessions,
     .api_pattern = "/api/v1/training/sessions"},
    {.method = HTTP_GET,
     .pattern = "/training/courses",
     .action = "training.read",
     .handler = training_handle_list_courses,
     .page = "training/courses",
     .query = course_list_fields,
     .redisplay = training_handle_list_courses,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/courses/new",
     .action = "training.manage",
     .handler = training_handle_new_course_form,
     .page = "training/course-new"},
    {.method = HTTP_POST,
     .pattern = "/training/courses",
     .action = "training.manage",
     .handler = training_handle_add_course,
     .page = "training/course-new",
     .body = course_fields,
     .redisplay = training_handle_new_course_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/courses/{id:int}",
     .action = "training.read",
     .handler = training_handle_show_course,
     .page = "training/course",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/courses/{id:int}/sessions/new",
     .action = "training.manage",
     .handler = training_handle_new_session_form,
     .page = "training/session-new"},
    {.method = HTTP_POST,
     .pattern = "/training/courses/{id:int}/sessions",
     .action = "training.manage",
     .handler = training_handle_add_session,
     .page = "training/session-new",
     .body = session_fields,
     .redisplay = training_handle_new_session_form,
     .api = true},

    {.method = HTTP_GET,
     .pattern = "/training/sessions/{id:int}",
     .action = "training.read",
     .handler = training_handle_show_session,
     .page = "training/session",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/sessions/{id:int}/calendar.ics",
     .action = "training.read",
     .handler = training_handle_session_ics},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/book",
     .action = "training.book",
     .handler = training_handle_book,
     .page = "training/session",
     .body = book_fields,
     .redisplay = training_handle_show_session,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/approver",
     .action = "training.book",
     .handler = training_handle_rename_approver,
     .page = "training/session",
     .body = book_fields,
     .redisplay = training_handle_show_session,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/cancel",
     .action = "training.book",
     .handler = training_handle_cancel,
     .page = "training/session",
     .redisplay = training_handle_show_session,
     .check = &cancel_check,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/registers",
     .action = "training.attendance",
     .handler = training_handle_registers,
     .page = "training/registers",
     .query = page_query,
     .redisplay = training_handle_registers,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/sessions/{id:int}/register",
     .action = "training.attendance",
     .handler = training_handle_show_register,
     .page = "training/register",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/attendance",
     .action = "training.attendance",
     .handler = training_handle_mark_attendance,
     .page = "training/register",
     .body = attendance_fields,
     .redisplay = training_handle_show_register,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/attendees",
     .action = "training.attendance",
     .handler = training_handle_add_attendee,
     .page = "training/register",
     .body = training_attendee_fields,
     .redisplay = training_handle_show_register,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/sessions/{id:int}/attendees/{attendee:int}/remove",
     .action = "training.attendance",
     .handler = training_handle_remove_attendee,
     .page = "training/register",
     .redisplay = training_handle_show_register,
     .api = true},

    {.method = HTTP_GET,
     .pattern = "/training/bookings",
     .action = "training.read",
     .handler = training_handle_my_bookings,
     .page = "training/bookings",
     .query = page_query,
     .redisplay = training_handle_my_bookings,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/bookings/{id:int}/certificate",
     .action = "training.read",
     .handler = training_handle_certificate,
     .page = "training/certificate"},
    {.method = HTTP_GET,
     .pattern = "/training/bookings/{id:int}/evaluation",
     .action = "training.read",
     .handler = training_handle_evaluation_form,
     .page = "training/evaluation"},
    {.method = HTTP_POST,
     .pattern = "/training/bookings/{id:int}/evaluation",
     .action = "training.book",
     .handler = training_handle_evaluate,
     .page = "training/evaluation",
     .body = evaluation_fields,
     .redisplay = training_handle_evaluation_form,
     .api = true},

    {.method = HTTP_GET,
     .pattern = "/training/bookings/{id:int}/follow-up",
     .action = "training.read",
     .handler = training_handle_follow_up_form,
     .page = "training/follow-up"},
    {.method = HTTP_POST,
     .pattern = "/training/bookings/{id:int}/follow-up",
     .action = "training.book",
     .handler = training_handle_follow_up,
     .page = "training/follow-up",
     .body = follow_up_fields,
     .redisplay = training_handle_follow_up_form,
     .api = true},

    {.method = HTTP_POST,
     .pattern = "/training/courses/{id:int}/approval",
     .action = "training.manage",
     .handler = training_handle_course_approval,
     .page = "training/course",
     .body = approval_fields,
     .redisplay = training_handle_show_course,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/settings",
     .action = "training.settings",
     .handler = training_handle_settings_form,
     .page = "training/settings",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/settings",
     .action = "training.settings",
     .handler = training_handle_change_settings,
     .page = "training/settings",
     .body = settings_fields,
     .redisplay = training_handle_settings_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/approvals",
     .action = "training.read",
     .handler = training_handle_list_approvals,
     .page = "training/approvals",
     .query = page_query,
     .redisplay = training_handle_list_approvals,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/approvals/{id:int}/approve",
     .action = "training.approve",
     .handler = training_handle_approve,
     .page = "training/approvals",
     .redisplay = training_handle_list_approvals,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/training/approvals/{id:int}/decline",
     .action = "training.approve",
     .handler = training_handle_decline,
     .page = "training/approvals",
     .redisplay = training_handle_list_approvals,
     .api = true},

    {.method = HTTP_GET,
     .pattern = "/training/no-shows",
     .action = "training.manage",
     .handler = training_handle_no_shows,
     .page = "training/no-shows",
     .query = paged_period_fields,
     .redisplay = training_handle_summary_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/resources",
     .action = "training.read",
     .handler = training_handle_list_resources,
     .page = "training/resources",
     .query = list_fields,
     .redisplay = training_handle_list_resources,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/resources/new",
     .action = "training.manage",
     .handler = training_handle_new_resource_form,
     .page = "training/resource-new"},
    {.method = HTTP_POST,
     .pattern = "/training/resources",
     .action = "training.manage",
     .handler = training_handle_add_resource,
     .page = "training/resource-new",
     .body = resource_fields,
     .redisplay = training_handle_new_resource_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/resources/{id:int}",
     .action = "training.read",
     .handler = training_handle_show_resource,
     .page = "training/resource",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/elearning",
     .action = "training.manage",
     .handler = training_handle_elearning,
     .page = "training/elearning",
     .query = paged_period_fields,
     .redisplay = training_handle_summary_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/summary",
     .action = "training.figures",
     .handler = training_handle_summary,
     .page = "training/summary",
     .query = period_fields,
     .redisplay = training_handle_summary_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/training/summary.csv",
     .action = "training.figures",
     .handler = training_handle_summary_csv,
     .query = period_fields},
    {.method = HTTP_GET,
     .pattern = "/training/summary.xlsx",
     .action = "training.figures",
     .handler = training_handle_summary_xlsx,
     .query = period_fields},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* workforce development: everyone signed in sees the programme; people who attend training book it
     * (not the administrator or the scrutineer); the partnership runs it (trainers are partnership users) */
    {.action = "training.read", .roles = ROLE_ALL},
    {.action = "training.book", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "training.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "training.attendance", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "training.figures", .roles = ROLE_PARTNERSHIP},
    /* the partnership's settings (the cancellation cut-off): its team */
    {.action = "training.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* a booking that needs a manager's approval: only the approver the practitioner named decides it, or,
     * once they can no longer, another approver in the practitioner's agency (approvals_sqlite.c) */
    {.action = "training.approve",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "training_approval",
     .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    /* offered to those who may book, as it says: the administrator, the agency administrator and the
     * scrutineer may read the programme (its session pages say why they cannot book) but not book it */
    {.section = "Reviews and learning",
     .action = "training.book",
     .href = "/training",
     .text = "Find and book multi-agency training",
     .place = 190},
    {.section = "Reviews and learning",
     .action = "training.attendance",
     .href = "/training/registers",
     .text = "Session registers: take or complete attendance",
     .place = 191},
    {.section = "Reviews and learning",
     .action = "training.settings",
     .href = "/training/settings",
     .text = "Training settings: the cancellation cut-off",
     .place = 192},
    {0},
};

const struct area area_training = {
    .tasks = training_tasks,
    .figures = training_published,
    .name = "training",
    .links = links,
    .access = access,
    .records = training_records,
    .routes = routes,
    .commands = training_commands,
    .load_demo = training_load_demo,
    .demo_order = 50,
    .job = &training_reminders_job,
};
