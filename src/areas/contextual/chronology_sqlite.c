/*
 * chronology_sqlite.c (contextual) — the contextual safeguarding area's kinds
 * of event in a child's chronology (app/chronology.h): a missing episode as
 * reported, the child found or returned, the return home interview held, the
 * placing authority of a child missing from care told, an exploitation
 * screening, an NRM referral, a link to a place or group, a strategy
 * discussion and a MACE meeting the child was discussed at: a query each.
 * The report and the meeting take their words from C (the risk grading's
 * label, the agenda's dates in words), written by missing.c and mace.c.
 */
#include "areas/contextual/handlers.h"

#include "store/db.h"

/* the force that reported the episode recorded it and its return; the interview's recorder's agency it */
static const char missing_events[] =
    "SELECT e.reported_at AS at, e.id AS record_id, e.risk_grading, a.name AS agency"
    " FROM missing_episodes e LEFT JOIN agencies a ON a.id = e.reported_by_agency_id"
    " WHERE e.child_id = ?1 ORDER BY e.reported_at";
DB_REGISTER(missing_events);

static const char return_events[] =
    "SELECT e.returned_at AS at, e.id AS record_id, 'Found or returned after going missing' AS text,"
    " a.name AS agency FROM missing_episodes e LEFT JOIN agencies a ON a.id = e.reported_by_agency_id"
    " WHERE e.child_id = ?1 AND e.returned_at IS NOT NULL ORDER BY e.reported_at";
DB_REGISTER(return_events);

static const char interview_events[] =
    "SELECT e.interview_completed_at AS at, e.id AS record_id, 'Return home interview held' AS text,"
    " a.name AS agency FROM missing_episodes e LEFT JOIN users u ON u.id = e.interview_recorded_by"
    " LEFT JOIN agencies a ON a.id = u.agency_id"
    " WHERE e.child_id = ?1 AND e.interview_completed_at IS NOT NULL ORDER BY e.reported_at";
DB_REGISTER(interview_events);

/* the day the placing authority was told, named as the episode names it; the recorder's agency recorded it */
static const char placing_told_events[] =
    "SELECT e.placing_authority_told_on AS at, e.id AS record_id,"
    " 'Placing authority told the child was missing: ' || coalesce(pla.name, e.placing_authority) AS text,"
    " a.name AS agency FROM missing_episodes e"
    " LEFT JOIN local_authorities pla ON pla.code = e.placing_la_code"
    " LEFT JOIN users u ON u.id = e.placing_authority_told_recorded_by"
    " LEFT JOIN agencies a ON a.id = u.agency_id"
    " WHERE e.child_id = ?1 AND e.placing_authority_told_on IS NOT NULL ORDER BY e.reported_at";
DB_REGISTER(placing_told_events);

static const char screening_events[] =
    "SELECT s.screened_on AS at, s.id AS record_id, 'Exploitation risk screened: ' || s.judgement AS text,"
    " a.name AS agency FROM exploitation_screenings s JOIN agencies a ON a.id = s.agency_id"
    " WHERE s.child_id = ?1 ORDER BY s.screened_on, s.id";
DB_REGISTER(screening_events);

static const char nrm_events[] =
    "SELECT r.referred_on AS at, r.id AS record_id,"
    " 'Referred to the National Referral Mechanism by ' || r.first_responder AS text, a.name AS agency"
    " FROM nrm_referrals r JOIN agencies a ON a.id = r.agency_id WHERE r.child_id = ?1"
    " ORDER BY r.referred_on, r.id";
DB_REGISTER(nrm_events);

/* places and groups only: persons of concern are for the exploitation teams, not every chronology reader */
static const char context_events[] =
    "SELECT l.created_at AS at, c.id AS record_id,"
    " 'Linked to the ' || c.kind || ' ' || c.name || ': ' || l.nature AS text, a.name AS agency"
    " FROM context_links l JOIN contexts c ON c.id = l.context_id JOIN agencies a ON a.id = l.agency_id"
    " WHERE l.child_id = ?1 AND c.kind <> 'person' ORDER BY l.created_at, l.id";
DB_REGISTER(context_events);

static const char strategy_events[] =
    "SELECT d.held_on AS at, d.episode_id AS record_id,"
    " 'Strategy discussion held after repeated missing episodes' AS text, a.name AS agency"
    " FROM strategy_discussions d JOIN agencies a ON a.id = d.agency_id WHERE d.child_id = ?1"
    " ORDER BY d.held_on, d.id";
DB_REGISTER(strategy_events);

static const char mace_events[] =
    "SELECT m.held_on AS at, m.id AS record_id, a.name AS agency, group_concat(i.detail, '; ') AS detail"
    " FROM mace_agenda_items i JOIN mace_meetings m ON m.id = i.meeting_id"
    " JOIN agencies a ON a.id = m.agency_id WHERE i.child_id = ?1"
    " GROUP BY m.id, a.id ORDER BY m.held_on, m.id";
DB_REGISTER(mace_events);

