/*
 * main.c — the `haven` command line: init, serve, and every area's commands.
 *
 *   haven init --db PATH [--demo]      create or migrate a database
 *   haven serve --db PATH [options]    serve the web application and API
 *   haven backup | restore             see app/backup_command.h
 *   haven migrate-store                see app/migrate_store.h
 *   haven --version | --help | COMMAND --help
 *
 * Commands are a table; areas add their own (struct command in app/area.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/area.h"
#include "app/assemble.h"
#include "app/backup_command.h"
#include "app/cli.h"
#include "app/job.h"
#include "app/migrate_store.h"
#include "auth/keys.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/metrics.h"
#include "http/server.h"
#include "router/router.h"
#include "store/store.h"
#include "view/view.h"

#ifndef HAVEN_VERSION
#define HAVEN_VERSION "0.0.0-dev"
#endif

static const char init_usage[] =
    "Usage: haven init --db PATH|URL [--demo] [--key-file FILE]\n"
    "\n"
    "Creates the database at PATH if it does not exist and applies every\n"
    "migration it lacks. A database made by a newer Haven is refused. Creates\n"
    "the key file (mode 0600) if there is none; an existing one is kept.\n"
    "\n"
    "  --db PATH|URL    the SQLite database file, or a PostgreSQL database as a libpq URL,\n"
    "                   postgresql://USER@HOST[:PORT][,HOST2[:PORT2]]/NAME[?PARAMS]\n"
    "                   (the database must exist; --key-file is then required)\n"
    "  --demo           also load the demo partnership (fictional agencies and people);\n"
    "                   does nothing if the database already has the demo\n"
    "  --key-file FILE  the server's secret key (default: PATH.key, beside the database)\n"
    "  --help           show this help\n";

static const char serve_usage[] =
    "Usage: haven serve --db PATH|URL [options]\n"
    "\n"
    "Serves the web application and the JSON API until SIGINT or SIGTERM, then\n"
    "stops accepting, finishes requests in flight and closes the database.\n"
    "The database must be at this Haven's version (run haven init first).\n"
    "\n"
    "  --db PATH|URL            the SQLite database file, or a PostgreSQL database as a libpq\n"
    "                           URL (postgresql://…; several hosts with\n"
    "                           target_session_attrs=read-write follow a fail-over)\n"
    "  --key-file FILE          the server's secret key, which seals second-factor secrets\n"
    "                           and signs CSRF tokens (default: PATH.key; haven init makes it)\n"
    "  --listen HOST:PORT       address to listen on (default 127.0.0.1:8080)\n"
    "  --threads N              worker threads (default 16: they wait on disk writes)\n"
    "  --max-body BYTES         largest request body; larger get 413 (default 1048576)\n"
    "  --max-header BYTES       memory for a request's line and headers; larger get 431\n"
    "                           (default 16384)\n"
    "  --max-response BYTES     largest answer Haven builds; a larger one is refused with 500\n"
    "                           and logged, never sent (default 8388608)\n"
    "  --max-connections N      open connections in total (default 1000)\n"
    "  --max-per-ip N           open connections from one client address (default 100)\n"
    "  --idle-timeout SECONDS   close connections idle this long (default 30)\n"
    "  --header-timeout SECONDS a request's line and headers must all arrive within this\n"
    "                           long of the connection opening or of the previous answer\n"
    "                           (so also how long a kept-alive connection waits; default 10)\n"
    "  --min-body-rate BYTES    after --header-timeout seconds, a body must arrive at least\n"
    "                           this fast, in bytes a second (default 1024)\n"
    "  --shutdown-grace SECONDS time requests in flight get at shutdown (default 10)\n"
    "  --session-idle SECONDS   sign people out after this long unused (default 1800)\n"
    "  --session-absolute SECONDS\n"
    "                           sign people out this long after signing in (default 43200)\n"
    "  --secure-cookies         served over TLS (behind a proxy): Secure, __Host- cookies\n"
    "                           and HSTS; on whenever HAVEN_PUBLIC_URL is https://\n"
    "  --trusted-proxy ADDRESS  the reverse proxy in front of Haven: for requests from it,\n"
    "                           the client is the last address in X-Forwarded-For\n"
    "  --metrics-token-file PATH\n"
    "                           a file holding a token (at least 32 characters) that lets\n"
    "                           clients other than local ones read /metrics (Authorization:\n"
    "                           Bearer TOKEN); without it only local clients may\n"
    "  --help                   show this help\n";

static int by_demo_order(const void *a, const void *b)
{
	const struct area *x = *(const struct area *const *)a, *y = *(const struct area *const *)b;
	return (x->demo_order > y->demo_order) - (x->demo_order < y->demo_order);
}

static int load_demo(const char *db_path)
{
	if (cli_open_store(db_path) != 0)
		return 1;
	char *loaded = NULL;
	int status = 0;
	enum haven_status st = store_meta_get("demo_loaded_at", &loaded);
	if (st == HAVEN_OK) {
		printf("the demo partnership is already loaded (since %s)\n", loaded);
		free(loaded);
		store_close();
		return 0;
	}
	const struct area *order[64];
	size_t n = 0;
	for (size_t i = 0; haven_areas[i] && n < 64; i++)
		if (haven_areas[i]->load_demo)
			order[n++] = haven_areas[i];
	qsort(order, n, sizeof order[0], by_demo_order);
	for (size_t i = 0; i < n; i++) {
		if (order[i]->load_demo() != HAVEN_OK) {
			fprintf(stderr, "haven: loading the demo data for %s failed\n", order[i]->name);
			status = 1;
			break;
		}
	}
	if (status == 0) {
		char now[40];
		log_timestamp(now, sizeof now);
		if (store_meta_set("demo_loaded_at", now) != HAVEN_OK)
			status = 1;
		else
			printf("loaded the demo partnership\n");
	}
	store_close();
	return status;
}

/* Creates the key file (`key_file`, or DB.key) if there is none. 0, or 1 with the reason on stderr. */
static int make_key_file(const char *db, const char *key_file)
{
	char *fallback = key_file ? NULL : keys_default_path(db);
	const char *path = key_file ? key_file : fallback;
	char *err = NULL;
	bool created = false;
	int status = 0;
	if (keys_create(path, &created, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err);
		status = 1;
	} else if (created) {
		printf("created the key file %s: keep it with the database's backups\n", path);
	}
	free(err);
	free(fallback);
	return status;
}

