/*
 * account_list.c — the list of accounts and its search, for every list of
 * people's accounts (account_list.h): the administrators' list of every
 * agency's accounts and an agency administrator's list of their own
 * agency's people. The rows come from auth/store.h (user_list_sqlite.c),
 * a page at a time; this file turns them into the page's model.
 */
#include "auth/account_list.h"

#include "auth/store.h"
#include "router/errors.h"
#include "router/page.h"
#include "router/router.h"

static const char no_search[] = "Enter a name or email address to search for";

/* What the page adds to the list: each row's role labels, state tag and whether it is oneself, and the
 * filters' choices with the ones chosen (`agencies`, those with accounts, for a list of every agency's;
 * the roles in `roles_offered`). */
static void add_page_parts(const struct request *req, const struct auth_user_filter *filter, json_t *users,
                           const json_t *agencies, unsigned roles_offered, json_t *model)
{
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u)
	{
		json_object_set_new(u, "role_labels",
		                    roles_labels(roles_from_json(json_object_get(u, "roles"))));
		account_state_tag(u);
		json_object_set_new(
		    u, "is_me", json_boolean(json_integer_value(json_object_get(u, "id")) == req->user->id));
	}
	if (agencies)
		json_object_set_new(model, "agency_choices",
		                    page_filter_rows("Any agency", agencies, "slug", filter->agency_slug));
	json_object_set_new(model, "role_choices", roles_filter_options(roles_offered, filter->role));
	json_object_set_new(model, "status_choices", account_state_options(filter->status));
}

/* The page's search form and its paging forms: where they go, with the filters chosen as hidden fields. */
static void add_search_forms(const struct account_list *list, const struct auth_user_filter *filter,
                             json_t *model)
{
	json_object_set_new(model, "search_action", json_string(list->search_action));
	/* an own agency's list has no agency field: a hidden one, even empty, would be refused */
	json_t *chosen =
	    json_pack("{s:s, s:s, s:s}", "role", filter->role ? filter->role : "", "status",
	              filter->status ? filter->status : "", "search", filter->search ? filter->search : "");
	if (!list->own_agency)
		json_object_set_new(chosen, "agency",
		                    json_string(filter->agency_slug ? filter->agency_slug : ""));
	json_object_set_new(model, "chosen", chosen);
	if (filter->search) {
		const json_t *info = json_object_get(model, "page");
		json_object_set_new(model, "search_paging",
		                    json_pack("{s:O?, s:O?}", "after", json_object_get(info, "next"),
		                              "before", json_object_get(info, "previous")));
	}
}

/*
 * The list's model (account_list.h): a page of the accounts `list` shows, narrowed by `filter`; or
 * HAVEN_ERR_INVALID with the error in `errors` for a role the list's filter does not offer.
 */
