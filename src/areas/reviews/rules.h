/*
 * rules.h (reviews) — the statutory clock of a serious incident review, as
 * pure functions: given a case's recorded dates and today, what is due
 * when and whether it was met, is due, or is overdue. Deadlines are worked
 * out here every time from the calendar (areas/calendar/calendar.h), so a
 * change to bank holidays or to the CSPR publication setting moves them
 * everywhere. The one copy stored, a case's earliest deadline not met
 * (reviews_next_due, for the list's filter), is kept by the store with every
 * change and worked out again when the server starts and when the setting
 * changes.
 *
 *   notify the national panel   5 working days after the LA became aware
 *   rapid review                15 working days after the notification
 *   agencies' information       5 working days after the notification
 *                               (or after the notification deadline while
 *                               it has not been sent)
 *   CSPR published              N calendar months after commissioning
 *                               (review_settings.cspr_publication_months)
 *
 * No database and no clock in here, so the unit tests can hold it to
 * hand-worked dates.
 */
#ifndef HAVEN_AREAS_REVIEWS_RULES_H
#define HAVEN_AREAS_REVIEWS_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define REVIEW_NOTIFY_WORKING_DAYS 5
#define REVIEW_RAPID_REVIEW_WORKING_DAYS 15
#define REVIEW_CONTRIBUTION_WORKING_DAYS 5
/* Working Together: the full report goes to the national panel (and the Secretary of State) no later than
 * this many working days before the date it is published. */
#define REVIEW_PANEL_BEFORE_PUBLICATION_WORKING_DAYS 7
/* A CSPR is "at risk" this close (in working days) to its expected publication. */
#define REVIEW_AT_RISK_WORKING_DAYS 20

/*
 * When agencies' information for the rapid review is due: 5 working days
 * after the notification (`notified_on`, may be NULL), or while there is
 * none, 5 working days after the notification deadline. This leaves 10 of
 * the rapid review's 15 working days to analyse the information and meet,
 * which is how partnerships usually spread them. Writes YYYY-MM-DD into
 * out; false if `aware_on` is not a date.
 */
bool reviews_contribution_due(const char *aware_on, const char *notified_on, char out[16]);

/*
 * Adds the derived deadlines to a case object holding the stored dates
 * (aware_on, panel_notified_on, rapid_review_on, rapid_review_decision,
 * rapid_review_submitted_on, cspr_commissioned_on, cspr_published_on,
 * cspr_not_published_reason; absent or null when not recorded):
 *
 *   "notification":  {due_on, done_on, status, label, tag}
 *   "rapid_review":  {due_on, done_on, status, label, tag}   (done = the meeting held)
 *   "cspr":          {expected_publication_on, status, label, tag}
 *
 * status is one of met, late, due, overdue, waiting (not started: the
 * notification has not been sent); for the CSPR not_commissioned,
 * on_track, at_risk, overdue, published, not_published. label is the words
 * to show and tag the GOV.UK tag modifier class. Also adds status, label and
 * tag to each element of the case's "contributions" array ({due_on,
 * received_on}) if it has one. `today` is a day number.
 */
void reviews_add_deadlines(json_t *c, int32_t today, int cspr_months);

/*
 * The earliest of a case's deadlines not yet met, by the rules above:
 * the notification's (the panel not told), the rapid review's (told, the
 * meeting not held), the CSPR's expected publication (commissioned, and
 * neither published nor recorded as not to be), each agency's information
 * not received ("contributions" [{due_on, received_on}]) and each milestone
 * not reached ("milestones" [{due_on, done_on}]). Writes it YYYY-MM-DD into
 * `out` and returns true; false (out "") when nothing is outstanding. The
 * case has an overdue milestone on every day after it; it depends only on
 * the case, the calendar and `cspr_months`, never on today, so the store
 * can keep it (migration 0143) for the list's "overdue" filter.
 */
bool reviews_next_due(const json_t *c, int cspr_months, char out[16]);

#endif
