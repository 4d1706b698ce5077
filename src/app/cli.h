/*
 * cli.h — helpers every `haven` command uses for its options, so that all
 * commands answer --help and bad arguments the same way: a one-line error
 * on stderr and exit status 2.
 */
#ifndef HAVEN_APP_CLI_H
#define HAVEN_APP_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#define EXIT_USAGE 2

/* One option a command takes (--NAME), for cli_parse. */
struct cli_option {
	const char *name;   /* "db" for --db */
	const char **value; /* an option with a value: where it goes (the last one given counts) */
	bool *flag;         /* an option without one: set true when it is given */
	/* an option that may be given again and again (--role): each value in list[*count], at most `most` */
	const char **list;
	size_t most, *count;
	const char *missing; /* a required option: how the error names it ("--db PATH"); NULL if optional */
};

/* What cli_parse returns when the command goes on. */
#define CLI_GO_ON (-1)
/* The most options a command may declare for cli_parse. */
#define CLI_MAX_OPTIONS 16

/*
 * Reads a command's options, so that every command answers the same way:
 * each of `options` (ended by {0}), and --help, which prints `usage` on
 * stdout. Returns CLI_GO_ON to go on, with optind at the first operand;
 * otherwise the exit status to return at once: 0 after --help, EXIT_USAGE
 * after a usage error on stderr, checked in this order: an unknown option
 * or one without its value; an operand, unless `operands` is true ("unexpected
 * argument X"); a required option missing (in the order of `options`; a
 * repeated one is missing if it was never given). More than `most` values of
 * a repeated option is a usage error too ("too many --role options").
 * The caller sets each value to NULL (or its default), each flag false and
 * each count 0 beforehand.
 */
int cli_parse(const char *command, const char *usage, const struct cli_option *options, bool operands,
              int argc, char **argv);

/* Prints "haven: MESSAGE (see 'haven COMMAND --help')" and returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Parses an unsigned number option; on a bad value prints the usage error
 * and returns -1, else 0.
 */
int cli_parse_unsigned(const char *command, const char *option, const char *text, unsigned long long max,
                       unsigned long long *out);

/*
 * Opens the database for a command (store_open), printing "haven: WHY" on
 * failure. Returns 0, or -1 after printing. Close with store_close().
 */
int cli_open_store(const char *path);

#endif
