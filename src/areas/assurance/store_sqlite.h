/*
 * store_sqlite.h (assurance, private) — what the area's store files share:
 * the parsed standards of a cycle or return read (standards_sqlite.c), whether
 * a return is still a draft (returns_sqlite.c), and who leads on an agency's
 * returns, asked by the cycle page and the job's emails alike. Only
 * assurance's *_sqlite.c files include it.
 */
#ifndef HAVEN_AREAS_ASSURANCE_STORE_SHARED_H
#define HAVEN_AREAS_ASSURANCE_STORE_SHARED_H

#include <jansson.h>

#include "core/status.h"
#include "store/db.h"

/*
 * Who leads on an agency's returns: an account of users u, not disabled,
 * holding one of the roles that follow (LEAD_ROLES: its DSLs and agency
 * administrators, who get the cycle's emails; DSL_ROLE: who alone completes
 * a school's Section 175/157 return). The cycle page's "no DSL" tag and the
 * job's emails (email_leads) ask the same question.
 */
#define LEADING                                                                                              \
	" u.disabled_at IS NULL AND EXISTS"                                                                  \
	" (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role IN "
#define LEAD_ROLES "('dsl', 'agency_admin'))"
#define DSL_ROLE "('dsl'))"

/*
 * Who moderates the returns of cycle c: the account of users u that opened
 * it, while not disabled and holding the partnership role (the caller ends
 * the subquery after it, choosing u's column). Its moderation tasks are that
 * person's (returns_sqlite.c), as the cycle's page says (cycles_sqlite.c);
 * with none, the whole team's.
 */
#define CYCLE_MODERATOR                                                                                      \
	" FROM users u WHERE u.id = c.created_by AND u.disabled_at IS NULL AND EXISTS"                       \
	" (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = 'partnership')"

/*
 * The row a read found (`found`, in *out) with its text field "document"
 * replaced by the parsed document, as "standards"; *out NULL if either failed.
 */
enum haven_status qa_with_standards(enum haven_status found, json_t **out);

/* Whether return `id` is submitted: HAVEN_ERR_CONFLICT if it is, HAVEN_OK if not, NOT_FOUND if none. */
enum haven_status qa_still_open(db_conn *db, long long id);

/* Whether return `id` is submitted: HAVEN_OK if so, HAVEN_ERR_CONFLICT while a draft, NOT_FOUND if none. */
enum haven_status qa_submitted(db_conn *db, long long id);

#endif
