/*
 * alerts.h (work, private) — the store behind every clock's alerts: each
 * person's choice of an email at once or a daily digest per kind of work,
 * and one marker per alert, written in the same unit of work as its email
 * (alerts_sqlite.c), so each alert is sent once and survives restarts. The
 * job that uses them is jobs.c; the choices' page is in area.c.
 */
#ifndef HAVEN_AREAS_WORK_ALERTS_H
#define HAVEN_AREAS_WORK_ALERTS_H

#include <jansson.h>
#include <stdint.h>

#include "auth/actor.h"
#include "core/status.h"

/*
 * Every active person, as a new array of {id, agency_id, name, email,
 * agency_name, roles: "front_door,police"} (roles comma-separated), for the
 * job to gather each one's tasks.
 */
enum haven_status work_people(json_t **out) HAVEN_MUST_CHECK;

/*
 * The tasks of `kind` person `user_id` has been alerted about and whose
 * alerts have been emailed (at once or in a digest), as a new array of
 * distinct {kind, record_type, record_id}: what the job compares with the
 * person's list to find the tasks that have left it (of the kinds that may
 * come back).
 */
enum haven_status work_alerts_held(long long user_id, const char *kind, json_t **out) HAVEN_MUST_CHECK;

/*
 * In one unit of work: forgets person `user_id`'s emailed alerts about each
 * of `gone` ({kind, record_type, record_id}: tasks that have left their
 * list, so that the task alerts afresh if it reaches them again: a
 * challenge escalated back to its agency, a second response to decide),
 * then records each of `alerts` (an array of {kind, record_type, record_id,
 * stage, text, href}) that is not recorded yet, with the person's delivery
 * for its kind (immediate when they chose nothing), and queues an email to
 * `email` for each new one delivered at once (its emailed_at set in the
 * same unit). Sets *emailed.
 */
enum haven_status work_alerts_record(long long user_id, const char *email, const json_t *gone,
                                     const json_t *alerts, int *emailed) HAVEN_MUST_CHECK;

/*
 * Sends each person with alerts waiting for their digest that were noticed
 * before `cutoff` (UTC seconds) one email summarising them, and marks them
 * emailed, each person in one unit of work. Sets *sent to the emails queued.
 */
enum haven_status work_digests_send(int64_t cutoff, int *sent) HAVEN_MUST_CHECK;

/* The person's choices as a new object {kind: "immediate" | "digest"} (only the kinds they chose). */
enum haven_status work_alert_choices_get(long long user_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Replaces the choices of the actor (the signed-in person) given in
 * `choices` ({kind: delivery}, kinds already checked), audited
 * "work.alert_choices" in the same unit.
 */
enum haven_status work_alert_choices_set(const struct actor *actor, const json_t *choices) HAVEN_MUST_CHECK;

#endif
