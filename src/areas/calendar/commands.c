/*
 * commands.c (calendar) — the calendar from the command line:
 *
 *   haven import bank-holidays --db PATH FILE.json
 *   haven calendar add-working-days DATE N [--db PATH]
 *   haven calendar remove-holiday --db PATH --date YYYY-MM-DD --reason TEXT
 *
 * The first keeps the bank holidays up to date from the gov.uk file (the
 * built-in list ends with the years Haven shipped with); the second lets
 * people check a deadline by hand; the third takes away a holiday the
 * government moved (as the Remove link on /admin/bank-holidays does). Bad arguments are usage errors (one
 * line, exit 2); a bad file or an unusable database exits 1 with one line saying why, having changed nothing.
 */
#include "areas/calendar/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/import_command.h"
#include "areas/calendar/calendar.h"
#include "router/fields.h"
#include "store/store.h"

/* About 38 years: ample for any deadline, and keeps the answer a four-digit year. */
#define WORKING_DAYS_MAX 10000

static const char import_usage[] =
    "Usage: haven import bank-holidays --db PATH FILE.json\n"
    "\n"
    "Adds England and Wales bank holidays from FILE.json, in the format of\n"
    "https://www.gov.uk/bank-holidays.json (the \"england-and-wales\" events;\n"
    "other divisions are ignored). Every event is checked first: if any date or\n"
    "title is bad, nothing is changed and the message names the event. Holidays\n"
    "Haven already knows (built in, or imported before) are counted as already\n"
    "known, so importing the same file again changes nothing. A running\n"
    "haven serve counts the new holidays in the next deadline it sets, as it\n"
    "does an administrator's upload at /admin/bank-holidays. A date removed\n"
    "(haven calendar remove-holiday) that the file lists is a bank holiday\n"
    "again: the import is the authority. One the file does not list stays\n"
    "removed.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const char add_usage[] = "Usage: haven calendar add-working-days DATE N [--db PATH]\n"
                                "\n"
                                "Prints the N-th working day after DATE (YYYY-MM-DD) and its weekday, such\n"
                                "as \"2024-05-13 Monday\" for 2024-05-03 and 5. Working days are Monday to\n"
                                "Friday except England and Wales bank holidays. DATE itself is never\n"
                                "counted, and N = 0 prints DATE. This is how Haven works out deadlines such\n"
                                "as \"notify within 5 working days of becoming aware\".\n"
                                "\n"
                                "  --db PATH   also use the bank holidays imported into this database\n"
                                "              (without it, only those built into Haven)\n"
                                "  --help      show this help\n"
                                "\n"
                                "If bank holidays are not known for a year in the range, a warning says so\n"
                                "on standard error.\n";

static const char remove_usage[] =
    "Usage: haven calendar remove-holiday --db PATH --date YYYY-MM-DD --reason TEXT\n"
    "\n"
    "Removes the England and Wales bank holiday on DATE, built into Haven or\n"
    "imported, when the government has moved it (in 2020 the early May bank\n"
    "holiday moved from 4 to 8 May): DATE counts as a working day from now on,\n"
    "and every deadline already stored is worked out again, as after an import.\n"
    "The reason (at most 500 characters) is kept in the audit trail. A running\n"
    "haven serve counts the change in the next deadline it sets. A later\n"
    "'haven import bank-holidays' (or upload) that lists DATE makes it a bank\n"
    "holiday again: the import is the authority.\n"
    "\n"
    "  --db PATH        the SQLite database file\n"
    "  --date DATE      the bank holiday to remove, YYYY-MM-DD\n"
    "  --reason TEXT    why it is removed\n"
    "  --help           show this help\n"
    "\n"
    "Exits 1, changing nothing, if DATE is not a bank holiday Haven knows.\n";

static const struct import_command import_bank_holidays = {
    .name = "import bank-holidays",
    .usage = import_usage,
    .file = "FILE.json",
    .file_max_mb = CALENDAR_HOLIDAYS_FILE_MAX_MB,
};

static int cmd_import(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(&import_bank_holidays, argc, argv, &args, &exit_status))
		return exit_status;
	const char *path = args.file;

	/* the whole file is checked before the database is even opened */
	json_t *root = import_read_json(&import_bank_holidays, path);
	if (!root)
		return 1;
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	char *err = NULL;
	enum haven_status st = calendar_holidays_from_json(root, &list, &count, &err);
	json_decref(root);
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: %s: %s; nothing was imported\n", path, err ? err : "not valid");
		free(err);
		return 1;
	}
	if (cli_open_store(args.db) != 0) {
		calendar_holidays_free(list, count);
		return 1;
	}
	size_t added = 0, known = 0;
	st = calendar_import(list, count, NULL, &added, &known);
	store_close();
	calendar_holidays_free(list, count);
	if (st != HAVEN_OK)
		return import_failed("importing bank holidays", st);
	printf("%zu added, %zu already known\n", added, known);
	return 0;
}

