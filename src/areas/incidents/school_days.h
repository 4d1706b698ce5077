/*
 * school_days.h (incidents) — what another area calls, inside its own unit
 * of work, when something an Operation Encompass deadline is counted from
 * changes: a setting's school_day_start (the settings area), the partnership's
 * deliver_in_holidays (the Encompass area's settings) or a local authority's
 * term dates (this area's own import). The deadlines stored from them (an
 * open notification's due_at, a waiting child's waiting_due_at) are counted
 * again by their owners with the function that counted them first
 * (notify_sqlite.c's school_day_deadline), so the inbox, the escalation job
 * and ladder, and the waiting job go by the change at once, and commit or
 * roll back with it. The bank holidays take the other road, app/area.h's
 * working_days_changed, which counts every deadline again.
 */
#ifndef HAVEN_AREAS_INCIDENTS_SCHOOL_DAYS_H
#define HAVEN_AREAS_INCIDENTS_SCHOOL_DAYS_H

#include "core/status.h"

struct store_tx;

/*
 * Which deadlines a change can move: those counted for agency `agency_id`
 * (a setting, or a local authority for a child educated at home: its
 * school_day_start), those counted with local authority `la_code`'s terms
 * (the recipient's authority, or the incident's when the recipient has none
 * or no setting is known yet), or every one (both 0: deliver_in_holidays).
 */
struct incidents_school_days_scope {
	long long agency_id;
	long long la_code;
};

/*
 * Counts again, inside `tx`, the deadlines `scope` covers: every
 * notification not yet acknowledged (encompass_recount_due_for) and every
 * child still waiting to be matched (incidents_recount_waiting_for).
 * Acknowledged notifications and children matched or resolved keep theirs.
 * A deadline that moves later than an escalation already taken allowed
 * takes that escalation back (see encompass_recount_due_for); the emails sent
 * and their audit rows stay.
 */
enum haven_status
incidents_school_days_changed(struct store_tx *tx,
                              const struct incidents_school_days_scope *scope) HAVEN_MUST_CHECK;

/*
 * What the partnership and settings areas call, inside their unit of work, when agency `agency_id`'s
 * one local authority (agencies.la_code; 0 when it serves several or all, whose deadlines go by the
 * incident's area) moves from `was` to `now`: whose term dates its deadlines are counted with, and in
 * which area the police's name for a setting finds it. Nothing when it did not move. Otherwise, as
 * incidents_school_days_changed: the agency's own deadlines, and those counted with the old
 * authority's terms (a child the police named this setting for, by name in the incident's area, is
 * now counted without it).
 */
enum haven_status incidents_agency_area_changed(struct store_tx *tx, long long agency_id, long long was,
                                                long long now) HAVEN_MUST_CHECK;

/*
 * What the settings and partnership areas call, inside their unit of work, when a setting may have come
 * to answer to a name or URN the police gave, or stopped answering to one: a setting added (by hand or
 * by a GIAS import), an agency renamed or given another type. A child still waiting to be matched had
 * its deadline (waiting_due_at) counted for the setting the police's name (in the incident's area) or
 * URN found then, or for none; every such deadline is counted again for the setting found now (as
 * incidents_recount_waiting_in, which a change of bank holidays calls), so the waiting job escalates
 * it by the school day and terms of the setting it will go to. Notifications already sent keep
 * their recipient's deadline.
 */
enum haven_status incidents_setting_names_changed(struct store_tx *tx) HAVEN_MUST_CHECK;

#endif
