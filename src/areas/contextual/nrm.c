/*
 * nrm.c (contextual) — National Referral Mechanism referrals of a child or
 * young person: recorded against the child (the date, the first responder
 * organisation, and the reasonable grounds and conclusive grounds decisions
 * as they come), listed on the child's screenings page, one referral's page
 * and its decisions recorded later; and a young person's move to adult
 * services (the area works with young people to 25).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/record_created.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "areas/calendar/london.h"
#include "router/errors.h"

static const char *const decisions[] = {"pending", "positive", "negative", NULL};

#define DECISION_FIELDS                                                                                      \
	{.name = "reasonable_grounds",                                                                       \
	 .label = "the reasonable grounds decision",                                                         \
	 .type = FIELD_CHOICE,                                                                               \
	 .choices = decisions},                                                                              \
	    {.name = "reasonable_grounds_on",                                                                \
	     .label = "the date of the reasonable grounds decision",                                         \
	     .type = FIELD_DATE},                                                                            \
	    {.name = "conclusive_grounds",                                                                   \
	     .label = "the conclusive grounds decision",                                                     \
	     .type = FIELD_CHOICE,                                                                           \
	     .choices = decisions},                                                                          \
	{                                                                                                    \
		.name = "conclusive_grounds_on", .label = "the date of the conclusive grounds decision",     \
		.type = FIELD_DATE                                                                           \
	}

const struct field_spec contextual_nrm_fields[] = {
    {.name = "referred_on",
     .label = "the date of the referral",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "first_responder",
     .label = "the first responder organisation",
     .type = FIELD_TEXT,
     .required = true,
     .max = 200},
    DECISION_FIELDS,
    {0},
};

/* the reason: needed to change a decision already made (or its date), kept in the change's audit row */
const struct field_spec contextual_nrm_decision_fields[] = {
    DECISION_FIELDS,
    {.name = "reason", .label = "the reason for changing a decision made", .type = FIELD_TEXT, .max = 500},
    {0},
};

static const char *or_pending(const char *decision)
{
	return decision ? decision : "pending";
}

/*
 * Checks the decisions in `in` against the referral date `referred_on`: a
 * decision made has its date (and a pending one none), no date is in the
 * future or before the one it follows, and a conclusive decision follows a
 * positive reasonable grounds one. Appends each problem to `errors`.
 */
static void check_decisions(const json_t *in, const char *referred_on, json_t *errors)
{
	const char *rg = or_pending(field_text(in, "reasonable_grounds")),
	           *cg = or_pending(field_text(in, "conclusive_grounds"));
	const char *rg_on = field_text(in, "reasonable_grounds_on"),
	           *cg_on = field_text(in, "conclusive_grounds_on");
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	if (strcmp(rg, "pending") != 0 && !rg_on)
		errors_add(errors, "reasonable_grounds_on",
		           "Enter the date of the reasonable grounds decision");
	if (strcmp(rg, "pending") == 0 && rg_on)
		errors_add(errors, "reasonable_grounds",
		           "Select the reasonable grounds decision made on that date");
	if (rg_on && (strcmp(rg_on, referred_on) < 0 || strcmp(rg_on, today) > 0))
		errors_add(errors, "reasonable_grounds_on",
		           "The reasonable grounds decision must be on or after the referral, and not in the "
		           "future");
	if (strcmp(cg, "pending") != 0 && strcmp(rg, "positive") != 0)
		errors_add(errors, "conclusive_grounds",
		           "A conclusive grounds decision follows a positive reasonable grounds decision");
	if (strcmp(cg, "pending") != 0 && !cg_on)
		errors_add(errors, "conclusive_grounds_on",
		           "Enter the date of the conclusive grounds decision");
	if (strcmp(cg, "pending") == 0 && cg_on)
		errors_add(errors, "conclusive_grounds",
		           "Select the conclusive grounds decision made on that date");
	if (cg_on && ((rg_on && strcmp(cg_on, rg_on) < 0) || strcmp(cg_on, referred_on) < 0 ||
	              strcmp(cg_on, today) > 0))
		errors_add(errors, "conclusive_grounds_on",
		           "The conclusive grounds decision must be on or after the reasonable grounds "
		           "decision, and "
		           "not in the future");
}

static struct nrm_referral decisions_of(const json_t *in)
{
	return (struct nrm_referral){
	    .reasonable_grounds = or_pending(field_text(in, "reasonable_grounds")),
	    .reasonable_grounds_on = field_text(in, "reasonable_grounds_on"),
	    .conclusive_grounds = or_pending(field_text(in, "conclusive_grounds")),
	    .conclusive_grounds_on = field_text(in, "conclusive_grounds_on"),
	};
}

