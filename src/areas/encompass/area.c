/*
 * area.c (encompass) — Operation Encompass from the Key Adult's side: the
 * inbox of notifications sent to the user's setting (or, for a front door
 * user, to their local authority, for children educated at home), one
 * notification in its full or minimal form, acknowledging it and recording
 * what the setting did; the escalations list for the local authority and
 * the police; the figures by area, week and month (figures.c); and the
 * partnership's settings for domestic abuse work. Each use case is one
 * handler serving its page (under /encompass) and the same JSON under
 * /api/v1/encompass.
 *
 * Notifications are created by the police intake (src/areas/incidents/),
 * which sets each one's content form from the partnership's setting at the
 * time and its deadline (due_at). This area reads what the intake wrote
 * and records the answers; when the bank holidays change it counts the
 * deadlines of those not yet acknowledged again with the intake's function
 * (encompass_recount_due_in).
 *
 * Who may do what (the access table beside the routes): a
 * notification is answered 404 to anyone but its recipient, the local
 * authority of the incident's area and the police force that sent the
 * incident before a handler runs,
 * and only its recipient may answer it. Lists are scoped in their queries
 * (the user's agency). The server audits reads; changes write their audit
 * rows in the same unit of work (store_sqlite.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/area.h"
#include "app/model_answer.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/encompass/figures.h"
#include "areas/encompass/jobs.h"
#include "areas/encompass/rules.h"
#include "areas/encompass/store.h"
#include "areas/encompass/tasks.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "view/status_tag.h"

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
    /* shown, not a status of its own: an acknowledged one's API status stays "acknowledged" */
    {"acknowledged_late", "Acknowledged late", "govuk-tag--orange"},
    {"action_recorded", "Action recorded", "govuk-tag--green"},
    {0},
};

/*
 * The status of a notification as its one tag shows it: the text says it all
 * (colour only repeats it). Sets "status", "status_label", "status_tag",
 * "overdue", "acknowledged_late" (acknowledged after its deadline, long
 * after the "Overdue" tag has gone) and "acknowledged_late_by" (how long
 * after, in words; null when not late). One acknowledged late and not yet
 * acted on is tagged "Acknowledged late" (its status stays "acknowledged");
 * once an action is recorded the tag says so, and the words beside it, or
 * the acknowledgement's row, say the acknowledgement was late.
 */
static void set_status(json_t *o, int64_t now)
{
	const char *acknowledged = json_string_value(json_object_get(o, "acknowledged_at"));
	bool has_action = json_is_string(json_object_get(o, "action"));
	int64_t due = 0, acknowledged_at = 0;
	bool has_due = calendar_parse_instant(json_string_value(json_object_get(o, "due_at")), &due);
	bool overdue = !acknowledged && has_due && due < now;
	bool acknowledged_late = acknowledged && has_due &&
	                         calendar_parse_instant(acknowledged, &acknowledged_at) &&
	                         acknowledged_at > due;
	const char *status = has_action     ? "action_recorded"
	                     : acknowledged ? "acknowledged"
	                     : overdue      ? "overdue"
	                                    : "new";
	status_tag_set(o, status_tag_find(notification_statuses,
	                                  acknowledged_late && !has_action ? "acknowledged_late" : status));
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "overdue", json_boolean(overdue));
	json_object_set_new(o, "acknowledged_late", json_boolean(acknowledged_late));
	char late_by[CALENDAR_DURATION_SIZE];
	if (acknowledged_late)
		calendar_format_duration(acknowledged_at - due, late_by);
	json_object_set_new(o, "acknowledged_late_by",
	                    acknowledged_late ? json_string(late_by) : json_null());
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
	json_t *model = json_pack("{s:s, s:s, s:o, s:o, s:b, s:b}", "title",
	                          "Operation Encompass notifications", "agency", req->user->agency_name,
	                          "new_count", page_count_json(counts.overdue > PAGE_COUNT_CAP ? -1 : fresh),
	                          "overdue_count", page_count_json(counts.overdue), "can_escalations",
	                          policy_allows(req->user, "encompass.escalations", NULL, 0), "can_figures",
	                          policy_allows(req->user, "encompass.figures", NULL, 0));
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
	/* whom to ask for more, in either form: the force that sent the incident (null for one imported
	 * before imports named their force) */
	json_object_set(v, "police_force_name", json_object_get(n, "police_force_name"));
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