/*
 * Loads the key file (`key_file`, or DB.key) and seals any second-factor
 * secret an older Haven stored in clear. Refuses a key that does not open
 * the secrets already sealed: serving with it would lock their owners out.
 */
static enum haven_status open_keys(const char *db, const char *key_file, char **err)
{
	char *fallback = key_file ? NULL : keys_default_path(db);
	const char *path = key_file ? key_file : fallback;
	unsigned sealed = 0, unopened = 0;
	enum haven_status st = keys_load(path, err);
	if (st == HAVEN_OK)
		st = auth_store_seal_secrets(&sealed, &unopened);
	if (st == HAVEN_OK && sealed)
		log_info("sealed %u second-factor secrets stored in clear by an older Haven", sealed);
	if (st == HAVEN_OK && unopened) {
		struct buf b = BUF_INIT;
		buf_printf(&b,
		           "%u second-factor secrets in the database do not open with the key file %s: "
		           "is it this database's key file?",
		           unopened, path);
		*err = buf_steal(&b, NULL);
		st = HAVEN_ERR_INVALID;
	}
	free(fallback);
	return st;
}

static int cmd_init(int argc, char **argv)
{
	const char *db = NULL, *key_file = NULL;
	bool demo = false;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "demo", .flag = &demo},
	    {.name = "key-file", .value = &key_file},
	    {0},
	};
	int parsed = cli_parse("init", init_usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	if (!key_file && store_is_postgresql(db))
		return cli_usage_error("init", "--key-file FILE is required when --db is a PostgreSQL URL");
	char *err = NULL;
	if (store_migrate(db, stdout, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "migration failed");
		free(err);
		return 1;
	}
	printf("%s is at schema version %d\n", db, store_schema_version());
	if (make_key_file(db, key_file) != 0)
		return 1;
	if (!demo)
		return 0;
	/* the demo's documents are sealed with the key file, as uploads are */
	char *fallback = key_file ? NULL : keys_default_path(db);
	enum haven_status st = keys_load(key_file ? key_file : fallback, &err);
	free(fallback);
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err);
		free(err);
		return 1;
	}
	return load_demo(db);
}

