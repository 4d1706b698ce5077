/*
 * user_list_sqlite.c (auth) — the list of accounts behind auth/store.h:
 * a page of users by name, everyone's or one agency's, narrowed by agency,
 * role, status and a part of a name or email address, and counted; and the
 * agencies that have accounts (the list's agency filter). The handlers that
 * show it are auth/account_list.c's. Each read picks the statement whose
 * index serves its filter (users_by_agency, user_roles_by_role, or
 * users_by_name), keeping the list's order.
 */
#include "auth/store.h"

#include <string.h>

#include "auth/account_state_sqlite.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "store/db.h"

/* Each row's roles as a list, disabled as true/false and its state (auth/roles.h), for the API. */
static void user_rows_for_api(json_t *rows)
{
	int64_t now = auth_now();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *roles = json_array();
		const char *text = json_string_value(json_object_get(row, "roles"));
		while (text && *text) {
			const char *space = strchr(text, ' ');
			size_t len = space ? (size_t)(space - text) : strlen(text);
			json_array_append_new(roles, json_stringn(text, len));
			text += len + (space ? 1 : 0);
		}
		json_object_set_new(row, "roles", roles);
		bool disabled = json_integer_value(json_object_get(row, "disabled"));
		json_object_set_new(row, "disabled", json_boolean(disabled));
		int64_t expires = json_integer_value(json_object_get(row, "invitation_expires_at"));
		json_object_del(row,
		                "invitation_expires_at"); /* as seconds; set again as a time if invited */
		account_state_to_json(row, disabled, expires, now);
	}
}

/*
 * A page of users by (name, id) from the cursor row ?1 on: forward (CMP ">")
 * with no cursor row, compared with a key before every row; backward ("<"),
 * after every row (U+FFFF sorts after any name). FROM names the accounts
 * read: ACCOUNTS, or ROLE_HOLDERS (those holding the role ?4, found through
 * user_roles_by_role, migration 0124, and sorted: a role's people, not
 * everyone); SCOPE narrows them (below).
 */
#define USERS_PAGE(FROM, SCOPE, CMP, ORDER, NO_ROW, PICK)                                                    \
	"SELECT u.id, u.email, u.name, a.slug AS agency_slug, a.name AS agency_name,"                        \
	" (SELECT group_concat(role, ' ') FROM (SELECT role FROM user_roles r WHERE r.user_id = u.id"        \
	" ORDER BY role) AS sorted) AS roles, u.disabled_at IS NOT NULL AS "                                 \
	"disabled, " ACCOUNT_INVITATION_EXPIRES(                                                             \
	    "u") " AS invitation_expires_at" FROM                                                            \
	         " JOIN agencies a ON a.id = u.agency_id WHERE" SCOPE USERS_NARROWED                         \
	         " AND (u.name, u.id) " CMP                                                                  \
	         " (SELECT name, id FROM users WHERE id = ?1 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK   \
	         " LIMIT 1)"                                                                                 \
	         " ORDER BY u.name " ORDER ", u.id " ORDER " LIMIT ?2"
#define ACCOUNTS " FROM users u"
/*
 * CROSS JOIN keeps user_roles the outer loop, so the role's index is what is read (the join's
 * condition is in HOLDING_ROLE, as PostgreSQL takes a CROSS JOIN only without ON)
 */
#define ROLE_HOLDERS " FROM user_roles h CROSS JOIN users u"
/*
 * The filter, bound as ?4 (role), ?5 (a state of account_states; NULL: any),
 * ?7 (a part of the name or email address: lower() lowers every letter on
 * both sides and both stores, so "SMITH" finds "Jo Smith" and "ÉMILE"
 * "Émile Zola"; instr, not LIKE, so a % or _
 * typed is only itself).
 * SCOPE is ALL_USERS (users_by_name), IN_AGENCY (the agency's id, ?3),
 * AGENCY_BY_SLUG (?6): the two through users_by_agency, in name order; or
 * HOLDING_ROLE (with ROLE_HOLDERS).
 */
#define USERS_NARROWED                                                                                       \
	" AND (CAST(?4 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND "   \
	"r.role = ?4))"                                                                                      \
	" AND (CAST(?5 AS TEXT) IS NULL OR " ACCOUNT_STATE(                                                  \
	    "u") " = ?5)"                                                                                    \
	         " AND (CAST(?7 AS TEXT) IS NULL OR instr(lower(u.name), lower(?7)) > "                      \
	         "0 OR instr(lower(u.email), "                                                               \
	         "lower(?7)) > 0)"