static enum haven_status nrm_model(long long id, json_t **out)
{
	json_t *r = NULL;
	enum haven_status st = contextual_nrm_get(id, &r);
	if (st != HAVEN_OK)
		return st;
	char title[300];
	snprintf(title, sizeof title, "National Referral Mechanism referral: %s %s",
	         field_text(r, "given_name"), field_text(r, "family_name"));
	*out = json_pack("{s:s, s:o}", "title", title, "referral", r);
	return HAVEN_OK;
}

/*
 * The decision form's choices and dates: those sent (on the page shown again after
 * errors), else `so_far`'s (a referral's decisions, or NULL for a new one).
 */
void contextual_nrm_choices(json_t *model, const json_t *in, const json_t *so_far)
{
	static const char *const keys[][2] = {{"reasonable_grounds", "rg_is"},
	                                      {"conclusive_grounds", "cg_is"}};
	for (size_t i = 0; i < 2; i++) {
		const char *chosen = field_text(in, keys[i][0]);
		if (!chosen && so_far)
			chosen = field_text(so_far, keys[i][0]);
		json_object_set_new(model, keys[i][1], json_pack("{s:b}", or_pending(chosen), 1));
	}
	if (so_far)
		json_object_set(model, "decided", (json_t *)so_far);
	/* the dates decided so far under the fields' own names: the date inputs show them when nothing was
	 * typed */
	static const char *const dates[] = {"reasonable_grounds_on", "conclusive_grounds_on"};
	for (size_t i = 0; so_far && i < 2; i++) {
		const char *on = field_text(so_far, dates[i]);
		if (on)
			json_object_set_new(model, dates[i], json_string(on));
	}
}

/* GET /exploitation/nrm-referrals/{id} (and the page again after its decision form's errors). */
enum haven_status contextual_show_nrm(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = nrm_model(field_int(req->params, "id"), &model);
	if (st != HAVEN_OK)
		return st;
	contextual_nrm_choices(model, req->input, json_object_get(model, "referral"));
	/* the decisions form: only for the referring agency, who alone records them (area.c) */
	json_object_set_new(model, "can_decide",
	                    json_boolean(policy_allows(req->user, "nrm.update", "nrm_referral_referrer",
	                                               field_int(req->params, "id"))));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /exploitation/children/{id}/nrm-referrals: a referral of the child, with any decisions made. */
enum haven_status contextual_create_nrm(struct request *req, struct response *res)
{
	json_t *in = req->input, *errors = json_array();
	const char *referred_on = field_text(in, "referred_on"); /* today or in the past: its field's .when */
	check_decisions(in, referred_on, errors);
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct nrm_referral r = decisions_of(in);
	r.child_id = field_int(req->params, "id");
	r.referred_on = referred_on;
	r.first_responder = field_text(in, "first_responder");
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = contextual_nrm_add(&r, &actor, &id);
	response_success(res, "The NRM referral was recorded");
	return record_created(res, st, id, nrm_model, "/exploitation/nrm-referrals");
}

/*
 * The decisions `in` gives, each with its date, over those of the referral `so_far`: a decision
 * neither named nor dated in `in` stays as it was, so that a body missing one (or both) cannot put
 * a decision made back to pending. Sets *none_sent when `in` gives neither. A new object.
 */
static json_t *decisions_sent_over(const json_t *in, const json_t *so_far, bool *none_sent)
{
	static const char *const pairs[][2] = {{"reasonable_grounds", "reasonable_grounds_on"},
	                                       {"conclusive_grounds", "conclusive_grounds_on"}};
	json_t *merged = in ? json_deep_copy(in) : json_object();
	size_t sent = 0;
	for (size_t i = 0; i < 2; i++) {
		if (json_object_get(in, pairs[i][0]) || json_object_get(in, pairs[i][1])) {
			sent++;
			continue;
		}
		for (size_t k = 0; k < 2; k++)
			if (field_text(so_far, pairs[i][k]))
				json_object_set(merged, pairs[i][k], json_object_get(so_far, pairs[i][k]));
	}
	*none_sent = sent == 0;
	return merged;
}

/*
 * The decisions in `in` against those already made on the referral `so_far`: a decision made never goes
 * back to pending, and changing one made (to the other decision, or its date) needs `reason`. Appends
 * each problem to `errors`. Returns the audit row's reason for the change — the reason given and each
 * changed decision's "before -> after" (decisions and dates only: no personal data), since the referral
 * keeps only its current decisions — or NULL when no decision made changes. A new string, or NULL.
 */
static char *check_changes(const json_t *in, const json_t *so_far, json_t *errors)
{
	static const char *const pairs[][3] = {
	    {"reasonable_grounds", "reasonable_grounds_on", "reasonable grounds"},
	    {"conclusive_grounds", "conclusive_grounds_on", "conclusive grounds"}};
	const char *reason = field_text(in, "reason");
	char changes[400] = "";
	for (size_t i = 0; i < 2; i++) {
		const char *was = or_pending(field_text(so_far, pairs[i][0])),
		           *was_on = field_text(so_far, pairs[i][1]);
		const char *now = or_pending(field_text(in, pairs[i][0])),
		           *now_on = field_text(in, pairs[i][1]);
		if (strcmp(was, "pending") == 0)
			continue;
		if (strcmp(now, "pending") == 0) {
			char message[120];
			snprintf(message, sizeof message,
			         "The %s decision was made: it cannot go back to pending", pairs[i][2]);
			errors_add(errors, pairs[i][0], message);
			continue;
		}
		if (strcmp(was, now) == 0 && was_on && now_on && strcmp(was_on, now_on) == 0)
			continue;
		size_t used = strlen(changes);
		snprintf(changes + used, sizeof changes - used, "%s%s %s %s -> %s %s", used ? "; " : "",
		         pairs[i][2], was, was_on ? was_on : "", now, now_on ? now_on : "");
	}
	if (!changes[0] || json_array_size(errors))
		return NULL;
	if (!reason || !reason[0]) {
		errors_add(errors, "reason", "Enter the reason for changing a decision already made");
		return NULL;
	}
	size_t size = strlen(reason) + strlen(changes) + 4;
	char *out = malloc(size);
	if (out)
		snprintf(out, size, "%s (%s)", reason, changes);
	return out;
}

/* POST /exploitation/nrm-referrals/{id}/decisions: the Home Office's decisions as they come, recorded by
 * the referring agency only (area.c's policy); a decision made is changed only with a reason, never put
 * back to pending. */
enum haven_status contextual_decide_nrm(struct request *req, struct response *res)
{
	json_t *r = NULL, *errors = json_array();
	enum haven_status st = contextual_nrm_get(field_int(req->params, "id"), &r);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	bool none_sent;
	json_t *in = decisions_sent_over(req->input, r, &none_sent);
	if (none_sent)
		errors_add(errors, "reasonable_grounds",
		           "Select the reasonable grounds decision or the conclusive grounds decision");
	else
		check_decisions(in, field_text(r, "referred_on"), errors);
	char *change_reason = json_array_size(errors) ? NULL : check_changes(in, r, errors);
	if (json_array_size(errors)) {
		json_decref(r);
		free(change_reason);
		json_decref(in);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct nrm_referral d = decisions_of(in);
	struct nrm_referral was = decisions_of(r);
	d.change_reason = change_reason;
	d.was = &was;
	struct actor actor = auth_actor(req);
	st = contextual_nrm_decide(field_int(req->params, "id"), &d, &actor);
	json_decref(in); /* d's texts were its */
	json_decref(r);  /* was's */
	free(change_reason);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "reasonable_grounds",
		                  "The decisions were changed by someone else meanwhile: look at them again");
		return HAVEN_OK;
	}
	return record_changed(res, st, "The decision was recorded", contextual_show_nrm,
	                      "/exploitation/nrm-referrals", field_int(req->params, "id"));
}

