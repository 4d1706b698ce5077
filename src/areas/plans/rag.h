/*
 * rag.h (plans) — an action plan's red, amber and green status, derived from
 * dates and evidence and never typed in (issue 20). One pure function, so the
 * rule is in one place and unit-tested branch by branch
 * (tests/unit/test_plans_rag.c):
 *
 *   done, with evidence                          green
 *   done, without evidence (a claim not shown)   red
 *   open, overdue by 30 days or more             red
 *   open, overdue by 1 to 29 days                amber
 *   open, due within 30 days (today included),
 *         with no evidence of progress yet       amber
 *   open, due within 30 days, with evidence      green
 *   open, due in more than 30 days               green
 *
 * A plan is as red as its worst action (no actions: no status).
 */
#ifndef HAVEN_AREAS_PLANS_RAG_H
#define HAVEN_AREAS_PLANS_RAG_H

#include <stdbool.h>
#include <stdint.h>

/* In order of concern, so the worst of several is the largest. */
enum rag { RAG_NONE, RAG_GREEN, RAG_AMBER, RAG_RED };

/* How many days an action counts as near its date, or late before it is red. */
#define RAG_WINDOW_DAYS 30

/* An action's status: its due day and today (core/calendar.h day numbers), whether done, whether evidenced.
 */
enum rag rag_of_action(int32_t due, int32_t today, bool done, bool evidence);

/* The worse of two statuses (a plan's, action by action). */
enum rag rag_worse(enum rag a, enum rag b);

/* "green", "amber", "red" or "none": the key the API gives. */
const char *rag_key(enum rag rag);

#endif
