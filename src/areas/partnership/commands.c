/*
 * commands.c (partnership) — setting up the partnership's structure from the
 * command line, from an empty database, with no SQL:
 *
 *   haven partnership set --db PATH --name NAME [--slug SLUG]
 *   haven la add --db PATH --code CODE (--name NAME | --gias FILE.csv) [--slug SLUG]
 *   haven la list --db PATH
 *   haven agency add --db PATH [--slug SLUG] --type TYPE --name NAME [--la CODE ...]
 *   haven agency update --db PATH --slug SLUG [--name NAME] [--type TYPE] [--la CODE ...]
 *   haven import agencies --db PATH FILE.csv
 *
 * (`haven agency list` is the admin area's.) Options are checked with the
 * same field specs as the admin pages and the API (agency.h), so each
 * problem reads the same everywhere; every problem is printed, naming its
 * option, and nothing changes: a usage error (exit 2) for what the
 * options say, exit 1 for what only the database knows (a code already
 * used, an unknown local authority). Changes are audited as done by nobody
 * signed in, as `haven user add` is.
 */
#include "areas/partnership/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/csv_import_checks.h"
#include "app/import_command.h"
#include "areas/partnership/agency.h"
#include "areas/partnership/store.h"
#include "areas/settings/gias.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "router/errors.h"
#include "router/fields.h"
#include "store/store.h"

#define MAX_PAIRS 32

/* What a command's options were: --db, and every other as a field name=value pair, in order. */
struct given {
	const char *db;
	struct field_pair pairs[MAX_PAIRS];
	size_t count;
};

/*
 * Parses `--db PATH`, `--help` and the options named in `fields` (each
 * takes a value and may be repeated, as --la is). Returns 1 to go on with
 * *g filled in; 0 when done, with *status 0 after --help or EXIT_USAGE
 * after printing a usage error.
 */
static int parse(const char *command, const char *usage, const char *const *fields, int argc, char **argv,
                 struct given *g, int *status)
{
	struct option options[12] = {{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}};
	size_t n = 2;
	for (size_t i = 0; fields[i] && n < 11; i++, n++)
		options[n] = (struct option){fields[i], required_argument, NULL, 'f'};
	*g = (struct given){0};
	*status = EXIT_USAGE;
	int c, index = 0;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", options, &index)) != -1) {
		switch (c) {
		case 'd': g->db = optarg; break;
		case 'h':
			fputs(usage, stdout);
			*status = 0;
			return 0;
		case 'f':
			if (g->count == MAX_PAIRS) {
				cli_usage_error(command, "too many options");
				return 0;
			}
			g->pairs[g->count++] = (struct field_pair){options[index].name, optarg};
			break;
		case ':': cli_usage_error(command, "%s needs a value", argv[optind - 1]); return 0;
		default: cli_usage_error(command, "unknown option %s", argv[optind - 1]); return 0;
		}
	}
	if (optind < argc) {
		cli_usage_error(command, "unexpected argument %s", argv[optind]);
		return 0;
	}
	if (!g->db) {
		cli_usage_error(command, "--db PATH is required");
		return 0;
	}
	return 1;
}

/* Prints each {field, message} as "haven: --FIELD: MESSAGE" (line-less). */
static void print_problems(const json_t *errors)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		fprintf(stderr, "haven: --%s: %s\n", field && *field ? field : "?",
		        json_string_value(json_object_get(e, "message")));
	}
}

/*
 * The exit status of a change made in the store: 0 when it was made; else 1
 * after printing why not, each problem with what was given
 * (HAVEN_ERR_INVALID) or "haven: cannot DOING: STATUS".
 */
static int change_status(enum haven_status st, const json_t *problems, const char *doing)
{
	if (st == HAVEN_OK)
		return 0;
	if (st == HAVEN_ERR_INVALID)
		print_problems(problems);
	else
		fprintf(stderr, "haven: cannot %s: %s\n", doing, haven_status_name(st));
	return 1;
}

/* Checks the pairs against `specs`; NULL after printing every problem (the caller exits 2). */
static json_t *check(const struct field_spec *specs, const struct given *g)
{
	json_t *values = NULL, *errors = json_array();
	if (fields_validate_pairs(specs, g->pairs, g->count, NULL, &values, errors) != HAVEN_OK) {
		print_problems(errors);
		json_decref(values);
		values = NULL;
	}
	json_decref(errors);
	return values;
}

