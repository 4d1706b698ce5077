/*
 * area.c (governance) — information governance: searching and exporting
 * the audit trail, breaking glass on a child's record with a reason, the
 * review of every break-glass grant (and, beside them, of every record an
 * agency took from a likely duplicate, with its reason, of every user
 * stopped after too many refused records: auth/refusals.h, whose limits the
 * area's start hook reads, and of every opening of a subject access
 * request's pack, whose rows the subjectaccess store offers), and
 * `haven audit verify`.
 *
 * Who may do what (the access table beside the routes): "audit.read"
 * (the partnership) for the trail and the review, "child.break_glass"
 * (front door and police) for breaking glass. The server audits GET
 * requests for audited actions before the handler runs; the searches here
 * are POSTs (see below), so they write their own audit row, and a break-glass
 * grant writes its row in the same transaction as the grant
 * (auth_store_break_glass).
 *
 * Why searching is a POST. The filters include a person's email address,
 * and a child's id is personal data too. A GET query string ends up in
 * browser history, proxy and server logs and Referer headers, so the search
 * form posts its filters in the body (POST /audit/search) and the results
 * come back in that response, with no redirect that would put them in a
 * URL. Paging through a search posts the same filters again with before_id
 * (the "Next page" button is a small form). GET /audit takes only before_id
 * and lists the newest rows unfiltered. The CSV export
 * (POST /audit/export.csv) and the API (POST /api/v1/audit/search, JSON
 * body) take the same fields the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "app/hourly_allowance.h"
#include "router/errors.h"
#include "router/page.h"
#include "app/cli.h"
#include "areas/governance/store.h"
#include "areas/subjectaccess/store.h"
#include "auth/audit.h"
#include "auth/policy.h"
#include "auth/refusals.h"
#include "auth/session.h"
#include "auth/store.h"
#include "core/buf.h"

#define PAGE_ROWS 100
#define EXPORT_ROWS 1000
#define BREAK_GLASS_SECONDS 3600
#define MAX_ID 999999999999LL

/* ---- field specs ---- */

/* The paging cursors of router/page.h (after: older rows, before: newer), beside before_id (as after). */
#define CURSOR_FIELDS                                                                                        \
	{.name = "after", .label = "the page to show", .type = FIELD_CURSOR},                                \
	{                                                                                                    \
		.name = "before", .label = "the page to show", .type = FIELD_CURSOR                          \
	}

static const struct field_spec recent_query[] = {
    {.name = "before_id", .label = "the row to list from", .type = FIELD_INT, .min = 1, .max = MAX_ID},
    CURSOR_FIELDS,
    {0},
};

#define SEARCH_FIELDS                                                                                        \
	{.name = "user_email", .label = "the email address of the person", .type = FIELD_EMAIL},             \
	    {.name = "child_id",                                                                             \
	     .label = "the child's record number",                                                           \
	     .type = FIELD_INT,                                                                              \
	     .min = 1,                                                                                       \
	     .max = MAX_ID},                                                                                 \
	    {.name = "action", .label = "the action", .type = FIELD_TEXT, .max = 100},                       \
	    {.name = "from", .label = "the date to search from", .type = FIELD_DATE},                        \
	    {.name = "to", .label = "the date to search to", .type = FIELD_DATE},                            \
	{                                                                                                    \
		.name = "before_id", .label = "the row to list from", .type = FIELD_INT, .min = 1,           \
		.max = MAX_ID                                                                                \
	}

static const struct field_spec search_fields[] = {SEARCH_FIELDS, CURSOR_FIELDS, {0}};

static const struct field_spec api_search_fields[] = {
    SEARCH_FIELDS,
    CURSOR_FIELDS,
    {.name = "limit", .label = "the number of rows", .type = FIELD_INT, .min = 1, .max = EXPORT_ROWS},
    {0},
};

static const char *const record_types[] = {"child", NULL};

/*
 * The reason is only checked for being text here, and fully in the handler
 * (reason_rule): a page shown again must keep the record it is about, and
 * only the handler has it (a route's redisplay sees no input).
 */
static const struct field_spec break_glass_fields[] = {
    {.name = "resource_type",
     .label = "the type of record",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = record_types},
    {.name = "resource_id",
     .label = "the record's number",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = MAX_ID},
    {.name = "reason", .label = "why you need to see this record now", .type = FIELD_TEXT},
    {0},
};

