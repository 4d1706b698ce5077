/*
 * commands.c (incidents) — `haven import incidents --db PATH --force SLUG
 * FILE.csv|FILE.json` and `haven import term-dates --db PATH --la CODE
 * FILE.csv|FILE.json`.
 *
 * Both are all or nothing: a night's batch of incidents goes through the
 * same checks and the same unit of work as the API's batch (intake.h), so a
 * file with one bad incident imports none and names every bad one (by its
 * row, reference and field), and importing the same file twice changes
 * nothing the second time. The batch is sent as the police force --force
 * names, as if its officers had posted it: the force sees the incidents,
 * hears of their deadlines, and its references are its own, the API's and
 * the import's alike. Term dates replace the authority's terms for the
 * school years the file holds terms for, in one unit of work, only if every term is
 * good. CSV is read with libcsv (RFC 4180, strict).
 */
#include "areas/incidents/commands.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/csv_lines.h"
#include "app/import_command.h"
#include "areas/calendar/calendar.h"
#include "areas/incidents/deadline.h"
#include "areas/incidents/incident.h"
#include "areas/incidents/intake.h"
#include "areas/incidents/store.h"
#include "areas/incidents/terms.h"
#include "areas/partnership/store.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "store/store.h"

/* The most data rows an incidents CSV can need: a full batch, with everyone in each incident. */
#define INCIDENT_ROWS_MAX (INCIDENT_MAX_BATCH * (INCIDENT_MAX_ADULTS + INCIDENT_MAX_CHILDREN))
_Static_assert(INCIDENT_ROWS_MAX == 25000, "the message below names this limit");
static const char too_many_incident_rows[] =
    "more than 25,000 rows, more than a batch can hold (at most 1,000 "
    "incidents of up to 10 adults and 15 children each): split the file";

/* ---- reading files ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* A record longer than this is not one of ours: at most a few hundred bytes. */
#define RECORD_MAX_BYTES (1u << 20)

/* The records, each an array of its fields, up to `max` of them (csv_lines.h's callback). */
struct records_kept {
	json_t *records;
	size_t max;
	const char *too_many; /* the sentence for one more */
};

static const char *keep_record(long line, json_t *fields, void *ctx)
{
	(void)line; /* an incidents file names rows as a spreadsheet numbers them */
	struct records_kept *kept = ctx;
	if (json_array_size(kept->records) == kept->max)
		return kept->too_many;
	json_array_append(kept->records, fields);
	return NULL;
}

/* Reads CSV from memory; the records, or NULL with *why (malloc'd). */
static json_t *read_csv(const char *data, size_t len, size_t max_records, const char *too_many, char **why)
{
	struct records_kept kept = {json_array(), max_records, too_many};
	struct csv_refusal refusal;
	if (csv_read_memory(data, len, RECORD_MAX_BYTES, keep_record, &kept, &refusal))
		return kept.records;
	json_decref(kept.records);
	struct buf msg = BUF_INIT;
	if (refusal.line > 0)
		buf_printf(&msg, "line %ld: ", refusal.line);
	buf_printf(&msg, "%s", refusal.why);
	free(refusal.why);
	*why = buf_steal(&msg, NULL);
	return NULL;
}

/* ---- the incidents CSV layout ---- */

enum column_kind { COL_INCIDENT, COL_PERSON, COL_ADULT, COL_CHILD, COL_BOTH };
enum value_kind { VAL_TEXT, VAL_INT, VAL_BOOL };

