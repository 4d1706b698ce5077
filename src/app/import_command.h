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
 *
 * Files are read as streams, never whole: the size limit is checked before
 * the first byte is read, CSV goes through libcsv a block at a time (each
 * reader caps its rows), and JSON is parsed straight from the file. So
 * memory stays bounded by the limits, whatever the file's size.
 */
#ifndef HAVEN_APP_IMPORT_COMMAND_H
#define HAVEN_APP_IMPORT_COMMAND_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/cli.h"
#include "core/status.h"

struct import_command {
	const char *name;  /* "import settings": what follows `haven`, for usage errors */
	const char *usage; /* printed for --help */
	const char *file;  /* how the usage names the file ("FILE.csv"): "FILE.csv is required" */
	/* The largest file read, in MB: a guard against being given the wrong file. */
	unsigned file_max_mb;
	/* The largest JSON file, in MB, if lower (0: file_max_mb): a JSON document
	 * is held whole in memory, at several times its size on disk. */
	unsigned json_max_mb;
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
 * For small files only (a partnership's agencies, say): large ones are read
 * as a stream (import_open_file) so memory stays bounded.
 */
char *import_read_file(const struct import_command *cmd, const char *path, size_t *len);

/*
 * Opens a regular file of at most max_mb MB for reading, checking its size
 * before reading anything. NULL after printing why: a file too large is
 * named with its size and the limit ("...: 200 MB, over the 64 MB limit of
 * haven import incidents; nothing was imported").
 */
FILE *import_open_file(const struct import_command *cmd, const char *path, unsigned max_mb);

/*
 * Parses the JSON file at path (at most cmd->json_max_mb, else file_max_mb)
 * straight from the file, duplicate keys refused; NULL after printing why
 * (too large, or where it is not JSON).
 */
json_t *import_read_json(const struct import_command *cmd, const char *path);

/*
 * For a store failure: prints "haven: DOING failed (STATUS); nothing was
 * imported" (DOING such as "importing settings") and returns 1, the exit status.
 */
int import_failed(const char *doing, enum haven_status st);

#endif
