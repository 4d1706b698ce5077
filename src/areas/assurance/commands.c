/*
 * commands.c (assurance) — publishing a set of quality assurance standards
 * from the command line:
 *
 *   haven import qa-standards --db PATH FILE.json
 *
 * The whole document is checked before the database is opened; every problem
 * is printed on its own line, named by its JSON path, and nothing changes
 * (exit 1). A version its kind already has is refused the same way.
 *
 * The demo partnership's quality assurance (haven init --demo) is published
 * the same way: its standards document, checked by the same checker, then
 * demo.sql's cycles, returns and case audit made with it.
 */
#include "areas/assurance/commands.h"

#include <stdio.h>

#include "app/document_versions.h"
#include "app/import_command.h"
#include "app/import_document.h"
#include "areas/assurance/standards.h"
#include "areas/assurance/store.h"

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

/* The command line publishes as nobody signed in. */
static enum haven_status publish_standards(const json_t *doc, long long *id)
{
	return assurance_publish(doc, NULL, id);
}

static void print_published(const json_t *doc, long long id)
{
	printf("published %s version %s as standards set %lld (%zu standards)\n",
	       json_string_value(json_object_get(doc, "kind")),
	       json_string_value(json_object_get(doc, "version")), id,
	       json_array_size(json_object_get(doc, "standards")));
}

static const struct import_document standards_document = {
    .command = &import_standards,
    .check = assurance_standards_check,
    .publish = publish_standards,
    .doing = "publishing the standards",
    .version_of = " of these standards",
    .published = print_published,
};

/* Publishes the built-in standards document `name`, checked as an import is. */
static enum haven_status publish_demo_standards(const char *name)
{
	json_t *doc = NULL;
	enum haven_status st = document_demo_read(name, name, assurance_standards_check, &doc);
	long long id;
	if (st == HAVEN_OK)
		st = publish_standards(doc, &id);
	json_decref(doc);
	return st;
}

enum haven_status assurance_load_demo(void)
{
	enum haven_status st = publish_demo_standards("data/assurance/standards-demo-section11.json");
	if (st == HAVEN_OK)
		st = publish_demo_standards("data/assurance/standards-demo-section175.json");
	return st == HAVEN_OK ? assurance_load_demo_rows() : st;
}

static int cmd_import(int argc, char **argv)
{
	return import_document_run(&standards_document, argc, argv);
}

const struct command assurance_commands[] = {
    {"import qa-standards", "publish a new version of the quality assurance standards from a JSON file",
     import_usage, cmd_import},
    {0, 0, 0, 0},
};
