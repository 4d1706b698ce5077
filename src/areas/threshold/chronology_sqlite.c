/*
 * chronology_sqlite.c (threshold) — levels-of-need decisions in a child's
 * chronology (app/area.h). An assessment is about an age band, not a named
 * child, until it leads to a request for support for one; so the decision
 * behind each request for the child is shown, on the request's page, to
 * whoever may open the request.
 */
#include "areas/threshold/store.h"

#include "store/db.h"

static const char decision_events[] =
    "SELECT substr(t.created_at, 1, 19) || 'Z' AS at, s.id AS record_id,"
    " 'Levels of need decision: level ' || t.chosen_level AS text, a.name AS agency"
    " FROM support_requests s JOIN threshold_assessments t ON t.id = s.assessment_id"
    " JOIN agencies a ON a.id = t.agency_id WHERE s.child_id = ?";
DB_REGISTER(decision_events);

const struct chronology_kind threshold_chronology[] = {{.kind = "levels-of-need",
                                                        .kind_label = "Levels of need decisions",
                                                        .action = "support.read",
                                                        .record_type = "support_request",
                                                        .href = "/requests-for-support/",
                                                        .sql = decision_events},
                                                       {0}};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char threshold_assessments_held[] =
    "SELECT created_at AS assessed_at, age_band, indicators, suggested_level, chosen_level, "
    "chosen_reason, (SELECT name FROM agencies WHERE id = agency_id) AS agency FROM "
    "threshold_assessments WHERE child_id = ?1 ORDER BY created_at, id";
DB_REGISTER(threshold_assessments_held);

const struct subject_access_table threshold_subject_access[] = {
    {.title = "Levels of need assessments", .sql = threshold_assessments_held},
    {0},
};
