/*
 * jobs.c (work) — every clock alerts: every minute (HAVEN_WORK_JOB_SECONDS)
 * the job gathers each active person's tasks the way their task list does,
 * and for each task of an alerting kind (rules.h, work_alert_kinds) that has
 * reached a stage it has not alerted for (new, close to its deadline,
 * overdue) records the alert and, if the person chose an email at once
 * (the default), queues it in the same unit of work (alerts_sqlite.c). A
 * task of a kind that may come back (an escalated challenge) has its
 * emailed alerts forgotten when it leaves the person's list, so it alerts
 * afresh when it returns. Once
 * a day, at HAVEN_WORK_DIGEST_AT ("HH:MM" in Europe/London, default 07:00),
 * each person who chose the digest for some kind gets one email summarising
 * what was noticed before then.
 *
 * Why gather tasks rather than watch each clock in its own area: the task
 * list already says, for every area, what waits for whom and by when, so
 * an alert can never disagree with the list it links to, and a new area's
 * tasks alert by adding one line to work_alert_kinds. The cost is every
 * person's tasks each minute: fine for a partnership's few thousand people;
 * a national deployment would have the areas push their changes instead.
 */
#include "areas/work/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/job.h"
#include "areas/calendar/london.h"
#include "areas/work/alerts.h"
#include "areas/work/rules.h"
#include "areas/work/work.h"
#include "core/log.h"

#define DIGEST_DEFAULT_MINUTE (7 * 60)

/* The person a row of work_people is, as the policy sees them. */
static void person_of(const json_t *row, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = json_integer_value(json_object_get(row, "id"));
	u->agency_id = json_integer_value(json_object_get(row, "agency_id"));
	snprintf(u->name, sizeof u->name, "%s", json_string_value(json_object_get(row, "name")));
	snprintf(u->email, sizeof u->email, "%s", json_string_value(json_object_get(row, "email")));
	snprintf(u->agency_name, sizeof u->agency_name, "%s",
	         json_string_value(json_object_get(row, "agency_name")));
	const char *roles = json_string_value(json_object_get(row, "roles"));
	char role[64];
	while (roles && *roles) {
		size_t n = strcspn(roles, ",");
		snprintf(role, sizeof role, "%.*s", (int)n, roles);
		u->roles |= (unsigned)role_from_name(role);
		roles += n + (roles[n] == ',');
	}
}

/* The alerts due for `tasks` at `now`: a new array of {kind, record_type, record_id, stage, text, href}, the
 * text the kind's own words (work_alert_kind.one), never the task's: its email carries nothing typed. */
static json_t *alerts_of(const json_t *tasks, int64_t now)
{
	json_t *alerts = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(tasks, i, t)
	{
		const struct work_alert_kind *k =
		    work_alert_kind_find(json_string_value(json_object_get(t, "kind")));
		const char *stage =
		    k ? work_alert_stage(k, json_string_value(json_object_get(t, "due_at")), now) : NULL;
		if (stage)
			json_array_append_new(alerts,
			                      json_pack("{s:O, s:O, s:O, s:s, s:s, s:O}", "kind",
			                                json_object_get(t, "kind"), "record_type",
			                                json_object_get(t, "record_type"), "record_id",
			                                json_object_get(t, "record_id"), "stage", stage,
			                                "text", k->one, "href", json_object_get(t, "href")));
	}
	return alerts;
}

/* Whether `tasks` holds a task of `kind` about record `record_type` `record_id`. */
static bool holds(const json_t *tasks, const char *kind, const char *record_type, json_int_t record_id)
{
	size_t i;
	const json_t *t;
	json_array_foreach(tasks, i, t)
	{
		const char *k = json_string_value(json_object_get(t, "kind")),
		           *type = json_string_value(json_object_get(t, "record_type"));
		if (k && type && strcmp(k, kind) == 0 && strcmp(type, record_type) == 0 &&
		    json_integer_value(json_object_get(t, "record_id")) == record_id)
			return true;
	}
	return false;
}

/*
 * The person's emailed alerts about tasks of a kind that may come back (work_alert_kind.again) and are no
 * longer on their list (`tasks`, read whole): a new array of {kind, record_type, record_id}, or NULL when
 * reading them fails. Forgetting them lets the task alert again when it reaches the person again: a
 * challenge escalated back to the agency that answered it, the response to it back with whoever decides.
 * A task still listed keeps its alerts, each stage sent once; other kinds keep theirs for good.
 */
static json_t *gone_from(long long user_id, const json_t *tasks)
{
	json_t *gone = json_array();
	for (const struct work_alert_kind *k = work_alert_kinds; k->kind; k++) {
		if (!k->again)
			continue;
		json_t *held = NULL;
		if (work_alerts_held(user_id, k->kind, &held) != HAVEN_OK) {
			json_decref(gone);
			return NULL;
		}
		size_t i;
		json_t *h;
		json_array_foreach(held, i, h)
		{
			if (!holds(tasks, k->kind, json_string_value(json_object_get(h, "record_type")),
			           json_integer_value(json_object_get(h, "record_id"))))
				json_array_append(gone, h);
		}
		json_decref(held);
	}
	return gone;
}

/* The most recent digest time at or before `now` (UTC seconds). */
static int64_t last_digest_time(int64_t now)
{
	int minute = DIGEST_DEFAULT_MINUTE;
	const char *at = getenv("HAVEN_WORK_DIGEST_AT");
	if (at && !calendar_parse_clock(at, &minute))
		minute = DIGEST_DEFAULT_MINUTE;
	int32_t day, seconds;
	calendar_london_from_utc(now, &day, &seconds);
	int64_t today = calendar_utc_from_london(day, minute * 60);
	return today <= now ? today : calendar_utc_from_london(day - 1, minute * 60);
}

static void run_once(struct job *job)
{
	json_t *people = NULL;
	if (work_people(&people) != HAVEN_OK) {
		log_error("work: reading people for alerts failed; trying again at the next run");
		return;
	}
	int64_t now = (int64_t)time(NULL);
	int emailed = 0, failed = 0;
	size_t i;
	json_t *row;
	json_array_foreach(people, i, row)
	{
		if (job_stopping(job))
			break;
		struct user u;
		person_of(row, &u);
		if (!u.roles)
			continue;
		json_t *tasks = NULL, *alerts = NULL, *gone = NULL;
		int n = 0;
		if (work_tasks_of(&u, now, &tasks) != HAVEN_OK || !(gone = gone_from(u.id, tasks)))
			failed++;
		else if ((json_array_size(alerts = alerts_of(tasks, now)) > 0 || json_array_size(gone) > 0) &&
		         work_alerts_record(u.id, u.email, gone, alerts, &n) != HAVEN_OK)
			failed++;
		emailed += n;
		json_decref(gone);
		json_decref(alerts);
		json_decref(tasks);
	}
	json_decref(people);
	int digests = 0;
	if (!job_stopping(job) && work_digests_send(last_digest_time(now), &digests) != HAVEN_OK)
		failed++;
	if (emailed || digests)
		log_info("work: %d alerts and %d digests emailed", emailed, digests);
	if (failed)
		log_error("work: alerts failed for %d people; trying again at the next run", failed);
}

struct job work_alerts_job = {
    .area = "work",
    .what = "the alerts job",
    .interval_seconds = 60,
    .interval_env = "HAVEN_WORK_JOB_SECONDS",
    .run = run_once,
};
