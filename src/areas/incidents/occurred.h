/*
 * occurred.h (incidents) — how another area's store reads the incidents that
 * occurred in a span of instants [from, to) through an index on occurred_at
 * (da_incidents_by_force, da_incidents_by_time): a text range on the column
 * itself, which an index can bound, beside the exact test by unixepoch(),
 * which no index can.
 *
 * Why both: every way an incident arrives (the API, the web form, `haven
 * import incidents`, the demo data) writes occurred_at as UTC
 * "YYYY-MM-DDTHH:MM:SSZ" (incident.c), but nothing in the schema holds the
 * column to that form, and the partnership's kept figures (migrations 0136,
 * 0145) count any time unixepoch() reads, an offset such as "+01:00"
 * included. So the text range is only wide enough never to drop such a time
 * (a day's margin either side of the span, more than any offset), and the
 * unixepoch() test decides: the rows are exactly those the test alone keeps,
 * and the index reads at most two days more than the span.
 */
#ifndef HAVEN_AREAS_INCIDENTS_OCCURRED_H
#define HAVEN_AREAS_INCIDENTS_OCCURRED_H

#include <stdint.h>

#include "core/calendar.h"

/*
 * The SQL condition that incident `i` occurred in [FROM, TO) (parameters bound
 * to instants, seconds since 1970), LOW and HIGH the parameters bound to the
 * text range incidents_occurred_range wrote for them.
 */
#define INCIDENTS_OCCURRED_IN(FROM, TO, LOW, HIGH)                                                           \
	"i.occurred_at >= " LOW " AND i.occurred_at < " HIGH " AND unixepoch(i.occurred_at) >= " FROM        \
	" AND unixepoch(i.occurred_at) < " TO

/*
 * The text range on occurred_at around the instants [from, to): low the date
 * of the day before from's UTC day, high the date two days after the UTC day
 * of to's last second, each "YYYY-MM-DD". A time whose text starts with a
 * date outside [low, high) is more than a day from the span in any offset.
 */
void incidents_occurred_range(int64_t from, int64_t to, char low[static CALENDAR_DATE_SIZE],
                              char high[static CALENDAR_DATE_SIZE]);

#endif