static const struct field_spec reason_rule[] = {
    {.name = "reason",
     .label = "why you need to see this record now",
     .type = FIELD_TEXT,
     .required = true,
     .min = 10,
     .max = 1000},
    {0},
};

/* ---- the audit trail ---- */

/* The filters of one search, borrowed from the request's input. */
struct filters {
	struct audit_query query;
	char child_id[32];
	const char *user_email;
	bool any; /* some filter was given */
};

/*
 * Turns validated input into an audit query. Appends {field, message} to
 * `errors` for what field validation cannot see: an email address with no
 * account, and a "from" date after the "to" date.
 */
static enum haven_status read_filters(const struct request *req, struct filters *f, json_t *errors)
{
	memset(f, 0, sizeof *f);
	f->user_email = field_text(req->input, "user_email");
	if (f->user_email) {
		struct account account;
		enum haven_status st = auth_store_account_by_email(f->user_email, &account);
		if (st == HAVEN_ERR_NOT_FOUND)
			json_array_append_new(errors,
			                      json_pack("{s:s, s:s}", "field", "user_email", "message",
			                                "There is no Haven account with this email address"));
		else if (st != HAVEN_OK)
			return st;
		else
			f->query.user_id = account.user.id;
	}
	long long child = field_int(req->input, "child_id");
	if (child > 0) {
		/* every row that showed the child: its record, and the incidents, notifications,
		 * requests, referrals, reviews and lists that named it (audit_children) */
		snprintf(f->child_id, sizeof f->child_id, "%lld", child);
		f->query.child_id = child;
	}
	f->query.action = field_text(req->input, "action");
	f->query.from_date = field_text(req->input, "from");
	f->query.to_date = field_text(req->input, "to");
	if (f->query.from_date && f->query.to_date && strcmp(f->query.from_date, f->query.to_date) > 0)
		json_array_append_new(
		    errors,
		    json_pack("{s:s, s:s}", "field", "to", "message",
		              "The date to search to must be the same as or after the date to search from"));
	f->query.before_id = field_int(req->input, "before_id");
	f->query.limit = PAGE_ROWS;
	f->any = f->user_email || child > 0 || f->query.action || f->query.from_date || f->query.to_date;
	return HAVEN_OK;
}

/* The filters as the form typed them, for showing the form again and the next page's hidden fields. */
static json_t *filter_values(const struct filters *f)
{
	json_t *v = json_object();
	if (f->user_email)
		json_object_set_new(v, "user_email", json_string(f->user_email));
	if (f->child_id[0])
		json_object_set_new(v, "child_id", json_string(f->child_id));
	if (f->query.action)
		json_object_set_new(v, "action", json_string(f->query.action));
	if (f->query.from_date)
		json_object_set_new(v, "from", json_string(f->query.from_date));
	if (f->query.to_date)
		json_object_set_new(v, "to", json_string(f->query.to_date));
	return v;
}

static json_t *audit_model(void)
{
	return json_pack("{s:s}", "title", "Audit trail");
}

/* The page when the filters were invalid (the route's redisplay): the form alone. */
static enum haven_status audit_form(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, audit_model());
	return HAVEN_OK;
}

/*
 * Searches and fills the model: {title, rows, count, found, next_before_id,
 * next, page} (router/page.h: the "after" and "before" cursors page the
 * trail like every list; before_id is the older way to say "after") and, for
 * pages, the filters for the form (submitted) and the next page.
 */