/* Deny by default: every route must name an action the access policy knows. */
static enum haven_status check_actions(const struct route *const *tables, char **err)
{
	for (size_t t = 0; tables[t]; t++) {
		for (const struct route *r = tables[t]; r->pattern; r++) {
			if (policy_knows(r->action))
				continue;
			size_t size = strlen(r->pattern) + 200;
			*err = xmalloc(size);
			snprintf(*err, size,
			         "route %s has %s action: add a rule for it to its area's access table",
			         r->pattern, r->action ? "an unknown" : "no");
			return HAVEN_ERR_INVALID;
		}
	}
	return HAVEN_OK;
}

/* An option that must be a whole number from 1 to max; prints the error itself. */
static int parse_at_least_one(const char *option, const char *text, unsigned long long max,
                              unsigned long long *out)
{
	if (cli_parse_unsigned("serve", option, text, max, out))
		return -1;
	if (*out == 0) {
		cli_usage_error("serve", "%s must be at least 1", option);
		return -1;
	}
	return 0;
}

/*
 * Reads the /metrics bearer token from `path` (one line; surrounding
 * whitespace dropped) and hands it to core/metrics. Prints the usage error
 * itself: a file that cannot be read, or a token too short to be secret.
 */
static int read_metrics_token(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_usage_error("serve", "--metrics-token-file %s cannot be read", path);
		return -1;
	}
	char token[1024];
	size_t len = fread(token, 1, sizeof token - 1, f);
	fclose(f);
	token[len] = '\0';
	char *start = token;
	while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
		start++;
	len = strcspn(start, " \t\r\n");
	start[len] = '\0';
	if (len < 32) {
		cli_usage_error("serve", "--metrics-token-file must hold a token of at least 32 characters");
		return -1;
	}
	metrics_set_token(start);
	return 0;
}

/* An area's background work (area.h): its start hook, then its job; if the job cannot start, the hook's
 * work is stopped again, so a failed start leaves nothing running. */
static enum haven_status area_start(const struct area *a)
{
	if (a->start && a->start() != HAVEN_OK)
		return HAVEN_ERR_INTERNAL;
	if (a->job && job_start(a->job) != HAVEN_OK) {
		if (a->stop)
			a->stop();
		return HAVEN_ERR_INTERNAL;
	}
	return HAVEN_OK;
}

/* The reverse of area_start: the job first, so it may still use what the start hook began. */
static void area_stop(const struct area *a)
{
	if (a->job)
		job_stop(a->job);
	if (a->stop)
		a->stop();
}

