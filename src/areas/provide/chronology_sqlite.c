/*
 * chronology_sqlite.c (provide) — Operation Provide's events in a child's
 * chronology (app/area.h): the referral of the adult victim of an incident
 * the child was matched to, and its closing, seen by whoever may open the
 * referral (the IDVA service it went to).
 */
#include "areas/provide/store.h"

#include "store/db.h"

static const char referral_events[] =
    "WITH referrals AS (SELECT DISTINCT r.* FROM da_incident_children c"
    " JOIN idva_referrals r ON r.incident_id = c.incident_id WHERE c.child_id = ?)"
    " SELECT substr(r.created_at, 1, 19) || 'Z' AS at, r.id AS record_id,"
    " 'Adult victim referred to the IDVA service' AS text, a.name AS agency"
    " FROM referrals r JOIN agencies a ON a.id = r.service_agency_id"
    " UNION ALL"
    " SELECT substr(r.closed_at, 1, 19) || 'Z', r.id,"
    " 'IDVA referral closed: ' || CASE r.outcome WHEN 'engaged' THEN 'the victim engaged'"
    " WHEN 'declined' THEN 'the victim declined' WHEN 'could_not_contact'"
    " THEN 'the victim could not be contacted' ELSE 'not appropriate' END, a.name"
    " FROM referrals r JOIN agencies a ON a.id = r.service_agency_id"
    " WHERE r.closed_at IS NOT NULL";
DB_REGISTER(referral_events);

const struct chronology_kind provide_chronology[] = {{.kind = "idva-referral",
                                                      .kind_label = "IDVA referrals (Operation Provide)",
                                                      .action = "provide.read",
                                                      .record_type = "idva_referral",
                                                      .href = "/provide/referrals/",
                                                      .sql = referral_events},
                                                     {0}};
