/*
 * cli.c — shared option handling for `haven` commands (see cli.h).
 */
#include "app/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("haven: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (command && *command)
		fprintf(stderr, " (see 'haven %s --help')\n", command);
	else
		fputs(" (see 'haven --help')\n", stderr);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_parse_unsigned(const char *command, const char *option, const char *text, unsigned long long max,
                       unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno || *end || text[0] == '\0' || text[0] == '-' || v > max) {
		cli_usage_error(command, "%s must be a whole number from 0 to %llu, not '%s'", option, max,
		                text);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_open_store(const char *path)
{
	char *err = NULL;
	if (store_open(path, 0, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "cannot open the database");
		free(err);
		return -1;
	}
	return 0;
}
