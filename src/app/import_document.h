/*
 * import_document.h — the one body of every `haven import X FILE.json`
 * command that publishes a new version of a versioned document (the
 * levels-of-need framework, the neglect tool, the exploitation screening
 * tool, the quality assurance standards):
 *
 *   haven import X --db PATH FILE.json
 *
 * The whole document is checked before the database is opened (and, where
 * it names what the partnership holds, again once it is open); every problem
 * is printed on its own line, named by its JSON path, and nothing changes
 * (exit 1). A version string already published is refused the same way
 * ("$.version: ..."). A store failure is import_failed (exit 1); bad
 * arguments are usage errors (exit 2). What the document means (its check,
 * its table, the line printed when it is published) stays the area's.
 */
#ifndef HAVEN_APP_IMPORT_DOCUMENT_H
#define HAVEN_APP_IMPORT_DOCUMENT_H

#include <jansson.h>
#include <stdbool.h>

#include "app/import_command.h"
#include "core/status.h"

struct import_document {
	const struct import_command *command; /* its name, usage and file limits */
	/* Appends {path, message} for each problem of doc; true when there is none. */
	bool (*check)(const json_t *doc, json_t *problems);
	/* Or NULL: the same, once the database is open, for what the document names there
	 * (the framework's tags are the partnership's priorities). */
	bool (*check_stored)(const json_t *doc, json_t *problems);
	/* Publishes the checked doc from the command line (nobody signed in), setting *id;
	 * HAVEN_ERR_CONFLICT when its version string is already published. */
	enum haven_status (*publish)(const json_t *doc, long long *id);
	/* What a store failure says the command was doing ("publishing the framework"). */
	const char *doing;
	/* How a refused version names the document after "version V" (" of these standards"), or NULL. */
	const char *version_of;
	/* Prints the line that says what was published (on stdout). */
	void (*published)(const json_t *doc, long long id);
};

/* Runs the command on argv (argv[0] is its last word); returns its exit status. */
int import_document_run(const struct import_document *d, int argc, char **argv);

#endif
