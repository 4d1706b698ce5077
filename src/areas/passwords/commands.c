/*
 * commands.c (passwords) — `haven user import --db PATH FILE.csv`: invites
 * many people at once, all or nothing. FILE.csv has the header
 * email,name,agency,roles (roles separated by ';'). Every row is checked
 * first, as the invitation form checks one person, and each bad row named
 * by its line; then everyone is invited in one unit of work, where what
 * only the database knows (an email that has an account, an unknown agency)
 * is named for every row before nothing is saved.
 */
#include "areas/passwords/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/csv_import_checks.h"
#include "app/import_command.h"
#include "areas/partnership/store.h"
#include "areas/passwords/account_fields.h"
#include "areas/passwords/store.h"
#include "auth/policy.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "auth/user.h"
#include "core/alloc.h"
#include "router/errors.h"
#include "router/fields.h"
#include "store/store.h"

static const char user_import_usage[] =
    "Usage: haven user import --db PATH FILE.csv\n"
    "\n"
    "Invites many people at once. FILE.csv (UTF-8, RFC 4180) has the header row\n"
    "email,name,agency,roles and one person a row: their work email, full name,\n"
    "agency slug (see 'haven agency list') and roles separated by ';' (admin,\n"
    "partnership, practitioner, front_door, police, dsl, idva, scrutineer,\n"
    "agency_admin; each agency's type allows only some: see README). Each\n"
    "gets an invitation email with a link (72 hours, once) where they choose\n"
    "their own password; set HAVEN_PUBLIC_URL to Haven's address for the link.\n"
    "If any row is wrong, each wrong row is named with its line and why, and\n"
    "nobody is invited.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command user_import = {
    .name = "user import",
    .usage = user_import_usage,
    .file = "FILE.csv",
    .file_max_mb = 10,
};

static const struct field_spec person_fields[] = {
    {.name = "email", .label = "the email address", .type = FIELD_EMAIL, .required = true, .max = 254},
    {.name = "name",
     .label = "the full name",
     .type = FIELD_TEXT,
     .required = true,
     .max = ACCOUNT_NAME_MAX,
     .in_emails = true},
    {.name = "agency", .label = "the agency's slug", .type = FIELD_SLUG, .required = true, .max = 100},
    {.name = "roles",
     .label = "the roles",
     .type = FIELD_CHOICE,
     .required = true,
     .multiple = true,
     .choices = roles_choices},
    {0},
};

/* Checks one row's fields into `values`; problems appended to `errors`. */
static void check_row(const json_t *fields, json_t **values, json_t *errors)
{
	*values = NULL;
	if (json_array_size(fields) != 4) {
		errors_add(errors, "row", "a row has 4 fields: email,name,agency,roles");
		return;
	}
	for (size_t f = 0; f < 4; f++)
		if (!json_string_value(json_array_get(fields, f))) {
			errors_add(errors, "row", "the row is not UTF-8 text: save the file as UTF-8");
			return;
		}
	static const char *const names[] = {"email", "name", "agency"};
	struct field_pair pairs[3 + ROLE_COUNT * 2];
	size_t n = 0;
	for (size_t f = 0; f < 3; f++)
		if (*json_string_value(json_array_get(fields, f)))
			pairs[n++] =
			    (struct field_pair){names[f], json_string_value(json_array_get(fields, f))};
	char *roles = xstrdup(json_string_value(json_array_get(fields, 3)));
	char *save = NULL;
	for (char *role = strtok_r(roles, ";", &save); role && n < sizeof pairs / sizeof pairs[0];
	     role = strtok_r(NULL, ";", &save))
		pairs[n++] = (struct field_pair){"roles", role};
	if (fields_validate_pairs(person_fields, pairs, n, NULL, values, errors) == HAVEN_OK) {
		unsigned set = 0;
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(*values, "roles"), i, r) set |=
		    (unsigned)role_from_name(json_string_value(r));
		const char *problem = policy_roles_problem(set);
		if (problem)
			errors_add(errors, "roles", problem);
	}
	free(roles);
}

