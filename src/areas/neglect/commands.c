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
 *
 * And whether an agency asks for a manager's agreement of its assessments:
 *
 *   haven neglect agreement --db PATH --agency SLUG --required yes|no
 */
#include "areas/neglect/commands.h"

#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/import_command.h"
#include "app/import_document.h"
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

/* The command line publishes as nobody signed in. */
static enum haven_status publish_tool(const json_t *doc, long long *id)
{
	struct actor nobody = {0};
	return neglect_store_publish(doc, 0, &nobody, id);
}

static void print_published(const json_t *doc, long long id)
{
	(void)id;
	printf("published neglect tool version %s (%zu areas of care, %zu sub-areas)\n",
	       json_string_value(json_object_get(doc, "version")),
	       json_array_size(json_object_get(doc, "areas")), neglect_tool_sub_area_count(doc));
}

static const struct import_document tool_document = {
    .command = &import_tool,
    .check = neglect_tool_check,
    .publish = publish_tool,
    .doing = "publishing the neglect tool",
    .published = print_published,
};

static int cmd_import(int argc, char **argv)
{
	return import_document_run(&tool_document, argc, argv);
}

static const char agreement_usage[] =
    "Usage: haven neglect agreement --db PATH --agency SLUG --required yes|no\n"
    "\n"
    "Says whether the agency asks for each finished neglect assessment of its\n"
    "own to be agreed by a manager (a colleague of the assessor's in the\n"
    "agency). Assessments waiting for agreement go on its people's task lists.\n"
    "\n"
    "  --db PATH       the SQLite database file\n"
    "  --agency SLUG   the agency (as haven agency list shows it)\n"
    "  --required yes|no\n"
    "  --help          show this help\n";

static int cmd_agreement(int argc, char **argv)
{
	static const char command[] = "neglect agreement";
	const char *db = NULL, *agency = NULL, *required = NULL;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "agency", .value = &agency, .missing = "--agency SLUG"},
	    {.name = "required", .value = &required},
	    {0},
	};
	int done = cli_parse(command, agreement_usage, options, false, argc, argv);
	if (done != CLI_GO_ON)
		return done;
	if (!required || (strcmp(required, "yes") != 0 && strcmp(required, "no") != 0))
		return cli_usage_error(command, "--required must be yes or no");
	if (cli_open_store(db) != 0)
		return 1;
	bool yes = strcmp(required, "yes") == 0;
	enum haven_status st = neglect_store_set_agreement(agency, yes);
	store_close();
	if (st == HAVEN_ERR_NOT_FOUND) {
		fprintf(stderr, "haven: --agency: there is no agency %s (see haven agency list)\n", agency);
		return 1;
	}
	if (st != HAVEN_OK)
		return import_failed("setting the agency's agreement", st);
	printf("%s %s a manager's agreement of its neglect assessments\n", agency,
	       yes ? "asks for" : "does not ask for");
	return 0;
}

const struct command neglect_commands[] = {
    {"import neglect-tool", "publish a new version of the neglect assessment tool from a JSON file",
     import_usage, cmd_import},
    {"neglect agreement", "say whether an agency asks for a manager's agreement of its neglect assessments",
     agreement_usage, cmd_agreement},
    {0, 0, 0, 0},
};