static const char partnership_set_usage[] =
    "Usage: haven partnership set --db PATH --name NAME [--slug SLUG]\n"
    "\n"
    "Names the partnership itself: the agency its team, administrators and\n"
    "scrutineer belong to. The first time, it is created with the slug\n"
    "'partnership' (or SLUG); run again, it renames it (and changes its slug\n"
    "when --slug is given).\n"
    "\n"
    "  --db PATH     the SQLite database file\n"
    "  --name NAME   the partnership's name\n"
    "  --slug SLUG   its short name in addresses (lower-case letters, digits, hyphens)\n"
    "  --help        show this help\n";

static int cmd_partnership_set(int argc, char **argv)
{
	static const char *const fields[] = {"name", "slug", NULL};
	struct given g;
	int status;
	if (!parse("partnership set", partnership_set_usage, fields, argc, argv, &g, &status))
		return status;
	json_t *values = check(partnership_self_fields, &g);
	if (!values)
		return EXIT_USAGE;
	status = 1;
	if (cli_open_store(g.db) == 0) {
		json_t *problems = json_array();
		struct actor nobody = {0};
		bool created = false;
		enum haven_status st = partnership_set_self(
		    field_text(values, "name"), field_text(values, "slug"), &nobody, &created, problems);
		if (st == HAVEN_OK)
			printf("%s the partnership: %s\n", created ? "created" : "renamed",
			       field_text(values, "name"));
		status = change_status(st, problems, "set the partnership");
		json_decref(problems);
		store_close();
	}
	json_decref(values);
	return status;
}

static const char la_add_usage[] =
    "Usage: haven la add --db PATH --code CODE (--name NAME | --gias FILE.csv) [--slug SLUG]\n"
    "\n"
    "Adds a local authority area to the partnership. With --gias, its name is\n"
    "taken from the DfE's Get Information about Schools establishment file (the\n"
    "\"LA (name)\" of an establishment whose \"LA (code)\" is CODE).\n"
    "\n"
    "  --db PATH         the SQLite database file\n"
    "  --code CODE       its three-digit DfE LA code (100 to 999), e.g. 888 for Lancashire\n"
    "  --name NAME       its name, e.g. Lancashire\n"
    "  --gias FILE.csv   the GIAS establishment file to take the name from\n"
    "  --slug SLUG       its short name in addresses (made from the name when not given)\n"
    "  --help            show this help\n";

static const struct import_command gias_file = {
    .name = "la add",
    .usage = la_add_usage,
    .file = "FILE.csv",
    .file_max_mb = 300, /* all of England's establishments are about 70 MB */
};

/*
 * The name GIAS gives the local authority `code_text` in the file at
 * `path` ("LA (name)" of its first establishment), as a new string; NULL
 * after printing why.
 */
static char *name_from_gias(const char *path, const char *code_text)
{
	char *end = NULL;
	long code = strtol(code_text, &end, 10);
	if (*end || code < 100 || code > 999) {
		fprintf(stderr, "haven: --code: give the three-digit code to look for in %s\n", path);
		return NULL;
	}
	size_t len;
	char *data = import_read_file(&gias_file, path, &len);
	if (!data)
		return NULL;
	struct gias_file file;
	char why[300];
	long why_line = 0;
	char *name = NULL;
	if (gias_parse(data, len, &file, why, sizeof why, &why_line) != 0) {
		fprintf(stderr, "haven: %s line %ld: %s\n", path, why_line, why);
	} else {
		for (size_t i = 0; i < file.count && !name; i++)
			if (!file.rows[i].broken && file.rows[i].la_code == code && file.rows[i].la_name &&
			    *file.rows[i].la_name)
				name = xstrdup(file.rows[i].la_name);
		if (!name)
			fprintf(stderr,
			        "haven: --gias: no establishment in %s is in the local authority %ld\n", path,
			        code);
		gias_file_free(&file);
	}
	free(data);
	return name;
}

