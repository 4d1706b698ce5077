/*
 * commands.c (assurance) — publishing a set of quality assurance standards
 * from the command line:
 *
 *   haven import qa-standards --db PATH FILE.json
 *
 * The whole document is checked before the database is opened; every problem
 * is printed on its own line, named by its JSON path, and nothing changes
 * (exit 1). A version its kind already has is refused the same way.
 */
#include "areas/assurance/commands.h"

#include <stdio.h>

#include "app/import_command.h"
#include "areas/assurance/standards.h"
#include "areas/assurance/store.h"
#include "store/store.h"

static const char import_usage[] =
    "Usage: haven import qa-standards --db PATH FILE.json\n"
    "\n"
    "Publishes FILE.json as a new version of the partnership's Section 11 or\n"
    "Section 175/157 standards (the format is in docs/api.md, \"Quality\n"
    "assurance\"). The whole document is checked first: each problem is named\n"
    "by its JSON path (such as $.standards[3].id) and, if there is any,\n"
    "nothing is changed. A version its kind already has is refused. Cycles\n"
    "opened later may use it; cycles already open keep their version.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_standards = {
    .name = "import qa-standards",
    .usage = import_usage,
    .file = "FILE.json",
    .file_max_mb = 4, /* 200 standards of 10,000 characters each is about 2 MB */
};

static int cmd_import(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(&import_standards, argc, argv, &args, &exit_status))
		return exit_status;
	json_t *doc = import_read_json(&import_standards, args.file);
	if (!doc)
		return 1;
	json_t *problems = json_array();
	if (!assurance_standards_check(doc, problems)) {
		size_t i;
		json_t *p;
		json_array_foreach(problems, i, p) fprintf(stderr, "haven: %s: %s: %s\n", args.file,
		                                           json_string_value(json_object_get(p, "path")),
		                                           json_string_value(json_object_get(p, "message")));
		fprintf(stderr, "haven: %s: %zu problem%s; nothing was imported\n", args.file,
		        json_array_size(problems), json_array_size(problems) == 1 ? "" : "s");
		json_decref(problems);
		json_decref(doc);
		return 1;
	}
	json_decref(problems);
	if (cli_open_store(args.db) != 0) {
		json_decref(doc);
		return 1;
	}
	long long id = 0;
	enum haven_status st = assurance_publish(doc, NULL, &id);
	store_close();
	const char *version = json_string_value(json_object_get(doc, "version"));
	int rc = 0;
	if (st == HAVEN_ERR_CONFLICT) {
		fprintf(
		    stderr,
		    "haven: %s: $.version: version %s of these standards is already published: give the new "
		    "version a version string of its own; nothing was imported\n",
		    args.file, version);
		rc = 1;
	} else if (st != HAVEN_OK) {
		rc = import_failed("publishing the standards", st);
	} else {
		printf("published %s version %s as standards set %lld (%zu standards)\n",
		       json_string_value(json_object_get(doc, "kind")), version, id,
		       json_array_size(json_object_get(doc, "standards")));
	}
	json_decref(doc);
	return rc;
}

const struct command assurance_commands[] = {
    {"import qa-standards", "publish a new version of the quality assurance standards from a JSON file",
     import_usage, cmd_import},
    {0, 0, 0, 0},
};
