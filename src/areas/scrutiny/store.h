/*
 * store.h (scrutiny) — the Independent Scrutineer's challenge log: raising
 * a challenge to an agency (or the partnership), the owner's responses, and
 * the decision to accept one or escalate it to the board; and the
 * scrutineer's statement in each year's annual report. Each change is one
 * unit of work with its audit row; the store says why it refused, the
 * handlers choose the words.
 */
#ifndef HAVEN_AREAS_SCRUTINY_STORE_H
#define HAVEN_AREAS_SCRUTINY_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/actor.h"
#include "auth/records.h"
#include "auth/user.h"
#include "core/status.h"
#include "router/page.h"

/* Why a change to a challenge was refused, when the store refused it (HAVEN_ERR_CONFLICT). */
enum challenge_refusal {
	CHALLENGE_DONE,                  /* not refused */
	CHALLENGE_NO_SUCH_AGENCY,        /* the owner named is not an agency */
	CHALLENGE_NOT_AWAITING_ANSWER,   /* a response to a challenge that awaits a decision or is closed */
	CHALLENGE_NOT_AWAITING_DECISION, /* a decision on a challenge with no response yet, or closed */
	CHALLENGE_NOT_AWAITING_PLACE,    /* placing one not escalated, or already on a board agenda */
	CHALLENGE_NO_BOARD_MEETING,      /* placing one while the board has no meeting planned after now */
};

/* A new challenge (borrowed strings). */
struct new_challenge {
	const char *subject, *detail;
	const char *owner;      /* the owning agency's slug */
	const char *respond_by; /* YYYY-MM-DD */
};

/*
 * Raises a challenge (audited "challenge.raise"); its id in *id. An owner
 * that is not an agency: HAVEN_ERR_CONFLICT with *refusal set, nothing written.
 */
enum haven_status scrutiny_challenge_raise(const struct new_challenge *c, const struct actor *actor,
                                           long long *id, enum challenge_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * Records the owner's response to challenge `id` (audited
 * "challenge.respond"), which then awaits a decision. Refused (CONFLICT) unless
 * it awaits a response; NOT_FOUND if there is no such challenge.
 */
enum haven_status scrutiny_challenge_respond(long long id, const char *text, const struct actor *actor,
                                             enum challenge_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * Accepts the response to challenge `id` (escalate false: closed; `note`
 * may be NULL) or escalates it to the board (a `note` saying why and a new
 * `respond_by` for a further response). Audited "challenge.decide" with the
 * note as its reason. Refused (CONFLICT) unless a response awaits a decision.
 * Escalating puts it on one board agenda: kept on that of a meeting still to
 * come it is on already, else added to the board's next planned meeting's
 * (none planned: unplaced), an old item on a cancelled or passed meeting's
 * agenda taken off (meetings_board_agenda_withdraw), a held meeting's kept.
 * Accepting closes it: its item comes off the agenda of a meeting not held
 * (meetings_board_agenda_settled, in this unit), a held meeting's kept.
 */
enum haven_status scrutiny_challenge_decide(long long id, bool escalate, const char *note,
                                            const char *respond_by, const struct actor *actor,
                                            enum challenge_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * Puts escalated challenge `id` that is on no board agenda (no board meeting
 * was planned when it was escalated, or the one it was on was cancelled or its
 * day passed without its being held) on the agenda of the board's next
 * planned meeting (meetings_board_agenda_insert, in this unit; audited
 * "challenge.place"), its old item taken off the cancelled or passed meeting's
 * agenda (meetings_board_agenda_withdraw, in this unit), so it is on one agenda.
 * CONFLICT, nothing changed: CHALLENGE_NOT_AWAITING_PLACE (not escalated, or
 * already placed: on the agenda of a meeting held or still to come),
 * CHALLENGE_NO_BOARD_MEETING (still none planned after now). NOT_FOUND: no
 * such challenge.
 */
enum haven_status scrutiny_challenge_place(long long id, const struct actor *actor,
                                           enum challenge_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * A page of challenges, newest first: every one when `every`, else those
 * owned by agency `agency_id`. Rows {id, subject, owner_slug, owner_name,
 * respond_by, status, raised_at, raised_by_name}; *total capped at
 * PAGE_COUNT_CAP.
 */
enum haven_status scrutiny_challenges_list(bool every, long long agency_id, const struct page *page,
                                           json_t **out, long long *total) HAVEN_MUST_CHECK;

/*
 * Challenge `id`: {id, subject, detail, owner_slug, owner_name, respond_by,
 * status, raised_by, raised_by_name, raised_at, closed_at, board_meeting_id and board_meeting_on (the
 * board meeting on whose agenda it is, held or planned for today or later in England; NULL when none, or
 * the meeting was cancelled or its day passed without its being held), events: [{kind,
 * text, further_by (an escalation's new date), by_name, agency_name, at}, oldest first]}.
 */
enum haven_status scrutiny_challenge_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * The challenge log's figures: {raised, responded, escalated, accepted}
 * from the UTC instant `since` up to (not including) `until`
 * ("YYYY-MM-DDTHH:MM:SSZ", as stored), and {awaiting}: the challenges
 * awaiting a response at `until` (raised before it, and neither answered
 * nor accepted since their last escalation before it).
 */
enum haven_status scrutiny_challenge_counts(const char *since, const char *until,
                                            json_t **out) HAVEN_MUST_CHECK;

/* Why a statement was not written (HAVEN_ERR_CONFLICT). */
enum statement_refusal {
	STATEMENT_DONE,      /* not refused */
	STATEMENT_PUBLISHED, /* the year's statement is published: it no longer changes */
};

/*
 * Writes the scrutineer's statement for reporting year `year` ("2020-21"),
 * a new one or a revision of the draft, and publishes it when `publish`
 * (audited "report.statement", "published" as its reason then). A published
 * statement is refused (CONFLICT, *refusal set), nothing written.
 */
enum haven_status scrutiny_statement_write(const char *year, const char *text, bool publish,
                                           const struct actor *actor,
                                           enum statement_refusal *refusal) HAVEN_MUST_CHECK;

/*
 * The statement for `year`: {year, text, published (0 or 1), written_by_name}, or NOT_FOUND
 * when none is written yet.
 */
enum haven_status scrutiny_statement_get(const char *year, json_t **out) HAVEN_MUST_CHECK;

/* The years whose statement is published, latest first: [{year}], new in *out. */
enum haven_status scrutiny_statement_published_years(json_t **out) HAVEN_MUST_CHECK;

/* The challenge log's section of figures for a period (app/area.h `.figures`). */
enum haven_status scrutiny_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

/* What waits for `user` in the challenge log (app/area.h's tasks contract). */
enum haven_status scrutiny_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

/* Loads the demo's closed challenge (demo.sql), for haven init --demo. */
enum haven_status scrutiny_load_demo(void) HAVEN_MUST_CHECK;

extern const struct record_type scrutiny_records[];

/*
 * The folder beside the database for the files the area keeps ("DB.reports":
 * kept_pdf.c's annual report PDFs), made if missing. Caller frees.
 */
char *scrutiny_report_folder(void);

#endif
