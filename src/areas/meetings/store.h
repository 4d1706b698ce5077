/*
 * store.h (meetings) — the partnership board's and the local operational
 * groups' meetings (issue 20): a meeting (the board's or a group's, a date,
 * a start time, a place, a status), its ordered agenda, attendance by
 * agency, its decisions and its actions. A meeting's action is a plans
 * action (areas/plans/plans.h), added in the same unit of work as the row
 * saying which meeting agreed it. Each change is one unit with its audit
 * row; reads give rows, the handlers add the words.
 */
#ifndef HAVEN_AREAS_MEETINGS_STORE_H
#define HAVEN_AREAS_MEETINGS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "areas/plans/store.h"
#include "auth/actor.h"
#include "auth/records.h"
#include "core/status.h"
#include "router/page.h"

/* Why a change was refused (HAVEN_ERR_CONFLICT): the handler names the field. */
enum meeting_refusal {
	MEETING_DONE,             /* not refused */
	MEETING_NO_SUCH_GROUP,    /* no local operational group has that id */
	MEETING_NO_SUCH_PRIORITY, /* no priority has that key */
	MEETING_NO_SUCH_PLAN,     /* no plan has that id */
	MEETING_NO_SUCH_AGENCY,   /* no agency has that slug */
	MEETING_NO_SUCH_ITEM,     /* the agenda item is not this meeting's */
	MEETING_ITEM_WITHDRAWN, /* a new decision (or one moved to it) names an item withdrawn from the agenda
	                         */
	MEETING_NO_SUCH_DECISION, /* the decision is not this meeting's */
	MEETING_HELD_IS_FINAL,    /* a meeting that was held stays held */
	MEETING_NOT_YET_HELD,     /* held asked before the meeting's day */
	MEETING_STATUS_ORDER,   /* any other move: planned to held or cancelled, cancelled to planned only */
	MEETING_HELD_IN_FUTURE, /* a held meeting's date corrected to after today */
	MEETING_CANCELLED,      /* an agenda item, attendance, a decision or an action added to a cancelled
	                           meeting, which is not held (planned again, it takes them) */
};

/* A new meeting (borrowed strings; group 0: the board's). */
struct new_meeting {
	long long group_id;
	const char *held_on, *starts_at, *place;
};

/* A new agenda item (priority NULL and plan 0: about neither). */
struct new_agenda_item {
	const char *title, *priority;
	long long plan_id;
};

/* Someone at a meeting, or an agency's apologies (name and role may then be NULL). */
struct new_attendance {
	const char *agency, *attendance, *name, *role; /* agency: its slug */
};