static enum haven_status notification_model(struct request *req, json_t **out)
{
	json_t *n = NULL;
	long long id = notification_id(req);
	enum haven_status st = encompass_get(id, &n);
	if (st != HAVEN_OK)
		return st;
	json_t *v = notification_view(n, (int64_t)time(NULL));
	json_decref(n);
	bool can_respond = policy_allows(req->user, "encompass.respond", "encompass_recipient", id);
	bool acknowledged = json_is_string(json_object_get(v, "acknowledged_at"));
	bool has_action = json_is_string(json_object_get(v, "action"));
	json_t *choices = json_array();
	for (size_t i = 0; actions[i]; i++)
		json_array_append_new(
		    choices, json_pack("{s:s, s:s}", "value", actions[i], "label", action_label(actions[i])));
	*out = json_pack("{s:s, s:o, s:b, s:b, s:b, s:b, s:o}", "title", "Operation Encompass notification",
	                 "notification", v, "can_respond", can_respond, "can_acknowledge",
	                 can_respond && !acknowledged, "can_record_action",
	                 can_respond && acknowledged && !has_action, "in_inbox",
	                 policy_allows(req->user, "encompass.inbox", NULL, 0), "action_choices", choices);
	return HAVEN_OK;
}

/* GET /encompass/notifications/{id}, GET /api/v1/encompass/notifications/{id} (and the page after errors). */
static enum haven_status show_notification(struct request *req, struct response *res)
{
	return model_answer(req, res, notification_model);
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
	response_success(res, st == HAVEN_ERR_CONFLICT ? "The notification had already been acknowledged"
	                                               : "Notification acknowledged");
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
	response_success(res, "What the setting did was recorded");
	response_done(res, show_notification, "/encompass/notifications/%lld", notification_id(req));
	return HAVEN_OK;
}

/* ---- escalations ---- */

/* GET /encompass/escalations, GET /api/v1/encompass/escalations. */
static enum haven_status escalations(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL;
	long long open = -1;
	enum haven_status st = encompass_escalations(req->user->agency_id, &page, &rows, &open);
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
	/* the police, who send incidents, see those of their own force; a front door those of its area */
	bool own_force = policy_allows(req->user, "incident.create", NULL, 0);
	json_t *model = json_pack("{s:s, s:b, s:o}", "title", "Late Encompass notifications", "own_force",
	                          own_force, "open_count", page_count_up_to(open, PAGE_COUNT_CAP_JOINED));
	page_finish(&page, req, model, "escalations", rows, "escalation_id", -1, "late notifications");
	response_audit_records(res, "encompass_notification", json_object_get(model, "escalations"),
	                       "notification_id");
	size_t n = json_array_size(json_object_get(model, "escalations"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
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
     .handler = encompass_figures_download,
     .query = encompass_figures_query},
    {.method = HTTP_GET,
     .pattern = "/encompass/figures.xlsx",
     .action = "encompass.figures",
     .handler = encompass_figures_download,
     .query = encompass_figures_query},
    {.method = HTTP_GET,
     .pattern = "/encompass/figures",
     .action = "encompass.figures",
     .handler = encompass_figures_page,
     .page = "encompass/figures",
     .query = encompass_figures_query,
     .redisplay = encompass_figures_page,
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
     * incident's area and the police force that sent the incident see a notification; only the recipient
     * answers it */
    {.action = "encompass.inbox", .roles = ROLE_DSL | ROLE_FRONT_DOOR, .audited = true},
    {.action = "encompass.read",
     .roles = ROLE_DSL | ROLE_FRONT_DOOR | ROLE_POLICE,
     .resource = "encompass_notification",
     .audited = true},
    {.action = "encompass.respond",
     .roles = ROLE_DSL | ROLE_FRONT_DOOR,
     .resource = "encompass_recipient",
     .audited = true,
     .shown_as = "encompass.read"},
    {.action = "encompass.escalations", .roles = ROLE_FRONT_DOOR | ROLE_POLICE, .audited = true},
    {.action = "encompass.figures", .roles = ROLE_PARTNERSHIP | ROLE_FRONT_DOOR | ROLE_POLICE},
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
    .subject_access = encompass_subject_access,
    .figures = encompass_published,
    .routes = routes,
    .tasks = encompass_tasks,
    .load_demo = encompass_load_demo,
    /* after the partnership (10: agencies), accounts (20: users) and children (30) */
    .demo_order = 60,
    .working_days_changed = encompass_recount_due_in,
    .job = &encompass_escalation_job,
};