static const struct column {
	const char *name;
	enum column_kind kind;
	enum value_kind value;
	bool required;
} columns[] = {
    {"police_reference", COL_INCIDENT, VAL_TEXT, true},
    {"occurred_at", COL_INCIDENT, VAL_TEXT, true},
    {"location", COL_INCIDENT, VAL_TEXT, false},
    {"la_code", COL_INCIDENT, VAL_INT, true},
    {"risk_level", COL_INCIDENT, VAL_TEXT, true},
    {"circumstances", COL_INCIDENT, VAL_TEXT, true},
    {"person", COL_PERSON, VAL_TEXT, true},
    {"date_of_birth", COL_BOTH, VAL_TEXT, false},
    {"name", COL_ADULT, VAL_TEXT, false},
    {"role", COL_ADULT, VAL_TEXT, false},
    {"contact_phone", COL_ADULT, VAL_TEXT, false},
    {"safe_to_call", COL_ADULT, VAL_BOOL, false},
    {"safe_to_leave_message", COL_ADULT, VAL_BOOL, false},
    {"safe_times", COL_ADULT, VAL_TEXT, false},
    {"safe_number", COL_ADULT, VAL_TEXT, false},
    {"given_name", COL_CHILD, VAL_TEXT, false},
    {"family_name", COL_CHILD, VAL_TEXT, false},
    {"setting_name", COL_CHILD, VAL_TEXT, false},
    {"setting_urn", COL_CHILD, VAL_INT, false},
    {"present", COL_CHILD, VAL_BOOL, false},
    {"where_during", COL_CHILD, VAL_TEXT, false},
    {"spoken_to", COL_CHILD, VAL_BOOL, false},
    {"child_said", COL_CHILD, VAL_TEXT, false},
};
#define COLUMN_COUNT (sizeof columns / sizeof columns[0])

/* A cell as the JSON value the checker takes: yes/no as booleans, digits as integers; NULL if empty. */
static json_t *cell_value(const char *text, enum value_kind kind)
{
	while (isspace((unsigned char)*text))
		text++;
	if (!*text)
		return NULL;
	if (kind == VAL_BOOL) {
		if (!strcasecmp(text, "yes") || !strcasecmp(text, "true") || !strcasecmp(text, "y"))
			return json_true();
		if (!strcasecmp(text, "no") || !strcasecmp(text, "false") || !strcasecmp(text, "n"))
			return json_false();
	}
	if (kind == VAL_INT) {
		bool digits = strlen(text) <= 12;
		for (const char *p = text; *p && digits; p++)
			digits = isdigit((unsigned char)*p) ||
			         (isspace((unsigned char)*p) && !p[strspn(p, " \t")]);
		if (digits)
			return json_integer(atoll(text));
	}
	return json_string(text);
}

