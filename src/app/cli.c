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

int cli_parse(const char *command, const char *usage, const struct cli_option *options, bool operands,
              int argc, char **argv)
{
	/* getopt's value for an option is its index in `options` + 1: never ':', '?' or 'h' */
	struct option longs[CLI_MAX_OPTIONS + 2];
	size_t n = 0;
	for (; options[n].name; n++) {
		if (n == CLI_MAX_OPTIONS)
			abort(); /* a command declares more than cli.h allows: a programming error */
		bool takes_value = options[n].value || options[n].list;
		longs[n] = (struct option){options[n].name, takes_value ? required_argument : no_argument,
		                           NULL, (int)n + 1};
	}
	longs[n] = (struct option){"help", no_argument, NULL, 'h'};
	longs[n + 1] = (struct option){0, 0, 0, 0};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (c == ':')
			return cli_usage_error(command, "%s needs a value", argv[optind - 1]);
		if (c < 1 || c > (int)n)
			return cli_usage_error(command, "unknown option %s", argv[optind - 1]);
		const struct cli_option *o = &options[c - 1];
		if (o->list) {
			if (*o->count == o->most)
				return cli_usage_error(command, "too many --%s options", o->name);
			o->list[(*o->count)++] = optarg;
		} else if (o->value) {
			*o->value = optarg;
		} else {
			*o->flag = true;
		}
	}
	if (!operands && optind < argc)
		return cli_usage_error(command, "unexpected argument %s", argv[optind]);
	for (size_t i = 0; i < n; i++)
		if (options[i].missing &&
		    (options[i].list ? *options[i].count == 0 : options[i].value && !*options[i].value))
			return cli_usage_error(command, "%s is required", options[i].missing);
	return CLI_GO_ON;
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
