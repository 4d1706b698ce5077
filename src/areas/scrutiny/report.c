/*
 * report.c (scrutiny) — the partnership's annual report (issue 20): for an
 * April-to-March year ("2020-21"), every area's published figures
 * (app/figures.h: the same queries as each area's figures page, small
 * numbers of people shown as "fewer than 5") and the Independent
 * Scrutineer's statement (statement.c), as a page (/reports/annual) and as a
 * standalone HTML document, a PDF
 * made from that document (pdf.c) or an XLSX workbook (a sheet for each
 * table, the same words for small numbers), from the command line or the
 * page; the Easy Read version is easy_read.c's:
 *
 *   haven report annual --db PATH --year 2020-21 [--format html|pdf|xlsx] [--easy-read]
 *   /reports/annual.xlsx?year=2020-21, /reports/annual.pdf?year=2020-21
 *
 * Beside each table of counts by area, a bar chart (view/chart.h) of its
 * rows' totals, suppressed counts drawn as no bar with their words.
 *
 * The report holds nothing that changes with the moment it is made (no
 * "generated at", figures that stand on a day counted on the year's last
 * day; the workbook says it was made on the day after the year ended), so
 * the same data gives the same bytes (the PDF's own bytes are WeasyPrint's;
 * its text is the same). Every section is in it,
 * whoever asks: it is the published document. A published year's PDF is
 * printed once and kept (kept_pdf.c); a draft year's is printed each time.
 *
 * Who reads which year: a year's report is published once the year has
 * ended and the scrutineer's statement for it is published (a year still
 * running is not finished; a draft statement may still change). Everyone
 * signed in reads the published years, the latest by default, and is told
 * that another year is not published yet (404); the partnership and the
 * scrutineer (report.annual) read every year as it stands, the last
 * complete one by default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/cli.h"
#include "app/figures.h"
#include "areas/calendar/london.h"
#include "areas/partnership/store.h"
#include "areas/scrutiny/handlers.h"
#include "areas/scrutiny/kept_pdf.h"
#include "areas/scrutiny/pdf.h"
#include "areas/scrutiny/report.h"
#include "areas/scrutiny/store.h"
#include "auth/policy.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/embedded.h"
#include "core/xlsx.h"
#include "router/fields.h"
#include "store/store.h"
#include "view/chart.h"
#include "view/view.h"

#define YEAR_WORDS "Give the year as its two parts, like 2020-21 (1 April 2020 to 31 March 2021)"

bool scrutiny_parse_year(const char *text, struct period *out)
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
static void last_complete_year(int32_t today, char out[static SCRUTINY_YEAR_NAME_SIZE])
{
	int32_t first, last;
	calendar_reporting_year(today, &first, &last);
	int year, month, day;
	calendar_to_ymd(first, &year, &month, &day);
	snprintf(out, SCRUTINY_YEAR_NAME_SIZE, "%04d-%02d", year - 1, year % 100);
}

/* What a published cell (app/figures.h) counts in a chart: nothing when it is hidden. */
static long long drawn(const json_t *cell)
{
	return json_is_true(json_object_get(cell, "suppressed"))
	           ? 0
	           : json_integer_value(json_object_get(cell, "count"));
}

/*
 * A chart beside a table of counts: a bar for each row, as long as its total
 * (or its first column's count where the table has no totals), with the
 * published words at its end, so a hidden count has no bar and says so.
 */
static json_t *table_chart(const json_t *table, const char *id)
{
	const json_t *rows = json_object_get(table, "rows");
	size_t n = json_array_size(rows);
	if (n == 0)
		return json_null();
	bool totals = json_is_true(json_object_get(table, "row_totals"));
	struct chart_bar *bars = xcalloc(n, sizeof *bars);
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
	{
		const json_t *cell =
		    totals ? json_object_get(row, "total") : json_array_get(json_object_get(row, "cells"), 0);
		bars[i] =
		    (struct chart_bar){field_text(row, "label"), drawn(cell), field_text(cell, "shown")};
	}
	const char *caption = field_text(table, "caption");
	struct buf desc = BUF_INIT;
	buf_printf(&desc,
	           "A bar for each row of the table \"%s\", as long as its %s. A count shown as \"%s\" or "
	           "\"%s\" has no bar.",
	           caption,
	           totals ? "total" : json_string_value(json_array_get(json_object_get(table, "columns"), 0)),
	           SUPPRESS_WORDS, SUPPRESS_SECONDARY_WORDS);
	json_t *chart = chart_bars(id, caption, buf_cstr(&desc), bars, n);
	buf_free(&desc);
	free(bars);
	return chart ? chart : json_null();
}

