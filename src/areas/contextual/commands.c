/*
 * commands.c (contextual) — publishing a version of the exploitation
 * screening tool from the command line:
 *
 *   haven import exploitation-tool --db PATH FILE.json
 *
 * The whole document is checked (tool.h) before the database is opened;
 * every problem is printed on its own line, named by its JSON path, and
 * nothing changes (exit 1). A version string already published is refused
 * the same way. Bad arguments are usage errors (one line, exit 2).
 */
#include <stdio.h>

#include "app/import_command.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "areas/contextual/tool.h"
#include "store/store.h"

static const char import_usage[] =
    "Usage: haven import exploitation-tool --db PATH FILE.json\n"
    "\n"
    "Publishes FILE.json as a new version of the exploitation screening tool\n"
    "(the format is docs/exploitation-tool.md). The whole document is checked\n"
    "first: each problem is named by its JSON path (such as\n"
    "$.indicators[3].weight) and, if there is any, nothing is changed. A\n"
    "version string that is already published is refused. Screenings use the\n"
    "new version at once; those already recorded keep the version they used.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_tool = {
    .name = "import exploitation-tool",
    .usage = import_usage,
    .file = "FILE.json",
    .file_max_mb = 4,
};

static int cmd_import(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(&import_tool, argc, argv, &args, &exit_status))
		return exit_status;
	const char *path = args.file;
	json_t *doc = import_read_json(&import_tool, path);
	if (!doc)
		return 1;
	json_t *problems = json_array();
	if (!tool_check(doc, problems)) {
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
	enum haven_status st = contextual_tool_publish(doc, &nobody, &id);
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
		rc = import_failed("publishing the exploitation screening tool", st);
	} else {
		printf("published version %s (%zu indicators)\n", version,
		       json_array_size(json_object_get(doc, "indicators")));
	}
	json_decref(doc);
	return rc;
}

const struct command contextual_commands[] = {
    {"import exploitation-tool", "publish a new version of the exploitation screening tool from a JSON file",
     import_usage, cmd_import},
    {0, 0, 0, 0},
};