static enum haven_status list_model(const struct request *req, const struct account_list *list,
                                    const struct auth_user_filter *filter, const struct page *page,
                                    json_t *errors, json_t **out)
{
	/* the list's role filter may offer only some roles (an agency's people): any other is refused, on the
	 * page and in the API alike, as a filter's value not on its list is, never shown as no role chosen */
	unsigned roles_offered = ROLE_ALL;
	if (list->roles_offered) {
		enum haven_status st = list->roles_offered(req, &roles_offered);
		if (st != HAVEN_OK)
			return st;
	}
	if (filter->role && !(roles_offered & role_from_name(filter->role))) {
		errors_add(errors, "role", "Select the role from the list");
		return HAVEN_ERR_INVALID;
	}
	json_t *users = NULL, *agencies = NULL;
	long long total = -1;
	enum haven_status st =
	    list->own_agency ? auth_store_agency_user_list(req->user->agency_id, filter, page_cursor(page, 0),
	                                                   page_backward(page), page_fetch(page), &users,
	                                                   &total, PAGE_COUNT_CAP + 1)
	                     : auth_store_user_list(filter, page_cursor(page, 0), page_backward(page),
	                                            page_fetch(page), &users, &total, PAGE_COUNT_CAP + 1);
	/* the agency filter's choices: only a list of every agency's has one, and only on the page */
	if (st == HAVEN_OK && !req->api && !list->own_agency)
		st = auth_store_user_agencies(&agencies);
	if (st != HAVEN_OK) {
		json_decref(users);
		return st;
	}
	bool searched = filter->search != NULL;
	bool filtered = filter->agency_slug || filter->role || filter->status || searched;
	json_t *model =
	    json_pack("{s:s, s:b, s:b}", "title", list->title, "filtered", filtered, "searched", searched);
	if (list->own_agency)
		json_object_set_new(model, "agency_name", json_string(req->user->agency_name));
	if (!req->api)
		add_page_parts(req, filter, users, agencies, roles_offered, model);
	json_decref(agencies);
	page_finish(page, req, model, "users", users, "id", total, list->noun);
	size_t n = json_array_size(json_object_get(model, "users"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	json_object_set_new(model, "found", json_boolean(n > 0));
	if (!req->api)
		add_search_forms(list, filter, model);
	*out = model;
	return HAVEN_OK;
}

/* The filters as the input gives them (checked by the route's fields); an own agency's list has no agency
 * filter, its agency being always the signed-in person's. */
static struct auth_user_filter filter_from(const json_t *input, const struct account_list *list,
                                           bool with_search)
{
	return (struct auth_user_filter){.agency_slug = list->own_agency ? NULL : field_text(input, "agency"),
	                                 .role = field_text(input, "role"),
	                                 .status = field_text(input, "status"),
	                                 .search = with_search ? field_text(input, "search") : NULL};
}

/*
 * The model of page `page` of the list, narrowed by the input's filters (and search, when asked), in
 * *model: true. False when there is none to answer with: a role the list does not offer, refused on
 * `res` (400 naming it, *st HAVEN_OK), or a store's failure in *st.
 */
static bool page_model(struct request *req, struct response *res, const struct account_list *list,
                       const struct page *page, bool with_search, json_t **model, enum haven_status *st)
{
	struct auth_user_filter filter = filter_from(req->input, list, with_search);
	json_t *errors = json_array();
	*st = list_model(req, list, &filter, page, errors, model);
	if (*st == HAVEN_ERR_INVALID) {
		res->status = 400; /* a filter, in the query string: 400, as the field specs answer */
		response_errors(res, errors);
		*st = HAVEN_OK;
		return false;
	}
	json_decref(errors);
	return *st == HAVEN_OK;
}

/* Answers with page `page` of the list, narrowed by the input's filters (not searched). */
static enum haven_status answer_page(struct request *req, struct response *res,
                                     const struct account_list *list, const struct page *page)
{
	json_t *model = NULL;
	enum haven_status st;
	if (page_model(req, res, list, page, false, &model, &st))
		response_set_model(res, model);
	return st;
}

enum haven_status account_list_show(struct request *req, struct response *res,
                                    const struct account_list *list)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	return answer_page(req, res, list, &page);
}

enum haven_status account_list_first_page(struct request *req, struct response *res,
                                          const struct account_list *list)
{
	struct page first = {.limit = PAGE_DEFAULT_LIMIT};
	return answer_page(req, res, list, &first);
}

enum haven_status account_list_search(struct request *req, struct response *res,
                                      const struct account_list *list)
{
	json_t *errors = json_array();
	struct page page;
	if (page_read(req->input, &page, errors) != HAVEN_OK)
		page.after = page.before = 0; /* its error is in `errors`, answered below */
	if (!field_text(req->input, "search"))
		errors_add(errors, "search", no_search);
	if (json_array_size(errors)) {
		response_errors(res,
		                errors); /* the page again: the route's redisplay, the list's first page */
		return HAVEN_OK;
	}
	json_decref(errors);
	json_t *model = NULL;
	enum haven_status st;
	if (!page_model(req, res, list, &page, true, &model, &st))
		return st;
	struct audit_event e = {.user_id = req->user->id,
	                        .agency_id = req->user->agency_id,
	                        .action = req->route->action,
	                        .client_address = req->client_address};
	st = auth_store_audit(&e);
	if (st != HAVEN_OK) {
		json_decref(model); /* never an answer without its audit row */
		return st;
	}
	response_set_model(res, model);
	return HAVEN_OK;
}