/* Puts a chart in each table of every section (its id unique in the report: "chart-2-1"). */
static void add_charts(json_t *sections)
{
	size_t i, j;
	json_t *section, *table;
	json_array_foreach(sections, i, section)
	{
		json_array_foreach(json_object_get(section, "tables"), j, table)
		{
			char id[48];
			snprintf(id, sizeof id, "chart-%zu-%zu", i + 1, j + 1);
			json_object_set_new(table, "chart", table_chart(table, id));
		}
	}
}

/* `text`'s paragraphs (parted by blank lines), each one line of words: a new array. */
static json_t *paragraphs(const char *text)
{
	json_t *out = json_array();
	struct buf para = BUF_INIT;
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
			len--;
		if (len == 0 && para.len > 0) {
			json_array_append_new(out, json_string(buf_cstr(&para)));
			buf_reset(&para);
		} else if (len > 0) {
			buf_printf(&para, "%s%.*s", para.len ? " " : "", (int)len, line);
		}
		line = end ? end + 1 : NULL;
	}
	if (para.len > 0)
		json_array_append_new(out, json_string(buf_cstr(&para)));
	buf_free(&para);
	return out;
}

/*
 * The scrutineer's statement for year `name` as the report shows it:
 * {written, draft (not yet published), paragraphs}, {written: false} when
 * none is written yet.
 */
static enum haven_status statement_section(const char *name, json_t **out)
{
	json_t *row = NULL;
	enum haven_status st = scrutiny_statement_get(name, &row);
	if (st == HAVEN_ERR_NOT_FOUND) {
		*out = json_pack("{s:b}", "written", false);
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	*out = json_pack("{s:b, s:b, s:o}", "written", true, "draft",
	                 !json_integer_value(json_object_get(row, "published")), "paragraphs",
	                 paragraphs(field_text(row, "text")));
	json_decref(row);
	return HAVEN_OK;
}

enum haven_status scrutiny_report_model(const char *name, const struct period *period, json_t **out)
{
	json_t *statement = NULL;
	enum haven_status st = statement_section(name, &statement);
	if (st != HAVEN_OK)
		return st;
	json_t *sections = NULL;
	st = figures_gather(NULL, period->from_text, period->to_text, &sections);
	if (st != HAVEN_OK) {
		json_decref(statement);
		return st;
	}
	add_charts(sections);
	char title[64], from[CALENDAR_LONG_DATE_SIZE], to[CALENDAR_LONG_DATE_SIZE];
	snprintf(title, sizeof title, "Annual report %s", name);
	calendar_format_long(period->from, from);
	calendar_format_long(period->to, to);
	*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o}", "title", title, "year", name,
	                 "from", period->from_text, "to", period->to_text, "from_words", from, "to_words", to,
	                 "sections", sections, "suppressed_words", SUPPRESS_WORDS, "statement", statement);
	/* whose report it is, on its first page and in the document's title (and so the PDF's): read from a
	 * file or a printout, a report must say which partnership wrote it */
	json_t *self = NULL;
	if (partnership_get_self(&self) == HAVEN_OK)
		json_object_set(*out, "partnership", json_object_get(self, "name"));
	json_decref(self);
	return HAVEN_OK;
}

/* ---- the spreadsheet ---- */

/* Excel's longest sheet name, in characters, and room for it in UTF-8. */
#define SHEET_NAME_CHARS 31
#define SHEET_NAME_SIZE (SHEET_NAME_CHARS * 4 + 1)

