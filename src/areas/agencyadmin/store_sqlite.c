/*
 * store_sqlite.c (agencyadmin) — what an agency administrator is related to:
 * the people of their own agency. The accounts themselves are auth's
 * (auth/store.h); this area only reads them.
 */
#include "areas/agencyadmin/store.h"

#include "store/db.h"

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* an agency administrator's own agency's people (never an administrator, who is the partnership's) */
static const char related_agency_user[] =
    "SELECT 1 FROM users u WHERE u.id = :id AND u.agency_id = :agency"
    " AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'admin')";
DB_REGISTER(related_agency_user);

const struct record_type agencyadmin_records[] = {
    {.name = "agency_user", .related = related_agency_user},
    {0},
};
