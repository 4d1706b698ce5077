/*
 * area.c (support) — requests for support to a local authority's front
 * door. A practitioner who chose level 3 or 4 with the levels-of-need tool
 * (area threshold) makes a request from that assessment: the child (one
 * linked to their agency, or a new record, offered likely duplicates
 * first: taking one of those needs a reason and is audited, as in the
 * children register, whose functions do it; or, for an assessment made
 * for a child of an IDVA referral's household, that child, shown and not
 * asked: assessment_child), the concerns, whether the family knows and consents, and how to
 * reach them. It goes to the front door of the child's local authority,
 * which sees a queue with each request's deadline (rules.h: one working
 * day from receipt) and decides; the referrer sees the decision and its
 * reason on their own list. Each use case is one handler serving its page
 * (under /requests-for-support) and the same JSON under
 * /api/v1/support-requests.
 *
 * This file holds one request's pages, the lists and the route and access
 * tables; making a request is in making.c, the words values are shown in
 * describe.c.
 *
 * Who may do what (the access table beside the routes): a request is
 * read only by its referrer and the front door it went to ("support_request"),
 * and decided only by that front door ("support_request_front_door": a front
 * door that referred a child to another area does not decide that request;
 * auth_store_related); anyone else
 * is answered 404 before a handler runs. The queue and the referrer's list
 * are scoped in their queries. The server audits reads; each change writes
 * its audit row in the same unit of work (store_sqlite.c).
 */
#include <stdio.h>
#include <string.h>

#include "app/area.h"
#include "areas/support/tasks.h"
#include "areas/children/match.h"
#include "areas/support/pages.h"
#include "areas/support/rules.h"
#include "areas/support/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "areas/calendar/london.h"
#include "router/page.h"

/* ---- field specs ---- */

static const char *const decisions[] = {"no_further_action", "universal_services",      "early_help",
                                        "assessment_s17",    "strategy_discussion_s47", NULL};

static const struct field_spec decision_fields[] = {
    {.name = "decision",
     .label = "the decision",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = decisions},
    {.name = "reason",
     .label = "the reason for the decision",
     .type = FIELD_TEXT,
     .required = true,
     .max = 5000},
    {0},
};

/* ---- one request ---- */

static long long request_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* Request `id` for people: labels, the assessment's indicators and levels, and what this user may do. */
static enum haven_status request_model(const struct request *req, long long id, json_t **out)
{
	json_t *r = NULL, *doc = NULL;
	enum haven_status st = support_get(id, &r);
	if (st != HAVEN_OK)
		return st;
	json_t *a = json_object_get(r, "assessment");
	st = support_framework(json_integer_value(json_object_get(a, "framework_id")), &doc);
	if (st != HAVEN_OK && st != HAVEN_ERR_INTERNAL) {
		json_decref(r);
		return st;
	}
	support_describe_assessment(a, doc);
	json_decref(doc);
	support_describe_row(r, auth_now());
	json_t *child = json_object_get(r, "child");
	support_set_date_label(child, "date_of_birth", "dob_label");
	const char *sex = children_sex_label(field_text(child, "sex"));
	if (sex)
		json_object_set_new(child, "sex_label", json_string(sex));
	bool knows = json_integer_value(json_object_get(r, "family_knows")) == 1;
	bool consents = json_integer_value(json_object_get(r, "family_consents")) == 1;
	json_object_set_new(r, "family_knows_label", json_string(knows ? "Yes" : "No"));
	json_object_set_new(r, "family_consents_label",
	                    json_string(!knows     ? "No (the family does not know)"
	                                : consents ? "Yes"
	                                           : "No"));
	bool can_decide = !json_is_true(json_object_get(r, "decided")) &&
	                  policy_allows(req->user, "support.decide", "support_request_front_door", id);
	/* its levels-of-need decision is shown to its maker only: the referrer, while in the agency they made
	 * it from (one who moves, even to the front door it went to, leaves it behind) */
	bool own_decision =
	    json_integer_value(json_object_get(r, "referrer_user_id")) == req->user->id &&
	    json_integer_value(json_object_get(r, "referrer_agency_id")) == req->user->agency_id;
	json_t *model =
	    json_pack("{s:s++, s:o, s:b, s:b}", "title", "Request for support ", field_text(r, "reference"),
	              "", "request", r, "can_decide", can_decide, "own_decision", own_decision);
	*out = model;
	return HAVEN_OK;
}

