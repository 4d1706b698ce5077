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
#include "router/request.h"

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
 * The annual report's model (report.h) for the year the request asks for,
 * as scrutiny_requested_year reads it, new in *report: HAVEN_OK with
 * *report NULL when the year is not one (the 400 answered).
 */
enum haven_status scrutiny_requested_report(struct request *req, struct response *res,
                                            char name[static SCRUTINY_YEAR_NAME_SIZE], struct period *period,
                                            json_t **report) HAVEN_MUST_CHECK;

/* GET /challenges: a page of the challenges the user may see, newest first. */
enum haven_status challenges_list(struct request *req, struct response *res);
/* GET /challenges/new, and the form again after errors. */
enum haven_status challenges_new_form(struct request *req, struct response *res);
/* POST /challenges: raises one. */
enum haven_status challenges_raise(struct request *req, struct response *res);
/* GET /challenges/{id}: one challenge, its log and the forms the user may use. */
enum haven_status challenges_show(struct request *req, struct response *res);
/* POST /challenges/{id}/response: the owner's response. */
enum haven_status challenges_respond(struct request *req, struct response *res);
/* POST /challenges/{id}/decision: accepted, or escalated to the board with a new date. */
enum haven_status challenges_decide(struct request *req, struct response *res);

/* Sets each challenge's `stage` and its status as shown today (overdue, in words and a tag). */
void scrutiny_show_statuses(json_t *challenges);

/* GET /scrutiny: every area's published figures for a period, and the challenge log's. */
enum haven_status scrutiny_dashboard(struct request *req, struct response *res);
/* The dashboard's period form again after bad dates. */
enum haven_status scrutiny_dashboard_form(struct request *req, struct response *res);

/* Sets `key` of `model` to the address `path` for reporting year `year` ("/reports/annual.pdf?year=2020-21").
 */
void scrutiny_year_link(json_t *model, const char *key, const char *path, const char *year);

/* GET /reports/annual?year=2020-21: the annual report for a reporting year (the last complete one by
 * default). */
enum haven_status scrutiny_report_page(struct request *req, struct response *res);
/* GET /reports/annual.xlsx?year=2020-21: the same report as an XLSX workbook, a sheet for each table. */
enum haven_status scrutiny_report_xlsx(struct request *req, struct response *res);
/* The report's year form again after a bad year. */
enum haven_status scrutiny_report_form(struct request *req, struct response *res);

/* GET /reports/annual.pdf?year=2020-21: the same report as a PDF (pdf.c). */
enum haven_status scrutiny_report_pdf(struct request *req, struct response *res);
/* GET /reports/annual/easy-read?year=2020-21: the Easy Read version, the same figures. */
enum haven_status scrutiny_report_easy_read(struct request *req, struct response *res);

/* GET /reports/annual/statement?year=2020-21: the scrutineer's statement for the year, to write or revise. */
enum haven_status scrutiny_statement_form(struct request *req, struct response *res);
/* The statement's form again after errors or a refusal. */
enum haven_status scrutiny_statement_form_again(struct request *req, struct response *res);
/* POST /reports/annual/statement: writes (and, asked to, publishes) the year's statement. */
enum haven_status scrutiny_statement_write_page(struct request *req, struct response *res);

/* haven report annual. */
extern const struct command scrutiny_commands[];

#endif
