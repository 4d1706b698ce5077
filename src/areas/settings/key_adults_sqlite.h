/*
 * key_adults_sqlite.h (settings) — who an agency's Key Adults are, as SQL,
 * written once for the setting's page (settings_get), the Operation
 * Encompass notification's email (incidents) and its escalations
 * (encompass): a school's, college's or early years setting's Designated
 * Safeguarding Leads (dsl), or a local authority's front door, with an
 * active account. Not a disabled one, and not one still invited: whoever
 * was invited has not yet shown the address is theirs, and neither a page
 * naming it nor an email about a child's notification should go to it.
 * Private to the SQLite backend.
 */
#ifndef HAVEN_AREAS_SETTINGS_KEY_ADULTS_BACKEND_H
#define HAVEN_AREAS_SETTINGS_KEY_ADULTS_BACKEND_H

#include "auth/account_state_sqlite.h"

/*
 * Joins the Key Adults of the agency whose agencies row is the alias `A`,
 * as users `u` (with their role as user_roles `r`).
 */
#define KEY_ADULTS_OF(A)                                                                                     \
	" JOIN users u ON u.agency_id = " A                                                                  \
	".id AND " ACCOUNT_STATE("u") " = 'active'"                                                          \
	                              " JOIN user_roles r ON r.user_id = u.id AND r.role = CASE " A ".type"  \
	                              " WHEN 'local_authority' THEN 'front_door' ELSE 'dsl' END"

#endif