/* GET /requests-for-support/{id}, GET /api/v1/support-requests/{id} (and the page again after errors). */
static enum haven_status show_request(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = request_model(req, request_id(req), &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* GET /requests-for-support/{id}/confirmation: what the referrer sees once the request is sent. */
static enum haven_status show_confirmation(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = request_model(req, request_id(req), &model);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(model, "title", json_string("Request for support sent"));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /requests-for-support/{id}/decision, POST /api/v1/support-requests/{id}/decision. */
static enum haven_status decide_request(struct request *req, struct response *res)
{
	long long id = request_id(req);
	char decided[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(auth_now(), decided);
	struct actor actor = auth_actor(req);
	enum haven_status st = support_decide(id, field_text(req->input, "decision"),
	                                      field_text(req->input, "reason"), decided, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "decision",
		                  "This request has already been decided: a decision cannot be changed here");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_success(res, "Your decision was recorded");
	response_done(res, show_request, "/requests-for-support/%lld", id);
	return HAVEN_OK;
}

/*
 * The decision checked before it is sent (router.h, struct check_step): it
 * cannot be changed afterwards, and it goes to the referrer's agency.
 */
static enum haven_status check_decision(struct request *req, struct response *res)
{
	long long id = request_id(req);
	json_t *r = NULL;
	enum haven_status st = support_get(id, &r);
	if (st != HAVEN_OK)
		return st;
	if (field_text(r, "decision")) {
		json_decref(r);
		response_conflict(res, "decision",
		                  "This request has already been decided: a decision cannot be changed here");
		return HAVEN_OK;
	}
	json_t *rows = json_pack("[{s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]", "key", "Request", "value",
	                         field_text(r, "reference"), "key", "Decision", "value",
	                         support_decision_label(field_text(req->input, "decision")), "change",
	                         "decision", "key", "Reason for the decision", "value",
	                         field_text(req->input, "reason"), "change", "reason");
	char back[64];
	snprintf(back, sizeof back, "/requests-for-support/%lld", id);
	response_set_model(res, json_pack("{s:s, s:o, s:s, s:s}", "caption", field_text(r, "reference"),
	                                  "rows", rows, "warning",
	                                  "Once sent, the decision cannot be changed. The referrer is told "
	                                  "by email to sign in and read it.",
	                                  "back", back));
	json_decref(r);
	return HAVEN_OK;
}

static const struct check_step decision_check = {
    .title = "Check your decision before you send it",
    .button = "Send the decision",
    .answers = check_decision,
};

/* ---- the lists ---- */

/* Describes each row of a page (rows read as router/page.h says) and finishes the page into `model`. */
static void describe_page(const struct request *req, const struct page *page, json_t *model, json_t *rows,
                          long long total)
{
	int64_t now = auth_now();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) support_describe_row(r, now);
	page_finish(page, req, model, "requests", rows, "id", total, "requests");
	size_t n = json_array_size(json_object_get(model, "requests"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
}

/* How a front door narrows its queue (the queue's "status" filter), and how its select says each. */
static const char *const queue_states[] = {"waiting", "overdue", "decided", NULL};
static const char *const queue_state_labels[] = {"Waiting for a decision", "Overdue", "Decided", NULL};

/*
 * GET /requests-for-support/queue, GET /api/v1/support-requests/queue: a page
 * of the front door's own, undecided first and oldest first, with how many
 * wait for a decision and how many of those are overdue; narrowed, when
 * asked, to a status, the agency the requests came from, or one reference.
 */
static enum haven_status show_queue(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	char now[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(auth_now(), now);
	struct support_queue_filter filter = {.status = field_text(req->input, "status"),
	                                      .from_agency_id = field_int(req->input, "agency"),
	                                      .reference = field_text(req->input, "reference")};
	json_t *rows = NULL, *senders = NULL;
	struct support_counts counts;
	enum haven_status st = support_queue(req->user->agency_id, now, &filter, &page, &rows, &counts);
	if (st == HAVEN_OK)
		st = support_queue_senders(req->user->agency_id, &senders);
	if (st != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	bool filtered = filter.status || filter.from_agency_id > 0 || filter.reference;
	char chosen_agency[32] = "";
	if (filter.from_agency_id > 0)
		snprintf(chosen_agency, sizeof chosen_agency, "%lld", filter.from_agency_id);
	json_t *model = json_pack(
	    "{s:s, s:s, s:o, s:o, s:b, s:s, s:o, s:o}", "title", "Requests for support", "agency_name",
	    req->user->agency_name, "undecided_count", page_count_json(counts.undecided), "overdue_count",
	    page_count_json(counts.overdue), "filtered", filtered, "reference",
	    filter.reference ? filter.reference : "", "status_choices",
	    page_filter_options("Any status", queue_states, queue_state_labels, filter.status),
	    "agency_choices", page_filter_rows("Any agency", senders, "id", chosen_agency));
	json_decref(senders);
	json_object_set_new(model, "has_overdue", json_boolean(counts.overdue > 0));
	json_object_set_new(model, "any_requests", json_boolean(filtered || counts.total > 0));
	describe_page(req, &page, model, rows, counts.total);
	response_audit_records(res, "support_request", json_object_get(model, "requests"), "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /requests-for-support, GET /api/v1/support-requests: a page of the referrer's own, newest first. */
static enum haven_status show_mine(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL;
	long long total = -1;
	enum haven_status st = support_mine(req->user->id, req->user->agency_id, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	json_t *model = json_pack("{s:s, s:b}", "title", "Your requests for support", "can_see_queue",
	                          policy_allows(req->user, "support.queue", NULL, 0));
	describe_page(req, &page, model, rows, total);
	response_audit_records(res, "support_request", json_object_get(model, "requests"), "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

static const struct field_spec list_query[] = {PAGE_FIELDS, {0}};
static const struct field_spec queue_query[] = {
    {.name = "status", .label = "the status", .type = FIELD_CHOICE, .choices = queue_states},
    {.name = "agency",
     .label = "the agency the requests came from",
     .type = FIELD_INT,
     .min = 1,
     .max = 999999999999LL},
    {.name = "reference", .label = "the reference", .type = FIELD_TEXT, .max = 32},
    PAGE_FIELDS,
    {0},
};

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/requests-for-support",
     .action = "support.list",
     .handler = show_mine,
     .page = "support/list",
     .query = list_query,
     .redisplay = show_mine,
     .api_pattern = "/api/v1/support-requests"},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/new",
     .action = "support.create",
     .handler = support_new_request_form,
     .page = "support/new",
     .query = support_new_query},
    {.method = HTTP_POST,
     .pattern = "/requests-for-support/new/{assessment:int}",
     .action = "support.create",
     .handler = support_create_request,
     .page = "support/new",
     .body = support_page_fields,
     .redisplay = support_new_request_form,
     .check = &support_request_check},
    {.method = HTTP_POST,
     .pattern = "/api/v1/support-requests",
     .action = "support.create",
     .handler = support_create_request,
     .body = support_api_fields},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/queue",
     .action = "support.queue",
     .handler = show_queue,
     .page = "support/queue",
     .query = queue_query,
     .redisplay = show_queue,
     .api_pattern = "/api/v1/support-requests/queue"},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/{id:int}",
     .action = "support.read",
     .handler = show_request,
     .page = "support/request",
     .api_pattern = "/api/v1/support-requests/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/requests-for-support/{id:int}/confirmation",
     .action = "support.read",
     .handler = show_confirmation,
     .page = "support/confirmation"},
    {.method = HTTP_POST,
     .pattern = "/requests-for-support/{id:int}/decision",
     .action = "support.decide",
     .handler = decide_request,
     .page = "support/request",
     .body = decision_fields,
     .redisplay = show_request,
     .check = &decision_check,
     .api_pattern = "/api/v1/support-requests/{id:int}/decision"},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* requests for support: the referrer and the front door of the child's local authority */
    {.action = "support.create", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "support.list", .roles = ROLE_CHILD_WORKERS, .audited = true},
    /* no route: the front door's counts in the scrutineer's dashboard and the annual report */
    {.action = "support.figures", .roles = ROLE_PARTNERSHIP},
    {.action = "support.queue", .roles = ROLE_FRONT_DOOR, .audited = true},
    {.action = "support.read", .roles = ROLE_CHILD_WORKERS, .resource = "support_request", .audited = true},
    /* deciding is for the front door the request went to only: not a front door that referred it elsewhere */
    {.action = "support.decide",
     .roles = ROLE_FRONT_DOOR,
     .resource = "support_request_front_door",
     .audited = true,
     .shown_as = "support.read"},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Children and families",
     .action = "support.list",
     .href = "/requests-for-support",
     .text = "Your requests for support",
     .place = 20},
    {.section = "Children and families",
     .action = "support.queue",
     .href = "/requests-for-support/queue",
     .text = "Requests for support to your front door",
     .place = 30},
    {0},
};

const struct area area_support = {
    .tasks = support_tasks,
    .name = "support",
    .links = links,
    .access = access,
    .records = support_records,
    .chronology = support_chronology,
    .subject_access = support_subject_access,
    .figures = support_published,
    .routes = routes,
    .load_demo = support_load_demo,
    /* after the children (30) and the threshold area's demo decision (35) it is made from */
    .demo_order = 37,
};
