/*
 * import_command.c — the arguments and the file of every `haven import ...`
 * command (see import_command.h).
 */
#include "app/import_command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"

bool import_parse_args(const struct import_command *cmd, int argc, char **argv, struct import_args *args,
                       int *exit_status)
{
	*args = (struct import_args){0};
	const struct cli_option options[] = {
	    {.name = "db", .value = &args->db},
	    {.name = cmd->option, .value = &args->option}, /* when the command has one; else the end */
	    {0},
	};
	*exit_status = cli_parse(cmd->name, cmd->usage, options, true, argc, argv);
	if (*exit_status != CLI_GO_ON)
		return false;
	*exit_status = EXIT_USAGE;
	if (optind == argc)
		cli_usage_error(cmd->name, "%s is required", cmd->file);
	else if (optind + 1 < argc)
		cli_usage_error(cmd->name, "unexpected argument %s", argv[optind + 1]);
	else if (!args->db)
		cli_usage_error(cmd->name, "--db PATH is required");
	else if (cmd->option && !args->option)
		cli_usage_error(cmd->name, "--%s %s is required", cmd->option, cmd->option_value);
	else {
		args->file = argv[optind];
		return true;
	}
	return false;
}

FILE *import_open_file(const struct import_command *cmd, const char *path, unsigned max_mb)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "haven: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "haven: %s: not a regular file; nothing was imported\n", path);
		fclose(f);
		return NULL;
	}
	if (sb.st_size > ((off_t)max_mb << 20)) {
		fprintf(
		    stderr,
		    "haven: %s: too large: %lld MB, over the %u MB limit of haven %s; nothing was imported\n",
		    path, (long long)((sb.st_size + (1 << 20) - 1) >> 20), max_mb, cmd->name);
		fclose(f);
		return NULL;
	}
	return f;
}

char *import_read_file(const struct import_command *cmd, const char *path, size_t *len)
{
	FILE *f = import_open_file(cmd, path, cmd->file_max_mb);
	if (!f)
		return NULL;
	struct stat sb;
	fstat(fileno(f), &sb);
	char *data = xmalloc((size_t)sb.st_size + 1);
	size_t n = fread(data, 1, (size_t)sb.st_size, f);
	fclose(f);
	if (n != (size_t)sb.st_size) {
		fprintf(stderr, "haven: cannot read %s\n", path);
		free(data);
		return NULL;
	}
	data[n] = '\0';
	*len = n;
	return data;
}

json_t *import_read_json(const struct import_command *cmd, const char *path)
{
	unsigned max_mb =
	    cmd->json_max_mb && cmd->json_max_mb < cmd->file_max_mb ? cmd->json_max_mb : cmd->file_max_mb;
	FILE *f = import_open_file(cmd, path, max_mb);
	if (!f)
		return NULL;
	json_error_t jerr;
	json_t *doc = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!doc)
		fprintf(stderr, "haven: %s: not JSON: line %d, column %d: %s; nothing was imported\n", path,
		        jerr.line, jerr.column, jerr.text);
	return doc;
}

int import_failed(const char *doing, enum haven_status st)
{
	fprintf(stderr, "haven: %s failed (%s); nothing was imported\n", doing, haven_status_name(st));
	return 1;
}
