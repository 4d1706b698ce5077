/*
 * rules.h (assurance) — what a return's dates and scores mean: its status
 * (open, overdue, submitted on time or late), the score a result counts
 * (moderated, else the agency's own), and the heatmap of standards by
 * agency. Pure: no database and no HTTP, so unit tests drive it directly.
 */
#ifndef HAVEN_ASSURANCE_RULES_H
#define HAVEN_ASSURANCE_RULES_H

#include <jansson.h>
#include <stdbool.h>

/*
 * A return's status on `today` (all "YYYY-MM-DD"; submitted_on NULL if not
 * submitted): "not_open" before the cycle opens; then "not_started" or
 * "draft" (some standard scored) until the return date; "overdue" after it;
 * once submitted, "submitted", or "submitted_late" when after the return date.
 */
const char *assurance_return_status(const char *opens_on, const char *returns_due_on,
                                    const char *submitted_on, bool scored, const char *today);

/* Sets the record's "kind_label" from its cycle "kind": "Section 11 (agencies)" or "Section 175/157 (schools
 * and colleges)". */
void assurance_label_kind(json_t *record);

/* Sets the return's "status", "status_label" and "status_tag" (view/status_tag.h) from its status. */
void assurance_return_tag(json_t *record, const char *status);

/*
 * The heatmap of a cycle (the standards document `doc`, the rows of
 * assurance_results): a new object
 *   {"standards": [{id, title}],
 *    "agencies": [{agency, la, submitted_on, cells: [{standard_id, score, label, rating,
 *                                                     moderated (bool), agency_score}]}],
 *    "totals": [{standard_id, red, amber, green}]}
 * in the rows' order, one cell per standard (a standard not scored has
 * score null and rating "none"). A cell counts the moderated score when
 * there is one, else the agency's own.
 */
json_t *assurance_heatmap(const json_t *doc, const json_t *rows);

/*
 * Adds to each cell of `heatmap` (assurance_heatmap's) how it moved since the
 * previous cycle of its kind, from that cycle's standards document and
 * results rows: "previous_score", "previous_label", and "movement" ("better",
 * "worse" or "same", comparing ratings red < amber < green) with
 * "movement_label" in words; a cell whose agency did not score that standard
 * last time gets none of them. Rows match by agency_id and standard id.
 */
void assurance_heatmap_movement(json_t *heatmap, const json_t *previous_doc, const json_t *previous_rows);

/* How often each agency is audited: the partnership's settings (assurance_settings, store.h), whole months
 * from ASSURANCE_MONTHS_MIN to _MAX; until it changes them, Section 11 every two years and Section 175/157
 * every year (domain.md). */
#define ASSURANCE_SECTION11_MONTHS_DEFAULT 24
#define ASSURANCE_SECTION175_MONTHS_DEFAULT 12
#define ASSURANCE_MONTHS_MIN 6
#define ASSURANCE_MONTHS_MAX 36

/*
 * When an agency's next return is due, on `today` ("YYYY-MM-DD"), from its
 * last submitted one (`last_submitted_on`, NULL if never), `months` (its
 * kind's interval) after it: sets in `record` "next_due_on" (null if never:
 * due now) and "overdue" (never audited, or the due date has passed), with
 * its GOV.UK tag ("due_status" "overdue" or "not_due", "status_label",
 * "status_tag").
 */
void assurance_next_due(json_t *record, int months, const char *last_submitted_on, const char *today);

/*
 * When a cycle still awaits an agency's return (its newest cycle of the kind, `cycle_title`, its return
 * not submitted), that cycle's return date `due_on` is when its next return is due, whatever its last
 * submitted one: sets in `record` "next_due_on" to it, "cycle_title", and "overdue" only if `due_on` has
 * passed on `today`, with its GOV.UK tag ("due_status" "due" or "overdue", "status_label" "Due" or
 * "Overdue", "status_tag"). So a school with a return in a cycle whose date is to come is never overdue.
 */
void assurance_cycle_due(json_t *record, const char *cycle_title, const char *due_on, const char *today);

#endif