static int cmd_serve(int argc, char **argv)
{
	static const struct option options[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"max-body", required_argument, NULL, 'b'},
	    {"max-header", required_argument, NULL, 'H'},
	    {"max-response", required_argument, NULL, 'O'},
	    {"max-connections", required_argument, NULL, 'c'},
	    {"max-per-ip", required_argument, NULL, 'p'},
	    {"idle-timeout", required_argument, NULL, 'i'},
	    {"header-timeout", required_argument, NULL, 'T'},
	    {"min-body-rate", required_argument, NULL, 'R'},
	    {"shutdown-grace", required_argument, NULL, 'g'},
	    {"session-idle", required_argument, NULL, 'I'},
	    {"session-absolute", required_argument, NULL, 'A'},
	    {"secure-cookies", no_argument, NULL, 'S'},
	    {"trusted-proxy", required_argument, NULL, 'P'},
	    {"key-file", required_argument, NULL, 'k'},
	    {"metrics-token-file", required_argument, NULL, 'M'},
	    {"help", no_argument, NULL, 'h'},
	    {0, 0, 0, 0},
	};
	struct server_config config;
	server_config_defaults(&config);
	struct auth_settings session_settings = *auth_get_settings();
	static char trusted_proxy[64]; /* in the form peers' addresses are written, to compare as text */
	const char *db = NULL, *key_file = NULL;
	unsigned long long v;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': config.listen = optarg; break;
		case 't':
			if (parse_at_least_one("--threads", optarg, 256, &v))
				return EXIT_USAGE;
			config.threads = (unsigned)v;
			break;
		case 'b':
			if (cli_parse_unsigned("serve", "--max-body", optarg, 1ULL << 30, &v))
				return EXIT_USAGE;
			config.max_body = (size_t)v;
			break;
		case 'H':
			if (cli_parse_unsigned("serve", "--max-header", optarg, 1 << 20, &v))
				return EXIT_USAGE;
			if (v < 4096)
				return cli_usage_error("serve", "--max-header must be at least 4096");
			config.max_header = (size_t)v;
			break;
		case 'O':
			if (cli_parse_unsigned("serve", "--max-response", optarg, 1ULL << 30, &v))
				return EXIT_USAGE;
			if (v < 65536)
				return cli_usage_error("serve", "--max-response must be at least 65536");
			config.max_response = (size_t)v;
			break;
		case 'c':
			if (parse_at_least_one("--max-connections", optarg, 100000, &v))
				return EXIT_USAGE;
			config.max_connections = (unsigned)v;
			break;
		case 'p':
			if (parse_at_least_one("--max-per-ip", optarg, 100000, &v))
				return EXIT_USAGE;
			config.max_per_ip = (unsigned)v;
			break;
		case 'i':
			if (cli_parse_unsigned("serve", "--idle-timeout", optarg, 86400, &v))
				return EXIT_USAGE;
			config.idle_timeout = (unsigned)v;
			break;
		case 'T':
			if (parse_at_least_one("--header-timeout", optarg, 3600, &v))
				return EXIT_USAGE;
			config.header_timeout = (unsigned)v;
			break;
		case 'R':
			if (parse_at_least_one("--min-body-rate", optarg, 1ULL << 30, &v))
				return EXIT_USAGE;
			config.min_body_rate = (unsigned)v;
			break;
		case 'g':
			if (cli_parse_unsigned("serve", "--shutdown-grace", optarg, 3600, &v))
				return EXIT_USAGE;
			config.shutdown_grace = (unsigned)v;
			break;
		case 'I':
			if (parse_at_least_one("--session-idle", optarg, 7 * 86400, &v))
				return EXIT_USAGE;
			session_settings.idle_timeout = (int64_t)v;
			break;
		case 'A':
			if (parse_at_least_one("--session-absolute", optarg, 30 * 86400, &v))
				return EXIT_USAGE;
			session_settings.absolute_timeout = (int64_t)v;
			break;
		case 'S': session_settings.secure_cookies = true; break;
		case 'P':
			if (!server_address_canonical(optarg, trusted_proxy, sizeof trusted_proxy))
				return cli_usage_error(
				    "serve", "--trusted-proxy must be an IP address, like 127.0.0.1");
			config.trusted_proxy = trusted_proxy;
			break;
		case 'k': key_file = optarg; break;
		case 'M':
			if (read_metrics_token(optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'h': fputs(serve_usage, stdout); return 0;
		case ':': return cli_usage_error("serve", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("serve", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument %s", argv[optind]);
	if (!db)
		return cli_usage_error("serve", "--db PATH is required");
	if (!key_file && store_is_postgresql(db))
		return cli_usage_error("serve", "--key-file FILE is required when --db is a PostgreSQL URL");
	if (!server_listen_valid(config.listen))
		return cli_usage_error(
		    "serve", "--listen must be HOST:PORT with a numeric address, like 127.0.0.1:8080");
	server_block_stop_signals();

	const struct route *tables[64];
	size_t n = 0;
	for (size_t i = 0; haven_areas[i] && n + 1 < sizeof tables / sizeof tables[0]; i++)
		if (haven_areas[i]->routes)
			tables[n++] = haven_areas[i]->routes;
	tables[n] = NULL;

	char *err = NULL;
	struct router *router = NULL;
	int status = 1;
	if (router_new(tables, &router, &err) != HAVEN_OK || check_actions(tables, &err) != HAVEN_OK ||
	    view_init(&err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "cannot start");
		goto out;
	}
	/* Links in emails to an https:// address mean people reach Haven over TLS: its cookies must never
	 * go out over plain HTTP, whether or not --secure-cookies was remembered (Secure, __Host-, HSTS). */
	const char *public_url = getenv("HAVEN_PUBLIC_URL");
	if (public_url && strncasecmp(public_url, "https://", 8) == 0)
		session_settings.secure_cookies = true;
	auth_configure(&session_settings);
	if (store_open(db, 0, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "cannot open the database");
		goto out;
	}
	/* the footer says the data is fictional only where `haven init --demo` loaded the demo (it marks it
	 * in haven_meta), not on a partnership's own database */
	char *demo_loaded_at = NULL;
	bool demo = store_meta_get("demo_loaded_at", &demo_loaded_at) == HAVEN_OK;
	free(demo_loaded_at);
	view_set_globals(json_pack("{s:s, s:s, s:s, s:b}", "service_name", "Haven", "version", HAVEN_VERSION,
	                           "phase", "Alpha", "demo", demo));
	if (open_keys(db, key_file, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "cannot use the key file");
		store_close();
		goto out;
	}
	/* Areas' background workers (area.h: start/stop), started after the store
	 * opens and stopped, in reverse order, before it closes. */
	size_t started = 0;
	for (; haven_areas[started]; started++)
		if (area_start(haven_areas[started]) != HAVEN_OK) {
			fprintf(stderr, "haven: the %s area cannot start\n", haven_areas[started]->name);
			break;
		}
	if (!haven_areas[started]) {
		if (server_run(&config, router, &err) != HAVEN_OK)
			fprintf(stderr, "haven: %s\n", err ? err : "cannot serve");
		else
			status = 0;
	}
	while (started-- > 0)
		area_stop(haven_areas[started]);
	store_close();
out:
	free(err);
	view_free();
	router_free(router);
	return status;
}

static const char routes_usage[] = "Usage: haven routes\n"
                                   "\n"
                                   "Prints every route as one JSON object per line: method, pattern, the\n"
                                   "action the access policy knows it by, the record type it is about (if\n"
                                   "any), whether it is audited, and the roles the policy lets take it. The\n"
                                   "access matrix test reads this, so a new route cannot ship without a\n"
                                   "decision.\n";

/* One line of `haven routes`: a route and the policy's decision for its action. */
static void print_route(const char *area, const char *method, const char *pattern, const char *action)
{
	json_t *roles = json_array();
	unsigned allowed = policy_roles(action);
	for (unsigned role = 1; role <= ROLE_ALL; role <<= 1)
		if (allowed & role)
			json_array_append_new(roles, json_string(role_name((enum role)role)));
	const char *resource = policy_resource_type(action);
	json_t *line =
	    json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:o}", "area", area, "method", method, "pattern",
	              pattern, "action", action, "resource", resource ? json_string(resource) : json_null(),
	              "audited", policy_audited(action), "roles", roles);
	char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(line);
	if (text)
		puts(text);
	free(text);
}

static int cmd_routes(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(routes_usage, stdout);
		return 0;
	}
	if (argc > 1)
		return cli_usage_error("routes", "unexpected argument %s", argv[1]);
	static const struct {
		enum http_method method;
		const char *name;
	} methods[] = {{HTTP_GET, "GET"},
	               {HTTP_POST, "POST"},
	               {HTTP_PUT, "PUT"},
	               {HTTP_PATCH, "PATCH"},
	               {HTTP_DELETE, "DELETE"}};
	for (size_t i = 0; haven_areas[i]; i++) {
		for (const struct route *r = haven_areas[i]->routes; r && r->pattern; r++) {
			const char *method = "?";
			for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++)
				if (methods[m].method == r->method)
					method = methods[m].name;
			print_route(haven_areas[i]->name, method, r->pattern, r->action);
			char *twin = router_api_pattern(r);
			if (twin)
				print_route(haven_areas[i]->name, method, twin, r->action);
			free(twin);
		}
	}
	return 0;
}

