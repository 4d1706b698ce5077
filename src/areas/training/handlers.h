/*
 * handlers.h (training) — what the training area's files share, private to
 * the area: the handlers named in area.c's route table, one file per subject
 * (sessions.c, courses.c, bookings.c, approvals.c, attendance.c,
 * evaluations.c, resources.c, elearning.c, figures.c), and the few helpers
 * and choices more than one of them uses (common.c, area.c).
 *
 * Every handler serves a page route and its API twin; area.c's comment says
 * which action each route needs.
 */
#ifndef HAVEN_AREAS_TRAINING_HANDLERS_H
#define HAVEN_AREAS_TRAINING_HANDLERS_H

#include <jansson.h>
#include <stdbool.h>

#include "app/area.h"
#include "areas/calendar/calendar.h"
#include "router/fields.h"
#include "router/page.h"
#include "router/router.h"

/* A course has at most this many learning outcomes (and so evaluation scores). */
#define TRAINING_MAX_OUTCOMES 8

/* The choices of area.c's field specs that forms also offer, each ended by NULL. */
extern const char *const training_levels[];          /* a course's level */
extern const char *const training_course_sessions[]; /* the courses list's filter: "coming", "none" */
extern const char *const training_resource_kinds[];  /* seven_minute_briefing, guidance, ... */
extern const char *const training_impacts[];         /* the follow-up's answers: a_lot ... none */

/* ---- common.c ---- */
/* training_now: store.h (the store's rule that a session has been asks it too); training_time_words:
 * store.h (the store's emails say times as the pages do). */

/* Whether the person asking may take `action` (no record needed). */
bool training_allowed(const struct request *req, const char *action);

/*
 * The partnership's priorities as a form's choices [{value: key, label:
 * name, selected}] then "Other", `chosen` (may be NULL) selected, into *out
 * (a new list): the current ones for a new record, or with the retired
 * ones too (`with_retired`) to filter what was tagged before.
 */
enum haven_status training_area_choices(const char *chosen, bool with_retired, json_t **out) HAVEN_MUST_CHECK;

/*
 * Checks `key`, typed in `field`: the key of one of the partnership's
 * priorities, or "other". For a new record (`for_new`) a retired priority is
 * refused too. A refusal is an error on `field` in `res` (a 400 for a
 * filter, which is in the query string).
 */
enum haven_status training_check_area(struct response *res, const char *field, const char *key,
                                      bool for_new) HAVEN_MUST_CHECK;

/* What a list of courses, sessions or resources asks for, and the day it is asked on. */
struct training_list {
	const char *area; /* its priority area ("area", checked as a filter); NULL for all */
	struct page page;
	char today[CALENDAR_DATE_SIZE]; /* calendar_london_today_text: the partnership's day */
};

/*
 * Reads what a list asks for into *list. False when the response already
 * answers (a refused filter or page, or the status in *st, which the
 * handler returns).
 */
bool training_list_request(struct request *req, struct response *res, struct training_list *list,
                           enum haven_status *st);

/*
 * Finishes the model of a list under `key` (after page_finish): its count,
 * and for a page whether any were found, the priority areas to filter by
 * (`area` chosen, retired ones too) and whether the person may manage them.
 * On an error the model is left for the caller to free.
 */
enum haven_status training_list_finish(const struct request *req, json_t *model, const char *key,
                                       const char *area) HAVEN_MUST_CHECK;

/* "£25.00" for a charge in pence. A new string. */
json_t *training_money(long long pence);

/*
 * The period a figures page asks for (PERIOD_FIELDS; the reporting year by
 * default; `req` NULL: the default) in *out, filled even when refused. False
 * after putting the error on "to" and 400 on `res`: the caller then sets the
 * page's model, showing the period asked for.
 */
bool training_period(const struct request *req, struct response *res, struct period *out);

/*
 * The start of a list page over a period (no-shows, e-learning completions):
 * the period and the page asked for, and the model {title, from, to,
 * submitted} (a new reference). False when the response already answers: a
 * refused period (the page shown again with its error) or a refused page.
 */
bool training_period_list(struct request *req, struct response *res, const char *title, struct period *period,
                          struct page *page, json_t **model);

/* ---- sessions.c ---- */
/* What a session shows the person asking on `day`: the joining link only to people with a place; its
 * cancellation cut-off, `cutoff_days` working days before (training_cutoff_days); for pages, which button
 * applies. */
void training_decorate_session(const struct request *req, json_t *s, const char *day, int cutoff_days);

/* The model of the session in the request's path (id), as its page shows it; NOT_FOUND if there is none. */
enum haven_status training_session_model(struct request *req, json_t **out);
/* The check page before a place is cancelled (router.h, struct check_step). */
route_handler training_check_cancel;
route_handler training_handle_list_sessions;
route_handler training_handle_show_session;
route_handler training_handle_session_ics;
route_handler training_handle_new_session_form;
route_handler training_handle_add_session;

/* ---- courses.c ---- */
/* A course's labels for its areas, its charge and whether only partners may book. */
/* Sets obj[key] to n and its noun in words ("1 place", "3 places"; core/words.h), for pages. */
void training_set_count_text(json_t *obj, const char *key, long long n, const char *one, const char *many);
void training_decorate_course(json_t *c);
route_handler training_handle_list_courses;
route_handler training_handle_show_course;
route_handler training_handle_new_course_form;
route_handler training_handle_add_course;

/* ---- bookings.c ---- */
route_handler training_handle_book;
route_handler training_handle_rename_approver;
route_handler training_handle_cancel;
route_handler training_handle_my_bookings;

/* ---- attendance.c ---- */
route_handler training_handle_show_register;
route_handler training_handle_registers;
route_handler training_handle_mark_attendance;
route_handler training_handle_add_attendee;
route_handler training_handle_remove_attendee;
route_handler training_handle_no_shows;

/* ---- evaluations.c ---- */
route_handler training_handle_certificate;
route_handler training_handle_evaluation_form;
route_handler training_handle_evaluate;
route_handler training_handle_follow_up_form;
route_handler training_handle_follow_up;

/* ---- resources.c ---- */
route_handler training_handle_list_resources;
route_handler training_handle_show_resource;
route_handler training_handle_new_resource_form;
route_handler training_handle_add_resource;

/* ---- elearning.c ---- */
route_handler training_handle_elearning;

/* ---- settings.c ---- */
route_handler training_handle_settings_form;
route_handler training_handle_change_settings;

/* ---- approvals.c ---- */
route_handler training_handle_course_approval;
route_handler training_handle_list_approvals;
route_handler training_handle_approve;
route_handler training_handle_decline;

/* ---- figures.c ---- */
route_handler training_handle_summary_form;
route_handler training_handle_summary;
route_handler training_handle_summary_csv;
route_handler training_handle_summary_xlsx;

#endif