static enum haven_status run_search(struct request *req, struct response *res, struct filters *f,
                                    bool searched)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	page.limit = f->query.limit ? f->query.limit : PAGE_ROWS;
	if (page.after > 0)
		f->query.before_id = page.after;
	if (page.before > 0)
		f->query.after_id = page.before;
	f->query.one_more = true;
	json_t *rows = NULL;
	enum haven_status st = audit_search(&f->query, &rows);
	if (st != HAVEN_OK)
		return st;
	json_t *model = audit_model();
	/* the trail is not counted: at a hundred thousand rows a day, "more" is enough */
	page_finish(&page, req, model, "rows", rows, "id", -1, "rows");
	rows = json_object_get(model, "rows");
	size_t n = json_array_size(rows);
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	const char *next_cursor = json_string_value(json_object_get(model, "next"));
	long long next = next_cursor ? strtoll(next_cursor, NULL, 10) : 0;
	json_object_set_new(model, "next_before_id", next ? json_integer(next) : json_null());
	if (!req->api) {
		json_object_set_new(model, "found", json_boolean(n > 0));
		json_object_set_new(model, "show_results", json_true());
		json_object_set_new(model, "searched", json_boolean(searched));
		json_t *values = filter_values(f);
		if (searched) {
			/* a search pages by posting its filters again: its links are small forms */
			const json_t *info = json_object_get(model, "page");
			const char *const which[] = {"next", "previous"};
			const char *const field[] = {"after", "before"};
			for (int i = 0; i < 2; i++) {
				if (!json_is_string(json_object_get(info, which[i])))
					continue;
				json_t *form = json_deep_copy(values);
				json_object_set_new(form, "field", json_string(field[i]));
				json_object_set(form, "cursor", json_object_get(info, which[i]));
				json_object_set_new(model, i == 0 ? "next_form" : "previous_form", form);
			}
		}
		json_object_set_new(model, "submitted", values);
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /audit, GET /api/v1/audit: the newest rows, unfiltered (audited by the server). */
static enum haven_status audit_recent(struct request *req, struct response *res)
{
	struct filters f;
	memset(&f, 0, sizeof f);
	f.query.before_id = field_int(req->input, "before_id");
	f.query.limit = PAGE_ROWS;
	return run_search(req, res, &f, false);
}

/* An audit row for a search or export, which the server does not write for a POST. */
/*
 * Records a search of the trail with what it looked for: a search by child
 * names the child as its resource, and the other filters go in the reason,
 * so the governance review can see who looked into whom.
 */
static enum haven_status audit_the_search(const struct request *req, const struct filters *f,
                                          const char *action)
{
	struct buf what = BUF_INIT;
	buf_append_str(&what, "filters:");
	if (f->query.user_id)
		buf_printf(&what, " user %lld", f->query.user_id);
	if (f->query.action)
		buf_printf(&what, " action %s", f->query.action);
	if (f->query.from_date)
		buf_printf(&what, " from %s", f->query.from_date);
	if (f->query.to_date)
		buf_printf(&what, " to %s", f->query.to_date);
	if (f->child_id[0])
		buf_printf(&what, " child %s", f->child_id);
	if (!f->any)
		buf_append_str(&what, " none");
	struct audit_event e = {
	    .user_id = req->user->id,
	    .agency_id = req->user->agency_id,
	    .action = action,
	    .resource_type = f->child_id[0] ? "child" : NULL,
	    .resource_id = f->child_id[0] ? f->child_id : NULL,
	    .reason = buf_cstr(&what),
	    .client_address = req->client_address,
	};
	enum haven_status st = auth_store_audit(&e);
	buf_free(&what);
	return st;
}

/*
 * Reads a search's filters (with `limit` rows at most, if above 0) and
 * audits the search as `action`. *refused is true when the filters were
 * refused: the response has the errors, for the route's page (the audit
 * search form) with the filters as typed, and the handler is done.
 */
static enum haven_status audited_filters(struct request *req, struct response *res, struct filters *f,
                                         long long limit, const char *action, bool *refused)
{
	json_t *errors = json_array();
	enum haven_status st = read_filters(req, f, errors);
	*refused = st == HAVEN_OK && json_array_size(errors);
	if (*refused) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st != HAVEN_OK)
		return st;
	if (limit > 0)
		f->query.limit = limit;
	return audit_the_search(req, f, action);
}

/* POST /audit/search, POST /api/v1/audit/search. */
static enum haven_status audit_search_handler(struct request *req, struct response *res)
{
	struct filters f;
	bool refused;
	enum haven_status st =
	    audited_filters(req, res, &f, field_int(req->input, "limit"), "audit.read", &refused);
	if (st != HAVEN_OK || refused)
		return st;
	return run_search(req, res, &f, true);
}

/* POST /audit/export.csv: up to 1000 rows, newest first, as a CSV download. */
static enum haven_status audit_export(struct request *req, struct response *res)
{
	struct filters f;
	bool refused;
	enum haven_status st = audited_filters(req, res, &f, 0, "audit.export", &refused);
	if (st != HAVEN_OK || refused)
		return st;
	f.query.limit = EXPORT_ROWS;
	json_t *rows = NULL;
	st = audit_search(&f.query, &rows);
	if (st != HAVEN_OK)
		return st;
	struct buf csv = BUF_INIT;
	audit_write_csv(rows, &csv);
	json_decref(rows);
	res->body_owned = buf_steal(&csv, &res->body_len);
	res->content_type = "text/csv; charset=utf-8";
	response_add_header(res, "Content-Disposition", "attachment; filename=\"haven-audit.csv\"");
	return HAVEN_OK;
}