static int cmd_la_add(int argc, char **argv)
{
	static const char *const fields[] = {"code", "name", "slug", "gias", NULL};
	struct given g;
	int status;
	if (!parse("la add", la_add_usage, fields, argc, argv, &g, &status))
		return status;
	/* --gias FILE: the name as the DfE's file spells it, unless --name is given */
	const char *gias = NULL, *code_text = NULL;
	bool named = false;
	size_t kept = 0;
	for (size_t i = 0; i < g.count; i++) {
		if (strcmp(g.pairs[i].name, "gias") == 0) {
			gias = g.pairs[i].value;
			continue;
		}
		code_text = strcmp(g.pairs[i].name, "code") == 0 ? g.pairs[i].value : code_text;
		named = named || strcmp(g.pairs[i].name, "name") == 0;
		g.pairs[kept++] = g.pairs[i];
	}
	g.count = kept;
	char *gias_name = NULL;
	if (gias && !named && code_text) {
		if (!(gias_name = name_from_gias(gias, code_text)))
			return 1;
		g.pairs[g.count++] = (struct field_pair){"name", gias_name};
	}
	json_t *values = check(partnership_area_fields, &g);
	free(gias_name);
	if (!values)
		return EXIT_USAGE;
	json_t *errors = json_array();
	partnership_slug_for(values, errors);
	if (json_array_size(errors)) {
		print_problems(errors);
		json_decref(errors);
		json_decref(values);
		return EXIT_USAGE;
	}
	json_decref(errors);
	const char *slug = field_text(values, "slug");
	status = 1;
	if (cli_open_store(g.db) == 0) {
		json_t *problems = json_array();
		struct actor nobody = {0};
		int code = (int)field_int(values, "code");
		enum haven_status st =
		    partnership_add_area(code, slug, field_text(values, "name"), &nobody, problems);
		if (st == HAVEN_OK)
			printf("added the local authority %d %s (%s)\n", code, field_text(values, "name"),
			       slug);
		status = change_status(st, problems, "add the local authority");
		json_decref(problems);
		store_close();
	}
	json_decref(values);
	return status;
}

static const char la_list_usage[] =
    "Usage: haven la list --db PATH\n"
    "\n"
    "Prints the partnership's local authority areas, one a line, by name, in\n"
    "tab-separated columns: code, slug, name.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static int cmd_la_list(int argc, char **argv)
{
	static const char *const fields[] = {NULL};
	struct given g;
	int status;
	if (!parse("la list", la_list_usage, fields, argc, argv, &g, &status))
		return status;
	if (cli_open_store(g.db) != 0)
		return 1;
	json_t *areas = NULL;
	enum haven_status st = partnership_list_areas(&areas);
	status = 0;
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: cannot read the local authorities: %s\n", haven_status_name(st));
		status = 1;
	}
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	    printf("%lld\t%s\t%s\n", field_int(a, "code"), field_text(a, "slug"), field_text(a, "name"));
	json_decref(areas);
	store_close();
	return status;
}

static const char agency_add_usage[] =
    "Usage: haven agency add --db PATH [--slug SLUG] --type TYPE --name NAME [--la CODE ...]\n"
    "\n"
    "Adds an agency to the partnership.\n"
    "\n"
    "  --db PATH     the SQLite database file\n"
    "  --slug SLUG   its short name in addresses and commands (lower-case letters, digits, hyphens;\n"
    "                made from the name when not given)\n"
    "  --type TYPE   one of police, local_authority (children's services: the front door),\n"
    "                health, icb, nhs_trust, gp_practice, school, college, early_years,\n"
    "                idva_service, probation, youth_justice, housing, voluntary_sector,\n"
    "                partnership, other\n"
    "  --name NAME   its name\n"
    "  --la CODE     a local authority area it works in, once for each (none: the whole\n"
    "                partnership). A local authority, school, college or early years\n"
    "                setting is in exactly one.\n"
    "  --help        show this help\n";

/*
 * The checked values as a partnership_agency (borrowing from `values`, which gains the slug made from
 * the name when none is given), after the rules between fields.
 */
static bool agency_from(json_t *values, struct partnership_agency *a, json_t *errors)
{
	partnership_slug_for(values, errors);
	*a = (struct partnership_agency){field_text(values, "slug"), field_text(values, "name"),
	                                 field_text(values, "type"), json_object_get(values, "la")};
	partnership_check_agency_areas(a->type, a->la, errors);
	return json_array_size(errors) == 0;
}

/* Adds agencies (already checked); prints each store problem through `say`. Returns the exit status. */
static int add_agencies(const char *db, const struct partnership_agency *agencies, size_t count,
                        void (*say)(const json_t *problem, void *ctx), void *ctx)
{
	if (cli_open_store(db) != 0)
		return 1;
	json_t *problems = json_array();
	struct actor nobody = {0};
	enum haven_status st = partnership_add_agencies(agencies, count, &nobody, problems);
	int status = 1;
	if (st == HAVEN_OK) {
		status = 0;
	} else if (st == HAVEN_ERR_INVALID) {
		size_t i;
		json_t *p;
		json_array_foreach(problems, i, p) say(p, ctx);
	} else {
		fprintf(stderr, "haven: cannot add the agencies: %s; nothing was added\n",
		        haven_status_name(st));
	}
	json_decref(problems);
	store_close();
	return status;
}

