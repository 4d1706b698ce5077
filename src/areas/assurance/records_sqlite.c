/*
 * records_sqlite.c (assurance) — the SQLite side of store.h's records: how a
 * person is related to a return, a case audit, a case audit's action and a
 * return's standard (assurance_records, which access control asks), and the
 * standards of a return that evidence documents are attached to.
 */
#include "areas/assurance/store.h"

#include "store/db.h"

static const char related_return[] = "SELECT 1 FROM qa_returns WHERE id = :id AND agency_id = :agency";
DB_REGISTER(related_return);

/*
 * A return as the record that is scored and submitted: its own agency's, as
 * a return is, except that a Section 175/157 audit of a school is completed
 * by its Designated Safeguarding Lead (Keeping Children Safe in Education),
 * so only a person holding the dsl role is related to one of those. Its
 * other people still read it (qa_return) and answer its challenges.
 */
static const char related_return_to_complete[] =
    "SELECT 1 FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id"
    " JOIN qa_standard_sets s ON s.id = c.standard_set_id"
    " WHERE r.id = :id AND r.agency_id = :agency AND (s.kind <> 'section175' OR EXISTS"
    " (SELECT 1 FROM user_roles u WHERE u.user_id = :user AND u.role = 'dsl'))";
DB_REGISTER(related_return_to_complete);

/* Need to know: only the people named for a case audit are related to it (and so see its children). */
static const char related_case_audit[] =
    "SELECT 1 FROM qa_case_audit_auditors WHERE audit_id = :id AND user_id = :user";
DB_REGISTER(related_case_audit);
static RECORD_CHILDREN(children_of_case_audit,
                       "SELECT child_id FROM qa_case_audit_children WHERE audit_id = :id"
                       " AND on_register = 1");

/* A case audit's action is its owner's to change. */
static const char related_case_audit_action[] =
    "SELECT 1 FROM qa_case_audit_actions WHERE id = :id AND owner_id = :user";
DB_REGISTER(related_case_audit_action);

/*
 * A standard of a return, as the record its evidence documents are attached
 * to: its own agency's, and the partnership's (an agency of type
 * "partnership") once the return is submitted, as the scores are.
 */
static const char related_return_standard[] =
    "SELECT 1 FROM qa_return_standards s JOIN qa_returns r ON r.id = s.return_id WHERE s.id = :id"
    " AND (r.agency_id = :agency OR (r.submitted_on IS NOT NULL AND EXISTS"
    " (SELECT 1 FROM agencies a WHERE a.id = :agency AND a.type = 'partnership')))";
DB_REGISTER(related_return_standard);
/* Evidence is attached by the return's own agency while it is a draft. */
static const char related_draft_standard[] =
    "SELECT 1 FROM qa_return_standards s JOIN qa_returns r ON r.id = s.return_id WHERE s.id = :id"
    " AND r.agency_id = :agency AND r.submitted_on IS NULL";
DB_REGISTER(related_draft_standard);

const struct record_type assurance_records[] = {
    /* a return is its own agency's; the partnership sees every one through its rules */
    {.name = "qa_return", .related = related_return},
    /* the same return as its scorers and submitters are related to it: a school's Section 175/157
     * audit, its DSL only */
    {.name = "qa_return_to_complete", .related = related_return_to_complete},
    /* a case audit (case_audits.h) is its named auditors' only, and is about the children of its sample */
    {.name = "qa_case_audit", .related = related_case_audit, RECORD_CHILDREN_OF(children_of_case_audit)},
    /* an action agreed in a case audit (case_audits.h) names no child; only its owner changes it */
    {.name = "qa_case_audit_action", .related = related_case_audit_action},
    /* a standard of a return takes documents as its evidence (areas/documents/attach.h); its page is the
     * return's, at the standard */
    {.name = "qa_return_standard",
     .related = related_return_standard,
     .documents = "qa.evidence.read",
     .href = "/quality-assurance/return-standards/"},
    {.name = "qa_draft_standard", .related = related_draft_standard, .children_as = "qa_return_standard"},
    {0},
};

/* ---- the records that evidence documents are attached to ---- */

enum haven_status assurance_return_standards(long long id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT id, standard_id FROM qa_return_standards WHERE return_id = ? ORDER BY id",
	                    DB_INT(id));
}

enum haven_status assurance_return_standard_get(long long id, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT id, return_id, standard_id FROM qa_return_standards WHERE id = ?", out,
	                   DB_INT(id));
}
