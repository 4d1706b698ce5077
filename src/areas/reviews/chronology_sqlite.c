/*
 * chronology_sqlite.c (reviews) — serious incident reviews in a child's
 * chronology (app/area.h): the local authority becoming aware, the rapid
 * review and a local practice review commissioned, seen by whoever may open
 * the review (its members, and the partnership).
 */
#include "areas/reviews/store.h"

#include "store/db.h"

static const char review_events[] =
    "WITH cases AS (SELECT r.*, la.name AS area FROM review_cases r"
    " JOIN local_authorities la ON la.code = r.la_code WHERE r.child_id = ?)"
    " SELECT aware_on AS at, id AS record_id,"
    " 'Serious incident: the local authority became aware (' || reference || ')' AS text,"
    " area AS agency FROM cases"
    " UNION ALL SELECT rapid_review_on, id, 'Rapid review held (' || reference || ')', area"
    " FROM cases WHERE rapid_review_on IS NOT NULL"
    " UNION ALL SELECT cspr_commissioned_on, id,"
    " 'Local child safeguarding practice review commissioned (' || reference || ')', area"
    " FROM cases WHERE cspr_commissioned_on IS NOT NULL";
DB_REGISTER(review_events);

const struct chronology_kind reviews_chronology[] = {{.kind = "review",
                                                      .kind_label = "Serious incident reviews",
                                                      .action = "review.read",
                                                      .record_type = "review",
                                                      .href = "/reviews/",
                                                      .sql = review_events},
                                                     {0}};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char review_cases_held[] =
    "SELECT reference, harm, circumstances, aware_on, rapid_review_on, rapid_review_decision, "
    "cspr_published_on FROM review_cases WHERE child_id = ?1 ORDER BY aware_on, id";
DB_REGISTER(review_cases_held);

const struct subject_access_table reviews_subject_access[] = {
    {.title = "Serious incident notifications and reviews", .sql = review_cases_held},
    {0},
};