static void say_option(const json_t *problem, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "haven: --%s: %s\n", field_text(problem, "field"), field_text(problem, "message"));
}

static int cmd_agency_add(int argc, char **argv)
{
	static const char *const fields[] = {"slug", "type", "name", "la", NULL};
	struct given g;
	int status;
	if (!parse("agency add", agency_add_usage, fields, argc, argv, &g, &status))
		return status;
	json_t *values = check(partnership_agency_fields, &g);
	if (!values)
		return EXIT_USAGE;
	json_t *errors = json_array();
	struct partnership_agency a;
	if (!agency_from(values, &a, errors)) {
		print_problems(errors);
		status = EXIT_USAGE;
	} else {
		status = add_agencies(g.db, &a, 1, say_option, NULL);
		if (status == 0)
			printf("added the agency %s (%s)\n", a.slug, a.name);
	}
	json_decref(errors);
	json_decref(values);
	return status;
}

static const char agency_update_usage[] =
    "Usage: haven agency update --db PATH --slug SLUG [--name NAME] [--type TYPE] [--la CODE ...]\n"
    "\n"
    "Changes an agency: what is given replaces what it was; --la, given once for\n"
    "each area, replaces all its areas. Its slug never changes.\n"
    "\n"
    "  --db PATH     the SQLite database file\n"
    "  --slug SLUG   the agency to change (see 'haven agency list')\n"
    "  --name NAME   its new name\n"
    "  --type TYPE   its new type (see 'haven agency add --help')\n"
    "  --la CODE     a local authority area it works in, once for each\n"
    "  --help        show this help\n";

static int cmd_agency_update(int argc, char **argv)
{
	static const char *const fields[] = {"slug", "type", "name", "la", NULL};
	struct given g;
	int status;
	if (!parse("agency update", agency_update_usage, fields, argc, argv, &g, &status))
		return status;
	/* the slug names the agency; the rest are the changes */
	const char *slug = NULL;
	struct given changes = {.db = g.db};
	for (size_t i = 0; i < g.count; i++)
		if (strcmp(g.pairs[i].name, "slug") == 0)
			slug = g.pairs[i].value;
		else
			changes.pairs[changes.count++] = g.pairs[i];
	if (!slug)
		return cli_usage_error("agency update", "--slug SLUG is required");
	if (changes.count == 0)
		return cli_usage_error("agency update", "give at least one of --name, --type, --la");
	json_t *values = check(partnership_agency_changes, &changes);
	if (!values)
		return EXIT_USAGE;
	status = 1;
	if (cli_open_store(g.db) != 0) {
		json_decref(values);
		return 1;
	}
	json_t *current = NULL, *errors = json_array();
	enum haven_status st = partnership_agency_for_change(slug, &current);
	if (st == HAVEN_ERR_NOT_FOUND) {
		fprintf(stderr, "haven: --slug: there is no agency %s (see 'haven agency list')\n", slug);
	} else if (st != HAVEN_OK) {
		fprintf(stderr, "haven: cannot read the agency: %s\n", haven_status_name(st));
	} else {
		/* what was given replaces what it was */
		json_object_update(current, values);
		struct partnership_agency a;
		if (!agency_from(current, &a, errors)) {
			print_problems(errors);
			status = EXIT_USAGE;
		} else {
			struct actor nobody = {0};
			st = partnership_update_agency(&a, &nobody, errors);
			if (st == HAVEN_OK)
				printf("changed the agency %s\n", slug);
			status = change_status(st, errors, "change the agency");
		}
	}
	json_decref(current);
	json_decref(errors);
	json_decref(values);
	store_close();
	return status;
}

/* ---- haven import agencies ---- */

static const char import_agencies_usage[] =
    "Usage: haven import agencies --db PATH FILE.csv\n"
    "\n"
    "Adds many agencies at once. FILE.csv (UTF-8, RFC 4180) has the header row\n"
    "slug,type,name,la and one agency a row; la holds its local authority codes\n"
    "separated by ';' (empty: the whole partnership); an empty slug is made from\n"
    "the name. Every row is checked as 'haven agency add' checks one; if any row\n"
    "is wrong, each wrong row is named with its line number and why, and nothing\n"
    "is added.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_agencies = {
    .name = "import agencies",
    .usage = import_agencies_usage,
    .file = "FILE.csv",
    .file_max_mb = 10,
};

