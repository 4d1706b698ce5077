/*
 * commands.c (admin) — people's accounts and the partnership's agencies from
 * the command line, for setting Haven up before anyone can sign in and for
 * scripts:
 *
 *   haven user add --db PATH --email E --name N --agency SLUG --role R [--role R ...] [--invite]
 *   haven user list --db PATH
 *   haven user disable --db PATH --email E --reason TEXT
 *   haven user enable --db PATH --email E --reason TEXT
 *   haven agency list --db PATH
 *
 * A new user's first password is read from standard input (its first line),
 * never from the command line, where other users of the machine could see
 * it. Bad arguments are usage errors (exit 2); an unknown role or agency, a
 * weak password, a taken email address or a role the database refuses exit
 * 1, naming which (why_not_added). Every change is audited as
 * done by nobody signed in, like the web's, through auth/store.h.
 */
#include "areas/admin/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/cli.h"
#include "auth/policy.h"
#include "areas/partnership/store.h"
#include "areas/passwords/account_fields.h"
#include "areas/passwords/invite.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/store.h"
#include "auth/user.h"
#include "core/buf.h"
#include "router/fields.h"
#include "store/store.h"

static const char user_add_usage[] =
    "Usage: haven user add --db PATH --email EMAIL --name NAME --agency SLUG --role ROLE [--role ROLE ...]\n"
    "                      [--invite]\n"
    "\n"
    "Creates a person's account. With --invite, they are sent an email with a\n"
    "link (valid 72 hours, once) where they choose their own password (set\n"
    "HAVEN_PUBLIC_URL to Haven's address for the link). Without it, their\n"
    "first password is read from standard input (the first line; you are asked\n"
    "for it when that is a terminal). It must be 12 characters or more and not\n"
    "a common password. Give it to the person securely; they can change it at\n"
    "/account/password.\n"
    "\n"
    "  --db PATH       the SQLite database file\n"
    "  --email EMAIL   their email address, which they sign in with\n"
    "  --name NAME     their full name\n"
    "  --agency SLUG   their agency (see 'haven agency list')\n"
    "  --role ROLE     a role, given once for each: admin, partnership, practitioner,\n"
    "                  front_door, police, dsl, idva, scrutineer, agency_admin\n"
    "  --invite        email them an invitation instead of reading a password\n"
    "  --help          show this help\n";

static const char user_list_usage[] = "Usage: haven user list --db PATH\n"
                                      "\n"
                                      "Prints every account, one a line, by name, in tab-separated columns:\n"
                                      "email, name, agency slug, roles (comma-separated), and \"active\" or\n"
                                      "\"disabled\".\n"
                                      "\n"
                                      "  --db PATH   the SQLite database file\n"
                                      "  --help      show this help\n";

static const char user_disable_usage[] =
    "Usage: haven user disable --db PATH --email EMAIL --reason TEXT\n"
    "\n"
    "Disables an account and ends its sessions: the person can no longer sign\n"
    "in, and signed-in browsers and API tokens stop working at once. The links\n"
    "they were sent (an invitation, a password reset) are cancelled, and only an\n"
    "administrator can enable the account again. The reason (who asked, and\n"
    "why) is required and kept in the audit trail.\n"
    "\n"
    "  --db PATH       the SQLite database file\n"
    "  --email EMAIL   the account's email address\n"
    "  --reason TEXT   why it is disabled\n"
    "  --help          show this help\n";

static const char agency_list_usage[] =
    "Usage: haven agency list --db PATH\n"
    "\n"
    "Prints the partnership's agencies, one a line, by name, in tab-separated\n"
    "columns: slug, type, area (the local authority's name, the names of\n"
    "several separated by \", \", or \"partnership-wide\"), and name.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

/* A one-line message for a failure the user cannot fix by retyping. */
static int fail(const char *what, enum haven_status st)
{
	fprintf(stderr, "haven: %s: %s\n", what, haven_status_name(st));
	return 1;
}

/*
 * Checks a name and an email address as the web does, lower-casing the
 * email. Returns 0 (*email_out and *name_out are new strings, caller frees),
 * else prints the usage error and returns EXIT_USAGE.
 */