/* incidents_from_csv once the CSV is read; takes `records`. */
static json_t *incidents_from_records(json_t *records, json_t **rows_out, char **why)
{
	struct buf problems = BUF_INIT;
	json_t *incidents = json_array(), *rows = json_array();
	json_t *by_reference = json_object(); /* reference -> index in incidents */
	int col_of[COLUMN_COUNT];
	for (size_t k = 0; k < COLUMN_COUNT; k++)
		col_of[k] = -1;
	json_t *header = json_array_get(records, 0);
	if (!header) {
		buf_printf(&problems,
		           "row 1: no header row (police_reference, occurred_at, la_code, risk_level, "
		           "circumstances, person, ...)\n");
		goto out;
	}
	size_t i;
	json_t *cell;
	json_array_foreach(header, i, cell)
	{
		const char *name = json_is_string(cell) ? json_string_value(cell) : "(not UTF-8 text)";
		while (isspace((unsigned char)*name))
			name++;
		size_t k;
		for (k = 0; k < COLUMN_COUNT; k++)
			if (strcasecmp(columns[k].name, name) == 0)
				break;
		if (k == COLUMN_COUNT)
			buf_printf(&problems, "row 1: \"%.60s\" is not a column of the incidents layout\n",
			           name);
		else if (col_of[k] >= 0)
			buf_printf(&problems, "row 1: the column %s is given twice\n", columns[k].name);
		else
			col_of[k] = (int)i;
	}
	for (size_t k = 0; k < COLUMN_COUNT; k++)
		if (columns[k].required && col_of[k] < 0)
			buf_printf(&problems, "row 1: the header row must have the column %s\n",
			           columns[k].name);
	if (problems.len)
		goto out;

	json_t *record;
	json_array_foreach(records, i, record)
	{
		if (i == 0)
			continue;
		long row = (long)i + 1;
		const char *cells[COLUMN_COUNT];
		for (size_t k = 0; k < COLUMN_COUNT; k++) {
			json_t *c = col_of[k] >= 0 ? json_array_get(record, (size_t)col_of[k]) : NULL;
			cells[k] = c ? json_string_value(c) : "";
			if (!cells[k]) { /* csv_lines.h: a field that is not UTF-8 is null */
				buf_printf(&problems, "row %ld: the column %s is not UTF-8 text\n", row,
				           columns[k].name);
				cells[k] = "";
			}
		}
		if (json_array_size(record) != json_array_size(header)) {
			buf_printf(&problems, "row %ld: has %zu fields where the header has %zu\n", row,
			           json_array_size(record), json_array_size(header));
			continue;
		}
		const char *ref = cells[0];
		const char *person = cells[6];
		bool adult = strcasecmp(person, "adult") == 0, child = strcasecmp(person, "child") == 0;
		if (!adult && !child) {
			buf_printf(&problems, "row %ld: person must be adult or child\n", row);
			continue;
		}
		json_t *index = json_object_get(by_reference, ref);
		json_t *incident, *map;
		if (!index) {
			incident = json_object();
			for (size_t k = 0; k < COLUMN_COUNT; k++)
				if (columns[k].kind == COL_INCIDENT) {
					json_t *v = cell_value(cells[k], columns[k].value);
					if (v)
						json_object_set_new(incident, columns[k].name, v);
				}
			json_object_set_new(incident, "adults", json_array());
			json_object_set_new(incident, "children", json_array());
			json_object_set_new(by_reference, ref,
			                    json_integer((json_int_t)json_array_size(incidents)));
			json_array_append_new(incidents, incident);
			map = json_pack("{s:I, s:[], s:[]}", "row", (json_int_t)row, "adults", "children");
			json_array_append_new(rows, map);
		} else {
			incident = json_array_get(incidents, (size_t)json_integer_value(index));
			map = json_array_get(rows, (size_t)json_integer_value(index));
			for (size_t k = 0; k < COLUMN_COUNT; k++) {
				if (columns[k].kind != COL_INCIDENT)
					continue;
				json_t *v = cell_value(cells[k], columns[k].value);
				json_t *first = json_object_get(incident, columns[k].name);
				if (!(v ? first && json_equal(v, first) : !first))
					buf_printf(
					    &problems,
					    "row %ld: %s differs from row %lld, the incident's first row: an "
					    "incident's columns must be the same on each of its rows\n",
					    row, columns[k].name,
					    (long long)json_integer_value(json_object_get(map, "row")));
				json_decref(v);
			}
		}
		json_t *who = json_object();
		for (size_t k = 0; k < COLUMN_COUNT; k++) {
			enum column_kind kind = columns[k].kind;
			if (kind == COL_INCIDENT || kind == COL_PERSON)
				continue;
			json_t *v = cell_value(cells[k], columns[k].value);
			if (!v)
				continue;
			if ((kind == COL_ADULT && child) || (kind == COL_CHILD && adult)) {
				buf_printf(&problems, "row %ld: %s is for %s rows only\n", row,
				           columns[k].name, kind == COL_ADULT ? "adult" : "child");
				json_decref(v);
				continue;
			}
			json_object_set_new(who, columns[k].name, v);
		}
		json_array_append_new(json_object_get(incident, adult ? "adults" : "children"), who);
		json_array_append_new(json_object_get(map, adult ? "adults" : "children"), json_integer(row));
	}
	if (json_array_size(incidents) == 0 && !problems.len)
		buf_printf(&problems, "the file has a header but no incidents\n");
out:
	json_decref(records);
	json_decref(by_reference);
	if (problems.len) {
		problems.data[problems.len - 1] = '\0'; /* the last newline */
		*why = buf_steal(&problems, NULL);
		json_decref(incidents);
		json_decref(rows);
		return NULL;
	}
	buf_free(&problems);
	*rows_out = rows;
	return incidents;
}

json_t *incidents_from_csv(const char *data, size_t len, json_t **rows_out, char **why)
{
	*rows_out = NULL;
	*why = NULL;
	json_t *records = read_csv(data, len, INCIDENT_ROWS_MAX + 1, too_many_incident_rows, why);
	return records ? incidents_from_records(records, rows_out, why) : NULL;
}

/* The CSV row an error's field points at ("incidents[3].children[1].date_of_birth"), or 0. */
static long row_of(const json_t *rows, const char *field)
{
	unsigned long i = 0, j = 0;
	char rest[64];
	if (!rows || sscanf(field, "incidents[%lu]", &i) != 1)
		return 0;
	const json_t *map = json_array_get(rows, i);
	if (sscanf(field, "incidents[%*u].adults[%lu]%63s", &j, rest) >= 1 && strstr(field, ".adults["))
		return (long)json_integer_value(json_array_get(json_object_get(map, "adults"), j));
	if (sscanf(field, "incidents[%*u].children[%lu]%63s", &j, rest) >= 1 && strstr(field, ".children["))
		return (long)json_integer_value(json_array_get(json_object_get(map, "children"), j));
	return (long)json_integer_value(json_object_get(map, "row"));
}

