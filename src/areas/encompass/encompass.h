/*
 * encompass.h — Operation Encompass's entry point for the police intake:
 * when a child of an incident is matched to a setting, the incidents area
 * creates the setting's notification through this, inside the unit of work
 * that saves or resolves the incident, so the notification commits or rolls
 * back with it. Only Encompass writes its tables.
 *
 * The rest of the area (the Key Adult's inbox, acknowledgements, actions,
 * escalation, figures and settings) lives behind area.c and store.h.
 */
#ifndef HAVEN_AREAS_ENCOMPASS_ENCOMPASS_H
#define HAVEN_AREAS_ENCOMPASS_ENCOMPASS_H

#include <stdbool.h>

#include "core/status.h"
#include "store/store.h"

/* A notification to create: to agency `recipient_agency_id` about incident child row `incident_child_id`. */
struct encompass_new_notification {
	long long incident_child_id;
	long long recipient_agency_id;
	const char *content;    /* "full" or what da_settings.content says the notification shows */
	const char *created_at; /* UTC instants, "YYYY-MM-DDTHH:MM:SSZ" (calendar_format_instant) */
	const char *due_at;
};

/*
 * Creates the notification unless that child row already has one for that
 * agency (a resend, or a second match): *created says whether it was new,
 * and only a new one should be emailed about. Run in a db_write unit of
 * work `tx`. HAVEN_ERR_DB if the insert fails.
 */
enum haven_status encompass_notify(struct store_tx *tx, const struct encompass_new_notification *n,
                                   bool *created) HAVEN_MUST_CHECK;

struct incidents_school_days_scope; /* areas/incidents/school_days.h */

/*
 * Counts again, inside the caller's unit of work `tx`, the deadline (due_at)
 * of every notification not yet acknowledged that `scope` covers (its
 * recipient, or the local authority whose terms it was counted with; every
 * one when both are 0), from its incident and recipient with the function
 * that counted it when the police sent it (incidents_notification_due_in).
 * An acknowledged notification keeps the deadline it was answered against.
 *
 * A deadline that moves later takes back what the escalations no longer
 * justify, so the notification's state and its next step follow the new
 * deadline: once it is not escalate_after_minutes late any more, its
 * escalation (the escalations list) and its ladder's steps are removed, and
 * once it is not twice that late, the local authority's step; the job takes
 * them again if the new deadline passes unanswered. Each notification so
 * changed has an audit row "encompass.escalation_withdrawn" (no user, the
 * new deadline as its reason); the rows of the escalations and the emails
 * already sent stay, as what happened.
 */
enum haven_status encompass_recount_due_for(struct store_tx *tx,
                                            const struct incidents_school_days_scope *scope) HAVEN_MUST_CHECK;

#endif
