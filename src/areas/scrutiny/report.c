/*
 * report.c (scrutiny) — the partnership's annual report (issue 20, first
 * part): for an April-to-March year ("2020-21"), every area's published
 * figures (app/figures.h: the same queries as each area's figures page,
 * small numbers of people shown as "fewer than 5"), as a page
 * (/reports/annual, for the partnership and the scrutineer) and as a
 * standalone HTML document from the command line:
 *
 *   haven report annual --db PATH --year 2020-21 [--format html]
 *
 * The report holds nothing that changes with the moment it is made (no
 * "generated at", figures that stand on a day counted on the year's last
 * day), so the same data gives the same bytes. Every section is in it,
 * whoever asks: it is the published document, and the route's rule says
 * who may read it in Haven.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/figures.h"
#include "areas/calendar/london.h"
#include "areas/scrutiny/handlers.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/embedded.h"
#include "router/fields.h"
#include "store/store.h"
#include "view/view.h"

/* Room for a year's name ("2020-21") and whatever an int could print. */
#define YEAR_NAME_SIZE 32

#define YEAR_WORDS "Give the year as its two parts, like 2020-21 (1 April 2020 to 31 March 2021)"

/*
 * Reads a reporting year "YYYY-YY" (the second part the year after the
 * first) into its first and last days and its name; false if it is not one.
 */
static bool parse_year(const char *text, struct period *out)
{
	int first = 0, second = 0, used = 0;
	if (!text || strlen(text) != 7 || sscanf(text, "%4d-%2d%n", &first, &second, &used) != 2 ||
	    used != 7 || text[4] != '-' || first < 1900 || first > 2199 || second != (first + 1) % 100)
		return false;
	out->from = calendar_from_ymd(first, 4, 1);
	out->to = calendar_from_ymd(first + 1, 3, 31);
	calendar_format(out->from, out->from_text);
	calendar_format(out->to, out->to_text);
	return true;
}

/* The last reporting year that has ended by `today`: the one before the year holding it. */
static void last_complete_year(int32_t today, char out[static YEAR_NAME_SIZE])
{
	int32_t first, last;
	calendar_reporting_year(today, &first, &last);
	int year, month, day;
	calendar_to_ymd(first, &year, &month, &day);
	snprintf(out, YEAR_NAME_SIZE, "%04d-%02d", year - 1, year % 100);
}

/* The report's model for year `name` (parsed into `period`): new in *out. */
static enum haven_status report_model(const char *name, const struct period *period, json_t **out)
{
	json_t *sections = NULL;
	enum haven_status st = figures_gather(NULL, period->from_text, period->to_text, &sections);
	if (st != HAVEN_OK)
		return st;
	char title[64], from[CALENDAR_LONG_DATE_SIZE], to[CALENDAR_LONG_DATE_SIZE];
	snprintf(title, sizeof title, "Annual report %s", name);
	calendar_format_long(period->from, from);
	calendar_format_long(period->to, to);
	*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "title", title, "year", name, "from",
	                 period->from_text, "to", period->to_text, "from_words", from, "to_words", to,
	                 "sections", sections, "suppressed_words", SUPPRESS_WORDS);
	return HAVEN_OK;
}

/* ---- the page ---- */

enum haven_status scrutiny_report_page(struct request *req, struct response *res)
{
	char fallback[YEAR_NAME_SIZE];
	const char *year = field_text(req->input, "year");
	if (!year) {
		last_complete_year(calendar_london_today(), fallback);
		year = fallback;
	}
	struct period period;
	if (!parse_year(year, &period)) {
		res->status = 400;
		response_error(res, "year", YEAR_WORDS);
		return HAVEN_OK;
	}
	json_t *model = NULL;
	enum haven_status st = report_model(year, &period, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

enum haven_status scrutiny_report_form(struct request *req, struct response *res)
{
	(void)req;
	char year[YEAR_NAME_SIZE];
	last_complete_year(calendar_london_today(), year);
	response_set_model(res, json_pack("{s:s, s:s}", "title", "Annual report", "year", year));
	return HAVEN_OK;
}

/* ---- the command ---- */

static const char annual_usage[] =
    "Usage: haven report annual --db PATH --year YYYY-YY [--format html]\n"
    "\n"
    "Writes the partnership's annual report for the year from 1 April to 31\n"
    "March (2020-21 is 1 April 2020 to 31 March 2021) on standard output: every\n"
    "area's figures as its figures page counts them, with counts of people from\n"
    "1 to 4 shown as \"fewer than 5\". HTML is a whole document with its styles\n"
    "in it; the same data gives the same bytes.\n"
    "\n"
    "  --db PATH       the SQLite database file\n"
    "  --year YYYY-YY  the reporting year\n"
    "  --format html   the format (html, the only one so far)\n"
    "  --help          show this help\n";

/* The standalone document: the report's body with GOV.UK Frontend's styles (as Haven serves them) inside. */
static enum haven_status render_document(json_t *model, struct buf *out)
{
	const struct embedded_file *css = embedded_find("assets/haven.css");
	json_object_set_new(model, "styles", json_string(css ? css->data : ""));
	return view_render("scrutiny/annual_report_document", model, out);
}

static int cmd_annual(int argc, char **argv)
{
	static const char command[] = "report annual";
	const char *db = NULL, *year = NULL, *format = "html";
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "year", .value = &year, .missing = "--year YYYY-YY"},
	    {.name = "format", .value = &format},
	    {0},
	};
	int parsed = cli_parse(command, annual_usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	struct period period;
	if (!parse_year(year, &period))
		return cli_usage_error(command, "--year %s: %s", year, YEAR_WORDS);
	if (strcmp(format, "html") != 0)
		return cli_usage_error(command, "--format %s: the report is made as html only so far",
		                       format);
	char *err = NULL;
	if (view_init(&err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "cannot compile the built-in templates");
		free(err);
		return 1;
	}
	int status = 1;
	if (cli_open_store(db) != 0)
		goto out;
	json_t *model = NULL;
	struct buf html = BUF_INIT;
	enum haven_status st = report_model(year, &period, &model);
	if (st == HAVEN_OK)
		st = render_document(model, &html);
	store_close();
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: cannot make the report from %s: %s\n", db, haven_status_name(st));
	} else if (fwrite(html.data, 1, html.len, stdout) != html.len || fflush(stdout) != 0) {
		fprintf(stderr, "haven: cannot write the report\n");
	} else {
		status = 0;
	}
	json_decref(model);
	buf_free(&html);
out:
	view_free();
	return status;
}

const struct command scrutiny_commands[] = {
    {"report annual", "write the partnership's annual report for an April-to-March year", annual_usage,
     cmd_annual},
    {0},
};
