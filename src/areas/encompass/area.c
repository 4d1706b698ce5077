/*
 * area.c (encompass) — Operation Encompass from the Key Adult's side: the
 * inbox of notifications sent to the user's setting (or, for a front door
 * user, to their local authority, for children educated at home), one
 * notification in its full or minimal form, acknowledging it and recording
 * what the setting did; the escalations list for the local authority and
 * the police; the dashboard of figures by area, week and month; and the
 * partnership's settings for domestic abuse work. Each use case is one
 * handler serving its page (under /encompass) and the same JSON under
 * /api/v1/encompass.
 *
 * Notifications are created by the police intake (src/areas/incidents/),
 * which sets each one's content form from the partnership's setting at the
 * time and its deadline (due_at). This area only reads what the intake
 * wrote and records the answers.
 *
 * Who may do what (the access table beside the routes): a
 * notification is answered 404 to anyone but its recipient, the local
 * authority of the incident's area and the police before a handler runs,
 * and only its recipient may answer it. Lists are scoped in their queries
 * (the user's agency). The server audits reads; changes write their audit
 * rows in the same unit of work (store_sqlite.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/area.h"
#include "app/download.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/encompass/jobs.h"
#include "areas/encompass/rules.h"
#include "areas/encompass/store.h"
#include "areas/encompass/tasks.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/alloc.h"
#include "core/stats.h"
#include "router/errors.h"
#include "router/page.h"
#include "view/chart.h"
#include "view/status_tag.h"

/*
 * Without dates, the figures cover the last 90 days; at most about three
 * years at once, which bounds the work one request does.
 */
static const struct period_rule figures_period = {
    .by = PERIOD_LAST_DAYS, .length = 90, .max_days = 1096, .max_words = "3 years"};

/* ---- field specs ---- */

static const char *const actions[] = {"support_offered", "monitoring", "referral_made",
                                      "no_action",       "other",      NULL};
static const char *const contents[] = {"full", "minimal", NULL};
static const char *const idva_choices[] = {"all", "medium_high", NULL};

static const struct field_spec action_fields[] = {
    {.name = "action",
     .label = "what the setting did",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = actions},
    {.name = "detail", .label = "the details", .type = FIELD_TEXT, .max = 2000},
    {0},
};

static const struct field_spec figures_query[] = {
    PERIOD_FIELDS,
    {.name = "la", .label = "the local authority area", .type = FIELD_SLUG, .max = 100},
    {0},
};

static const struct field_spec settings_fields[] = {
    {.name = "deliver_in_holidays",
     .label = "whether notifications are delivered during school holidays",
     .type = FIELD_BOOL,
     .required = true},
    {.name = "content",
     .label = "what a notification shows",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = contents},
    {.name = "escalate_after_minutes",
     .label = "the minutes after the deadline to escalate after",
     .type = FIELD_INT,
     .required = true,
     .min = 0,
     .max = 10080},
    {.name = "waiting_escalate_minutes",
     .label = "the minutes before its deadline to escalate a child waiting to be matched",
     .type = FIELD_INT,
     .min = 0,
     .max = 10080},
    {.name = "idva_referrals",
     .label = "which incidents create an IDVA referral",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = idva_choices},
    {.name = "idva_first_attempt_hours",
     .label = "the hours an IDVA service has to try to contact a victim",
     .type = FIELD_INT,
     .min = 1,
     .max = 168},
    {0},
};

/* ---- helpers ---- */

static long long notification_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* Sets `key` on `o` to the Europe/London reading of the instant `iso` (null if there is none). */
static void set_when(json_t *o, const char *key, const char *iso)
{
	int64_t t;
	char text[ENCOMPASS_WHEN_SIZE];
	if (calendar_parse_instant(iso, &t)) {
		encompass_format_when(t, text);
		json_object_set_new(o, key, json_string(text));
	} else {
		json_object_set_new(o, key, json_null());
	}
}

static const char *action_label(const char *action)
{
	if (!action)
		return NULL;
	if (strcmp(action, "support_offered") == 0)
		return "Support offered";
	if (strcmp(action, "monitoring") == 0)
		return "Monitoring";
	if (strcmp(action, "referral_made") == 0)
		return "Referral made";
	if (strcmp(action, "no_action") == 0)
		return "No action";
	return "Other";
}

static const struct status_tag notification_statuses[] = {
    {"new", "New", "govuk-tag--blue"},
    {"overdue", "Overdue", "govuk-tag--red"},
    {"acknowledged", "Acknowledged", "govuk-tag--yellow"},
    {"action_recorded", "Action recorded", "govuk-tag--green"},
    {0},
};

/*
 * The status of a notification as its tag shows it: the text says it all
 * (colour only repeats it). Sets "status", "status_label", "status_tag" and
 * "overdue".
 */