/* ---- break glass ---- */

/* The break-glass page again, for this record, with the reason's `errors` (taken). */
static void break_glass_again(struct response *res, const char *type, long long id, json_t *errors)
{
	response_set_model(res, json_pack("{s:s, s:s, s:I}", "title",
	                                  "You do not have a relationship to this record", "resource_type",
	                                  type, "resource_id", (json_int_t)id));
	response_errors(res, errors);
}

/* POST /break-glass, POST /api/v1/break-glass. */
static enum haven_status break_glass(struct request *req, struct response *res)
{
	const char *type = field_text(req->input, "resource_type");
	long long id = field_int(req->input, "resource_id");
	const char *reason = field_text(req->input, "reason");
	/* the only type of record today */
	if (!type || strcmp(type, "child") != 0)
		return HAVEN_ERR_INVALID;
	/*
	 * Whether the child exists is not told: the answer is the same either way, and the attempt is
	 * audited and counted either way, but a grant is stored only for a child that exists, so none is
	 * taken ahead of a record that would open it when it is added (auth_store_break_glass).
	 */
	json_t *probe = json_object();
	if (reason)
		json_object_set_new(probe, "reason", json_string(reason));
	json_t *values = NULL, *errors = json_array();
	enum haven_status valid = fields_validate_json(reason_rule, probe, &values, errors);
	json_decref(probe);
	json_decref(values);
	if (valid != HAVEN_OK) {
		break_glass_again(res, type, id, errors);
		return HAVEN_OK;
	}
	json_decref(errors);

	struct actor actor = auth_actor(req);
	int64_t wait = 0;
	enum haven_status st = auth_store_break_glass(req->user, &actor, type, id, reason, auth_now(),
	                                              BREAK_GLASS_SECONDS, &wait);
	if (st == HAVEN_ERR_BUSY) {
		char what[160];
		snprintf(what, sizeof what, "You have broken glass on %d records in the last hour.",
		         BREAK_GLASS_PER_HOUR);
		break_glass_again(res, type, id, json_array());
		hourly_allowance_refuse(res, wait, "reason", what);
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_success(res, "Your reason was recorded: you can see this record for 1 hour");
	response_created(res,
	                 json_pack("{s:s, s:I, s:I}", "resource_type", type, "resource_id", (json_int_t)id,
	                           "expires_in", (json_int_t)BREAK_GLASS_SECONDS),
	                 "/children/%lld", id);
	return HAVEN_OK;
}

/*
 * GET /governance/break-glass, GET /api/v1/break-glass: every grant, for review, and every record taken from
 * a likely duplicate (which also gives an agency a child's whole record on the strength of a reason), every
 * user stopped after refused records, and every opening of a subject access pack (everything held about a
 * child, on one person's word that the requester is who they say).
 */
static enum haven_status break_glass_review(struct request *req, struct response *res)
{
	(void)req;
	json_t *grants = NULL, *taken = NULL, *alerts = NULL, *packs = NULL;
	enum haven_status st = auth_store_break_glass_list(&grants);
	if (st == HAVEN_OK)
		st = governance_records_taken(&taken);
	if (st == HAVEN_OK)
		st = governance_refusal_alerts(&alerts);
	if (st == HAVEN_OK)
		st = subject_access_pack_reads(&packs);
	if (st != HAVEN_OK) {
		json_decref(grants);
		json_decref(taken);
		json_decref(alerts);
		return st;
	}
	size_t n = json_array_size(grants), t = json_array_size(taken), a = json_array_size(alerts),
	       p = json_array_size(packs);
	response_set_model(res, json_pack("{s:s, s:I, s:b, s:o, s:I, s:b, s:o, s:I, s:b, s:o, s:I, s:b, s:o}",
	                                  "title", "Break-glass access", "count", (json_int_t)n, "found",
	                                  n > 0, "grants", grants, "taken_count", (json_int_t)t,
	                                  "taken_found", t > 0, "taken", taken, "alerts_count", (json_int_t)a,
	                                  "alerts_found", a > 0, "alerts", alerts, "packs_count",
	                                  (json_int_t)p, "packs_found", p > 0, "packs", packs));
	return HAVEN_OK;
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/audit",
     .action = "audit.read",
     .handler = audit_recent,
     .page = "governance/audit",
     .query = recent_query,
     .redisplay = audit_form,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/audit/search",
     .action = "audit.read",
     .handler = audit_search_handler,
     .page = "governance/audit",
     .body = search_fields,
     .redisplay = audit_form},
    {.method = HTTP_POST,
     .pattern = "/audit/export.csv",
     .action = "audit.read",
     .handler = audit_export,
     .page = "governance/audit",
     .body = search_fields,
     .redisplay = audit_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/audit/search",
     .action = "audit.read",
     .handler = audit_search_handler,
     .body = api_search_fields},
    {.method = HTTP_POST,
     .pattern = "/break-glass",
     .action = "child.break_glass",
     .handler = break_glass,
     .page = "break-glass",
     .body = break_glass_fields,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/governance/break-glass",
     .action = "audit.read",
     .handler = break_glass_review,
     .page = "governance/break-glass-review",
     .api_pattern = "/api/v1/break-glass"},
    {0},
};