static const struct command core_commands[] = {
    {"init", "create or migrate a database, optionally with the demo partnership", init_usage, cmd_init},
    {"serve", "serve the web application and the JSON API", serve_usage, cmd_serve},
    {"routes", "list every route with the access policy's decision for it", routes_usage, cmd_routes},
    {"backup", "copy the database to a backup file, safely while Haven serves it", backup_usage, cmd_backup},
    {"restore", "put a backup in place of the database, with its audit trail checked", restore_usage,
     cmd_restore},
    {"migrate-store", "copy the partnership from SQLite into a new PostgreSQL database, checked",
     migrate_store_usage, cmd_migrate_store},
    {0, 0, 0, 0},
};

enum { MAX_COMMAND_TABLES = 65 };

/* The core's commands, then each area's: fills `tables`, returns how many. */
static size_t command_tables(const struct command *tables[MAX_COMMAND_TABLES])
{
	size_t n = 0;
	tables[n++] = core_commands;
	for (size_t i = 0; haven_areas[i] && n < MAX_COMMAND_TABLES; i++)
		if (haven_areas[i]->commands)
			tables[n++] = haven_areas[i]->commands;
	return n;
}

/* Is `name` ("mail list") a command of the group `group` ("mail")? NULL: every command is. */
static bool in_group(const char *name, const char *group)
{
	if (!group)
		return true;
	size_t n = strlen(group);
	return strncmp(name, group, n) == 0 && name[n] == ' ';
}

