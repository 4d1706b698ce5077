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

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cli.h"
#include "areas/threshold/framework.h"
#include "areas/threshold/store.h"
#include "store/store.h"

/* A framework of a thousand indicators is about half a megabyte; this guards against the wrong file. */
#define FILE_MAX (4u << 20)

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

static json_t *load_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "haven: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (off_t)FILE_MAX) {
		fprintf(stderr, "haven: %s: not a regular file of at most %u bytes; nothing was imported\n", path,
			FILE_MAX);
		fclose(f);
		return NULL;
	}
	json_error_t jerr;
	json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!root)
		fprintf(stderr, "haven: %s: not JSON: line %d, column %d: %s; nothing was imported\n", path, jerr.line,
			jerr.column, jerr.text);
	return root;
}

static int cmd_import(int argc, char **argv)
{
	static const char command[] = "import framework";
	static const struct option options[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(import_usage, stdout); return 0;
		case ':': return cli_usage_error(command, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(command, "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cli_usage_error(command, "FILE.json is required");
	if (optind + 1 < argc)
		return cli_usage_error(command, "unexpected argument %s", argv[optind + 1]);
	if (!db)
		return cli_usage_error(command, "--db PATH is required");
	const char *path = argv[optind];

	json_t *doc = load_file(path);
	if (!doc)
		return 1;
	json_t *problems = json_array();
	if (!threshold_framework_check(doc, problems)) {
		size_t i;
		json_t *p;
		json_array_foreach(problems, i, p)
			fprintf(stderr, "haven: %s: %s: %s\n", path, json_string_value(json_object_get(p, "path")),
				json_string_value(json_object_get(p, "message")));
		fprintf(stderr, "haven: %s: %zu problem%s; nothing was imported\n", path, json_array_size(problems),
			json_array_size(problems) == 1 ? "" : "s");
		json_decref(problems);
		json_decref(doc);
		return 1;
	}
	json_decref(problems);
	if (cli_open_store(db) != 0) {
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
		fprintf(stderr,
			"haven: %s: $.version: version %s is already published: give the new version a version "
			"string of its own; nothing was imported\n",
			path, version);
		rc = 1;
	} else if (st != HAVEN_OK) {
		fprintf(stderr, "haven: publishing the framework failed (%s); nothing was imported\n",
			haven_status_name(st));
		rc = 1;
	} else {
		printf("published version %s (%zu indicators)\n", version,
		       json_array_size(json_object_get(doc, "indicators")));
	}
	json_decref(doc);
	return rc;
}

const struct command threshold_commands[] = {
	{"import framework", "publish a new version of the levels-of-need framework from a JSON file", import_usage,
	 cmd_import},
	{0, 0, 0, 0},
};
