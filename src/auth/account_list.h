/*
 * account_list.h — the list of accounts and its search, once for every list
 * of people's accounts: the partnership's administrators' (every agency's,
 * /admin/users) and an agency administrator's (their own agency's people,
 * /agency/users). The two differ only in whose accounts they show and what
 * the page calls them (struct account_list); the filters, the search by a
 * part of a name or email address (in a POST body, never an address), the
 * paging, the page's model and the audit row are the same.
 *
 * An area declares its routes with these fields and calls these handlers
 * from its own, naming its list (ACCOUNT_LIST_HANDLERS writes the three):
 *
 *     query: {ACCOUNT_AGENCY_FILTER (administrators only), ACCOUNT_FILTERS, PAGE_FIELDS}
 *     body of the search: {ACCOUNT_SEARCH_FIELD, the same filters, PAGE_FIELDS}
 */
#ifndef HAVEN_AUTH_ACCOUNT_LIST_H
#define HAVEN_AUTH_ACCOUNT_LIST_H

#include <stdbool.h>

#include "auth/roles.h"
#include "router/fields.h"
#include "router/request.h"

/* Laid out by hand, one field to a line: the formatter's layout of a macro reads worse. */
/* clang-format off */
/* The list's filters by role and status (auth/roles.h). */
#define ACCOUNT_FILTERS                                                                                      \
	{.name = "role", .label = "the role", .type = FIELD_CHOICE, .choices = roles_choices},               \
	{.name = "status", .label = "the status", .type = FIELD_CHOICE, .choices = account_states}
/* The filter by agency (its slug), for a list of every agency's accounts. */
#define ACCOUNT_AGENCY_FILTER                                                                                \
	{.name = "agency", .label = "the agency", .type = FIELD_SLUG, .max = 100}
/* What the search looks for: a part of a name or email address (required by the handler, which names it). */
#define ACCOUNT_SEARCH_FIELD                                                                                 \
	{.name = "search", .label = "the name or email address", .type = FIELD_TEXT, .max = 200}
/* clang-format on */

/* Whose accounts a list shows, and what its page calls them. */
struct account_list {
	/* true: only the people of the signed-in person's own agency (never the "agency" filter);
	 * false: every agency's, narrowed to one by the "agency" filter when it is given */
	bool own_agency;
	const char *title;         /* the page's heading: "User accounts" */
	const char *noun;          /* the rows, in "Showing 1 to 50 of 80 user accounts" */
	const char *search_action; /* where the page's search form posts: "/admin/users/search" */
	const char *path;          /* the list's page, and a person's below it by id: "/admin/users" */
	const char *api_path;      /* the same in the API: "/api/v1/users" */
	/* the roles the page's role filter lists, into *out; NULL: every role */
	enum haven_status (*roles_offered)(const struct request *req, unsigned *out);
};

/*
 * GET: a page of the list by name, narrowed by the query's filters. The
 * model: {title, filtered, searched, users: [{id, email, name, agency_slug,
 * agency_name, roles: [...], disabled, state (and invitation_expires_at,
 * invitation_expired when invited: auth/roles.h)}], page, next, count, found}, with
 * agency_name for an own agency's list; the page adds each row's
 * role_labels, state_tag and is_me, the filters' choices, and the search form's
 * action and the filters chosen ("chosen").
 */
enum haven_status account_list_show(struct request *req, struct response *res,
                                    const struct account_list *list) HAVEN_MUST_CHECK;

/* The list's first page, narrowed by the filters but not searched: the search form again after errors. */
enum haven_status account_list_first_page(struct request *req, struct response *res,
                                          const struct account_list *list) HAVEN_MUST_CHECK;

/*
 * POST search: the list narrowed by the filters and by a part of the name
 * or email address, which travels in the body (and in its paging forms,
 * "search_paging" on the page), never in an address. No search is an error
 * on "search". Audited as the list's GET is (the route's action), without
 * the words searched.
 */
enum haven_status account_list_search(struct request *req, struct response *res,
                                      const struct account_list *list) HAVEN_MUST_CHECK;

/*
 * An area's three handlers for its list `list` (a struct account_list),
 * which name it for the functions above: LIST_show (the GET),
 * LIST_first_page (the search form again after errors) and LIST_search
 * (the POST). A route has no data of its own, so each area has these three:
 *
 *     ACCOUNT_LIST_HANDLERS(every_account)
 */
#define ACCOUNT_LIST_HANDLERS(list)                                                                          \
	static enum haven_status list##_show(struct request *req, struct response *res)                      \
	{                                                                                                    \
		return account_list_show(req, res, &list);                                                   \
	}                                                                                                    \
	static enum haven_status list##_first_page(struct request *req, struct response *res)                \
	{                                                                                                    \
		return account_list_first_page(req, res, &list);                                             \
	}                                                                                                    \
	static enum haven_status list##_search(struct request *req, struct response *res)                    \
	{                                                                                                    \
		return account_list_search(req, res, &list);                                                 \
	}

#endif
