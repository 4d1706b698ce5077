/*
 * published_sqlite.c (learning) — the one count published.c needs that the
 * summary page does not read: the serious incidents notified to the national
 * panel in a period, by local authority and harm.
 */
#include "areas/learning/published.h"

#include "store/db.h"

enum haven_status learning_notified_by_area(const char *from, const char *to, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT la.name, count(c.id) FILTER (WHERE c.harm = 'death') AS died,"
	    " count(c.id) FILTER (WHERE c.harm = 'serious_harm') AS harmed"
	    " FROM local_authorities la LEFT JOIN review_cases c ON c.la_code = la.code"
	    " AND c.panel_notified_on BETWEEN ?1 AND ?2 GROUP BY la.code ORDER BY la.name, la.code",
	    DB_TEXT(from), DB_TEXT(to));
}
