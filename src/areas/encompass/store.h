/*
 * store.h (encompass) — Operation Encompass's queries and changes on the
 * tables of migration 0017 (notifications, escalations, da_settings), read
 * with the incidents of migration 0016 that the intake writes.
 *
 * Every change is one db_write unit that appends its audit row in the same
 * transaction ("encompass.acknowledge", "encompass.action",
 * "encompass.escalate", "da.settings"), so a change and its record commit
 * together or not at all. Times are UTC ISO 8601 strings as the store keeps
 * them; the handlers turn them into Europe/London time for people.
 */
#ifndef HAVEN_AREAS_ENCOMPASS_STORE_H
#define HAVEN_AREAS_ENCOMPASS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"
#include "router/page.h"

/* The most notifications an inbox or the escalations list shows. */

/* How many notifications an inbox holds, each counted up to PAGE_COUNT_CAP + 1 (-1 if a count failed). */
struct encompass_inbox_counts {
	long long total, waiting, overdue; /* waiting: not acknowledged; overdue: of those, due by `now` */
};

/* Which of an inbox's notifications a page shows (its total counts those only; the other counts all). */
enum encompass_inbox_show {
	INBOX_SHOW_ALL,
	INBOX_SHOW_WAITING,      /* not yet acknowledged */
	INBOX_SHOW_ACKNOWLEDGED, /* acknowledged */
};

/*
 * A page (router/page.h) of the notifications sent to agency `agency_id` (a
 * setting, or a local authority for children educated at home):
 * unacknowledged first (the earliest deadline first), then the rest (the
 * latest acknowledged first). [{id, given_name, family_name,
 * police_reference, occurred_at, created_at, due_at, acknowledged_at,
 * action}], and the inbox's counts as of `now` (Unix seconds).
 */
enum haven_status encompass_inbox(long long agency_id, int64_t now, enum encompass_inbox_show show,
                                  const struct page *page, json_t **out,
                                  struct encompass_inbox_counts *counts) HAVEN_MUST_CHECK;

/*
 * One notification with everything the page may show: the notification's
 * columns; the child as police recorded them (given_name, family_name,
 * date_of_birth, present, where_during, spoken_to, child_said); the incident
 * (incident_id, police_reference, occurred_at, location, circumstances,
 * la_code, la_name); recipient_name; acknowledged_by_name, action_by_name;
 * escalated_at (or null). The handler leaves out what the notification's
 * content form does not carry. HAVEN_ERR_NOT_FOUND if there is none.
 */
enum haven_status encompass_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Acknowledges notification `id` as the actor, now. Once only:
 * HAVEN_ERR_CONFLICT if it was already acknowledged (nothing changes),
 * HAVEN_ERR_NOT_FOUND if there is no such notification. Audited
 * "encompass.acknowledge".
 */
enum haven_status encompass_acknowledge(long long id, const struct actor *actor) HAVEN_MUST_CHECK;

/* Why encompass_record_action refused. */
enum encompass_action_refusal {
	ENCOMPASS_ACTION_OK,
	ENCOMPASS_ACTION_NOT_ACKNOWLEDGED, /* acknowledge it first */
	ENCOMPASS_ACTION_ALREADY,          /* what the setting did is already recorded */
};

/*
 * Records what the setting did (`action`: support_offered, monitoring,
 * referral_made, no_action, other; `detail` may be NULL except for
 * no_action and other, which the handler checks) as the actor, now. Once
 * only, and only after acknowledgement: otherwise HAVEN_OK is not returned,
 * nothing changes and *refusal says why (with HAVEN_ERR_CONFLICT).
 * HAVEN_ERR_NOT_FOUND if there is no such notification. Audited
 * "encompass.action".
 */
enum haven_status encompass_record_action(long long id, const char *action, const char *detail,
                                          const struct actor *actor,
                                          enum encompass_action_refusal *refusal) HAVEN_MUST_CHECK;

struct store_tx;

/*
 * This area's working_days_changed (app/area.h): inside the unit of work `tx`
 * that changes the bank holidays, counts again the deadline (due_at) of every
 * notification not yet acknowledged, from its incident and recipient, with
 * the function that counted it when the police sent it
 * (incidents_notification_due_in), so the escalation job and ladder, the
 * inbox and the figures go by the new holidays. An acknowledged notification
 * keeps the deadline it was answered against. encompass_recount_due_for
 * (encompass.h) for every notification: one moved later takes back the
 * escalations it no longer justifies.
 */
enum haven_status encompass_recount_due_in(struct store_tx *tx) HAVEN_MUST_CHECK;

/*
 * The escalation job's unit: records an escalation (escalated_at now) for
 * up to `limit` notifications not acknowledged by
 * da_settings.escalate_after_minutes after their due_at that have none yet,
 * each audited "encompass.escalate" as a system action (no user). Sets
 * *count to how many were recorded (fewer than `limit`: none are left).
 */
enum haven_status encompass_escalate_due(int limit, int *count) HAVEN_MUST_CHECK;