const struct chronology_kind contextual_chronology[] = {
    {.kind = "missing_episode",
     .kind_label = "Missing episodes",
     .action = "missing.read",
     .record_type = "missing_episode",
     .href = "/missing-episodes/",
     .sql = missing_events,
     .text = contextual_missing_chronology_text},
    {.kind = "missing_return",
     .kind_label = "Returns after going missing",
     .action = "missing.read",
     .record_type = "missing_episode",
     .href = "/missing-episodes/",
     .sql = return_events},
    {.kind = "return_interview",
     .kind_label = "Return home interviews",
     .action = "missing.read",
     .record_type = "missing_episode",
     .href = "/missing-episodes/",
     .sql = interview_events},
    {.kind = "placing_authority_told",
     .kind_label = "Placing authorities told",
     .action = "missing.read",
     .record_type = "missing_episode",
     .href = "/missing-episodes/",
     .sql = placing_told_events},
    {.kind = "exploitation_screening",
     .kind_label = "Exploitation risk screenings",
     .action = "screening.read",
     .record_type = "exploitation_screening",
     .href = "/exploitation/screenings/",
     .sql = screening_events},
    {.kind = "nrm_referral",
     .kind_label = "National Referral Mechanism referrals",
     .action = "nrm.read",
     .record_type = "nrm_referral",
     .href = "/exploitation/nrm-referrals/",
     .sql = nrm_events},
    {.kind = "context_link",
     .kind_label = "Places and groups",
     .action = "context.read",
     .record_type = "context",
     .href = "/contexts/",
     .sql = context_events},
    {.kind = "strategy_discussion",
     .kind_label = "Strategy discussions",
     .action = "missing.read",
     .record_type = "missing_episode",
     .href = "/missing-episodes/",
     .sql = strategy_events},
    {.kind = "mace_meeting",
     .kind_label = "MACE meetings",
     .action = "mace.read",
     .record_type = "mace_meeting",
     .href = "/mace/meetings/",
     .sql = mace_events,
     .text = contextual_mace_chronology_text},
    {0}};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char missing_episodes_held[] =
    "SELECT police_reference, reported_at, risk_grading, missing_from, COALESCE((SELECT name FROM "
    "local_authorities WHERE code = placing_la_code), placing_authority) AS placing_authority, "
    "placing_authority_told_on, placing_authority_told_by, returned_at, found_where, "
    "interview_completed_at, push_factors, pull_factors, harm_while_missing, "
    "exploitation_indicators, interview_actions FROM missing_episodes WHERE child_id = ?1 ORDER BY "
    "reported_at, id";
DB_REGISTER(missing_episodes_held);
static const char strategy_discussions_held[] =
    "SELECT held_on, decision, next_steps, (SELECT name FROM agencies WHERE id = agency_id) AS "
    "agency FROM strategy_discussions WHERE child_id = ?1 ORDER BY held_on, id";
DB_REGISTER(strategy_discussions_held);
static const char exploitation_screenings_held[] =
    "SELECT screened_on, score, rule_level, judgement, reasons, review_by, (SELECT name FROM "
    "agencies WHERE id = agency_id) AS agency FROM exploitation_screenings WHERE child_id = ?1 "
    "ORDER BY screened_on, id";
DB_REGISTER(exploitation_screenings_held);
static const char nrm_referrals_held[] =
    "SELECT referred_on, first_responder, reasonable_grounds, reasonable_grounds_on, "
    "conclusive_grounds, conclusive_grounds_on, (SELECT name FROM agencies WHERE id = agency_id) AS "
    "agency FROM nrm_referrals WHERE child_id = ?1 ORDER BY referred_on, id";
DB_REGISTER(nrm_referrals_held);
static const char adult_transitions_held[] =
    "SELECT transferred_on, adult_service, notes, (SELECT name FROM agencies WHERE id = agency_id) "
    "AS agency FROM adult_transitions WHERE child_id = ?1 ORDER BY transferred_on, id";
DB_REGISTER(adult_transitions_held);
static const char context_links_held[] =
    "SELECT x.name AS context, x.kind, l.nature, l.source, l.created_at AS linked_at, l.ended_at, "
    "l.ended_reason FROM context_links l JOIN contexts x ON x.id = l.context_id WHERE l.child_id = "
    "?1 ORDER BY l.created_at, l.id";
DB_REGISTER(context_links_held);
static const char context_changes_held[] =
    "SELECT changed_at, change, was_nature, was_source, reason FROM context_changes WHERE child_id "
    "= ?1 ORDER BY changed_at, id";
DB_REGISTER(context_changes_held);
static const char mace_agenda_items_held[] =
    "SELECT meeting_id AS meeting, reason, detail FROM mace_agenda_items WHERE child_id = ?1 ORDER "
    "BY meeting_id, id";
DB_REGISTER(mace_agenda_items_held);

const struct subject_access_table contextual_subject_access[] = {
    {.title = "Missing episodes", .sql = missing_episodes_held},
    {.title = "Strategy discussions", .sql = strategy_discussions_held},
    {.title = "Exploitation screenings", .sql = exploitation_screenings_held},
    {.title = "National Referral Mechanism referrals", .sql = nrm_referrals_held},
    {.title = "Transitions to adult services", .sql = adult_transitions_held},
    {.title = "Links to places, groups and persons of concern", .sql = context_links_held},
    {.title = "Changes to those links", .sql = context_changes_held},
    {.title = "MACE meetings' agenda items", .sql = mace_agenda_items_held},
    {0},
};
