/*
 * rules.h (work) — the pure rules of a person's task list: when a task is
 * due, in words and as a date people read, whether it is overdue, and the
 * order of the list. No database and no clock in here (the caller passes
 * `now`), so every rule is unit-tested (tests/unit/test_work_rules.c).
 *
 * A task's due_at (app/area.h) is an instant in UTC ("2026-12-04T08:45:00Z"),
 * a day ("2026-12-04": due by the end of that day in England), or absent (no
 * deadline: it waits, but no clock runs).
 */
#ifndef HAVEN_AREAS_WORK_RULES_H
#define HAVEN_AREAS_WORK_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

/* Room for "by 11:59pm on Wednesday 30 September 2026" and its NUL. */
#define WORK_WHEN_SIZE 80
/* Room for "Overdue by 12 days 23 hours" and its NUL. */
#define WORK_WORDS_SIZE 96

/*
 * The instant a task's due_at means (a day: the first instant of the next
 * day in England, so "2026-12-04" is due until midnight). False for NULL, ""
 * or text that is neither.
 */
bool work_due_instant(const char *due_at, int64_t *due);

/*
 * When a task is due, as people read it in England's time: "by 8:45am on
 * Thursday 20 November 2025" for an instant, "by the end of Thursday 20
 * November 2025" for a day. `due_at` must be one work_due_instant reads.
 */
void work_due_when(const char *due_at, char out[static WORK_WHEN_SIZE]);

/*
 * How long is left, or how late it is, at `now`: "Due in 3 hours 20
 * minutes", "Overdue by 1 day 2 hours" (due <= now is overdue: the deadline
 * is the last moment). Sets *overdue.
 */
void work_due_words(int64_t due, int64_t now, bool *overdue, char out[static WORK_WORDS_SIZE]);

/*
 * Orders two task objects for the list: the soonest due first (an instant
 * or a day, as work_due_instant reads them), tasks without a deadline last,
 * then by kind and record id so the order is stable. For qsort over json_t *.
 */
int work_task_order(const void *a, const void *b);

/*
 * The kinds of task that alert by email, and at which stages: "new" (the
 * task has appeared: a request for support reaching a front door),
 * "due_soon" (within `soon_seconds` of its deadline) and "overdue". Each
 * person chooses, per kind, an email at once or one daily digest.
 * Encompass's kinds are not here: the partnership has them always at once,
 * and the intake and the escalation ladder send those emails themselves.
 */
struct work_alert_kind {
	const char *kind;  /* "support.decide" */
	const char *label; /* "Requests for support to decide" */
	/* One task of the kind, as its alert email says it: "Decide a request for support". Fixed words,
	 * never a task's own text, which may carry what a person typed (a title that names a child); the
	 * page the email links to shows the rest. */
	const char *one;
	bool on_new, on_due_soon, on_overdue;
	int64_t soon_seconds;
	/* The same task may leave the person's list and reach them again as a new request (a challenge
	 * escalated back to the agency that answered it): its emailed alerts are forgotten when it leaves, so
	 * it alerts afresh. Other kinds keep theirs: each stage is sent once, ever. The job sees a task
	 * gone only when it runs (each minute): one that leaves and returns between two runs alerts no
	 * more. */
	bool again;
};
extern const struct work_alert_kind work_alert_kinds[]; /* ended by {0} */

/* The alerting kind `kind`, or NULL. */
const struct work_alert_kind *work_alert_kind_find(const char *kind);

/*
 * The stage a task is in at `now` for an alert of its kind: "overdue",
 * "due_soon" or "new" (the most urgent that applies), or NULL when that
 * stage does not alert for the kind. `due_at` as work_due_instant reads it.
 */
const char *work_alert_stage(const struct work_alert_kind *k, const char *due_at, int64_t now);

/* A stage in words for an email: "it is overdue", "it is close to its deadline", "new". */
const char *work_alert_stage_words(const char *stage);

#endif
