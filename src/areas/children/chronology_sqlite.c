/*
 * chronology_sqlite.c (children) — the children area's own events in a
 * child's chronology (app/area.h: the record was added to the register, and
 * each agency that stopped working with the child, on the day it stopped).
 */
#include "areas/children/store.h"

#include "store/db.h"

/* A record's own events: added to the register, and each ending of an agency's link to it. */
#define OWN_EVENTS                                                                                           \
	"SELECT substr(c.created_at, 1, 19) || 'Z' AS at, c.id AS record_id,"                                \
	" 'Added to the children register' AS text, a.name AS agency"                                        \
	" FROM children c LEFT JOIN users u ON u.id = c.created_by"                                          \
	" LEFT JOIN agencies a ON a.id = u.agency_id WHERE c.id = ?1"                                        \
	" UNION ALL SELECT e.ended_on, e.child_id, 'Stopped working with the child', a.name"                 \
	" FROM child_links_ended e JOIN agencies a ON a.id = e.agency_id WHERE e.child_id = ?1"
static const char added_events[] = OWN_EVENTS;
DB_REGISTER(added_events);
/*
 * An agency that stops working with a child ends its link on every record of the child at once
 * (links_sqlite.c), so a duplicate merged into the record holds the same ending (the same agency,
 * relationship and time recorded) as the record it is merged into. The kept record's chronology reads it
 * and each duplicate, so there the duplicate's copy is left to the record it is merged into: each ending
 * once. A duplicate read on its own (its merged_into not read) keeps its copy: its history is whole.
 */
static const char added_events_merged_in[] = OWN_EVENTS
    " AND NOT EXISTS (SELECT 1 FROM children d JOIN child_links_ended k ON k.child_id = d.merged_into"
    " WHERE d.id = e.child_id AND k.agency_id = e.agency_id AND k.relationship = e.relationship"
    " AND k.ended_at = e.ended_at)";
DB_REGISTER(added_events_merged_in);

const struct chronology_kind children_chronology[] = {{.kind = "register",
                                                       .kind_label = "Children register",
                                                       .action = "child.read",
                                                       .record_type = "child",
                                                       .href = "/children/",
                                                       .sql = added_events,
                                                       .sql_merged_in = added_events_merged_in},
                                                      {0}};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char child_record[] =
    "SELECT id AS record_number, given_name, family_name, other_names, date_of_birth, "
    "expected_date_of_birth, sex, postcode, la_code AS local_authority, upn, nhs_number, created_at "
    "AS recorded_at FROM children WHERE id = ?1";
DB_REGISTER(child_record);
static const char child_agencies[] =
    "SELECT a.name AS agency, l.relationship FROM child_links l JOIN agencies a ON a.id = "
    "l.agency_id WHERE l.child_id = ?1 ORDER BY a.name, l.relationship";
DB_REGISTER(child_agencies);
static const char child_links_ended_held[] =
    "SELECT a.name AS agency, e.relationship, e.ended_on, e.reason, e.ended_at FROM child_links_ended e"
    " JOIN agencies a ON a.id = e.agency_id WHERE e.child_id = ?1 ORDER BY e.ended_on, e.id";
DB_REGISTER(child_links_ended_held);
static const char child_corrections_held[] =
    "SELECT corrected_at, changes, reason FROM child_corrections WHERE child_id = ?1 ORDER BY "
    "corrected_at, id";
DB_REGISTER(child_corrections_held);

const struct subject_access_table children_subject_access[] = {
    {.title = "The child's record", .sql = child_record},
    {.title = "Agencies linked to the child", .sql = child_agencies},
    {.title = "Agencies that stopped working with the child", .sql = child_links_ended_held},
    {.title = "Corrections to the child's record", .sql = child_corrections_held},
    {0},
};
