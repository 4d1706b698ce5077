/*
 * figures.h — how an area says what it publishes about a period (app/area.h,
 * `.figures`), and how the scrutineer's dashboard and the annual report
 * gather every area's: one shape for every figure, each saying whether it
 * counts people (children, victims, practitioners: suppressed when 1 to 4,
 * core/suppress.h) or the partnership's own activities (shown as they are).
 *
 * A section is {title, href, action, figures: [{label, count, counts:
 * "people"|"activities"}], tables (when it has any)}; gathered, each figure
 * also has "shown" (the words published: "fewer than 5", "1,108") and
 * "suppressed".
 *
 * A section's figures and tables are suppressed together, with the counts
 * they share said (figures_figure_is_total, figures_table_totals_are): what
 * is hidden in one is hidden wherever the same count is published. No count
 * is shared between sections (docs/architecture.md lists what is shared).
 */
#ifndef HAVEN_APP_FIGURES_H
#define HAVEN_APP_FIGURES_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/user.h"
#include "core/calendar.h"
#include "core/status.h"
#include "core/suppress.h"

/*
 * Appends a new section to `sections` and returns it (borrowed): `title`
 * ("Serious incident reviews"), `href` (the area's own figures page, or
 * NULL) and `action` (what that page needs: "review.figures"; it also names
 * the area, for the Easy Read report's words).
 */
json_t *figures_section(json_t *sections, const char *title, const char *href, const char *action);

/* Adds one figure to a section: what it counts, in words ("Rapid review meetings"), and the count. */
void figures_add(json_t *section, const char *label, long long count, enum suppress_kind kind);

/*
 * An impact measure: an outcome the area's data really holds (children
 * referred again within 12 months, actions done with their impact
 * recorded), published like any figure, with a one-line `definition` in
 * plain English the pages show beside it. Gathered, a section with any has
 * "has_measures" and "measures": [{label, definition}] (a table's label is
 * its caption). A measure stays in its owning area's section: counted by the
 * area beside the figures it qualifies, shown to whoever may see them.
 */
void figures_add_measure(json_t *section, const char *label, long long count, enum suppress_kind kind,
                         const char *definition);

/* Makes a table (figures_table) an impact measure, with its one-line definition (as above). */
void figures_table_measure(json_t *table, const char *definition);

/*
 * Adds to a section a table of counts: its `caption`, the heading of its
 * rows' labels ("Local authority"), its `columns` (ended by NULL), what its
 * counts count, and which totals it publishes (a "Total" column, a "Total"
 * row). Returns it (borrowed) for figures_table_row. Gathered, the table is
 * suppressed as a whole (core/suppress.h: no total gives a small count
 * away), each cell {count (null when hidden), shown, suppressed}.
 */
json_t *figures_table(json_t *section, const char *caption, const char *row_heading,
                      const char *const *columns, enum suppress_kind kind, bool row_totals,
                      bool column_totals);

/*
 * Names a table's grand total (a table with both totals) in words a reader
 * understands on its own ("Decisions about a child's level of need"), for
 * where the total is shown without its table: the Easy Read report shows it,
 * as published (never counted again), beside the section's figures.
 */
void figures_table_total_label(json_t *table, const char *label);

/*
 * Says that figure `label` of a section publishes the total of `table`'s
 * column `column` (the table's number of columns: its grand total), whether
 * or not the table shows that total itself: the two are suppressed as one
 * count (core/suppress.h, suppress_tables), so neither gives the other's
 * hidden counts away. The figure must be added first, with the same count.
 */
void figures_figure_is_total(json_t *section, const char *label, const json_t *table, size_t column);

/*
 * Says that figure `label` of a section is at most the total of `table`'s
 * column `column` without being it (practitioners trained, and the same
 * column by agency, where one who moved agency is in two rows): a bound the
 * links cannot say, and one that would narrow a hidden entry of the column
 * (25 trained, and agencies of 10, 12 and "fewer than 5": 3 or 4). So the
 * figure is hidden whenever any entry of that column is. The figure must be
 * added first.
 */
void figures_figure_at_most_total(json_t *section, const char *label, const json_t *table, size_t column);

/*
 * Says that each row's total of `table` is `other`'s count in column
 * `column` of the same row, and its grand total that column's total (the
 * re-referrals' rows add up to the requests received): the tables are
 * suppressed as one. Both have the same rows in the same order.
 */
void figures_table_totals_are(json_t *section, const json_t *table, const json_t *other, size_t column);

/* Adds a row to a table: its label and one count per column. */
void figures_table_row(json_t *table, const char *label, const long long *counts);

/*
 * Adds a row to a table for each local authority of a figures page's model
 * (its "areas": [{la_name, total: {KEY: count, ...}}, ...]): the authority's
 * name, and the counts of its total named by `keys`, one per column.
 */
void figures_table_area_rows(json_t *table, const json_t *areas, const char *const *keys);

/*
 * The day a figure that counts what stands on one day (awaiting, overdue)
 * is counted on, for a period ending `to` (YYYY-MM-DD): its last day, or
 * `today` (England's, from the caller: calendar_london_today) while it has
 * not ended, so a past year's figures never change with the day they are
 * asked for. Written to out.
 */
void figures_as_of(const char *to, int32_t today, char out[static CALENDAR_DATE_SIZE]);

/*
 * Every area's sections for [from, to], in the areas' order, with each
 * figure as it would be published, and "has_figures" on a section with any
 * figure (a section may have tables alone): a new array in *out. Every
 * reader sees every section (they are what the partnership publishes); a
 * section keeps its "href" only for a `user` the policy allows its action,
 * since the area's own page has exact counts for any dates and is for the
 * roles that run that work (a NULL user, for the published report, keeps
 * them all). The first failing area's status otherwise (*out NULL).
 */
enum haven_status figures_gather(const struct user *user, const char *from, const char *to,
                                 json_t **out) HAVEN_MUST_CHECK;

#endif