/* A young person moves to adult services from this age (younger: the children's services keep them). */
#define TRANSITION_FROM_AGE 17

const struct field_spec contextual_transition_fields[] = {
    {.name = "transferred_on",
     .label = "the date of the move",
     .type = FIELD_DATE,
     .required = true,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "adult_service", .label = "the adult service", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "notes", .label = "the notes", .type = FIELD_TEXT, .max = 2000},
    {0},
};

/* POST /exploitation/children/{id}/transitions: the young person's move to adult services. */
enum haven_status contextual_create_transition(struct request *req, struct response *res)
{
	json_t *child = NULL, *screenings = NULL, *errors = json_array();
	enum haven_status st = contextual_child_screenings(field_int(req->params, "id"), &child, &screenings);
	json_decref(screenings);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	const char *on = field_text(req->input, "transferred_on");
	int32_t day = 0, born = 0;
	calendar_parse(on, &day); /* today or in the past: its field's .when */
	if (calendar_parse(field_text(child, "date_of_birth"), &born)) {
		int y, m, d;
		calendar_to_ymd(born, &y, &m, &d);
		if (day < calendar_from_ymd(y + TRANSITION_FROM_AGE, m, d))
			errors_add(
			    errors, "transferred_on",
			    "The young person must be 17 or over on the date of the move to adult services");
	}
	json_decref(child);
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct adult_transition t = {field_int(req->params, "id"), on,
	                             field_text(req->input, "adult_service"),
	                             field_text(req->input, "notes")};
	struct actor actor = auth_actor(req);
	st = contextual_transition_add(&t, &actor);
	response_success(res, "The move to adult services was recorded");
	if (st == HAVEN_OK)
		response_done(res, contextual_child_screenings_page, "/exploitation/children/%lld/screenings",
		              field_int(req->params, "id"));
	return st;
}