/* The characters in text[0..len), a UTF-8 string. */
static size_t utf8_chars(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

/*
 * A sheet's name for `title`, as Excel allows: without the characters it
 * forbids ([]:*?/\) or an apostrophe at either end, at most `chars` characters (cut at the end of a word
 * where there is one), the same title always the same name.
 */
static void shorten(const char *title, size_t chars, char out[static SHEET_NAME_SIZE])
{
	size_t len = 0, last_space = 0;
	bool cut = false;
	for (const char *p = title; *p && len + 1 < SHEET_NAME_SIZE; p++) {
		if (strchr("[]:*?/\\", *p) || (*p == '\'' && len == 0)) /* nor starts with one */
			continue;
		/* a new character that would be one too many: cut here, or at the last word's end */
		if (((unsigned char)*p & 0xC0) != 0x80 && utf8_chars(out, len) == chars) {
			len = last_space ? last_space : len;
			cut = true;
			break;
		}
		if (*p == ' ')
			last_space = len;
		out[len++] = *p;
	}
	/* a cut title ends on a word that says something, not on a comma or "by" ("notified, by") */
	static const char *const joining[] = {" by", " of", " the", " and", " to", " a", NULL};
	for (bool trimmed = true; trimmed && len > 0;) {
		out[len] = '\0';
		/* Excel refuses a name that ends with an apostrophe ("the priorities'") */
		trimmed = out[len - 1] == ' ' || out[len - 1] == ',' || out[len - 1] == '\'';
		if (trimmed)
			len--;
		for (const char *const *w = joining; cut && !trimmed && *w; w++) {
			size_t n = strlen(*w);
			trimmed = len > n && strcmp(out + len - n, *w) == 0;
			if (trimmed)
				len -= n;
		}
	}
	out[len] = '\0';
}

/* `title` as a sheet name no other sheet of the workbook has (Excel compares names without case). */
static void sheet_name(const char *title, const json_t *names, char out[static SHEET_NAME_SIZE])
{
	shorten(title, SHEET_NAME_CHARS, out);
	for (int n = 2;; n++) {
		bool taken = false;
		size_t i;
		const json_t *name;
		json_array_foreach(names, i, name) taken =
		    taken || strcasecmp(json_string_value(name), out) == 0;
		if (!taken)
			return;
		char base[SHEET_NAME_SIZE];
		shorten(title, SHEET_NAME_CHARS - 5, base);
		snprintf(out, SHEET_NAME_SIZE, "%.108s (%d)", base,
		         n); /* base: 26 characters, 104 bytes at most */
	}
}

/* A published cell's value in the workbook: its count as a number, or its words when it is hidden. */
static json_t *published_value(const json_t *cell)
{
	if (json_is_true(json_object_get(cell, "suppressed")))
		return json_string(field_text(cell, "shown"));
	return json_deep_copy(json_object_get(cell, "count"));
}

/* The workbook's sheets after its contents, as they are gathered. */
struct report_sheets {
	json_t *sheets; /* [{name, title, header: [...], rows: [[...]]}]: what each xlsx_sheet points into */
	json_t *names;  /* every sheet's name so far, the contents' too */
};

/* Adds a sheet for the table `title` with its `header` (taken); returns its rows (borrowed) to fill. */
static json_t *add_sheet(struct report_sheets *book, const char *title, json_t *header)
{
	char name[SHEET_NAME_SIZE];
	sheet_name(title, book->names, name);
	json_array_append_new(book->names, json_string(name));
	json_t *sheet =
	    json_pack("{s:s, s:s, s:o, s:[]}", "name", name, "title", title, "header", header, "rows");
	json_array_append_new(book->sheets, sheet);
	return json_object_get(sheet, "rows");
}

/* A section's figures as a sheet: what is counted and the number, as published. */
static void add_figures_sheet(struct report_sheets *book, const json_t *section)
{
	json_t *rows =
	    add_sheet(book, field_text(section, "title"), json_pack("[s, s]", "What is counted", "Number"));
	size_t i;
	const json_t *f;
	json_array_foreach(json_object_get(section, "figures"), i, f)
	    json_array_append_new(rows, json_pack("[s, o]", field_text(f, "label"), published_value(f)));
}

/* One row of a table of counts: its label, its cells and its total where the table has row totals. */
static json_t *table_row(const char *label, const json_t *row)
{
	json_t *out = json_pack("[s]", label);
	size_t i;
	const json_t *cell;
	json_array_foreach(json_object_get(row, "cells"), i, cell)
	    json_array_append_new(out, published_value(cell));
	if (json_object_get(row, "total"))
		json_array_append_new(out, published_value(json_object_get(row, "total")));
	return out;
}

/* A table of counts as a sheet, as the report's page shows it: rows, a total column and a total row. */
static void add_table_sheet(struct report_sheets *book, const json_t *table)
{
	json_t *header = json_pack("[s]", field_text(table, "row_heading"));
	json_array_extend(header, json_object_get(table, "columns"));
	if (json_is_true(json_object_get(table, "row_totals")))
		json_array_append_new(header, json_string("Total"));
	json_t *rows = add_sheet(book, field_text(table, "caption"), header);
	size_t i;
	const json_t *row;
	json_array_foreach(json_object_get(table, "rows"), i, row)
	    json_array_append_new(rows, table_row(field_text(row, "label"), row));
	if (json_object_get(table, "totals"))
		json_array_append_new(rows, table_row("Total", json_object_get(table, "totals")));
}

/* Every section's impact measures with what each means, as a sheet of their own: none when no section has
 * one. */
static void add_measures_sheet(struct report_sheets *book, const json_t *sections)
{
	json_t *rows = NULL;
	size_t i, j;
	const json_t *section, *measure;
	json_array_foreach(sections, i, section)
	{
		json_array_foreach(json_object_get(section, "measures"), j, measure)
		{
			if (!rows)
				rows =
				    add_sheet(book, "Impact measures",
				              json_pack("[s, s, s]", "Section", "Measure", "What it means"));
			json_array_append_new(rows, json_pack("[s, s, s]", field_text(section, "title"),
			                                      field_text(measure, "label"),
			                                      field_text(measure, "definition")));
		}
	}
}

/*
 * The report as an XLSX workbook in *out (*len bytes, malloc'd): a contents
 * sheet naming each sheet's table in full and how small numbers are shown,
 * then each section's figures and each of its tables, and the impact
 * measures with what each means. It says it was made
 * on the day after the year ended, so the same figures give the same bytes.
 */
static enum haven_status render_workbook(const json_t *model, const struct period *period, char **out,
                                         size_t *len)
{
	struct report_sheets book = {json_array(), json_array()};
	json_array_append_new(book.names, json_string("Contents"));
	size_t i, j;
	const json_t *section, *table;
	json_array_foreach(json_object_get(model, "sections"), i, section)
	{
		add_figures_sheet(&book, section);
		json_array_foreach(json_object_get(section, "tables"), j, table)
		    add_table_sheet(&book, table);
	}
	add_measures_sheet(&book, json_object_get(model, "sections"));
	json_t *contents = json_array();
	json_t *sheet;
	json_array_foreach(book.sheets, i, sheet) json_array_append_new(
	    contents, json_pack("[O, O]", json_object_get(sheet, "name"), json_object_get(sheet, "title")));
	struct buf about = BUF_INIT;
	buf_printf(
	    &about,
	    "%s, from %s to %s. A count of children, victims or other people from 1 to 4 is shown as \"%s\", "
	    "and where a total could give such a count away another count is hidden too (\"%s\"). "
	    "Counts of the partnership's own work are shown as they are.",
	    field_text(model, "title"), field_text(model, "from_words"), field_text(model, "to_words"),
	    SUPPRESS_WORDS, SUPPRESS_SECONDARY_WORDS);
	json_array_append_new(contents, json_pack("[s, s]", "About the numbers", buf_cstr(&about)));
	buf_free(&about);

	static const char *const contents_header[] = {"Sheet", "What it holds"};
	size_t count = json_array_size(book.sheets) + 1;
	struct xlsx_sheet *sheets = xcalloc(count, sizeof *sheets);
	sheets[0] = (struct xlsx_sheet){"Contents", contents_header, 2, contents};
	const char ***header_names = xcalloc(count, sizeof *header_names);
	json_array_foreach(book.sheets, i, sheet)
	{
		const json_t *header = json_object_get(sheet, "header");
		size_t columns = json_array_size(header);
		header_names[i] = xcalloc(columns, sizeof **header_names);
		for (size_t c = 0; c < columns; c++)
			header_names[i][c] = json_string_value(json_array_get(header, c));
		sheets[i + 1] = (struct xlsx_sheet){field_text(sheet, "name"), header_names[i], columns,
		                                    json_object_get(sheet, "rows")};
	}
	/* the first moment after the year (UTC): a fixed time for the year, so the bytes do not change */
	time_t made = (time_t)(period->to + 1) * 86400;
	enum haven_status st = xlsx_workbook(sheets, count, made, out, len);
	for (i = 0; i + 1 < count; i++)
		free(header_names[i]);
	free(header_names);
	free(sheets);
	json_decref(contents);
	json_decref(book.sheets);
	json_decref(book.names);
	return st;
}

/* ---- the page ---- */

bool scrutiny_requested_year(struct request *req, struct response *res,
                             char name[static SCRUTINY_YEAR_NAME_SIZE], struct period *period)
{
	const char *year = field_text(req->input, "year");
	if (year)
		snprintf(name, SCRUTINY_YEAR_NAME_SIZE, "%s", year);
	else
		last_complete_year(calendar_london_today(), name);
	if (!scrutiny_parse_year(name, period)) {
		res->status = 400;
		response_error(res, "year", YEAR_WORDS);
		return false;
	}
	return true;
}

bool scrutiny_year_ended(struct response *res, unsigned status, const char *name, const struct period *period,
                         const char *what)
{
	if (period->to < calendar_london_today())
		return true;
	char words[160];
	snprintf(words, sizeof words, "The year %s has not ended: %s once it has. Choose an earlier year",
	         name, what);
	res->status = status;
	response_error(res, "year", words);
	return false;
}

/*
 * Whether `req`'s user reads every year's report as it stands (drafts, years
 * not yet published): the partnership and the scrutineer. Everyone else
 * reads the published years only.
 */
static bool reads_every_year(const struct request *req)
{
	return policy_allows(req->user, "report.annual", NULL, 0);
}

/*
 * The years whose report is published, latest first, as a new array of
 * names in *out: a year that has ended, with the scrutineer's statement
 * published. A year still running is not finished, and a draft statement is
 * the scrutineer's still to change.
 */
static enum haven_status published_years(json_t **out)
{
	json_t *rows = NULL;
	enum haven_status st = scrutiny_statement_published_years(&rows);
	if (st != HAVEN_OK)
		return st;
	char last[SCRUTINY_YEAR_NAME_SIZE];
	last_complete_year(calendar_london_today(), last);
	*out = json_array();
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
	{
		/* "YYYY-YY" names sort as their years do */
		const char *year = field_text(row, "year");
		if (year && strcmp(year, last) <= 0)
			json_array_append_new(*out, json_string(year));
	}
	json_decref(rows);
	return HAVEN_OK;
}

/* Whether `years` (an array of names) holds `name`. */
static bool listed(const json_t *years, const char *name)
{
	size_t i;
	const json_t *year;
	json_array_foreach(years, i, year) if (strcmp(json_string_value(year), name) == 0) return true;
	return false;
}

/*
 * For a reader of the published reports: the year asked for (the latest
 * published by default) into `name` and `period`; false, answered, when it
 * is not a year (400) or its report is not published (404, saying so).
 */
static bool published_year_asked(struct request *req, struct response *res, const json_t *years,
                                 char name[static SCRUTINY_YEAR_NAME_SIZE], struct period *period)
{
	const char *asked = field_text(req->input, "year");
	if (!asked && json_array_size(years) == 0) {
		res->status = 404;
		response_error(res, "year", "The partnership has not published an annual report yet");
		return false;
	}
	snprintf(name, SCRUTINY_YEAR_NAME_SIZE, "%s",
	         asked ? asked : json_string_value(json_array_get(years, 0)));
	if (!scrutiny_parse_year(name, period)) {
		res->status = 400;
		response_error(res, "year", YEAR_WORDS);
		return false;
	}
	if (!listed(years, name)) {
		char words[96];
		snprintf(words, sizeof words, "The report for %s is not published yet", name);
		res->status = 404;
		response_error(res, "year", words);
		return false;
	}
	return true;
}

/* Sets `published_reports` of a reader's `model` to {years: [{year, href}]}: the published years to choose
 * among. */
static void add_published_years(json_t *model, const json_t *years)
{
	if (json_array_size(years) == 0)
		return;
	json_t *shown = json_array();
	size_t i;
	const json_t *year;
	json_array_foreach(years, i, year)
	{
		json_t *one = json_pack("{s:O}", "year", year);
		scrutiny_year_link(one, "href", "/reports/annual", json_string_value(year));
		json_array_append_new(shown, one);
	}
	json_object_set_new(model, "published_reports", json_pack("{s:o}", "years", shown));
}

enum haven_status scrutiny_requested_report(struct request *req, struct response *res,
                                            char name[static SCRUTINY_YEAR_NAME_SIZE], struct period *period,
                                            json_t **report)
{
	*report = NULL;
	if (reads_every_year(req)) {
		if (!scrutiny_requested_year(req, res, name, period))
			return HAVEN_OK;
		/* a year still running is counted live: read a day apart, its figures give a day's count away
		 */
		if (!scrutiny_reads_running_year(req) &&
		    !scrutiny_year_ended(res, 404, name, period, "its report is read"))
			return HAVEN_OK;
		return scrutiny_report_model(name, period, report);
	}
	json_t *years = NULL;
	enum haven_status st = published_years(&years);
	if (st != HAVEN_OK)
		return st;
	if (published_year_asked(req, res, years, name, period)) {
		st = scrutiny_report_model(name, period, report);
		if (st == HAVEN_OK)
			add_published_years(*report, years);
	}
	json_decref(years);
	return st;
}

/* The report in `format` (easy_read: its Easy Read version) into *out (*len bytes, malloc'd). */
static enum haven_status render_format(json_t *model, const struct period *period, const char *format,
                                       bool easy_read, char **out, size_t *len)
{
	if (strcmp(format, "xlsx") == 0)
		return render_workbook(model, period, out, len);
	json_t *shown = easy_read ? scrutiny_easy_read_model(model) : json_incref(model);
	struct buf html = BUF_INIT;
	enum haven_status st = scrutiny_report_document(shown, easy_read, &html);
	if (st == HAVEN_OK && strcmp(format, "pdf") == 0)
		st = pdf_from_html(html.data, html.len, out, len);
	else if (st == HAVEN_OK)
		*out = buf_steal(&html, len);
	buf_free(&html);
	json_decref(shown);
	return st;
}

/* `res`'s body sent as a file to keep, "haven-annual-report-YEAR.EXTENSION", of `content_type`. */
static void report_download(struct response *res, const char *content_type, const char *year,
                            const char *extension)
{
	res->content_type = content_type;
	char disposition[96];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"haven-annual-report-%s.%s\"", year,
	         extension);
	response_add_header_copy(res, "Content-Disposition", disposition);
}