/* ---- haven import incidents ---- */

static const char incidents_usage[] =
    "Usage: haven import incidents --db PATH --force SLUG FILE.csv|FILE.json\n"
    "\n"
    "Imports a batch of domestic abuse incidents from a police force (a night's\n"
    "records), as POST /api/v1/da-incidents does for the force's officers: each\n"
    "child is matched to the children register and a setting, and notified\n"
    "(Operation Encompass) or put in the resolution queue. The incidents are the\n"
    "force's: its police see them (another force's do not) and hear of children\n"
    "waiting to be matched, and a police reference is unique within the force.\n"
    "\n"
    "FILE.json holds a list of incidents, or {\"incidents\": [...]}, each as the\n"
    "API takes it. FILE.csv has one row per adult or child (column person: adult\n"
    "or child) with the incident's columns repeated on each of its rows; see\n"
    "docs/operations.md for every column.\n"
    "\n"
    "All or nothing: if any incident is bad, none is imported, and every\n"
    "problem is named on stderr with its row (CSV) or index (JSON), the police\n"
    "reference and the field (exit 1). An incident the force already sent with\n"
    "the same details is left alone, so importing a file twice is harmless; the\n"
    "same reference with different details is refused (exit 1). Prints\n"
    "\"N created, M unchanged\".\n"
    "\n"
    "Limits, checked as the file is read, so a wrong file is refused at once:\n"
    "CSV up to 64 MB and 25,000 rows (1,000 incidents of up to 10 adults and\n"
    "15 children), JSON up to 16 MB; a batch holds at most 1,000 incidents.\n"
    "\n"
    "  --db PATH      the SQLite database file\n"
    "  --force SLUG   the police force that sent the incidents (as haven agency\n"
    "                 list shows it); an agency that is not a police force is\n"
    "                 refused, and nothing is imported\n"
    "  --help         show this help\n";

/* Shared by both commands: a night's batch is far smaller; a guard against the wrong file. */
#define FILE_MAX_MB 64

static const struct import_command import_incidents = {
    .name = "import incidents",
    .usage = incidents_usage,
    .file = "FILE.csv or FILE.json",
    .file_max_mb = FILE_MAX_MB,
    .json_max_mb = 16, /* a full batch of 1,000 incidents is a few MB */
    .option = "force",
    .option_value = "SLUG",
};

/* The import_parse_args of both commands, then the file's kind: CSV or JSON, by its name. */
static bool parse_args(const struct import_command *cmd, int argc, char **argv, struct import_args *args,
                       int *exit_status)
{
	if (!import_parse_args(cmd, argc, argv, args, exit_status))
		return false;
	if (!ends_with(args->file, ".csv") && !ends_with(args->file, ".json")) {
		*exit_status = cli_usage_error(cmd->name, "the file must be .csv or .json");
		return false;
	}
	return true;
}

/* A JSON file: a list, or an object holding the list under `key`. NULL after printing why. */
static json_t *read_json_list(const struct import_command *cmd, const char *path, const char *key)
{
	json_t *doc = import_read_json(cmd, path);
	if (!doc)
		return NULL;
	json_t *list = json_is_array(doc) ? json_incref(doc) : json_incref(json_object_get(doc, key));
	if (!json_is_array(list) || (json_is_object(doc) && json_object_size(doc) != 1)) {
		fprintf(stderr,
		        "haven: %s: the file must hold a list, or {\"%s\": [...]}; nothing was imported\n",
		        path, key);
		json_decref(list);
		list = NULL;
	}
	json_decref(doc);
	return list;
}

/* Reads a CSV file as a stream (csv_lines.h); the records, or NULL after printing why. */
static json_t *read_csv_path(const struct import_command *cmd, const char *path, size_t max_records,
                             const char *too_many)
{
	FILE *f = import_open_file(cmd, path, cmd->file_max_mb);
	if (!f)
		return NULL;
	struct records_kept kept = {json_array(), max_records, too_many};
	struct csv_refusal refusal;
	bool read = csv_read_stream(f, RECORD_MAX_BYTES, keep_record, &kept, &refusal);
	fclose(f);
	if (read)
		return kept.records;
	csv_refusal_report(path, &refusal);
	json_decref(kept.records);
	return NULL;
}