/* ---- haven audit verify ---- */

static const char verify_usage[] =
    "Usage: haven audit verify --db PATH\n"
    "\n"
    "Checks the audit trail's hash chain in the database at PATH, row by row.\n"
    "Safe while Haven runs (it reads one consistent snapshot).\n"
    "\n"
    "If the chain is intact, prints the number of rows and the newest row's id\n"
    "and hash, and exits 0. Record that id and hash somewhere else: a chain\n"
    "cannot show that rows were cut off its end, but a recorded head can.\n"
    "If a row was edited, deleted or forged, names the first broken row and\n"
    "exits 1. Exits 1 too if the database cannot be read.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static int cmd_audit_verify(int argc, char **argv)
{
	const char *db = NULL;
	const struct cli_option options[] = {{.name = "db", .value = &db, .missing = "--db PATH"}, {0}};
	int parsed = cli_parse("audit verify", verify_usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;

	/* The head first: rows are only ever appended, so the verify that
	 * follows reads a snapshot that holds this row too. */
	long long head_id = 0;
	char head_hash[2 * 64 + 1];
	enum haven_status head = governance_audit_head(db, &head_id, head_hash, sizeof head_hash);

	long long rows = 0, bad = 0;
	char *why = NULL;
	enum haven_status st = audit_verify(db, &rows, &bad, &why);
	if (st == HAVEN_ERR_INVALID) {
		/* why reads "row N: ..."; say the row once */
		char prefix[48];
		snprintf(prefix, sizeof prefix, "row %lld: ", bad);
		const char *text = why ? why : "unknown";
		if (strncmp(text, prefix, strlen(prefix)) == 0)
			text += strlen(prefix);
		printf("audit trail broken at row %lld: %s\n", bad, text);
		free(why);
		return 1;
	}
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", why ? why : "cannot check the audit trail");
		free(why);
		return 1;
	}
	free(why);
	if (head != HAVEN_OK) {
		fprintf(stderr, "haven: cannot read the newest audit row of %s\n", db);
		return 1;
	}
	printf("audit trail intact: %lld rows\n", rows);
	if (head_id > 0)
		printf("newest row: %lld\nnewest hash: %s\n", head_id, head_hash);
	return 0;
}

static const struct command commands[] = {
    {"audit verify", "check the audit trail's hash chain and print its head", verify_usage, cmd_audit_verify},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* the audit trail and the information governance review of break-glass access */
    {.action = "audit.read", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "child.break_glass", .roles = ROLE_FRONT_DOOR | ROLE_POLICE, .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Administration and assurance",
     .action = "audit.read",
     .href = "/audit",
     .text = "Search the audit trail",
     .place = 240},
    {.section = "Administration and assurance",
     .action = "audit.read",
     .href = "/governance/break-glass",
     .text = "Review break-glass access",
     .place = 250},
    {0},
};

const struct area area_governance = {
    .name = "governance",
    .links = links,
    .access = access,
    .routes = routes,
    .commands = commands,
    /* the limits on refused records (auth/refusals.h), whose alerts this area's review lists */
    .start = refusals_configure_from_env,
};