static void set_status(json_t *o, int64_t now)
{
	const char *acknowledged = json_string_value(json_object_get(o, "acknowledged_at"));
	bool has_action = json_is_string(json_object_get(o, "action"));
	int64_t due = 0;
	bool overdue = !acknowledged &&
	               calendar_parse_instant(json_string_value(json_object_get(o, "due_at")), &due) &&
	               due < now;
	const char *status = has_action     ? "action_recorded"
	                     : acknowledged ? "acknowledged"
	                     : overdue      ? "overdue"
	                                    : "new";
	status_tag_set(o, status_tag_find(notification_statuses, status));
	json_object_set_new(o, "overdue", json_boolean(overdue));
}

/* Answers 409 with a sentence (problem+json for the API). */
static void conflict(struct response *res, const char *detail)
{
	res->status = 409;
	res->content_type = "application/problem+json";
	response_set_model(res, errors_problem(409, detail, NULL));
}

/* ---- the inbox ---- */

/* GET /encompass, GET /api/v1/encompass/notifications: the notifications to the user's agency. */
static enum haven_status inbox(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	int64_t now = (int64_t)time(NULL);
	json_t *rows = NULL;
	struct encompass_inbox_counts counts;
	const char *shown = field_text(req->input, "show");
	enum encompass_inbox_show show = INBOX_SHOW_ALL;
	if (shown && strcmp(shown, "waiting") == 0)
		show = INBOX_SHOW_WAITING;
	else if (shown && strcmp(shown, "acknowledged") == 0)
		show = INBOX_SHOW_ACKNOWLEDGED;
	enum haven_status st = encompass_inbox(req->user->agency_id, now, show, &page, &rows, &counts);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		set_status(r, now);
		set_when(r, "occurred", json_string_value(json_object_get(r, "occurred_at")));
		set_when(r, "due", json_string_value(json_object_get(r, "due_at")));
		set_when(r, "acknowledged", json_string_value(json_object_get(r, "acknowledged_at")));
		const char *action = json_string_value(json_object_get(r, "action"));
		json_object_set_new(r, "action_label",
		                    action ? json_string(action_label(action)) : json_null());
		/* the police reference is not part of every content form: the page shows the child and the
		 * times */
		json_object_del(r, "police_reference");
	}
	/* new: waiting and not yet due */
	long long fresh = counts.waiting >= 0 && counts.overdue >= 0 ? counts.waiting - counts.overdue : -1;
	json_t *model =
	    json_pack("{s:s, s:s, s:o, s:o, s:b, s:b}", "title", "Operation Encompass notifications",
	              "agency", req->user->agency_name, "new_count",
	              page_count_json(counts.overdue > PAGE_COUNT_CAP ? -1 : fresh), "overdue_count",
	              page_count_json(counts.overdue), "can_escalations",
	              policy_decide(req->user, "encompass.escalations", NULL) == DECISION_ALLOW,
	              "can_figures", policy_decide(req->user, "encompass.figures", NULL) == DECISION_ALLOW);
	page_finish(&page, req, model, "notifications", rows, "id", counts.total, "notifications");
	response_audit_records(res, "encompass_notification", json_object_get(model, "notifications"), "id");
	size_t n = json_array_size(json_object_get(model, "notifications"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	/* the filter's choice, shown again */
	json_object_set_new(model, "filtered", json_boolean(show != INBOX_SHOW_ALL));
	json_object_set_new(model, "show_is",
	                    json_pack("{s:b, s:b, s:b}", "all", show == INBOX_SHOW_ALL, "waiting",
	                              show == INBOX_SHOW_WAITING, "acknowledged",
	                              show == INBOX_SHOW_ACKNOWLEDGED));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- one notification ---- */

/*
 * The notification as its content form allows: "full" carries the
 * statutory content, "minimal" only the child's name and date of birth,
 * the date and time and whether the child was present. What the form does
 * not carry is never put in the model, so neither the API nor the page can
 * show it.
 */
static json_t *notification_view(json_t *n, int64_t now)
{
	bool full = strcmp(json_string_value(json_object_get(n, "content")), "full") == 0;
	json_t *v = json_object();
	json_object_set(v, "id", json_object_get(n, "id"));
	json_object_set(v, "content", json_object_get(n, "content"));
	json_object_set_new(v, "full", json_boolean(full));
	json_object_set(v, "recipient_name", json_object_get(n, "recipient_name"));
	json_t *child = json_object();
	json_object_set(child, "given_name", json_object_get(n, "given_name"));
	json_object_set(child, "family_name", json_object_get(n, "family_name"));
	json_object_set(child, "date_of_birth", json_object_get(n, "date_of_birth"));
	int32_t dob;
	char text[ENCOMPASS_WHEN_SIZE];
	const char *dob_text = json_string_value(json_object_get(n, "date_of_birth"));
	if (dob_text && calendar_parse(dob_text, &dob)) {
		encompass_format_day(dob, text);
		/* a birthday reads without its weekday */
		const char *space = strchr(text, ' ');
		json_object_set_new(child, "date_of_birth_label", json_string(space ? space + 1 : text));
	} else {
		json_object_set_new(child, "date_of_birth_label", json_null());
	}
	bool present = json_integer_value(json_object_get(n, "present")) == 1;
	json_object_set_new(child, "present", json_boolean(present));
	json_object_set_new(child, "present_label", json_string(present ? "Yes" : "No"));
	json_object_set(v, "occurred_at", json_object_get(n, "occurred_at"));
	set_when(v, "occurred", json_string_value(json_object_get(n, "occurred_at")));
	if (full) {
		json_object_set(v, "police_reference", json_object_get(n, "police_reference"));
		json_object_set(v, "location", json_object_get(n, "location"));
		json_object_set(v, "la_name", json_object_get(n, "la_name"));
		json_object_set(v, "circumstances", json_object_get(n, "circumstances"));
		json_object_set(child, "where_during", json_object_get(n, "where_during"));
		bool spoken = json_integer_value(json_object_get(n, "spoken_to")) == 1;
		json_object_set_new(child, "spoken_to", json_boolean(spoken));
		json_object_set_new(child, "spoken_to_label", json_string(spoken ? "Yes" : "No"));
		json_object_set(child, "child_said", spoken ? json_object_get(n, "child_said") : json_null());
	}
	json_object_set_new(v, "child", child);
	json_object_set(v, "created_at", json_object_get(n, "created_at"));
	json_object_set(v, "due_at", json_object_get(n, "due_at"));
	json_object_set(v, "acknowledged_at", json_object_get(n, "acknowledged_at"));
	json_object_set(v, "acknowledged_by_name", json_object_get(n, "acknowledged_by_name"));
	json_object_set(v, "action", json_object_get(n, "action"));
	const char *action = json_string_value(json_object_get(n, "action"));
	json_object_set_new(v, "action_label", action ? json_string(action_label(action)) : json_null());
	json_object_set(v, "action_detail", json_object_get(n, "action_detail"));
	json_object_set(v, "action_at", json_object_get(n, "action_at"));
	json_object_set(v, "action_by_name", json_object_get(n, "action_by_name"));
	json_object_set(v, "escalated_at", json_object_get(n, "escalated_at"));
	set_when(v, "delivered", json_string_value(json_object_get(n, "created_at")));
	set_when(v, "due", json_string_value(json_object_get(n, "due_at")));
	set_when(v, "acknowledged", json_string_value(json_object_get(n, "acknowledged_at")));
	set_when(v, "action_recorded", json_string_value(json_object_get(n, "action_at")));
	set_when(v, "escalated", json_string_value(json_object_get(n, "escalated_at")));
	set_status(v, now);
	return v;
}

static enum haven_status notification_model(const struct request *req, json_t **out)
{
	json_t *n = NULL;
	long long id = notification_id(req);
	enum haven_status st = encompass_get(id, &n);
	if (st != HAVEN_OK)
		return st;
	json_t *v = notification_view(n, (int64_t)time(NULL));
	json_decref(n);
	struct resource recipient = {"encompass_recipient", id};
	bool can_respond = policy_decide(req->user, "encompass.respond", &recipient) == DECISION_ALLOW;
	bool acknowledged = json_is_string(json_object_get(v, "acknowledged_at"));
	bool has_action = json_is_string(json_object_get(v, "action"));
	json_t *choices = json_array();
	for (size_t i = 0; actions[i]; i++)
		json_array_append_new(
		    choices, json_pack("{s:s, s:s}", "value", actions[i], "label", action_label(actions[i])));
	*out = json_pack(
	    "{s:s, s:o, s:b, s:b, s:b, s:b, s:o}", "title", "Operation Encompass notification",
	    "notification", v, "can_respond", can_respond, "can_acknowledge", can_respond && !acknowledged,
	    "can_record_action", can_respond && acknowledged && !has_action, "in_inbox",
	    policy_decide(req->user, "encompass.inbox", NULL) == DECISION_ALLOW, "action_choices", choices);
	return HAVEN_OK;
}

/* GET /encompass/notifications/{id}, GET /api/v1/encompass/notifications/{id} (and the page after errors). */
static enum haven_status show_notification(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = notification_model(req, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/*
 * POST /encompass/notifications/{id}/acknowledgement (and the API's): the
 * Key Adult has read it. Once only: the API answers 409 to a second one;
 * the page (a second click, an old tab) goes back to the notification,
 * which shows who acknowledged it and when. Either way nothing changes.
 */
static enum haven_status acknowledge(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st = encompass_acknowledge(notification_id(req), &actor);
	if (st == HAVEN_ERR_CONFLICT && req->api) {
		conflict(res, "This notification has already been acknowledged.");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK && st != HAVEN_ERR_CONFLICT)
		return st;
	response_done(res, show_notification, "/encompass/notifications/%lld", notification_id(req));
	return HAVEN_OK;
}

/* POST /encompass/notifications/{id}/action (and the API's): what the setting did, once, after acknowledging.
 */
static enum haven_status record_action(struct request *req, struct response *res)
{
	const char *action = field_text(req->input, "action");
	const char *detail = field_text(req->input, "detail");
	if (detail && !*detail)
		detail = NULL;
	json_t *errors = json_array();
	if (strcmp(action, "no_action") == 0 && !detail)
		errors_add(errors, "detail", "Enter the reason the setting is taking no action");
	else if (strcmp(action, "other") == 0 && !detail)
		errors_add(errors, "detail", "Enter what the setting did");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	enum encompass_action_refusal refusal = ENCOMPASS_ACTION_OK;
	enum haven_status st =
	    encompass_record_action(notification_id(req), action, detail, &actor, &refusal);
	if (st == HAVEN_ERR_CONFLICT) {
		errors_add(errors, "action",
		           refusal == ENCOMPASS_ACTION_NOT_ACKNOWLEDGED
		               ? "Acknowledge the notification before recording what the setting did"
		               : "What the setting did has already been recorded for this notification");
		/* a notification in the wrong state for it: 409, the page again with why */
		res->status = 409;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_notification, "/encompass/notifications/%lld", notification_id(req));
	return HAVEN_OK;
}

/* ---- escalations ---- */

/* GET /encompass/escalations, GET /api/v1/encompass/escalations. */
static enum haven_status escalations(struct request *req, struct response *res)
{
	/*
	 * Asking about no notification in particular (id 0, never one) is
	 * allowed only for the roles the policy says oversee every
	 * notification (the police), so no role is named here.
	 */
	struct resource none = {"encompass_notification", 0};
	bool every = policy_decide(req->user, "encompass.read", &none) == DECISION_ALLOW;
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL;
	long long open = -1;
	enum haven_status st = encompass_escalations(every, req->user->agency_id, &page, &rows, &open);
	if (st != HAVEN_OK)
		return st;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		int64_t due = 0, acknowledged = 0;
		bool is_acknowledged = calendar_parse_instant(
		    json_string_value(json_object_get(r, "acknowledged_at")), &acknowledged);
		json_object_set_new(r, "acknowledged", json_boolean(is_acknowledged));
		set_when(r, "due", json_string_value(json_object_get(r, "due_at")));
		set_when(r, "escalated", json_string_value(json_object_get(r, "escalated_at")));
		set_when(r, "acknowledged_label", json_string_value(json_object_get(r, "acknowledged_at")));
		/* how late: to the acknowledgement, or to now while there is none */
		if (calendar_parse_instant(json_string_value(json_object_get(r, "due_at")), &due)) {
			int64_t late = (is_acknowledged ? acknowledged : now) - due;
			char text[CALENDAR_DURATION_SIZE];
			calendar_format_duration(late, text);
			json_object_set_new(r, "late_minutes", json_integer((json_int_t)(late / 60)));
			json_object_set_new(r, "late", json_string(text));
		}
	}
	json_t *model = json_pack("{s:s, s:b, s:o}", "title", "Late Encompass notifications", "every_area",
	                          every, "open_count", page_count_up_to(open, PAGE_COUNT_CAP_JOINED));
	page_finish(&page, req, model, "escalations", rows, "escalation_id", -1, "late notifications");
	response_audit_records(res, "encompass_notification", json_object_get(model, "escalations"),
	                       "notification_id");
	size_t n = json_array_size(json_object_get(model, "escalations"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- figures ---- */

struct tally {
	long long incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time;
	double *minutes; /* incident to acknowledgement, one per acknowledged notification */
	size_t minutes_count, minutes_cap;
};

enum group_kind { GROUP_TOTAL, GROUP_WEEK, GROUP_MONTH };

struct group {
	long long la_code; /* 0: the whole partnership */
	enum group_kind kind;
	int32_t key; /* the week's Monday or the month's first day */
	struct tally t;
};

struct groups {
	struct group *items;
	size_t count, cap;
};

static struct tally *tally_for(struct groups *g, long long la_code, enum group_kind kind, int32_t key)
{
	/* rows come by area then time, so a match is near the end: search backwards within the area */
	for (size_t i = g->count; i-- > 0;) {
		struct group *x = &g->items[i];
		if (x->la_code != la_code)
			break;
		if (x->kind == kind && x->key == key)
			return &x->t;
	}
	if (g->count == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->items = xrealloc(g->items, g->cap * sizeof *g->items);
	}
	g->items[g->count] = (struct group){.la_code = la_code, .kind = kind, .key = key};
	return &g->items[g->count++].t;
}

static void tally_row(struct tally *t, const struct encompass_figure_row *r, bool new_incident)
{
	if (new_incident)
		t->incidents++;
	if (!r->notification)
		return;
	t->notifications++;
	if (r->created_at <= r->due_at)
		t->delivered_on_time++;
	if (!r->acknowledged)
		return;
	t->acknowledged++;
	if (r->acknowledged_at <= r->due_at)
		t->acknowledged_on_time++;
	if (t->minutes_count == t->minutes_cap) {
		t->minutes_cap = t->minutes_cap ? t->minutes_cap * 2 : 16;
		t->minutes = xrealloc(t->minutes, t->minutes_cap * sizeof *t->minutes);
	}
	t->minutes[t->minutes_count++] = (double)(r->acknowledged_at - r->occurred_at) / 60.0;
}

/* The percentage for the API, and its label for people ("1 of 2 (50%)" on a small base). */
static json_t *percent_json(long long part, long long whole, char label[STATS_SHARE_SIZE])
{
	double p;
	if (!stats_percent(part, whole, &p) || !stats_share_text(part, whole, label)) {
		snprintf(label, STATS_SHARE_SIZE, "No notifications");
		return json_null();
	}
	return json_real(p);
}

/* A tally as the API and page show it (sorts its minutes). */
static json_t *tally_json(struct tally *t)
{
	char a[STATS_SHARE_SIZE], b[STATS_SHARE_SIZE], c[STATS_SHARE_SIZE], m[CALENDAR_DURATION_SIZE];
	json_t *pd = percent_json(t->delivered_on_time, t->notifications, a);
	json_t *pa = percent_json(t->acknowledged, t->notifications, b);
	json_t *pt = percent_json(t->acknowledged_on_time, t->notifications, c);
	double median;
	json_t *mj;
	if (stats_median(t->minutes, t->minutes_count, &median)) {
		mj = json_real(median);
		calendar_format_duration((int64_t)(median * 60.0 + 0.5), m);
	} else {
		mj = json_null();
		snprintf(m, sizeof m, "No acknowledgements");
	}
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s}", "incidents",
	                 (json_int_t)t->incidents, "notifications", (json_int_t)t->notifications,
	                 "delivered_on_time", (json_int_t)t->delivered_on_time, "acknowledged",
	                 (json_int_t)t->acknowledged, "acknowledged_on_time",
	                 (json_int_t)t->acknowledged_on_time, "percent_delivered_on_time", pd,
	                 "percent_acknowledged", pa, "percent_acknowledged_on_time", pt,
	                 "median_minutes_to_acknowledgement", mj, "percent_delivered_on_time_label", a,
	                 "percent_acknowledged_label", b, "percent_acknowledged_on_time_label", c,
	                 "median_to_acknowledgement_label", m);
}

static void period_labels(json_t *o, enum group_kind kind, int32_t key)
{
	char date[CALENDAR_DATE_SIZE], text[ENCOMPASS_WHEN_SIZE + 32];
	calendar_format(key, date);
	if (kind == GROUP_WEEK) {
		char day[ENCOMPASS_WHEN_SIZE];
		encompass_format_day(key, day);
		snprintf(text, sizeof text, "Week beginning %s", day);
		json_object_set_new(o, "week_beginning", json_string(date));
	} else {
		int y, m, d;
		calendar_to_ymd(key, &y, &m, &d);
		snprintf(text, sizeof text, "%s %d", calendar_month_name(m), y);
		char month[8];
		snprintf(month, sizeof month, "%.7s", date);
		json_object_set_new(o, "month", json_string(month));
	}
	json_object_set_new(o, "period", json_string(text));
}

/* Adds the week and month rows of area `la_code` to `area`, oldest first. */
static void periods_json(struct groups *g, long long la_code, json_t *area)
{
	json_t *weeks = json_array(), *months = json_array();
	/* groups were made in time order within an area, weeks and months interleaved */
	for (size_t i = 0; i < g->count; i++) {
		struct group *x = &g->items[i];
		if (x->la_code != la_code || x->kind == GROUP_TOTAL)
			continue;
		json_t *o = tally_json(&x->t);
		period_labels(o, x->kind, x->key);
		json_array_append_new(x->kind == GROUP_WEEK ? weeks : months, o);
	}
	json_object_set_new(area, "has_weeks", json_boolean(json_array_size(weeks) > 0));
	json_object_set_new(area, "weeks", weeks);
	json_object_set_new(area, "months", months);
}

static void groups_free(struct groups *g)
{
	for (size_t i = 0; i < g->count; i++)
		free(g->items[i].t.minutes);
	free(g->items);
}

/* The form's areas, with the chosen one selected. */
static json_t *area_choices(const json_t *areas, const char *chosen)
{
	json_t *list = json_deep_copy(areas);
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) json_object_set_new(
	    a, "selected", json_boolean(chosen && strcmp(chosen, field_text(a, "slug")) == 0));
	return list;
}

/* The chart above the figures' tables: notifications by area, each with its share delivered on time. */
static json_t *notifications_chart(const json_t *areas)
{
	size_t n = json_array_size(areas);
	if (n == 0)
		return json_null();
	struct chart_bar *bars = xcalloc(n, sizeof *bars);
	char(*texts)[24] = xcalloc(n, sizeof *texts);
	size_t i;
	const json_t *a;
	json_array_foreach(areas, i, a)
	{
		const json_t *t = json_object_get(a, "totals");
		long long sent = json_integer_value(json_object_get(t, "notifications"));
		snprintf(texts[i], sizeof texts[i], "%lld", sent);
		bars[i] = (struct chart_bar){field_text(a, "la_name"), sent, texts[i]};
	}
	json_t *chart = chart_bars("notifications-chart", "Notifications sent in the period, by area",
	                           "A bar for each local authority area, as long as the number of "
	                           "notifications sent about incidents there in the period.",
	                           bars, n);
	free(texts);
	free(bars);
	return chart;
}

/*
 * GET /encompass/figures, GET /api/v1/encompass/figures?from=&to=&la=: per
 * local authority area (and the whole partnership), the incidents that
 * occurred in the period (Europe/London dates, both inclusive) and their
 * notifications, in total and by week and month. Counts and times only:
 * nothing about any child.
 */
static enum haven_status figures(struct request *req, struct response *res)
{
	json_t *areas = NULL;
	enum haven_status st = encompass_areas(&areas);
	if (st != HAVEN_OK)
		return st;
	const char *la = field_text(req->input, "la");
	json_t *errors = json_array();
	struct period period;
	/* a refused period's error joins the area's, below */
	period_from_input(req->input, &figures_period, calendar_london_today(), &period, errors);
	int32_t from = period.from, to = period.to;
	long long la_code = 0;
	const json_t *chosen_area = NULL;
	if (la && *la) {
		size_t i;
		json_t *a;
		json_array_foreach(areas, i, a) if (strcmp(field_text(a, "slug"), la) == 0) chosen_area = a;
		if (!chosen_area)
			errors_add(errors, "la", "Select the local authority area from the list");
		else
			la_code = json_integer_value(json_object_get(chosen_area, "code"));
	}
	json_t *model = json_pack("{s:s, s:s, s:s, s:s?, s:o}", "title", "Operation Encompass figures",
	                          "from", period.from_text, "to", period.to_text, "la", la, "area_choices",
	                          area_choices(areas, la));
	if (json_array_size(errors)) {
		json_decref(areas);
		res->status = 400;
		response_set_model(res, model);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);

	/* a day either side in UTC, then each incident's own London day decides */
	struct encompass_figure_row *rows = NULL;
	size_t count = 0;
	char first_utc[CALENDAR_DATE_SIZE], until_utc[CALENDAR_DATE_SIZE];
	calendar_format(from - 1, first_utc);
	calendar_format(to + 2, until_utc);
	st = encompass_figure_rows(first_utc, until_utc, la_code, &rows, &count);
	if (st != HAVEN_OK) {
		json_decref(areas);
		json_decref(model);
		return st;
	}
	struct groups g = {0};
	struct tally overall = {0};
	long long last_incident = 0;
	for (size_t i = 0; i < count; i++) {
		const struct encompass_figure_row *r = &rows[i];
		int32_t day = calendar_london_day(r->occurred_at);
		if (day < from || day > to)
			continue;
		bool new_incident = r->incident_id != last_incident;
		last_incident = r->incident_id;
		int y, m, d;
		calendar_to_ymd(day, &y, &m, &d);
		int32_t month = calendar_from_ymd(y, m, 1);
		tally_row(&overall, r, new_incident);
		tally_row(tally_for(&g, r->la_code, GROUP_TOTAL, 0), r, new_incident);
		tally_row(tally_for(&g, r->la_code, GROUP_MONTH, month), r, new_incident);
		tally_row(tally_for(&g, r->la_code, GROUP_WEEK, encompass_week_start(day)), r, new_incident);
	}
	free(rows);

	json_t *out = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		long long code = json_integer_value(json_object_get(a, "code"));
		if (la_code && code != la_code)
			continue;
		struct tally empty = {0};
		struct tally *t = &empty;
		for (size_t k = 0; k < g.count; k++)
			if (g.items[k].la_code == code && g.items[k].kind == GROUP_TOTAL)
				t = &g.items[k].t;
		json_t *area = json_pack("{s:O, s:O, s:O, s:o}", "la_code", json_object_get(a, "code"),
		                         "la_slug", json_object_get(a, "slug"), "la_name",
		                         json_object_get(a, "name"), "totals", tally_json(t));
		periods_json(&g, code, area);
		json_array_append_new(out, area);
	}
	json_object_set_new(model, "chart", notifications_chart(out));
	json_object_set_new(model, "areas", out);
	json_object_set_new(model, "partnership", tally_json(&overall));
	free(overall.minutes);
	groups_free(&g);
	json_decref(areas);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The figures' download columns: a row per area and period (the whole period, each month, each week). */
static const char *const figures_columns[] = {"area",
                                              "period_kind",
                                              "period",
                                              "incidents",
                                              "notifications",
                                              "delivered_on_time",
                                              "acknowledged",
                                              "acknowledged_on_time",
                                              "percent_delivered_on_time",
                                              "percent_acknowledged",
                                              "percent_acknowledged_on_time",
                                              "median_minutes_to_acknowledgement"};
#define FIGURES_COLUMNS (sizeof figures_columns / sizeof figures_columns[0])

static void add_figure_row(json_t *table, const json_t *area, const char *kind, const char *period,
                           const json_t *t)
{
	json_array_append_new(
	    table, json_pack("[O?, s, s, O?, O?, O?, O?, O?, O?, O?, O?, O?]",
	                     json_object_get(area, "la_name"), kind, period, json_object_get(t, "incidents"),
	                     json_object_get(t, "notifications"), json_object_get(t, "delivered_on_time"),
	                     json_object_get(t, "acknowledged"), json_object_get(t, "acknowledged_on_time"),
	                     json_object_get(t, "percent_delivered_on_time"),
	                     json_object_get(t, "percent_acknowledged"),
	                     json_object_get(t, "percent_acknowledged_on_time"),
	                     json_object_get(t, "median_minutes_to_acknowledgement")));
}

/*
 * The figures page's tables as one table of figures_columns (*out, new), for
 * the same query, and the period it covers (d->from, d->to: `from`, `to`);
 * NULL (and HAVEN_OK) when the query was refused: `res` then holds the
 * errors the server answers with.
 */
static enum haven_status figures_table(struct request *req, struct response *res,
                                       char from[static CALENDAR_DATE_SIZE],
                                       char to[static CALENDAR_DATE_SIZE], json_t **out)
{
	*out = NULL;
	enum haven_status st = figures(req, res);
	if (st != HAVEN_OK || res->errors)
		return st;
	const json_t *model = res->model;
	snprintf(from, CALENDAR_DATE_SIZE, "%s", field_text(model, "from"));
	snprintf(to, CALENDAR_DATE_SIZE, "%s", field_text(model, "to"));
	char whole[2 * CALENDAR_DATE_SIZE + 8];
	snprintf(whole, sizeof whole, "%s to %s", from, to);
	json_t *table = json_array();
	size_t i, k;
	const json_t *area, *p;
	json_array_foreach(json_object_get(model, "areas"), i, area)
	{
		add_figure_row(table, area, "whole period", whole, json_object_get(area, "totals"));
		json_array_foreach(json_object_get(area, "months"), k, p)
		    add_figure_row(table, area, "month", field_text(p, "period"), p);
		json_array_foreach(json_object_get(area, "weeks"), k, p)
		    add_figure_row(table, area, "week", field_text(p, "period"), p);
	}
	response_set_model(res, NULL);
	*out = table;
	return HAVEN_OK;
}

/* The figures page's tables to take away, in `format` (app/download.h). */
static enum haven_status figures_download(struct request *req, struct response *res,
                                          enum download_format format)
{
	char from[CALENDAR_DATE_SIZE], to[CALENDAR_DATE_SIZE];
	json_t *table = NULL;
	enum haven_status st = figures_table(req, res, from, to, &table);
	if (!table)
		return st;
	const struct download d = {.name = "encompass-figures",
	                           .from = from,
	                           .to = to,
	                           .sheet = "Encompass figures",
	                           .columns = figures_columns,
	                           .column_count = FIGURES_COLUMNS,
	                           .places = 1};
	st = download_send(res, &d, format, table);
	json_decref(table);
	return st;
}

/* GET /encompass/figures.csv?from=&to=&la=: the figures page's tables as CSV. */
static enum haven_status figures_csv(struct request *req, struct response *res)
{
	return figures_download(req, res, DOWNLOAD_CSV);
}

/* GET /encompass/figures.xlsx?from=&to=&la=: the same table as a spreadsheet. */
static enum haven_status figures_xlsx(struct request *req, struct response *res)
{
	return figures_download(req, res, DOWNLOAD_XLSX);
}

/* ---- settings ---- */

static enum haven_status settings_model(json_t **out)
{
	json_t *s = NULL;
	enum haven_status st = encompass_settings_get(&s);
	if (st != HAVEN_OK)
		return st;
	set_when(s, "updated", json_string_value(json_object_get(s, "updated_at")));
	bool holidays = json_is_true(json_object_get(s, "deliver_in_holidays"));
	const char *content = field_text(s, "content"), *idva = field_text(s, "idva_referrals");
	json_t *checked = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}", "holidays_yes", holidays, "holidays_no",
	                            !holidays, "content_full", content && strcmp(content, "full") == 0,
	                            "content_minimal", content && strcmp(content, "minimal") == 0, "idva_all",
	                            idva && strcmp(idva, "all") == 0, "idva_medium_high",
	                            idva && strcmp(idva, "medium_high") == 0);
	*out = json_pack("{s:s, s:o, s:o}", "title", "Domestic abuse settings", "settings", s, "checked",
	                 checked);
	return HAVEN_OK;
}

/* GET /encompass/settings, GET /api/v1/encompass/settings (and the page again after errors). */
static enum haven_status show_settings(struct request *req, struct response *res)
{
	(void)req;
	json_t *model = NULL;
	enum haven_status st = settings_model(&model);
	if (st != HAVEN_OK)
		return st;
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /encompass/settings, POST /api/v1/encompass/settings: every setting at once (the waiting children's
 * lead time and the IDVA target optional). */
static enum haven_status save_settings(struct request *req, struct response *res)
{
	struct da_settings s = {
	    .deliver_in_holidays = json_is_true(json_object_get(req->input, "deliver_in_holidays")),
	    .escalate_after_minutes = (int)field_int(req->input, "escalate_after_minutes"),
	    /* optional, so a client that predates it keeps the partnership's choice */
	    .waiting_escalate_minutes = json_object_get(req->input, "waiting_escalate_minutes")
	                                    ? (int)field_int(req->input, "waiting_escalate_minutes")
	                                    : -1,
	    .idva_first_attempt_hours = json_object_get(req->input, "idva_first_attempt_hours")
	                                    ? (int)field_int(req->input, "idva_first_attempt_hours")
	                                    : -1,
	};
	snprintf(s.content, sizeof s.content, "%s", field_text(req->input, "content"));
	snprintf(s.idva_referrals, sizeof s.idva_referrals, "%s", field_text(req->input, "idva_referrals"));
	struct actor actor = auth_actor(req);
	enum haven_status st = encompass_settings_set(&s, &actor);
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_settings, "/encompass/settings");
	response_success(res, "The settings were saved");
	return HAVEN_OK;
}

/* ---- routes ---- */

static const struct field_spec list_query[] = {PAGE_FIELDS, {0}};

static const char *const inbox_shows[] = {"waiting", "acknowledged", NULL};

/* The inbox: all its notifications, or those waiting for an acknowledgement, or those acknowledged; paged. */
static const struct field_spec inbox_query[] = {
    {.name = "show", .label = "which notifications to show", .type = FIELD_CHOICE, .choices = inbox_shows},
    PAGE_FIELDS,
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/encompass",
     .action = "encompass.inbox",
     .handler = inbox,
     .page = "encompass/inbox",
     .query = inbox_query,
     .redisplay = inbox,
     .api_pattern = "/api/v1/encompass/notifications"},
    {.method = HTTP_GET,
     .pattern = "/encompass/notifications/{id:int}",
     .action = "encompass.read",
     .handler = show_notification,
     .page = "encompass/notification",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/encompass/notifications/{id:int}/acknowledgement",
     .action = "encompass.respond",
     .handler = acknowledge,
     .page = "encompass/notification",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/encompass/notifications/{id:int}/action",
     .action = "encompass.respond",
     .handler = record_action,
     .page = "encompass/notification",
     .body = action_fields,
     .redisplay = show_notification,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/encompass/escalations",
     .action = "encompass.escalations",
     .handler = escalations,
     .page = "encompass/escalations",
     .query = list_query,
     .redisplay = escalations,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/encompass/figures.csv",
     .action = "encompass.figures",
     .handler = figures_csv,
     .query = figures_query},
    {.method = HTTP_GET,
     .pattern = "/encompass/figures.xlsx",
     .action = "encompass.figures",
     .handler = figures_xlsx,
     .query = figures_query},
    {.method = HTTP_GET,
     .pattern = "/encompass/figures",
     .action = "encompass.figures",
     .handler = figures,
     .page = "encompass/figures",
     .query = figures_query,
     .redisplay = figures,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/encompass/settings",
     .action = "da.settings",
     .handler = show_settings,
     .page = "encompass/settings"},
    {.method = HTTP_GET,
     .pattern = "/api/v1/encompass/settings",
     .action = "da.settings",
     .handler = show_settings},
    {.method = HTTP_POST,
     .pattern = "/encompass/settings",
     .action = "da.settings",
     .handler = save_settings,
     .page = "encompass/settings",
     .body = settings_fields,
     .redisplay = show_settings,
     .api = true},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* Operation Encompass: only the recipient setting (or local authority), the local authority of the
     * incident's area and the police see a notification; only the recipient answers it */
    {.action = "encompass.inbox", .roles = ROLE_DSL | ROLE_FRONT_DOOR, .audited = true},
    {.action = "encompass.read",
     .roles = ROLE_DSL | ROLE_FRONT_DOOR | ROLE_POLICE,
     .resource = "encompass_notification",
     .every_record = ROLE_POLICE,
     .audited = true},
    {.action = "encompass.respond",
     .roles = ROLE_DSL | ROLE_FRONT_DOOR,
     .resource = "encompass_recipient",
     .audited = true,
     .shown_as = "encompass.read"},
    {.action = "encompass.escalations", .roles = ROLE_FRONT_DOOR | ROLE_POLICE, .audited = true},
    {.action = "encompass.figures",
     .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER | ROLE_FRONT_DOOR | ROLE_POLICE},
    {.action = "da.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Domestic abuse",
     .action = "encompass.inbox",
     .href = "/encompass",
     .text = "Operation Encompass notifications",
     .place = 90},
    {.section = "Domestic abuse",
     .action = "encompass.escalations",
     .href = "/encompass/escalations",
     .text = "Notifications not acknowledged in time",
     .place = 100},
    {.section = "Domestic abuse",
     .action = "encompass.figures",
     .href = "/encompass/figures",
     .text = "Operation Encompass figures",
     .place = 120},
    {.section = "Domestic abuse",
     .action = "da.settings",
     .href = "/encompass/settings",
     .text = "Settings for domestic abuse notifications",
     .place = 140},
    {0},
};

const struct area area_encompass = {
    .name = "encompass",
    .links = links,
    .access = access,
    .records = encompass_records,
    .chronology = encompass_chronology,
    .routes = routes,
    .tasks = encompass_tasks,
    .load_demo = encompass_load_demo,
    /* after the partnership (10: agencies), accounts (20: users) and children (30) */
    .demo_order = 60,
    .start = encompass_jobs_start,
    .stop = encompass_jobs_stop,
};