/* Adds a meeting, planned (audited "meeting.create"); its id in *id. */
enum haven_status meetings_create(const struct new_meeting *m, const struct actor *actor, long long *id,
                                  enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * Sets meeting `id`'s status (audited "meeting.status", the status as reason). NOT_FOUND: no such meeting.
 * Statuses move in one order: planned to held (only on or after the meeting's day, in England) or to
 * cancelled, cancelled back to planned (reinstated); held is final. Anything else is refused
 * (CONFLICT, *refusal says why) and nothing changes.
 */
enum haven_status meetings_set_status(long long id, const char *status, const struct actor *actor,
                                      enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/* Meeting `id`'s corrected date, start time and place (audited "meeting.correct"). NOT_FOUND: no such
 * meeting. A held meeting's date stays on or before today (England's): after it is refused (CONFLICT,
 * *refusal MEETING_HELD_IN_FUTURE) and nothing changes, as marking it held would be. */
enum haven_status meetings_correct(long long id, const struct new_meeting *details, const struct actor *actor,
                                   enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

struct store_tx;

/*
 * Adds an item titled `title` at the end of the agenda of the board's next
 * planned meeting (the board's, planned, starting after `now` in England's
 * time: a meeting this morning not yet marked held has been, so it is not the
 * next; the earliest),
 * inside the caller's unit of work `tx` (a db_write unit), audited
 * "meeting.agenda_add" on the meeting: the meeting's id in *meeting_id and
 * the item's in *item_id. HAVEN_ERR_NOT_FOUND, nothing written, when the
 * board has no meeting planned. For another area putting a matter before the
 * board (an escalated challenge: scrutiny); the item's source is 'challenge'
 * (migration 0212), which is how the meeting's page knows, without reading
 * scrutiny's tables, that cancelling it sends one back to the partnership team.
 */
enum haven_status meetings_board_agenda_insert(struct store_tx *tx, int64_t now, const char *title,
                                               const struct actor *actor, long long *meeting_id,
                                               long long *item_id) HAVEN_MUST_CHECK;

/*
 * Takes agenda item `item_id` (one meetings_board_agenda_insert added) off its meeting's agenda when that
 * meeting will not be held as planned: cancelled, or still planned for a day before `now`'s (England's)
 * and not marked held. Inside the caller's unit of work `tx`, audited "meeting.agenda_remove" on the
 * meeting; the agenda's later items move up one place. For another area moving its matter to the board's
 * next meeting, so that it is on one agenda only, and reinstating the meeting does not bring it back
 * there. An item of a meeting held or still to come stays: HAVEN_OK, nothing written. One a decision was
 * recorded against stays too (the meeting's record), marked withdrawn (`withdrawn` on meetings_get's
 * agenda, audited "meeting.agenda_remove" with the reason "withdrawn, kept for its decision"): planning its
 * meeting again, or moving its day, does not put the matter on a second live agenda. The caller no longer
 * refers to the item.
 */
enum haven_status meetings_board_agenda_withdraw(struct store_tx *tx, int64_t now, long long item_id,
                                                 const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * As meetings_board_agenda_withdraw, for a matter settled (an escalated challenge accepted, so closed): the
 * item comes off the agenda of any meeting not held, still to come included, as the board has nothing left
 * to discuss; a held meeting's agenda keeps it (the record), as does one a decision names (withdrawn).
 */
enum haven_status meetings_board_agenda_settled(struct store_tx *tx, int64_t now, long long item_id,
                                                const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The board's next planned meeting after `now` (as meetings_board_agenda_insert chooses it): its id in
 * *meeting_id, or HAVEN_ERR_NOT_FOUND when none is planned. For another area saying, before it asks,
 * whether a matter can be put before the board (scrutiny's escalated challenge).
 */
enum haven_status meetings_board_next(int64_t now, long long *meeting_id) HAVEN_MUST_CHECK;

/*
 * Adding to a meeting's record (these four: an agenda item, attendance, a decision, an action) is for a
 * meeting planned or held: a cancelled one is refused (CONFLICT, MEETING_CANCELLED), nothing written, until
 * it is planned again. Corrections of what was recorded stay open.
 */

/* Adds an agenda item at the end of meeting `id`'s agenda (audited "meeting.agenda_add" on the meeting). */
enum haven_status meetings_agenda_add(long long id, const struct new_agenda_item *item,
                                      const struct actor *actor,
                                      enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/* Records someone present or an agency's apologies (audited "meeting.attendance" on the meeting). */
enum haven_status meetings_attendance_add(long long id, const struct new_attendance *a,
                                          const struct actor *actor,
                                          enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/* Records a decision, on agenda item `item_id` or none (0) (audited "meeting.decision" on the meeting).
 * Refused MEETING_NO_SUCH_ITEM for another meeting's item, MEETING_ITEM_WITHDRAWN for one withdrawn from
 * this meeting's agenda (kept only as the record of a decision already made on it). */
enum haven_status meetings_decision_add(long long id, const char *decision, long long item_id,
                                        const struct actor *actor,
                                        enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/* Corrects agenda item `item_id` of meeting `id`, keeping its place (audited "meeting.agenda_correct" on the
 * meeting). NOT_FOUND: no such meeting, or the item is not its. */
enum haven_status meetings_agenda_correct(long long id, long long item_id, const struct new_agenda_item *item,
                                          const struct actor *actor,
                                          enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/* Removes attendance row `row_id` of meeting `id`, recorded by mistake (audited "meeting.attendance_remove"
 * on the meeting, the row's attendance as reason). NOT_FOUND: no such meeting, or the row is not its. */
enum haven_status meetings_attendance_remove(long long id, long long row_id,
                                             const struct actor *actor) HAVEN_MUST_CHECK;

/* Corrects decision `decision_id` of meeting `id`: its words and agenda item (0: none) (audited
 * "meeting.decision_correct" on the meeting). NOT_FOUND: no such meeting, or the decision is not its. The
 * decision may keep naming an item since withdrawn (its record); moving it to another withdrawn item is
 * refused MEETING_ITEM_WITHDRAWN, as for a new decision. */
enum haven_status meetings_decision_correct(long long id, long long decision_id, const char *decision,
                                            long long item_id, const struct actor *actor,
                                            enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * Adds action `a` to plan `plan_id` through plans_action_insert and records
 * that meeting `id` agreed it (on decision `decision_id`, or 0), in one unit
 * (audited "meeting.action" on the meeting, and plans' "plan.action_add");
 * the plans action's id in *action_id. A refusal of plans' (no such plan or
 * agency) is given as MEETING_NO_SUCH_PLAN or MEETING_NO_SUCH_AGENCY.
 */
enum haven_status meetings_action_add(long long id, long long plan_id, const struct new_plan_action *a,
                                      long long decision_id, const struct actor *actor, long long *action_id,
                                      enum meeting_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * A page of meetings, latest date first: [{id, group_id, group_name (NULL:
 * the board), held_on, starts_at, place, status, present_agencies}], every
 * one when `every` is true, else those at which `agency_id` was present or
 * sent apologies; *total is the count (capped at PAGE_COUNT_CAP + 1).
 */
enum haven_status meetings_list(bool every, long long agency_id, const struct page *page, json_t **out,
                                long long *total) HAVEN_MUST_CHECK;

/*
 * Meeting `id`: {id, group_id, group_name, held_on, starts_at, place,
 * status, agenda: [{id, position, title, priority_key, priority_name, plan_id, plan_label, plan_starts_on,
 * source ('challenge': an escalated challenge another area placed; NULL: added on the page), withdrawn (1:
 * taken off by that area, kept for a decision naming it; else 0)}],
 * attendance: [{id, agency_slug, agency_name, agency_type, attendance, name,
 * role}] by agency, decisions: [{id, decision, agenda_item_id,
 * agenda_position}], actions: [{id (the plans action's), plan_id, action,
 * owner_name, lead, due_on, status, evidence (1 or 0), decision_id}]}.
 */
enum haven_status meetings_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The board's meetings held in [from, to] with each agency's attendance at them, for the annual report:
 * {held, agencies: [{agency_name, present}]} (present: how many of them it was present at). */
enum haven_status meetings_board_attendance(const char *from, const char *to, json_t **out) HAVEN_MUST_CHECK;

/* Loads the demo's meeting (haven init --demo), after the plans. */
enum haven_status meetings_load_demo(void) HAVEN_MUST_CHECK;

extern const struct record_type meetings_records[];

#endif
