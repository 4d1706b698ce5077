/*
 * import_command.h — what every `haven import ...` command shares, so that
 * they all take their arguments and their file the same way:
 *
 *   haven import WHAT --db PATH [--OPTION VALUE] FILE
 *
 * --help prints the command's usage (exit 0); a bad argument is a one-line
 * usage error (exit 2, see cli.h); a file that cannot be read, is too large
 * or is not JSON is refused with one line naming it (exit 1), before the
 * database is opened, so a wrong file never changes anything.
 */
#ifndef HAVEN_APP_IMPORT_COMMAND_H
#define HAVEN_APP_IMPORT_COMMAND_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/cli.h"
#include "core/status.h"

struct import_command {
	const char *name;  /* "import settings": what follows `haven`, for usage errors */
	const char *usage; /* printed for --help */
	const char *file;  /* how the usage names the file ("FILE.csv"): "FILE.csv is required" */
	/* The largest file read, in MB: a guard against being given the wrong file. */
	unsigned file_max_mb;
	/* One more option the command requires (without "--", such as "la"), or NULL;
	 * option_value names its value in the usage error ("--la CODE is required"). */
	const char *option, *option_value;
};

struct import_args {
	const char *db;     /* --db PATH */
	const char *option; /* the value of the command's own option (import_command.option) */
	const char *file;   /* the file to import */
};

/*
 * Parses argv (argv[0] is the command's last word). Returns true if the
 * command should go on with *args filled in; false when it is already done,
 * with *exit_status 0 after printing the usage for --help, or EXIT_USAGE
 * after printing a usage error.
 */
bool import_parse_args(const struct import_command *cmd, int argc, char **argv, struct import_args *args,
		       int *exit_status);

/*
 * Reads the whole of a regular file of at most cmd->file_max_mb, adding a
 * NUL after its *len bytes. NULL (and nothing to free) after printing why.
 */
char *import_read_file(const struct import_command *cmd, const char *path, size_t *len);

/* Parses `data` as JSON (duplicate keys refused); NULL after printing where it is not JSON. */
json_t *import_parse_json(const char *path, const char *data, size_t len);

/* import_read_file, then import_parse_json. */
json_t *import_read_json(const struct import_command *cmd, const char *path);

/*
 * For a store failure: prints "haven: DOING failed (STATUS); nothing was
 * imported" (DOING such as "importing settings") and returns 1, the exit status.
 */
int import_failed(const char *doing, enum haven_status st);

#endif