/*
 * The police force whose slug is `slug` into *force_id: 0, or 1 after saying
 * why not (no such agency, or one that is not a police force: its incidents
 * would be seen by no force).
 */
static int police_force(const char *slug, long long *force_id)
{
	long long agency_id = 0;
	struct incidents_scope scope = {0};
	enum haven_status st = partnership_agency_id(store_read_tx(), slug, &agency_id);
	if (st == HAVEN_OK)
		st = incidents_scope_of(agency_id, &scope);
	if (st == HAVEN_ERR_NOT_FOUND || (st == HAVEN_OK && !scope.force_id)) {
		fprintf(stderr, "haven: --force: %s %s (see haven agency list); nothing was imported\n", slug,
		        st == HAVEN_OK ? "is not a police force" : "is not an agency");
		return 1;
	}
	if (st != HAVEN_OK)
		return import_failed("reading the police force", st);
	*force_id = scope.force_id;
	return 0;
}

static int cmd_import_incidents(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!parse_args(&import_incidents, argc, argv, &args, &exit_status))
		return exit_status;
	const char *path = args.file;
	json_t *incidents = NULL, *rows = NULL;
	if (ends_with(path, ".json")) {
		incidents = read_json_list(&import_incidents, path, "incidents");
	} else {
		json_t *records =
		    read_csv_path(&import_incidents, path, INCIDENT_ROWS_MAX + 1, too_many_incident_rows);
		if (!records)
			return 1;
		char *why = NULL;
		incidents = incidents_from_records(records, &rows, &why);
		if (!incidents) {
			/* each problem on its own line, named by file and row */
			for (char *line = strtok(why, "\n"); line; line = strtok(NULL, "\n"))
				fprintf(stderr, "haven: %s: %s\n", path, line);
			fprintf(stderr, "haven: %s: nothing was imported\n", path);
			free(why);
		}
	}
	if (!incidents)
		return 1;
	if (cli_open_store(args.db) != 0) {
		json_decref(incidents);
		json_decref(rows);
		return 1;
	}
	/* the force sends them, as its officers do through the API; nobody signed in (the command line) */
	struct actor force = {0};
	if (police_force(args.option, &force.agency_id) != 0) {
		store_close();
		json_decref(incidents);
		json_decref(rows);
		return 1;
	}
	json_t *errors = json_array(), *results = NULL;
	enum haven_status st =
	    incidents_intake(incidents, true, "import", "incident.import", &force, &results, errors);
	store_close();
	json_decref(incidents);
	int exit_code = 0;
	if (st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) {
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e)
		{
			const char *field = json_string_value(json_object_get(e, "field"));
			long row = row_of(rows, field);
			if (row)
				fprintf(stderr, "haven: %s: row %ld: %s (%s)\n", path, row,
				        json_string_value(json_object_get(e, "message")), field);
			else
				fprintf(stderr, "haven: %s: %s (%s)\n", path,
				        json_string_value(json_object_get(e, "message")), field);
		}
		fprintf(stderr, "haven: %s: nothing was imported\n", path);
		exit_code = 1;
	} else if (st != HAVEN_OK) {
		exit_code = import_failed("importing incidents", st);
	} else {
		size_t created = 0, unchanged = 0, i;
		json_t *r;
		json_array_foreach(results, i, r)
		{
			if (strcmp(json_string_value(json_object_get(r, "status")), "created") == 0)
				created++;
			else
				unchanged++;
		}
		printf("%zu created, %zu unchanged\n", created, unchanged);
	}
	json_decref(results);
	json_decref(errors);
	json_decref(rows);
	return exit_code;
}

/* ---- haven import term-dates ---- */

