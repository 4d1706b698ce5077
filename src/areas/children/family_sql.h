/*
 * family_sql.h (children) — the SQL naming a child's record and every record
 * merged into it (directly or not), for the children area's own stores: a
 * merged duplicate still holds the links it had, so what is true of "the
 * child" (its chronology, an agency stopping work with it) is true of them all.
 */
#ifndef HAVEN_AREAS_CHILDREN_FAMILY_SQL_H
#define HAVEN_AREAS_CHILDREN_FAMILY_SQL_H

/* A common table `family(id)` of child ?1 and the records merged into it; the statement follows. */
#define CHILDREN_FAMILY_CTE                                                                                  \
	"WITH RECURSIVE family(id) AS (SELECT CAST(?1 AS BIGINT) UNION"                                      \
	" SELECT c.id FROM children c JOIN family f ON c.merged_into = f.id) "

#endif