#define ALL_USERS " ?3 = 0 AND CAST(?6 AS TEXT) IS NULL"
#define IN_AGENCY " u.agency_id = ?3 AND CAST(?6 AS TEXT) IS NULL"
#define AGENCY_BY_SLUG " u.agency_id = (SELECT id FROM agencies WHERE slug = ?6) AND ?3 = 0"
#define HOLDING_ROLE " h.role = ?4 AND u.id = h.user_id AND ?3 = 0 AND CAST(?6 AS TEXT) IS NULL"
#define USERS_NEXT(FROM, SCOPE) USERS_PAGE(FROM, SCOPE, ">", "ASC", "'', 0", "DESC")
#define USERS_PREVIOUS(FROM, SCOPE) USERS_PAGE(FROM, SCOPE, "<", "DESC", "'\xef\xbf\xbf', 0", "ASC")
#define USERS_COUNT(FROM, SCOPE)                                                                             \
	"SELECT count(*) FROM (SELECT 1" FROM " WHERE" SCOPE USERS_NARROWED " AND ?1 = 0 LIMIT ?2) AS page"

/* The statement reading a page of users (`counting`: their count) of one scope, in `backward` order. */
static db_stmt *users_statement(db_conn *db, long long agency_id, const char *agency_slug, const char *role,
                                bool backward, bool counting)
{
	if (agency_id > 0)
		return counting   ? db_prepare(db, USERS_COUNT(ACCOUNTS, IN_AGENCY))
		       : backward ? db_prepare(db, USERS_PREVIOUS(ACCOUNTS, IN_AGENCY))
		                  : db_prepare(db, USERS_NEXT(ACCOUNTS, IN_AGENCY));
	if (agency_slug)
		return counting   ? db_prepare(db, USERS_COUNT(ACCOUNTS, AGENCY_BY_SLUG))
		       : backward ? db_prepare(db, USERS_PREVIOUS(ACCOUNTS, AGENCY_BY_SLUG))
		                  : db_prepare(db, USERS_NEXT(ACCOUNTS, AGENCY_BY_SLUG));
	if (role && agency_id == 0)
		return counting   ? db_prepare(db, USERS_COUNT(ROLE_HOLDERS, HOLDING_ROLE))
		       : backward ? db_prepare(db, USERS_PREVIOUS(ROLE_HOLDERS, HOLDING_ROLE))
		                  : db_prepare(db, USERS_NEXT(ROLE_HOLDERS, HOLDING_ROLE));
	return counting   ? db_prepare(db, USERS_COUNT(ACCOUNTS, ALL_USERS))
	       : backward ? db_prepare(db, USERS_PREVIOUS(ACCOUNTS, ALL_USERS))
	                  : db_prepare(db, USERS_NEXT(ACCOUNTS, ALL_USERS));
}

/* A page of users in agency `agency_id` (0: any, or the filter's agency; below 0: none), narrowed by
 * `filter`. */
static enum haven_status list_users(long long agency_id, const struct auth_user_filter *filter,
                                    long long cursor, bool backward, long long fetch, json_t **out,
                                    long long *total, long long count_cap)
{
	static const struct auth_user_filter everyone = {0};
	if (!filter)
		filter = &everyone;
	const char *slug = agency_id != 0 ? NULL : filter->agency_slug;
	struct db_value status = filter->status ? DB_TEXT(filter->status) : DB_NULL;
	/* the page's and the count's values: the count's ?1 and ?2 are no cursor row and its cap */
	struct db_value values[] = {
	    DB_INT(cursor), DB_INT(fetch), DB_INT(agency_id),       DB_TEXT(filter->role),
	    status,         DB_TEXT(slug), DB_TEXT(filter->search),
	};
	size_t count = sizeof values / sizeof values[0];
	db_conn *db = db_reader();
	*out = db_rows_values(users_statement(db, agency_id, slug, filter->role, backward, false), values,
	                      count);
	if (!*out)
		return HAVEN_ERR_DB;
	values[0] = DB_INT(0);
	values[1] = DB_INT(count_cap);
	*total =
	    db_count_values(users_statement(db, agency_id, slug, filter->role, false, true), values, count);
	user_rows_for_api(*out);
	return HAVEN_OK;
}

enum haven_status auth_store_user_list(const struct auth_user_filter *filter, long long cursor, bool backward,
                                       long long fetch, json_t **out, long long *total, long long count_cap)
{
	return list_users(0, filter, cursor, backward, fetch, out, total, count_cap);
}

enum haven_status auth_store_user_agencies(json_t **out)
{
	/* the DISTINCT reads users_by_agency alone: one step per agency, not per account */
	return db_read_rows(out, "SELECT a.slug, a.name FROM agencies a WHERE a.id IN"
	                         " (SELECT DISTINCT agency_id FROM users) ORDER BY a.name, a.id");
}

enum haven_status auth_store_agency_user_list(long long agency_id, const struct auth_user_filter *filter,
                                              long long cursor, bool backward, long long fetch, json_t **out,
                                              long long *total, long long count_cap)
{
	return list_users(agency_id > 0 ? agency_id : -1, filter, cursor, backward, fetch, out, total,
	                  count_cap);
}
