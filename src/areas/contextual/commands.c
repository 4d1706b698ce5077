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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/import_command.h"
#include "app/import_document.h"
#include "areas/calendar/london.h"
#include "areas/contextual/episode.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/import.h"
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

/* The command line publishes as nobody signed in. */
static enum haven_status publish_tool(const json_t *doc, long long *id)
{
	struct actor nobody = {0};
	return contextual_tool_publish(doc, &nobody, id);
}

static void print_published(const json_t *doc, long long id)
{
	(void)id;
	printf("published version %s (%zu indicators)\n", json_string_value(json_object_get(doc, "version")),
	       json_array_size(json_object_get(doc, "indicators")));
}

static const struct import_document tool_document = {
    .command = &import_tool,
    .check = tool_check,
    .publish = publish_tool,
    .doing = "publishing the exploitation screening tool",
    .published = print_published,
};

static int cmd_import(int argc, char **argv)
{
	return import_document_run(&tool_document, argc, argv);
}

static const char episodes_usage[] =
    "Usage: haven import missing-episodes --db PATH FILE.csv|FILE.json\n"
    "\n"
    "Imports up to 1,000 missing episodes reported by the police, all or\n"
    "nothing (the layouts are in docs/operations.md). Every episode is checked\n"
    "first and each problem is named by its line (CSV) or index (JSON) and\n"
    "field; if there is any, nothing is imported. An episode whose police\n"
    "reference was received before with the same details is left as it is;\n"
    "with other details it is refused. Each child is matched to the children\n"
    "register as for the API.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_episodes = {
    .name = "import missing-episodes",
    .usage = episodes_usage,
    .file = "FILE.csv|FILE.json",
    .file_max_mb = 4, /* 1,000 episodes are about 300 KB */
};

/* Where an episode came from, for a message: "line 7" (CSV) or "episodes[6]" (JSON). */
static void place_of(const json_t *lines, size_t index, char *out, size_t size)
{
	if (lines)
		snprintf(out, size, "line %lld", (long long)json_integer_value(json_array_get(lines, index)));
	else
		snprintf(out, size, "episodes[%zu]", index);
}

/* The episodes of FILE.csv or FILE.json, and for CSV the line each starts on; NULL after printing why. */
static json_t *read_episodes(const char *path, json_t **lines)
{
	*lines = NULL;
	size_t n = strlen(path);
	if (n > 4 && strcmp(path + n - 4, ".csv") == 0) {
		size_t len = 0;
		char *data = import_read_file(&import_episodes, path, &len);
		if (!data)
			return NULL;
		json_t *episodes = import_episodes_csv(path, data, len, lines);
		free(data);
		return episodes;
	}
	if (n > 5 && strcmp(path + n - 5, ".json") == 0) {
		json_t *doc = import_read_json(&import_episodes, path);
		json_t *episodes = doc ? import_episodes_json(doc) : NULL;
		if (doc && !episodes)
			fprintf(
			    stderr,
			    "haven: %s: expected a list of episodes or {\"episodes\": [...]}; nothing was "
			    "imported\n",
			    path);
		json_decref(doc);
		return episodes;
	}
	fprintf(stderr, "haven: %s: the file must be .csv or .json\n", path);
	return NULL;
}

static int cmd_import_episodes(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(&import_episodes, argc, argv, &args, &exit_status))
		return exit_status;
	json_t *lines = NULL, *episodes = read_episodes(args.file, &lines);
	if (!episodes)
		return 1;
	size_t count = json_array_size(episodes);
	if (count == 0 || count > EPISODE_MAX_BATCH) {
		fprintf(stderr, "haven: %s: %zu episodes; a file holds 1 to %d; nothing was imported\n",
		        args.file, count, EPISODE_MAX_BATCH);
		json_decref(episodes);
		json_decref(lines);
		return 1;
	}
	if (cli_open_store(args.db) != 0) {
		json_decref(episodes);
		json_decref(lines);
		return 1;
	}
	long long *codes = NULL;
	size_t code_count = 0;
	enum haven_status st = contextual_la_codes(&codes, &code_count);
	json_t *checked = json_array(), *errors = json_array();
	size_t problems = 0;
	for (size_t i = 0; st == HAVEN_OK && i < count; i++) {
		char place[40];
		place_of(lines, i, place, sizeof place);
		struct episode_check check = {codes, code_count, calendar_london_today(), (int64_t)time(NULL),
		                              "",    ""};
		json_t *one = episode_check(json_array_get(episodes, i), &check, errors);
		if (one)
			json_array_append_new(checked, one);
		size_t k;
		json_t *e;
		json_array_foreach(errors, k, e) fprintf(stderr, "haven: %s %s: %s: %s\n", args.file, place,
		                                         json_string_value(json_object_get(e, "field")),
		                                         json_string_value(json_object_get(e, "message")));
		problems += json_array_size(errors);
		json_array_clear(errors);
	}
	free(codes);
	json_t *results = NULL;
	int rc = 0;
	if (st != HAVEN_OK) {
		rc = import_failed("importing missing episodes", st);
	} else if (problems) {
		fprintf(stderr, "haven: %s: %zu problem%s; nothing was imported\n", args.file, problems,
		        problems == 1 ? "" : "s");
		rc = 1;
	} else {
		struct actor nobody = {0};
		st = contextual_save_episodes(checked, true, "import", &nobody, &results, errors);
		if (st == HAVEN_ERR_CONFLICT) {
			size_t k;
			json_t *e;
			json_array_foreach(errors, k, e)
			{
				size_t index = 0;
				sscanf(json_string_value(json_object_get(e, "field")), "episodes[%zu]",
				       &index);
				char place[40];
				place_of(lines, index, place, sizeof place);
				fprintf(stderr, "haven: %s %s: police_reference: %s\n", args.file, place,
				        json_string_value(json_object_get(e, "message")));
			}
			fprintf(stderr, "haven: %s: nothing was imported\n", args.file);
			rc = 1;
		} else if (st != HAVEN_OK) {
			rc = import_failed("importing missing episodes", st);
		} else {
			size_t created = 0, k;
			json_t *r;
			json_array_foreach(results, k, r) created +=
			    strcmp(json_string_value(json_object_get(r, "status")), "created") == 0;
			printf("%zu episodes: %zu created, %zu unchanged\n", count, created, count - created);
		}
	}
	store_close();
	json_decref(results);
	json_decref(errors);
	json_decref(checked);
	json_decref(episodes);
	json_decref(lines);
	return rc;
}

const struct command contextual_commands[] = {
    {"import missing-episodes", "import missing episodes from the police (CSV or JSON), all or nothing",
     episodes_usage, cmd_import_episodes},
    {"import exploitation-tool", "publish a new version of the exploitation screening tool from a JSON file",
     import_usage, cmd_import},
    {0, 0, 0, 0},
};
