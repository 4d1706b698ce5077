/*
 * cli.h — helpers every `haven` command uses for its options, so that all
 * commands answer --help and bad arguments the same way: a one-line error
 * on stderr and exit status 2.
 */
#ifndef HAVEN_APP_CLI_H
#define HAVEN_APP_CLI_H

#include <getopt.h>

#define EXIT_USAGE 2

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