static const char terms_usage[] =
    "Usage: haven import term-dates --db PATH --la CODE FILE.csv|FILE.json\n"
    "\n"
    "Imports a local authority's school term dates, which decide when an\n"
    "Operation Encompass notification is due (the start of the next school day\n"
    "in term). FILE.csv has a header row naming the columns name, first_day and\n"
    "last_day (YYYY-MM-DD, inclusive); FILE.json is a list of {name, first_day,\n"
    "last_day} or {\"terms\": [...]}.\n"
    "\n"
    "The terms replace those of the authority that start in the school years\n"
    "(1 September to 31 August) the file holds terms for; other years are left\n"
    "alone, a year the file skips too (a file of 2024-25 and 2026-27 keeps\n"
    "2025-26's terms).\n"
    "A school year with no terms listed counts every weekday that is not a bank\n"
    "holiday as a school day.\n"
    "The deadlines of the notifications not yet acknowledged, and of the\n"
    "children waiting to be matched, that the authority's terms count move\n"
    "with them in the same transaction.\n"
    "\n"
    "All or nothing: a term without a name, a name of more than 200 characters\n"
    "or holding a control character (a line break, a tab), a date that is not\n"
    "real, a last day before the first, a term ending after 31 August of the\n"
    "school year it starts in, or terms that overlap change nothing\n"
    "(exit 1, each named on stderr). Prints \"N terms imported for LA CODE\n"
    "(M replaced)\".\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --la CODE   the local authority's code, e.g. 888\n"
    "  --help      show this help\n";

static const struct import_command import_terms = {
    .name = "import term-dates",
    .usage = terms_usage,
    .file = "FILE.csv or FILE.json",
    .file_max_mb = FILE_MAX_MB,
    .json_max_mb = 1, /* 200 terms are about 20 KB */
    .option = "la",
    .option_value = "CODE",
};

static int cmd_import_terms(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!parse_args(&import_terms, argc, argv, &args, &exit_status))
		return exit_status;
	const char *path = args.file;
	unsigned long long la_code = 0;
	if (cli_parse_unsigned(import_terms.name, "--la", args.option, 999, &la_code) != 0)
		return EXIT_USAGE;
	struct incident_terms terms = {0};
	struct buf problems = BUF_INIT;
	if (ends_with(path, ".json")) {
		json_t *list = read_json_list(&import_terms, path, "terms");
		if (!list)
			return 1;
		incidents_terms_from_list(list, &terms, &problems);
		json_decref(list);
	} else {
		json_t *records =
		    read_csv_path(&import_terms, path, INCIDENT_TERMS_MAX + 1, incidents_terms_too_many);
		if (!records)
			return 1;
		incidents_terms_from_records(records, &terms, &problems);
		json_decref(records);
	}
	if (problems.len) {
		problems.data[problems.len - 1] = '\0';
		for (char *line = strtok(problems.data, "\n"); line; line = strtok(NULL, "\n"))
			fprintf(stderr, "haven: %s: %s\n", path, line);
		fprintf(stderr, "haven: %s: nothing was imported\n", path);
		buf_free(&problems);
		incidents_terms_free(&terms);
		return 1;
	}
	if (cli_open_store(args.db) != 0) {
		buf_free(&problems);
		incidents_terms_free(&terms);
		return 1;
	}
	size_t removed = 0, count = terms.count;
	enum haven_status st = incidents_replace_terms((long long)la_code, &terms, NULL, &removed, &problems);
	store_close();
	incidents_terms_free(&terms);
	if (st == HAVEN_ERR_INVALID && problems.len) {
		/* a term overlapping one kept from a year the file does not replace: by its row, as above */
		problems.data[problems.len - 1] = '\0';
		for (char *line = strtok(problems.data, "\n"); line; line = strtok(NULL, "\n"))
			fprintf(stderr, "haven: %s: %s\n", path, line);
		fprintf(stderr, "haven: %s: nothing was imported\n", path);
		buf_free(&problems);
		return 1;
	}
	buf_free(&problems);
	if (st == HAVEN_ERR_NOT_FOUND) {
		fprintf(stderr,
		        "haven: there is no local authority with the code %llu; nothing was imported\n",
		        la_code);
		return 1;
	}
	if (st != HAVEN_OK)
		return import_failed("importing term dates", st);
	printf("%zu terms imported for LA %llu (%zu replaced)\n", count, la_code, removed);
	return 0;
}

const struct command incidents_commands[] = {
    {"import incidents", "import a police force's batch of domestic abuse incidents (CSV or JSON)",
     incidents_usage, cmd_import_incidents},
    {"import term-dates", "import a local authority's school term dates (CSV or JSON)", terms_usage,
     cmd_import_terms},
    {0, 0, 0, 0},
};
