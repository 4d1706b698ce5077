/*
 * handlers.h (scrutiny) — the area's handlers, declared for its one route
 * table in area.c: the challenge log (challenges.c), the scrutineer's
 * dashboard (dashboard.c) and the annual report (report.c, with its command).
 */
#ifndef HAVEN_AREAS_SCRUTINY_HANDLERS_H
#define HAVEN_AREAS_SCRUTINY_HANDLERS_H

#include <stdbool.h>

#include "app/area.h"
#include "router/fields.h"
#include "router/router.h"

/* Room for a reporting year's name ("2020-21") and whatever an int could print. */
#define SCRUTINY_YEAR_NAME_SIZE 32

/*
 * Reads a reporting year "YYYY-YY" (the second part the year after the
 * first) into its first and last days and its name; false if it is not one.
 */
bool scrutiny_parse_year(const char *text, struct period *out);
/*
 * The year a request asks for (`year`, the last complete one by default)
 * into `name` and `period`; false, with the error answered (400), if it is not one.
 */
bool scrutiny_requested_year(struct request *req, struct response *res,
                             char name[static SCRUTINY_YEAR_NAME_SIZE], struct period *period);
/*
 * Whether reporting year `name` (parsed into `period`) has ended, today in
 * England; if not, false with `status` answered and an error on `year` saying
 * so, `what` ending its sentence ("its report is read"). A year still running
 * is not finished: its report is not read (but by the partnership) and its
 * statement, which publishes the report once and for all, not written.
 */
bool scrutiny_year_ended(struct response *res, unsigned status, const char *name, const struct period *period,
                         const char *what);
/*
 * The first reporting year Haven reports on: 2018-19, the first year of the
 * safeguarding partnerships (the Children and Social Work Act 2017 and
 * Working Together 2018, in force from 29 June 2018, in place of the Local
 * Safeguarding Children Boards). A statement, which publishes its year's
 * report, is written for it or a later year only.
 */
#define SCRUTINY_FIRST_YEAR "2018-19"
/* Whether reporting year `period` starts before SCRUTINY_FIRST_YEAR: no statement is written for it. */
bool scrutiny_before_first_year(const struct period *period);
/*
 * Whether reporting year `period` is SCRUTINY_FIRST_YEAR or later; if not,
 * false with `status` answered and an error on `year` naming the first.
 */
bool scrutiny_year_reported(struct response *res, unsigned status, const struct period *period);
/*
 * Whether `req`'s user reads a reporting year's published figures (the
 * dashboard's, the annual report's) before the year has ended
 * (report.running_year: the partnership, who read the exact counts anyway).
 * A running year is counted up to the moment of asking, so read a day apart
 * its figures would give that day's count away; anyone else reads years
 * that have ended.
 */
bool scrutiny_reads_running_year(const struct request *req);
/*
 * The annual report's model (report.h) for the year the request asks for,
 * new in *report: for the partnership and the scrutineer as
 * scrutiny_requested_year reads it; for anyone else a published year only
 * (the latest by default), with the published years to choose among
 * (`published_reports`). HAVEN_OK with *report NULL when the year is not one
 * (the 400 answered) or its report is not published to this reader (404).
 */
enum haven_status scrutiny_requested_report(struct request *req, struct response *res,
                                            char name[static SCRUTINY_YEAR_NAME_SIZE], struct period *period,
                                            json_t **report) HAVEN_MUST_CHECK;

/* GET /challenges: a page of the challenges the user may see, newest first. */
route_handler challenges_list;
/* GET /challenges/new, and the form again after errors. */
route_handler challenges_new_form;
/* POST /challenges: raises one. */
route_handler challenges_raise;
/* GET /challenges/{id}: one challenge, its log and the forms the user may use. */
route_handler challenges_show;
/* POST /challenges/{id}/response: the owner's response. */
route_handler challenges_respond;
/* POST /challenges/{id}/board-agenda: an escalated challenge on no board agenda put on the next meeting's. */
enum haven_status challenges_place(struct request *req, struct response *res);

/* POST /challenges/{id}/decision: accepted, or escalated to the board with a new date. */
route_handler challenges_decide;

/* Sets each challenge's `stage` and its status as shown today (overdue, in words and a tag). */
void scrutiny_show_statuses(json_t *challenges);

/* GET /scrutiny: every area's published figures for a period, and the challenge log's. */
route_handler scrutiny_dashboard;
/* The dashboard's period form again after bad dates. */
route_handler scrutiny_dashboard_form;

/* Sets `key` of `model` to the address `path` for reporting year `year` ("/reports/annual.pdf?year=2020-21").
 */
void scrutiny_year_link(json_t *model, const char *key, const char *path, const char *year);

/* GET /reports/annual?year=2020-21: the annual report for a reporting year (the last complete one by
 * default; for those who read only the published years, the latest published). */
route_handler scrutiny_report_page;
/* GET /reports/annual.xlsx?year=2020-21: the same report as an XLSX workbook, a sheet for each table. */
route_handler scrutiny_report_xlsx;
/* The report's year form again after a bad year. */
route_handler scrutiny_report_form;

/* GET /reports/annual.pdf?year=2020-21: the same report as a PDF (pdf.c). */
route_handler scrutiny_report_pdf;
/* GET /reports/annual/easy-read?year=2020-21: the Easy Read version, the same figures. */
route_handler scrutiny_report_easy_read;

/* GET /reports/annual/statement?year=2020-21: the scrutineer's statement for the year, to write or revise. */
route_handler scrutiny_statement_form;
/* The statement's form again after errors or a refusal. */
route_handler scrutiny_statement_form_again;
/* POST /reports/annual/statement: writes (and, asked to, publishes) the year's statement. */
route_handler scrutiny_statement_write_page;

/* haven report annual. */
extern const struct command scrutiny_commands[];

#endif