static int cmd_add_working_days(int argc, char **argv)
{
	static const char command[] = "calendar add-working-days";
	static const struct option options[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {0, 0, 0, 0},
	};
	const char *db = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(add_usage, stdout); return 0;
		case ':': return cli_usage_error(command, "%s needs a value", argv[optind - 1]);
		default:
			/* getopt takes "-1" for an option; say what is really wrong */
			if (argv[optind - 1][0] == '-' && argv[optind - 1][1] >= '0' &&
			    argv[optind - 1][1] <= '9')
				return cli_usage_error(command,
				                       "N must be a whole number from 0 to %d, not '%s'",
				                       WORKING_DAYS_MAX, argv[optind - 1]);
			return cli_usage_error(command, "unknown option %s", argv[optind - 1]);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(command, "DATE and N are required");
	if (argc - optind > 2)
		return cli_usage_error(command, "unexpected argument %s", argv[optind + 2]);
	int32_t day;
	if (!calendar_parse(argv[optind], &day))
		return cli_usage_error(command, "DATE must be a real date written YYYY-MM-DD, not '%s'",
		                       argv[optind]);
	unsigned long long n;
	if (cli_parse_unsigned(command, "N", argv[optind + 1], WORKING_DAYS_MAX, &n))
		return EXIT_USAGE;

	if (db) {
		if (cli_open_store(db) != 0)
			return 1;
		enum haven_status st = calendar_load();
		if (st != HAVEN_OK) {
			store_close();
			fprintf(stderr, "haven: cannot read the bank holidays in %s (%s)\n", db,
			        haven_status_name(st));
			return 1;
		}
	}
	int32_t result = calendar_add_working_days(day, (int32_t)n);
	char date[CALENDAR_DATE_SIZE];
	calendar_format(result, date);
	printf("%s %s\n", date, calendar_weekday_name(result));
	if (!calendar_covers(day) || !calendar_covers(result))
		fprintf(stderr,
		        "haven: warning: bank holidays are not known for every year from %.4s to %.4s; "
		        "only weekends were skipped there (see 'haven import bank-holidays --help')\n",
		        argv[optind], date);
	if (db)
		store_close();
	return 0;
}

static int cmd_remove_holiday(int argc, char **argv)
{
	static const char command[] = "calendar remove-holiday";
	const char *db = NULL, *date = NULL, *reason = NULL;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "date", .value = &date, .missing = "--date YYYY-MM-DD"},
	    {.name = "reason", .value = &reason, .missing = "--reason TEXT"},
	    {0},
	};
	int go = cli_parse(command, remove_usage, options, false, argc, argv);
	if (go != CLI_GO_ON)
		return go;
	int32_t day;
	if (!calendar_parse(date, &day))
		return cli_usage_error(command, "--date must be a real date written YYYY-MM-DD, not '%s'",
		                       date);
	/* the reason as a form's is kept: trimmed, checked, at most CALENDAR_REMOVE_REASON_MAX characters */
	char *why = fields_trim_text(reason);
	long length = fields_utf8_length(why, strlen(why));
	const char *unusable = length > 0 ? fields_unusable_chars(why) : NULL;
	int bad = 0;
	if (length == 0)
		bad = cli_usage_error(command, "--reason must say why the bank holiday is removed");
	else if (length < 0)
		bad = cli_usage_error(command, "--reason must be UTF-8 text");
	else if (length > CALENDAR_REMOVE_REASON_MAX)
		bad = cli_usage_error(command, "--reason must be at most %d characters, not %ld",
		                      CALENDAR_REMOVE_REASON_MAX, length);
	else if (unusable)
		bad = cli_usage_error(command, "--reason must %s", unusable);
	if (bad) {
		free(why);
		return bad;
	}
	if (cli_open_store(db) != 0) {
		free(why);
		return 1;
	}
	enum haven_status st = calendar_remove_holiday(day, why, NULL);
	store_close();
	free(why);
	if (st == HAVEN_ERR_NOT_FOUND) {
		fprintf(stderr, "haven: %s is not a bank holiday Haven knows; nothing was removed\n", date);
		return 1;
	}
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: cannot remove the bank holiday on %s (%s); nothing was removed\n",
		        date, haven_status_name(st));
		return 1;
	}
	printf("%s removed: it counts as a working day\n", date);
	return 0;
}

const struct command calendar_commands[] = {
    {"import bank-holidays", "add England and Wales bank holidays from gov.uk's bank-holidays.json",
     import_usage, cmd_import},
    {"calendar add-working-days", "print the date N working days after a date", add_usage,
     cmd_add_working_days},
    {"calendar remove-holiday", "remove a bank holiday the government has moved", remove_usage,
     cmd_remove_holiday},
    {0, 0, 0, 0},
};
