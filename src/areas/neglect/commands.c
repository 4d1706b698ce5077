/*
 * commands.c (neglect) — publishing a neglect assessment tool version from
 * the command line:
 *
 *   haven import neglect-tool --db PATH FILE.json
 *
 * The whole document is checked before the database is opened; every problem
 * is printed on its own line, named by its JSON path, and nothing changes
 * (exit 1). A version string already published is refused the same way.
 * Bad arguments are usage errors (one line, exit 2).
 */
#include "areas/neglect/commands.h"

#include <stdio.h>

#include "app/import_command.h"
#include "areas/neglect/tool.h"
#include "areas/neglect/store.h"
#include "store/store.h"

static const char import_usage[] =
    "Usage: haven import neglect-tool --db PATH FILE.json\n"
    "\n"
    "Publishes FILE.json as a new version of the neglect assessment tool (the\n"
    "format is docs/neglect-tool.md). The whole document is checked first:\n"
    "each problem is named by its JSON path (such as $.areas[0].sub_areas[1].descriptors)\n"
    "and, if there is any, nothing is changed. A version string that is\n"
    "already published is refused. New assessments use the new version at once;\n"
    "assessments already begun keep the version they were begun under.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_tool = {
    .name = "import neglect-tool",
    .usage = import_usage,
    .file = "FILE.json",
    .file_max_mb = 2, /* the demo tool is 12 kB; thirty sub-areas in ten age bands are well under 1 MB */
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
	if (!neglect_tool_check(doc, problems)) {
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
	enum haven_status st = neglect_store_publish(doc, 0, &nobody, &id);
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
		rc = import_failed("publishing the neglect tool", st);
	} else {
		printf("published neglect tool version %s (%zu areas of care, %zu sub-areas)\n", version,
		       json_array_size(json_object_get(doc, "areas")), neglect_tool_sub_area_count(doc));
	}
	json_decref(doc);
	return rc;
}

const struct command neglect_commands[] = {
    {"import neglect-tool", "publish a new version of the neglect assessment tool from a JSON file",
     import_usage, cmd_import},
    {0, 0, 0, 0},
};
