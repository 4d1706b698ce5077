/*
 * commands.c (mail) — the outbox from the command line:
 *
 *   haven mail list --db PATH [--json]
 *   haven mail retry --db PATH (ID | --all)
 *
 * Neither prints an address, subject or body: the list gives counts and the
 * failed emails' outbox ids, kinds (the email template's name), attempts and
 * SMTP codes.
 */
#include "areas/mail/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli.h"
#include "areas/mail/store.h"
#include "store/store.h"

static const char list_usage[] = "Usage: haven mail list --db PATH [--json]\n"
                                 "\n"
                                 "Prints how many emails in the outbox are queued, sent and failed, and\n"
                                 "each failed email's outbox id, kind (the email it is, such as\n"
                                 "passwords/invitation; - when not known), attempts, when it was queued\n"
                                 "and the last SMTP or curl code. An email fails after 10 attempts\n"
                                 "(retried after 30 s, 1 min, 2 min, ... up to 1 hour apart). No address\n"
                                 "or subject is shown.\n"
                                 "\n"
                                 "  --db PATH   the SQLite database file\n"
                                 "  --json      print one JSON object instead\n"
                                 "  --help      show this help\n";

static const char retry_usage[] =
    "Usage: haven mail retry --db PATH (ID | --all)\n"
    "\n"
    "Queues a failed email (by the outbox id 'haven mail list' shows) or every\n"
    "failed email again, due now with its attempts reset. A running haven serve\n"
    "sends it within a few seconds.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --all       every failed email\n"
    "  --help      show this help\n";

static int cmd_list(int argc, char **argv)
{
	static const char command[] = "mail list";
	const char *db = NULL;
	bool as_json = false;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "json", .flag = &as_json},
	    {0},
	};
	int parsed = cli_parse(command, list_usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	if (cli_open_store(db) != 0)
		return 1;
	json_t *summary = mail_store_summary();
	store_close();
	if (!summary) {
		fprintf(stderr, "haven: cannot read the outbox in %s\n", db);
		return 1;
	}
	if (as_json) {
		char *text = json_dumps(summary, JSON_COMPACT);
		puts(text);
		free(text);
	} else {
		printf("queued %lld\nsent %lld\nfailed %lld\n",
		       (long long)json_integer_value(json_object_get(summary, "queued")),
		       (long long)json_integer_value(json_object_get(summary, "sent")),
		       (long long)json_integer_value(json_object_get(summary, "failed")));
		size_t i;
		json_t *m;
		json_array_foreach(json_object_get(summary, "failed_messages"), i, m)
		{
			time_t t = (time_t)json_integer_value(json_object_get(m, "created_at"));
			struct tm tm;
			char when[32] = "?";
			if (gmtime_r(&t, &tm))
				strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
			const char *err = json_string_value(json_object_get(m, "last_error"));
			const char *kind = json_string_value(json_object_get(m, "kind"));
			printf("failed id=%lld kind=%s attempts=%lld queued=%s last_error=%s\n",
			       (long long)json_integer_value(json_object_get(m, "id")), kind ? kind : "-",
			       (long long)json_integer_value(json_object_get(m, "attempts")), when,
			       err ? err : "-");
		}
	}
	json_decref(summary);
	return 0;
}

static int cmd_retry(int argc, char **argv)
{
	static const char command[] = "mail retry";
	const char *db = NULL;
	bool all = false;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "all", .flag = &all},
	    {0},
	};
	int parsed = cli_parse(command, retry_usage, options, true, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	unsigned long long id = 0;
	if (all) {
		if (optind < argc)
			return cli_usage_error(command, "give an ID or --all, not both");
	} else {
		if (optind == argc)
			return cli_usage_error(command, "an outbox ID or --all is required");
		if (optind + 1 < argc)
			return cli_usage_error(command, "unexpected argument %s", argv[optind + 1]);
		if (cli_parse_unsigned(command, "ID", argv[optind], (1ULL << 62), &id))
			return EXIT_USAGE;
		if (id == 0)
			return cli_usage_error(command, "ID must be at least 1");
	}
	if (cli_open_store(db) != 0)
		return 1;
	size_t count = 0;
	enum haven_status st = mail_store_requeue((int64_t)id, (int64_t)time(NULL), &count);
	store_close();
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: cannot queue again (%s)\n", haven_status_name(st));
		return 1;
	}
	if (!all && count == 0) {
		fprintf(stderr, "haven: no failed email has outbox id %llu\n", id);
		return 1;
	}
	printf("%zu queued again\n", count);
	return 0;
}

const struct command mail_commands[] = {
    {"mail list", "the email outbox: counts and failed emails", list_usage, cmd_list},
    {"mail retry", "queue failed emails again", retry_usage, cmd_retry},
    {0, 0, 0, 0},
};