struct import_problem_ctx {
	const char *path;
	const json_t *lines; /* the line of each agency, by index */
};

static void say_line(const json_t *problem, void *ctx)
{
	struct import_problem_ctx *c = ctx;
	fprintf(stderr, "haven: %s line %lld: %s: %s\n", c->path,
	        (long long)json_integer_value(json_array_get(c->lines, (size_t)field_int(problem, "index"))),
	        field_text(problem, "field"), field_text(problem, "message"));
}

/* Splits "888;889" into pairs la=888, la=889 (text pointers into `copy`, which the caller frees). */
static size_t split_codes(char *copy, struct field_pair *pairs, size_t room)
{
	size_t n = 0;
	for (char *save = NULL, *code = strtok_r(copy, ";", &save); code && n < room;
	     code = strtok_r(NULL, ";", &save))
		pairs[n++] = (struct field_pair){"la", code};
	return n;
}

static int cmd_import_agencies(int argc, char **argv)
{
	static const char *const header[] = {"slug", "type", "name", "la"};
	struct import_args args;
	json_t *records;
	int status;
	if (!csv_import_records(&import_agencies, argc, argv, header, 4, "nothing was imported", &args,
	                        &records, &status))
		return status;
	size_t count = json_array_size(records) - 1;
	struct partnership_agency *agencies = xmalloc((count ? count : 1) * sizeof *agencies);
	json_t *all_values = json_array(), *lines = json_array();
	size_t bad = 0;
	for (size_t i = 0; i < count; i++) {
		json_t *record = json_array_get(records, i + 1);
		long long line = json_integer_value(json_array_get(record, 0));
		json_t *fields = json_array_get(record, 1);
		json_array_append_new(lines, json_integer(line));
		json_t *errors = json_array(), *values = NULL;
		if (json_array_size(fields) != 4) {
			errors_add(errors, "row", "a row has 4 fields: slug,type,name,la");
		} else if (!json_string_value(json_array_get(fields, 0)) ||
		           !json_string_value(json_array_get(fields, 1)) ||
		           !json_string_value(json_array_get(fields, 2)) ||
		           !json_string_value(json_array_get(fields, 3))) {
			errors_add(errors, "row", "the row is not UTF-8 text: save the file as UTF-8");
		} else {
			struct field_pair pairs[3 + MAX_PAIRS];
			static const char *const names[] = {"slug", "type", "name"};
			size_t n = 0;
			for (size_t f = 0; f < 3; f++)
				if (*json_string_value(json_array_get(fields, f)))
					pairs[n++] = (struct field_pair){
					    names[f], json_string_value(json_array_get(fields, f))};
			char *codes = xstrdup(json_string_value(json_array_get(fields, 3)));
			n += split_codes(codes, pairs + n, MAX_PAIRS);
			if (fields_validate_pairs(partnership_agency_fields, pairs, n, NULL, &values,
			                          errors) == HAVEN_OK)
				agency_from(values, &agencies[i], errors);
			free(codes);
		}
		bad += csv_say_row_errors(args.file, line, errors);
		json_decref(errors);
		json_array_append_new(all_values, values ? values : json_null());
	}
	if (bad) {
		fprintf(stderr, "haven: %zu of %zu rows are wrong; nothing was imported\n", bad, count);
		status = 1;
	} else {
		struct import_problem_ctx ctx = {args.file, lines};
		status = add_agencies(args.db, agencies, count, say_line, &ctx);
		if (status == 0)
			printf("imported %zu agencies\n", count);
		else
			fprintf(stderr, "haven: nothing was imported\n");
	}
	free(agencies);
	json_decref(all_values);
	json_decref(lines);
	json_decref(records);
	return status;
}

const struct command partnership_commands[] = {
    {"partnership set", "name the partnership itself (its own agency)", partnership_set_usage,
     cmd_partnership_set},
    {"la add", "add a local authority area (DfE LA code and name)", la_add_usage, cmd_la_add},
    {"la list", "list the partnership's local authority areas", la_list_usage, cmd_la_list},
    {"agency add", "add an agency to the partnership", agency_add_usage, cmd_agency_add},
    {"agency update", "change an agency's name, type or areas", agency_update_usage, cmd_agency_update},
    {"import agencies", "add many agencies from a CSV file, all or nothing", import_agencies_usage,
     cmd_import_agencies},
    {0, 0, 0, 0},
};