/*
 * The escalation ladder's unit (ladder_sqlite.c): for up to `limit`
 * notifications still not acknowledged, takes the next step that is due,
 * each once: at escalate_after_minutes past due_at, an email to each active
 * Key Adult of the recipient (its DSLs, or a local authority's front door);
 * at twice that, an email to the front door of the local authority of the
 * incident's area (none when the recipient is that authority: they had the
 * first). Each step is a row of encompass_escalation_steps with its emails
 * and its audit row ("encompass.escalate_key_adults",
 * "encompass.escalate_local_authority", no user) in the one unit. Sets
 * *count to how many steps were taken (fewer than `limit`: none are left).
 */
enum haven_status encompass_ladder_due(int limit, int *count) HAVEN_MUST_CHECK;

/*
 * A page (router/page.h) of escalated notifications, latest escalated
 * first, of the incidents agency `agency_id` sees: a police force's own
 * (the ones it sent), a local authority's in its area (none for another
 * kind of agency).
 * [{escalation_id, notification_id, escalated_at, due_at, acknowledged_at,
 * police_reference, la_name, recipient_name}], and in *open how many are
 * still unacknowledged (counted up to PAGE_COUNT_CAP_JOINED + 1).
 */
enum haven_status encompass_escalations(long long agency_id, const struct page *page, json_t **out,
                                        long long *open) HAVEN_MUST_CHECK;

/* The local authority areas [{code, slug, name}] by name. */
enum haven_status encompass_areas(json_t **out) HAVEN_MUST_CHECK;

/*
 * The figures' readers below take `force_id`: 0 for the whole partnership,
 * read from the kept aggregates; a police agency for only its own incidents
 * (incidents/store.h, incidents_scope_of), read from them and their
 * notifications, one row each.
 *
 * A bar of the kept histogram of acknowledgement delays (migrations 0137, 0149):
 * `n` acknowledged notifications of area `la_code` whose incident was on
 * London day `day` took `value` (whole hours, or seconds) from the incident
 * to the acknowledgement.
 */
struct encompass_figure_delay {
	long long la_code;
	int32_t day;
	long long value;
	long long n;
};

/*
 * The delays of the incidents on London days `first` to `last` (both
 * inclusive) in area `la_code` (0: every area), by area, London day and
 * whole hour (seconds / 3600, towards zero, so hour 0 holds -3599 to 3599
 * seconds): a few rows an area and day whatever the number of
 * notifications. *bars is malloc'd (the caller frees it), *count its
 * length; an area, day and hour may come in two rows.
 */
enum haven_status encompass_figure_delay_hours(long long force_id, int32_t first, int32_t last,
                                               long long la_code, struct encompass_figure_delay **bars,
                                               size_t *count) HAVEN_MUST_CHECK;

/*
 * The delays of hour `hour` (as above) to the second, of the incidents on
 * London days `first` to `last` in area `la_code`, by London day and
 * seconds: what a median found in that hour needs. As above for *bars.
 */
enum haven_status encompass_figure_delay_seconds(long long force_id, int32_t first, int32_t last,
                                                 long long la_code, long long hour,
                                                 struct encompass_figure_delay **bars,
                                                 size_t *count) HAVEN_MUST_CHECK;

/* What the incidents of one area and London day count for the published figures. */
struct encompass_figure_count {
	long long la_code;
	int32_t day; /* the incidents' Europe/London day (calendar.h) */
	long long incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time;
};

/*
 * The kept counts (migration 0145) of the incidents that occurred on London
 * days `first` to `last` (both inclusive), by area and London day: a few rows
 * a day whatever the number of incidents. *counts is malloc'd (the caller
 * frees it), *count its length; an area and day may come in two rows.
 */
enum haven_status encompass_figure_counts(long long force_id, int32_t first, int32_t last,
                                          struct encompass_figure_count **counts,
                                          size_t *count) HAVEN_MUST_CHECK;

/* The partnership's settings for domestic abuse work (the one da_settings row). */
struct da_settings {
	bool deliver_in_holidays;
	char content[16]; /* "full" or "minimal" */
	int escalate_after_minutes;
	int waiting_escalate_minutes; /* before a waiting child's deadline; -1: leave it as it is */
	char idva_referrals[16];      /* "all" or "medium_high" */
	int idva_first_attempt_hours; /* the target for an IDVA's first attempt to contact; -1: leave it */
};

/*
 * The settings as an object {deliver_in_holidays (bool), content,
 * escalate_after_minutes, waiting_escalate_minutes, idva_referrals, idva_first_attempt_hours,
 * updated_at, updated_by_name}.
 */
enum haven_status encompass_settings_get(json_t **out) HAVEN_MUST_CHECK;

/*
 * Replaces the settings, recording who and when. Audited "da.settings". A
 * change to deliver_in_holidays counts every open deadline again in the same
 * unit of work (incidents_school_days_changed, incidents/school_days.h).
 */
enum haven_status encompass_settings_set(const struct da_settings *s,
                                         const struct actor *actor) HAVEN_MUST_CHECK;

/* Loads the demo incidents and notifications (demo.sql) in one unit of work. */
enum haven_status encompass_load_demo(void) HAVEN_MUST_CHECK;

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type encompass_records[];

/* This area's kinds of event in a child's chronology, ended by {0} (app/chronology.h, chronology_sqlite.c).
 */
extern const struct chronology_kind encompass_chronology[];
/* What it holds about a child, for a subject access request's pack. */
extern const struct subject_access_table encompass_subject_access[];

#endif