void scrutiny_year_link(json_t *model, const char *key, const char *path, const char *year)
{
	char link[96];
	snprintf(link, sizeof link, "%s?year=%s", path, year);
	json_object_set_new(model, key, json_string(link));
}

/*
 * The names a year's report publishes that the partnership typed as free
 * text and that could name a child: the labels of the rows of every table
 * whose row heading is `heading` ("Theme": the review themes, the learning
 * area's; "Priority": the partnership's priorities, the plans area's), a new
 * array, each name once. Themes and priorities are meant as categories
 * (neglect, domestic abuse), but nothing stops one being called after a
 * case, so whoever publishes checks them first.
 */
static json_t *published_names(const json_t *report, const char *heading)
{
	json_t *names = json_array();
	size_t i, j, k, n;
	const json_t *section, *table, *row, *seen;
	json_array_foreach(json_object_get(report, "sections"), i, section)
	{
		json_array_foreach(json_object_get(section, "tables"), j, table)
		{
			const char *row_heading = field_text(table, "row_heading");
			if (!row_heading || strcmp(row_heading, heading) != 0)
				continue;
			json_array_foreach(json_object_get(table, "rows"), k, row)
			{
				const char *label = field_text(row, "label");
				bool known = !label;
				json_array_foreach(names, n, seen) known =
				    known || strcmp(json_string_value(seen), label) == 0;
				if (!known)
					json_array_append_new(names, json_string(label));
			}
		}
	}
	return names;
}

