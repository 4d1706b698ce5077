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
#include "app/import_document.h"
#include "areas/threshold/framework.h"
#include "areas/threshold/framework_priorities.h"
#include "areas/threshold/store.h"

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

/* The command line publishes as nobody signed in. */
static enum haven_status publish_framework(const json_t *doc, long long *id)
{
	struct actor nobody = {0};
	return threshold_store_publish(doc, 0, &nobody, id);
}

static void print_published(const json_t *doc, long long id)
{
	(void)id;
	printf("published version %s (%zu indicators)\n", json_string_value(json_object_get(doc, "version")),
	       json_array_size(json_object_get(doc, "indicators")));
}

static const struct import_document framework_document = {
    .command = &import_framework,
    .check = threshold_framework_check,
    .check_stored = threshold_framework_tags_check,
    .publish = publish_framework,
    .doing = "publishing the framework",
    .published = print_published,
};

static int cmd_import(int argc, char **argv)
{
	return import_document_run(&framework_document, argc, argv);
}

const struct command threshold_commands[] = {
    {"import framework", "publish a new version of the levels-of-need framework from a JSON file",
     import_usage, cmd_import},
    {0, 0, 0, 0},
};
