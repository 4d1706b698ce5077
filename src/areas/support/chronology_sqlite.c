/*
 * chronology_sqlite.c (support) — requests for support in a child's
 * chronology (app/area.h): the request made to the front door (naming the
 * Operation Provide referral it was raised from, if any), and its
 * decision, seen by whoever may open the request (its referrer and the
 * front door it went to).
 */
#include "areas/support/store.h"

#include "store/db.h"

static const char request_events[] =
    "SELECT substr(s.received_at, 1, 19) || 'Z' AS at, s.id AS record_id,"
    " 'Request for support made to the front door (' || s.reference || ')'"
    " || coalesce(' from Operation Provide referral ' || i.police_reference, '') AS text,"
    " a.name AS agency"
    " FROM support_requests s JOIN agencies a ON a.id = s.referrer_agency_id"
    " JOIN threshold_assessments t ON t.id = s.assessment_id"
    " LEFT JOIN idva_referrals v ON v.id = t.source_referral_id"
    " LEFT JOIN da_incidents i ON i.id = v.incident_id"
    " WHERE s.child_id = ?1"
    " UNION ALL"
    " SELECT substr(s.decided_at, 1, 19) || 'Z', s.id,"
    " 'Front door decided (' || s.reference || '): ' || CASE s.decision"
    " WHEN 'no_further_action' THEN 'no further action'"
    " WHEN 'universal_services' THEN 'universal services' WHEN 'early_help' THEN 'early help'"
    " WHEN 'assessment_s17' THEN 'assessment (section 17)'"
    " ELSE 'strategy discussion (section 47)' END, a.name"
    " FROM support_requests s JOIN agencies a ON a.id = s.front_door_agency_id"
    " WHERE s.child_id = ?1 AND s.decided_at IS NOT NULL";
DB_REGISTER(request_events);

const struct chronology_kind support_chronology[] = {{.kind = "support-request",
                                                      .kind_label = "Requests for support",
                                                      .action = "support.read",
                                                      .record_type = "support_request",
                                                      .href = "/requests-for-support/",
                                                      .sql = request_events},
                                                     {0}};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char support_requests_held[] =
    "SELECT reference, received_at, concerns, family_knows, family_consents, no_consent_reason, "
    "decision, decision_reason, decided_at, (SELECT name FROM agencies WHERE id = "
    "front_door_agency_id) AS agency FROM support_requests WHERE child_id = ?1 ORDER BY "
    "received_at, id";
DB_REGISTER(support_requests_held);

const struct subject_access_table support_subject_access[] = {
    {.title = "Requests for support",
     .sql = support_requests_held,
     .flags = (const char *const[]){"family_knows", "family_consents", NULL}},
    {0},
};