static int cmd_user_import(int argc, char **argv)
{
	static const char *const header[] = {"email", "name", "agency", "roles"};
	struct import_args args;
	json_t *records;
	int status;
	if (!csv_import_records(&user_import, argc, argv, header, 4, "nobody was invited", &args, &records,
	                        &status))
		return status;
	size_t count = json_array_size(records) - 1, bad = 0;
	struct new_user *users = xcalloc(count ? count : 1, sizeof *users);
	struct new_link *links = xcalloc(count ? count : 1, sizeof *links);
	char(*tokens)[TOKEN_TEXT_SIZE] = xcalloc(count ? count : 1, sizeof *tokens);
	json_t *all = json_array(), *lines = json_array();
	int64_t now = auth_now();
	for (size_t i = 0; i < count; i++) {
		json_t *record = json_array_get(records, i + 1);
		long long line = json_integer_value(json_array_get(record, 0));
		json_array_append_new(lines, json_integer(line));
		json_t *errors = json_array(), *values = NULL;
		check_row(json_array_get(record, 1), &values, errors);
		/* the same email twice in the file */
		const char *mine = field_text(values, "email");
		for (size_t j = 0; mine && j < i; j++) {
			const char *earlier = field_text(json_array_get(all, j), "email");
			if (earlier && strcmp(earlier, mine) == 0) {
				char message[80];
				snprintf(message, sizeof message, "this email address is also on line %lld",
				         json_integer_value(json_array_get(lines, j)));
				errors_add(errors, "email", message);
				break;
			}
		}
		bad += csv_say_row_errors(args.file, line, errors);
		json_decref(errors);
		json_array_append_new(all, values ? values : json_object());
		if (values) {
			unsigned set = 0;
			size_t r;
			json_t *role;
			json_array_foreach(json_object_get(values, "roles"), r, role) set |=
			    (unsigned)role_from_name(json_string_value(role));
			users[i] = (struct new_user){field_text(values, "email"), field_text(values, "name"),
			                             field_text(values, "agency"), set, NULL};
			token_new(tokens[i]);
			links[i] = (struct new_link){tokens[i], now};
		}
	}
	status = 1;
	if (bad) {
		fprintf(stderr, "haven: %zu of %zu rows are wrong; nobody was invited\n", bad, count);
	} else if (cli_open_store(args.db) == 0) {
		json_t *problems = json_array();
		struct actor nobody = {0};
		/* each row's roles against its agency's type (an unknown agency is named by
		 * passwords_invite_many) */
		size_t wrong_type = 0;
		enum haven_status st = HAVEN_OK;
		for (size_t i = 0; i < count && st == HAVEN_OK; i++) {
			json_t *agency = NULL;
			st = partnership_get_agency(users[i].agency_slug, &agency);
			const char *problem =
			    st == HAVEN_OK
			        ? policy_role_agency_problem(users[i].roles, field_text(agency, "type"))
			        : NULL;
			json_decref(agency);
			if (st == HAVEN_ERR_NOT_FOUND)
				st = HAVEN_OK;
			if (problem) {
				fprintf(stderr, "haven: %s line %lld: roles: %s\n", args.file,
				        json_integer_value(json_array_get(lines, i)), problem);
				wrong_type++;
			}
		}
		if (st == HAVEN_OK && wrong_type) {
			fprintf(stderr, "haven: %zu of %zu rows are wrong\n", wrong_type, count);
			st = HAVEN_ERR_INVALID;
			json_decref(problems);
			problems = json_array(); /* nothing more to name */
		} else if (st == HAVEN_OK) {
			st = passwords_invite_many(users, links, count, &nobody, problems);
		}
		if (st == HAVEN_OK) {
			printf("invited %zu people: their emails are in the outbox\n", count);
			status = 0;
		} else if (st == HAVEN_ERR_INVALID) {
			size_t k;
			json_t *p;
			json_array_foreach(problems, k, p)
			    fprintf(stderr, "haven: %s line %lld: %s: %s\n", args.file,
			            json_integer_value(json_array_get(lines, (size_t)field_int(p, "index"))),
			            field_text(p, "field"), field_text(p, "message"));
			fprintf(stderr, "haven: nobody was invited\n");
		} else {
			status = import_failed("inviting people", st);
		}
		json_decref(problems);
		store_close();
	}
	explicit_bzero(tokens, (count ? count : 1) * sizeof *tokens);
	free(tokens);
	free(links);
	free(users);
	json_decref(all);
	json_decref(lines);
	json_decref(records);
	return status;
}

const struct command passwords_commands[] = {
    {"user import", "invite many people from a CSV file, all or nothing", user_import_usage, cmd_user_import},
    {0, 0, 0, 0},
};