/* Sets `key` of `model` to {names} when the report publishes names under `heading`; true if it does. */
static bool set_names_to_check(json_t *model, const char *key, const char *heading)
{
	json_t *names = published_names(model, heading);
	if (json_array_size(names) == 0) {
		json_decref(names);
		return false;
	}
	json_object_set_new(model, key, json_pack("{s:o}", "names", names));
	return true;
}

enum haven_status scrutiny_report_page(struct request *req, struct response *res)
{
	char year[SCRUTINY_YEAR_NAME_SIZE];
	struct period period;
	json_t *model = NULL;
	enum haven_status st = scrutiny_requested_report(req, res, year, &period, &model);
	if (st != HAVEN_OK || !model)
		return st;
	/* the page's own links to the same report in other forms (the standalone document has none) */
	scrutiny_year_link(model, "xlsx_link", "/reports/annual.xlsx", year);
	scrutiny_year_link(model, "pdf_link", "/reports/annual.pdf", year);
	scrutiny_year_link(model, "easy_read_link", "/reports/annual/easy-read", year);
	/* the scrutineer's way to the statement, while it can be written: the year ended, not yet published,
	 * and not before the first year there is a statement for */
	bool published = json_is_true(json_object_get(json_object_get(model, "statement"), "written")) &&
	                 !json_is_true(json_object_get(json_object_get(model, "statement"), "draft"));
	if (!published && period.to < calendar_london_today() && !scrutiny_before_first_year(&period) &&
	    policy_allows(req->user, "report.statement", NULL, 0)) {
		scrutiny_year_link(model, "statement_href", "/reports/annual/statement", year);
		/* who publishes checks the typed names first: once published, the report never changes */
		bool themes = set_names_to_check(model, "themes_to_check", "Theme");
		bool priorities = set_names_to_check(model, "priorities_to_check", "Priority");
		if (themes || priorities)
			json_object_set_new(model, "names_to_check", json_true());
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* Whether year `name`'s report is published (see published_years), into *published. */
static enum haven_status year_published(const char *name, bool *published)
{
	json_t *years = NULL;
	enum haven_status st = published_years(&years);
	*published = st == HAVEN_OK && listed(years, name);
	json_decref(years);
	return st;
}

/* The PDF of the report `model` of published year `year`: the one kept in `folder` (kept_pdf.c) or printed
 * and kept there, into *out (*len bytes, malloc'd). */
static enum haven_status render_kept_pdf(json_t *model, const char *folder, const char *year, char **out,
                                         size_t *len)
{
	struct buf html = BUF_INIT;
	enum haven_status st = scrutiny_report_document(model, false, &html);
	if (st == HAVEN_OK)
		st = kept_pdf_from_html(folder, year, html.data, html.len, out, len);
	buf_free(&html);
	return st;
}

/*
 * The report for the year the request asks for as a file to keep, in `format` ("pdf" or "xlsx"). A
 * published year's PDF is printed once and kept (kept_pdf.c); a draft year's is printed each time.
 */
static enum haven_status report_file(struct request *req, struct response *res, const char *format,
                                     const char *content_type)
{
	char year[SCRUTINY_YEAR_NAME_SIZE];
	struct period period;
	json_t *model = NULL;
	enum haven_status st = scrutiny_requested_report(req, res, year, &period, &model);
	if (st != HAVEN_OK || !model)
		return st;
	bool published = false;
	if (strcmp(format, "pdf") == 0)
		st = year_published(year, &published);
	char *folder = published ? scrutiny_report_folder() : NULL;
	/* the figures are read; the rendering (WeasyPrint's seconds for the PDF) reads nothing, and the
	 * request's snapshot kept through it would keep the write-ahead log from its checkpoints */
	store_read_release();
	if (st == HAVEN_OK)
		st = published
		         ? render_kept_pdf(model, folder, year, &res->body_owned, &res->body_len)
		         : render_format(model, &period, format, false, &res->body_owned, &res->body_len);
	free(folder);
	json_decref(model);
	if (st == HAVEN_OK)
		report_download(res, content_type, year, format);
	return st;
}

enum haven_status scrutiny_report_pdf(struct request *req, struct response *res)
{
	return report_file(req, res, "pdf", "application/pdf");
}

enum haven_status scrutiny_report_xlsx(struct request *req, struct response *res)
{
	return report_file(req, res, "xlsx", XLSX_CONTENT_TYPE);
}

enum haven_status scrutiny_report_form(struct request *req, struct response *res)
{
	char year[SCRUTINY_YEAR_NAME_SIZE];
	last_complete_year(calendar_london_today(), year);
	if (reads_every_year(req)) {
		response_set_model(res, json_pack("{s:s, s:s}", "title", "Annual report", "year", year));
		return HAVEN_OK;
	}
	/* a reader chooses among the published years, the latest first */
	json_t *years = NULL;
	enum haven_status st = published_years(&years);
	if (st != HAVEN_OK)
		return st;
	const char *latest = json_string_value(json_array_get(years, 0));
	json_t *model = json_pack("{s:s, s:s}", "title", "Annual report", "year", latest ? latest : "");
	add_published_years(model, years);
	json_decref(years);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- the command ---- */

static const char annual_usage[] =
    "Usage: haven report annual --db PATH --year YYYY-YY [--format html|pdf|xlsx] [--easy-read]\n"
    "\n"
    "Writes the partnership's annual report for the year from 1 April to 31\n"
    "March (2020-21 is 1 April 2020 to 31 March 2021) on standard output: every\n"
    "area's figures as its figures page counts them, with counts of people from\n"
    "1 to 4 shown as \"fewer than 5\", and the Independent Scrutineer's\n"
    "statement. HTML is a whole document with its styles in it and a chart\n"
    "beside each table by area; PDF is the same document printed by WeasyPrint\n"
    "(Debian's weasyprint package); XLSX is a workbook with a sheet for each\n"
    "table. --easy-read writes the Easy Read version (HTML or PDF): short\n"
    "sentences beside pictures, large type, the same figures. The same data\n"
    "gives the same bytes in HTML and XLSX.\n"
    "\n"
    "  --db PATH       the SQLite database file\n"
    "  --year YYYY-YY  the reporting year\n"
    "  --format FORMAT html (the default), pdf or xlsx\n"
    "  --easy-read     the Easy Read version (html or pdf)\n"
    "  --help          show this help\n";

enum haven_status scrutiny_report_document(json_t *model, bool easy_read, struct buf *out)
{
	const struct embedded_file *css = embedded_find("assets/haven.css");
	const struct embedded_file *print = embedded_find("assets/report-print.css");
	json_object_set_new(model, "styles", json_string(css ? css->data : ""));
	json_object_set_new(model, "print_styles", json_string(print ? print->data : ""));
	return view_render(easy_read ? "scrutiny/easy_read_document" : "scrutiny/annual_report_document",
	                   model, out);
}

static int cmd_annual(int argc, char **argv)
{
	static const char command[] = "report annual";
	const char *db = NULL, *year = NULL, *format = "html";
	bool easy_read = false;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "year", .value = &year, .missing = "--year YYYY-YY"},
	    {.name = "format", .value = &format},
	    {.name = "easy-read", .flag = &easy_read},
	    {0},
	};
	int parsed = cli_parse(command, annual_usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	struct period period;
	if (!scrutiny_parse_year(year, &period))
		return cli_usage_error(command, "--year %s: %s", year, YEAR_WORDS);
	if (strcmp(format, "html") != 0 && strcmp(format, "pdf") != 0 && strcmp(format, "xlsx") != 0)
		return cli_usage_error(command, "--format %s: the report is made as html, pdf or xlsx",
		                       format);
	if (easy_read && strcmp(format, "xlsx") == 0)
		return cli_usage_error(command,
		                       "--easy-read: the Easy Read version is made as html or pdf, not xlsx");
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
	char *bytes = NULL;
	size_t len = 0;
	enum haven_status st = scrutiny_report_model(year, &period, &model);
	store_close();
	if (st == HAVEN_OK)
		st = render_format(model, &period, format, easy_read, &bytes, &len);
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: cannot make the report from %s: %s\n", db, haven_status_name(st));
	} else if (fwrite(bytes, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "haven: cannot write the report\n");
	} else {
		status = 0;
	}
	json_decref(model);
	free(bytes);
out:
	view_free();
	return status;
}

const struct command scrutiny_commands[] = {
    {"report annual", "write the partnership's annual report for an April-to-March year", annual_usage,
     cmd_annual},
    {0},
};
