/*
 * commands.c (threshold) — publishing a levels-of-need framework version from
 * the command line:
 *
 *   haven import framework --db PATH FILE.json
 *
 * The whole document is checked before the database is opened; every problem
 * is printed on its own line, named by its JSON path, and nothing changes
 * (exit 1). A version string already published is refused the same way.
 * Bad arguments are usage errors (one line, exit 2).
 */
#include "areas/threshold/commands.h"

#include <stdio.h>

#include "app/import_command.h"
#include "areas/threshold/framework.h"
#include "areas/threshold/store.h"
#include "store/store.h"

static const char import_usage[] =
    "Usage: haven import framework --db PATH FILE.json\n"
    "\n"
    "Publishes FILE.json as a new version of the levels-of-need framework (the\n"
    "format is docs/levels-of-need.md). The whole document is checked first:\n"
    "each problem is named by its JSON path (such as $.indicators[3].level)\n"
    "and, if there is any, nothing is changed. A version string that is\n"
    "already published is refused. The tool uses the new version at once;\n"
    "decisions already recorded keep the version they were made under.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_framework = {
    .name = "import framework",
    .usage = import_usage,
    .file = "FILE.json",
    .file_max_mb = 4, /* a framework of a thousand indicators is about half a megabyte */
};

static int cmd_import(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(&import_framework, argc, argv, &args, &exit_status))
		return exit_status;
	const char *path = args.file;

	json_t *doc = import_read_json(&import_framework, path);
	if (!doc)
		return 1;
	json_t *problems = json_array();
	if (!threshold_framework_check(doc, problems)) {
		size_t i;
		json_t *p;
		json_array_foreach(problems, i, p) fprintf(stderr, "haven: %s: %s: %s\n", path,
		                                           json_string_value(json_object_get(p, "path")),
		                                           json_string_value(json_object_get(p, "message")));
		fprintf(stderr, "haven: %s: %zu problem%s; nothing was imported\n", path,
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
	struct actor nobody = {0};
	long long id = 0;
	enum haven_status st = threshold_store_publish(doc, 0, &nobody, &id);
	store_close();
	const char *version = json_string_value(json_object_get(doc, "version"));
	int rc = 0;
	if (st == HAVEN_ERR_CONFLICT) {
		fprintf(
		    stderr,
		    "haven: %s: $.version: version %s is already published: give the new version a version "
		    "string of its own; nothing was imported\n",
		    path, version);
		rc = 1;
	} else if (st != HAVEN_OK) {
		rc = import_failed("publishing the framework", st);
	} else {
		printf("published version %s (%zu indicators)\n", version,
		       json_array_size(json_object_get(doc, "indicators")));
	}
	json_decref(doc);
	return rc;
}

const struct command threshold_commands[] = {
    {"import framework", "publish a new version of the levels-of-need framework from a JSON file",
     import_usage, cmd_import},
    {0, 0, 0, 0},
};