/* Prints the commands (or those of one group, like "mail") with their summaries to `out` (NULL: counts
 * them only); how many there are. */
static int print_commands(FILE *out, const char *group)
{
	int count = 0;
	const struct command *tables[MAX_COMMAND_TABLES];
	size_t n = command_tables(tables);
	for (size_t t = 0; t < n; t++)
		for (const struct command *c = tables[t]; c->name; c++)
			if (in_group(c->name, group)) {
				count++;
				if (out)
					fprintf(out, "  %-20s %s\n", c->name, c->summary);
			}
	return count;
}

static void print_help(void)
{
	printf("Usage: haven COMMAND [options]\n"
	       "\n"
	       "Haven runs a children's safeguarding partnership's work: a web application\n"
	       "for practitioners and partners, and a JSON API for other systems.\n"
	       "\n"
	       "Commands:\n");
	print_commands(stdout, NULL);
	printf("\n"
	       "  --version            print the version and schema version\n"
	       "  --help               show this help\n"
	       "\n"
	       "Run 'haven COMMAND --help' for a command's options.\n");
}

/*
 * `haven mail` or `haven mail --help`: the first word of two-word commands without a known second
 * word. Lists the group's commands: on stdout for --help (exit 0), else on stderr after the error.
 * -1: argv[1] is no group.
 */
static int group_help(int argc, char **argv)
{
	if (print_commands(NULL, argv[1]) == 0)
		return -1;
	if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		printf("Usage: haven %s COMMAND [options]\n\nCommands:\n", argv[1]);
		print_commands(stdout, argv[1]);
		printf("\nRun 'haven %s COMMAND --help' for a command's options.\n", argv[1]);
		return 0;
	}
	if (argc > 2)
		fprintf(stderr, "haven: unknown command %s %s; the %s commands are:\n", argv[1], argv[2],
		        argv[1]);
	else
		fprintf(stderr, "haven: %s needs a command; they are:\n", argv[1]);
	print_commands(stderr, argv[1]);
	return EXIT_USAGE;
}

/* The command named by argv[1] (and argv[2] for two-word commands like "import settings"). */
static const struct command *find_command(int argc, char **argv, int *words)
{
	const struct command *tables[MAX_COMMAND_TABLES];
	size_t n = command_tables(tables);
	for (size_t t = 0; t < n; t++) {
		for (const struct command *c = tables[t]; c->name; c++) {
			const char *space = strchr(c->name, ' ');
			if (!space && strcmp(c->name, argv[1]) == 0) {
				*words = 1;
				return c;
			}
			if (space && argc > 2 && strncmp(c->name, argv[1], (size_t)(space - c->name)) == 0 &&
			    argv[1][space - c->name] == '\0' && strcmp(space + 1, argv[2]) == 0) {
				*words = 2;
				return c;
			}
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(NULL, "a command is needed");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_help();
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("haven %s (schema version %d)\n", HAVEN_VERSION, store_schema_version());
		return 0;
	}
	int words = 0;
	const struct command *command = find_command(argc, argv, &words);
	if (!command) {
		int group = group_help(argc, argv);
		if (group >= 0)
			return group;
		if (argv[1][0] == '-')
			return cli_usage_error(NULL, "unknown option %s", argv[1]);
		return cli_usage_error(NULL, "unknown command %s", argv[1]);
	}
	char *err = NULL;
	if (areas_assemble(&err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err);
		free(err);
		return 1;
	}
	return command->run(argc - words, argv + words);
}
