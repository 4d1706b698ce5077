/*
 * import_document.c — reads, checks and publishes a versioned document for
 * the `haven import X FILE.json` commands (see import_document.h).
 */
#include "app/import_document.h"

#include <stdio.h>

#include "store/store.h"

/* Prints each problem of a refused document by its JSON path, then how many; returns the exit status 1. */
static int refuse_document(const char *path, const json_t *problems)
{
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p)
	    fprintf(stderr, "haven: %s: %s: %s\n", path, json_string_value(json_object_get(p, "path")),
	            json_string_value(json_object_get(p, "message")));
	size_t count = json_array_size(problems);
	fprintf(stderr, "haven: %s: %zu problem%s; nothing was imported\n", path, count,
	        count == 1 ? "" : "s");
	return 1;
}

int import_document_run(const struct import_document *d, int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(d->command, argc, argv, &args, &exit_status))
		return exit_status;
	json_t *doc = import_read_json(d->command, args.file);
	if (!doc)
		return 1;
	json_t *problems = json_array();
	bool sound = d->check(doc, problems);
	int rc = sound ? 0 : refuse_document(args.file, problems);
	json_decref(problems);
	if (!sound || cli_open_store(args.db) != 0) {
		json_decref(doc);
		return 1;
	}
	if (d->check_stored) {
		problems = json_array();
		sound = d->check_stored(doc, problems);
		if (!sound)
			refuse_document(args.file, problems);
		json_decref(problems);
		if (!sound) {
			store_close();
			json_decref(doc);
			return 1;
		}
	}
	long long id = 0;
	enum haven_status st = d->publish(doc, &id);
	store_close();
	if (st == HAVEN_ERR_CONFLICT) {
		fprintf(
		    stderr,
		    "haven: %s: $.version: version %s%s is already published: give the new version a version "
		    "string of its own; nothing was imported\n",
		    args.file, json_string_value(json_object_get(doc, "version")),
		    d->version_of ? d->version_of : "");
		rc = 1;
	} else if (st != HAVEN_OK) {
		rc = import_failed(d->doing, st);
	} else {
		d->published(doc, id);
	}
	json_decref(doc);
	return rc;
}