static int check_person(const char *command, const char *email, const char *name, char **email_out,
                        char **name_out)
{
	static const struct field_spec with_name[] = {
	    {.name = "name",
	     .label = "--name",
	     .type = FIELD_TEXT,
	     .required = true,
	     .max = ACCOUNT_NAME_MAX,
	     .in_emails = true},
	    {.name = "email", .label = "--email", .type = FIELD_EMAIL, .required = true, .max = 254},
	    {0},
	};
	const struct field_spec *specs = name ? with_name : with_name + 1; /* just the email */
	json_t *given = json_object();
	json_object_set_new(given, "email", json_string(email));
	if (name)
		json_object_set_new(given, "name", json_string(name));
	json_t *values = NULL, *errors = json_array();
	int status = 0;
	if (!json_object_get(given, "email") || (name && !json_object_get(given, "name"))) {
		status = cli_usage_error(command, "the arguments must be valid UTF-8 text");
	} else if (fields_validate_json(specs, given, &values, errors) != HAVEN_OK) {
		/* the first problem; "Enter --email in the correct format, ..." */
		const char *message =
		    json_string_value(json_object_get(json_array_get(errors, 0), "message"));
		status = cli_usage_error(command, "%s", message ? message : "invalid arguments");
	} else {
		*email_out = strdup(json_string_value(json_object_get(values, "email")));
		*name_out = name ? strdup(json_string_value(json_object_get(values, "name"))) : NULL;
	}
	json_decref(given);
	json_decref(values);
	json_decref(errors);
	return status;
}

/* Reads the first line of standard input, without echo on a terminal. NULL at end of input. */
static char *read_password(void)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios saved, quiet;
	bool echo_off = false;
	if (tty) {
		fputs("Password: ", stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &saved) == 0) {
			quiet = saved;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			echo_off = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	if (tty)
		fputc('\n', stderr);
	if (n < 0) {
		free(line);
		return NULL;
	}
	/* as the sign-in form does: surrounding spaces are not part of a password */
	size_t len = (size_t)n;
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
	               line[len - 1] == '\t'))
		len--;
	line[len] = '\0';
	size_t start = strspn(line, " \t");
	memmove(line, line + start, len - start + 1);
	return line;
}

/*
 * For the commands that take nothing but --db (and --help): parses them and
 * opens the store. CLI_GO_ON once it is open (the caller closes it), else
 * the exit status (cli_parse's answer, or 1 when the store does not open).
 */
static int db_only_open(const char *command, const char *usage, int argc, char **argv)
{
	const char *db = NULL;
	const struct cli_option options[] = {{.name = "db", .value = &db, .missing = "--db PATH"}, {0}};
	int parsed = cli_parse(command, usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	return cli_open_store(db) != 0 ? 1 : CLI_GO_ON;
}

/*
 * Whether adding the account `email` to `agency` may go on, or went well
 * (`st`, from a check before it or from inviting or creating the person): 0
 * when `st` is HAVEN_OK; else 1, with why on standard error, read as the
 * web's forms read it (account_refusal): an account with the address exists
 * (CONFLICT, which the store answers for nothing else), no such agency
 * (NOT_FOUND), the agency's type may not hold the roles (DENIED), the
 * database refuses a role (INVALID); or the store failed (`failing` says at
 * what). Nothing was added in any of these.
 */
static int why_not_added(enum haven_status st, const char *email, const char *agency, const char *failing)
{
	const char *field, *refusal = account_refusal(st, &field);
	if (st == HAVEN_ERR_CONFLICT)
		fprintf(stderr, "haven: an account with the email address %s already exists\n", email);
	else if (st == HAVEN_ERR_NOT_FOUND)
		fprintf(stderr, "haven: unknown agency %s (see 'haven agency list')\n", agency);
	else if (refusal) /* on "roles", the --role options */
		fprintf(stderr, "haven: --role: %s (agency %s)\n", refusal, agency);
	else if (st != HAVEN_OK)
		fail(failing, st);
	return st == HAVEN_OK ? 0 : 1;
}

/* The size of a password's hash as text (auth/password.h, password_hash). */
#define PASSWORD_HASH_SIZE 160

/*
 * The first password, read from standard input, checked as the web's is for
 * `name` <`email`> and hashed into `hash`; what was typed is wiped. 0, or 1
 * with why on standard error: none given, too weak, or the hashing failed.
 */
static int first_password_hash(const char *name, const char *email, char hash[static PASSWORD_HASH_SIZE])
{
	char *password = read_password();
	const char *problem = NULL;
	enum haven_status st = HAVEN_ERR_INVALID;
	if (!password || !*password)
		fprintf(stderr, "haven: give the first password on standard input\n");
	else if ((problem = password_problem(password, name, email)) != NULL)
		fprintf(stderr, "haven: %s\n", problem);
	else if ((st = password_hash(password, hash, PASSWORD_HASH_SIZE)) != HAVEN_OK)
		fail("cannot hash the password", st);
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	return st == HAVEN_OK ? 0 : 1;
}

static int cmd_user_add(int argc, char **argv)
{
	static const char command[] = "user add";
	const char *db = NULL, *email_arg = NULL, *name_arg = NULL, *agency = NULL;
	bool invite = false;
	const char *role_args[ROLE_COUNT * 2];
	size_t role_count = 0;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "email", .value = &email_arg, .missing = "--email EMAIL"},
	    {.name = "name", .value = &name_arg, .missing = "--name NAME"},
	    {.name = "agency", .value = &agency, .missing = "--agency SLUG"},
	    {.name = "role",
	     .list = role_args,
	     .most = sizeof role_args / sizeof role_args[0],
	     .count = &role_count,
	     .missing = "at least one --role ROLE"},
	    {.name = "invite", .flag = &invite},
	    {0},
	};
	int parsed = cli_parse(command, user_add_usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	unsigned roles = 0;
	for (size_t i = 0; i < role_count; i++) {
		enum role r = role_from_name(role_args[i]);
		if (!r) {
			fprintf(
			    stderr,
			    "haven: unknown role %s (one of admin, partnership, practitioner, front_door, "
			    "police, dsl, idva, scrutineer, agency_admin)\n",
			    role_args[i]);
			return 1;
		}
		roles |= (unsigned)r;
	}
	const char *roles_problem = policy_roles_problem(roles);
	if (roles_problem) {
		fprintf(stderr, "haven: %s\n", roles_problem);
		return 1;
	}
	char *email = NULL, *name = NULL;
	int status = check_person(command, email_arg, name_arg, &email, &name);
	if (status != 0)
		return status;

	status = 1;
	bool opened = false;
	if (cli_open_store(db) != 0)
		goto out;
	opened = true;
	json_t *found = NULL;
	enum haven_status st = partnership_get_agency(agency, &found);
	const char *type_problem =
	    st == HAVEN_OK ? policy_role_agency_problem(roles, field_text(found, "type")) : NULL;
	json_decref(found);
	if (why_not_added(st, email, agency, "cannot read the agencies") != 0)
		goto out;
	if (type_problem) {
		fprintf(stderr, "haven: --role: %s (agency %s)\n", type_problem, agency);
		goto out;
	}
	struct account existing;
	st = auth_store_account_by_email(email, &existing);
	/* an account found is one the new one would clash with; none found is as it should be */
	st = st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	if (why_not_added(st, email, agency, "cannot read the accounts") != 0)
		goto out;
	/* invited, they choose their own password from the email's link: nobody here sees it */
	char hash[PASSWORD_HASH_SIZE];
	if (!invite && first_password_hash(name, email, hash) != 0)
		goto out;
	struct new_user u = {email, name, agency, roles, invite ? NULL : hash};
	struct actor nobody = {0};
	long long id = 0;
	st = invite ? passwords_invite_now(&u, &nobody, &id) : auth_store_user_create(&u, &nobody, &id);
	status = why_not_added(st, email, agency,
	                       invite ? "cannot invite the person" : "cannot create the account");
	if (status == 0 && invite)
		printf("invited %s (account id %lld): the email with their link is in the outbox\n", email,
		       id);
	else if (status == 0)
		printf("created the account %s (id %lld)\n", email, id);
out:
	if (opened)
		store_close();
	free(email);
	free(name);
	return status;
}

static void print_roles(const json_t *roles)
{
	size_t i;
	json_t *r;
	json_array_foreach(roles, i, r) printf("%s%s", i ? "," : "", json_string_value(r));
}

static int cmd_user_list(int argc, char **argv)
{
	int parsed = db_only_open("user list", user_list_usage, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	int status = 0;
	/* a page at a time, so a national register's accounts never sit in memory at once */
	enum { CLI_PAGE = 1000 };
	long long after = 0, total = 0;
	for (;;) {
		json_t *users = NULL;
		enum haven_status st = auth_store_user_list(NULL, after, false, CLI_PAGE, &users, &total, 1);
		if (st != HAVEN_OK) {
			status = fail("cannot read the accounts", st);
			break;
		}
		size_t i;
		json_t *u;
		json_array_foreach(users, i, u)
		{
			printf("%s\t%s\t%s\t", json_string_value(json_object_get(u, "email")),
			       json_string_value(json_object_get(u, "name")),
			       json_string_value(json_object_get(u, "agency_slug")));
			print_roles(json_object_get(u, "roles"));
			printf("\t%s\n",
			       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active");
			after = json_integer_value(json_object_get(u, "id"));
		}
		size_t n = json_array_size(users);
		json_decref(users);
		if (n < CLI_PAGE)
			break;
	}
	store_close();
	return status;
}

/*
 * The options of a command that changes one account for a reason (`user disable`, `user enable`): --db,
 * --email and --reason (required, at most 500 characters: who asked, and why, for the audit row), parsed,
 * the email checked (new in *email) and the store opened. CLI_GO_ON, or the exit status after saying why
 * (nothing to free, nothing open).
 */
static int account_reason_open(const char *command, const char *usage, int argc, char **argv, char **email,
                               const char **reason)
{
	const char *db = NULL, *email_arg = NULL;
	*reason = NULL;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {.name = "email", .value = &email_arg, .missing = "--email EMAIL"},
	    {.name = "reason", .value = reason},
	    {0},
	};
	int parsed = cli_parse(command, usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	if (!*reason || !**reason || strlen(*reason) > 500)
		return cli_usage_error(
		    command, "--reason TEXT is required (at most 500 characters): who asked, and why");
	char *no_name = NULL;
	int status = check_person(command, email_arg, NULL, email, &no_name);
	if (status != 0)
		return status;
	if (cli_open_store(db) != 0) {
		free(*email);
		*email = NULL;
		return 1;
	}
	return CLI_GO_ON;
}

static int cmd_user_disable(int argc, char **argv)
{
	char *email = NULL;
	const char *reason = NULL;
	int status = account_reason_open("user disable", user_disable_usage, argc, argv, &email, &reason);
	if (status != CLI_GO_ON)
		return status;
	status = 1;
	struct account account;
	enum haven_status st = auth_store_account_by_email(email, &account);
	if (st == HAVEN_ERR_NOT_FOUND) {
		fprintf(stderr, "haven: no account has the email address %s\n", email);
	} else if (st != HAVEN_OK) {
		fail("cannot read the accounts", st);
	} else if (account.disabled && account.disabled_by_administrator) {
		printf("the account %s was already disabled\n", email);
		status = 0;
	} else {
		/* an account its agency administrator disabled becomes an administrator's disable, which only
		 * an administrator undoes, as on the page and in the API */
		struct actor nobody = {0};
		st = passwords_disable(account.user.id, &nobody, auth_now(), reason, true);
		if (st == HAVEN_ERR_CONFLICT) {
			fprintf(stderr,
			        "haven: %s is the last active administrator: give another account the admin "
			        "role first\n",
			        email);
		} else if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND) {
			fail("cannot disable the account", st);
		} else {
			printf("disabled the account %s and ended its sessions\n", email);
			status = 0;
		}
	}
	store_close();
	free(email);
	return status;
}

static const char user_enable_usage[] =
    "Usage: haven user enable --db PATH --email EMAIL --reason TEXT\n"
    "\n"
    "Re-enables a disabled account, so the person can sign in again. The\n"
    "reason (who asked, and why) is kept in the audit trail.\n"
    "\n"
    "  --db PATH       the SQLite database file\n"
    "  --email EMAIL   the account's email address\n"
    "  --reason TEXT   why it is re-enabled\n"
    "  --help          show this help\n";

static int cmd_user_enable(int argc, char **argv)
{
	char *email = NULL;
	const char *reason = NULL;
	int status = account_reason_open("user enable", user_enable_usage, argc, argv, &email, &reason);
	if (status != CLI_GO_ON)
		return status;
	status = 1;
	struct actor nobody = {0};
	enum haven_status st = auth_store_user_enable(email, &nobody, reason, true);
	if (st == HAVEN_OK) {
		printf("re-enabled the account %s\n", email);
		status = 0;
	} else if (st == HAVEN_ERR_NOT_FOUND) {
		fprintf(stderr, "haven: no disabled account has the email address %s\n", email);
	} else {
		fail("cannot re-enable the account", st);
	}
	store_close();
	free(email);
	return status;
}

static int cmd_agency_list(int argc, char **argv)
{
	int parsed = db_only_open("agency list", agency_list_usage, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	int status = 0;
	json_t *agencies = NULL;
	enum haven_status st = partnership_list_agencies(NULL, NULL, &agencies);
	if (st != HAVEN_OK) {
		status = fail("cannot read the agencies", st);
	} else {
		size_t i;
		json_t *a;
		json_array_foreach(agencies, i, a)
		{
			const char *area = json_string_value(json_object_get(a, "area_name"));
			const char *several = json_string_value(json_object_get(a, "areas_served"));
			printf("%s\t%s\t%s\t%s\n", json_string_value(json_object_get(a, "slug")),
			       json_string_value(json_object_get(a, "type")),
			       area      ? area
			       : several ? several
			                 : "partnership-wide",
			       json_string_value(json_object_get(a, "name")));
		}
	}
	json_decref(agencies);
	store_close();
	return status;
}

const struct command admin_commands[] = {
    {"user add", "create a person's account (the password is read from standard input)", user_add_usage,
     cmd_user_add},
    {"user list", "list every account with its agency, roles and status", user_list_usage, cmd_user_list},
    {"user disable", "disable an account and end its sessions", user_disable_usage, cmd_user_disable},
    {"user enable", "re-enable a disabled account, with the reason", user_enable_usage, cmd_user_enable},
    {"agency list", "list the partnership's agencies with their slugs", agency_list_usage, cmd_agency_list},
    {0, 0, 0, 0},
};
