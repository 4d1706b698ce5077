/*
 * list.c (children) — the children a user's agency works with: a page of
 * them at a time, and the search by name (first names and family names
 * matched by their keys and sounds, as the register matches, and each other
 * name by its key) and date of birth, sent by POST so a name never travels
 * in an address; only the
 * agency's own children are ever found, and each one shown is audited. The
 * routes are in area.c (handlers.h).
 */
#include <stdio.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/children/handlers.h"
#include "areas/children/match.h"
#include "areas/children/store.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "router/page_found.h"

const struct field_spec children_search_fields[] = {
    {.name = "name", .label = "the name", .type = FIELD_TEXT, .max = 200},
    {.name = "date_of_birth", .label = "date of birth", .type = FIELD_DATE},
    PAGE_FIELDS,
    {0},
};

const struct field_spec children_list_query[] = {PAGE_FIELDS, {0}};

/* Whether one word of a search (its key and sound) matches a child's names. */
static bool word_matches(const struct child_candidate *c, const char *key, const char *sound)
{
	const char *const keys[] = {c->given_name_key, c->family_name_key};
	const char *const sounds[] = {c->given_name_sound, c->family_name_sound};
	for (int i = 0; i < 2; i++) {
		const char *k = keys[i], *s = sounds[i];
		if (k && *key && strncmp(k, key, strlen(key)) == 0)
			return true;
		if (s && *sound && strcmp(s, sound) == 0)
			return true;
	}
	/* other names: any word of them starting with the word searched */
	const char *other = c->other_names;
	char other_key[MATCH_KEY_SIZE];
	while (*key && match_next_other_name_key(&other, other_key))
		if (strncmp(other_key, key, strlen(key)) == 0)
			return true;
	return false;
}

/* Every word of `name` matches (a start of a name, or a name that sounds the same); `date` is the date of
 * birth or expected date. */
static bool child_matches(const struct child_candidate *c, const char *name, const char *date)
{
	if (date) {
		const char *born = c->date_of_birth, *expected = c->expected_date_of_birth;
		if (!(born && strcmp(born, date) == 0) && !(expected && strcmp(expected, date) == 0))
			return false;
	}
	if (!name)
		return true;
	char copy[512];
	snprintf(copy, sizeof copy, "%s", name);
	bool any = false;
	for (char *save = NULL, *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
		char key[MATCH_KEY_SIZE], sound[MATCH_KEY_SIZE];
		match_name_key(w, key, sizeof key);
		match_name_sound(w, sound, sizeof sound);
		if (!*key)
			continue;
		any = true;
		if (!word_matches(c, key, sound))
			return false;
	}
	return any;
}

/* A row as the list shows it: the relationships as a list and as labels, and no name keys. */
static json_t *shown_row(const json_t *c)
{
	json_t *row = json_deep_copy(c);
	json_object_del(row, "given_name_key");
	json_object_del(row, "family_name_key");
	json_object_del(row, "given_name_sound");
	json_object_del(row, "family_name_sound");
	json_t *labels = json_array();
	char rels[128];
	snprintf(rels, sizeof rels, "%s",
	         field_text(c, "relationships") ? field_text(c, "relationships") : "");
	json_t *list = json_array();
	for (char *save = NULL, *r = strtok_r(rels, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		json_array_append_new(list, json_string(r));
		json_array_append_new(labels, json_string(children_relationship_label(r)));
	}
	json_object_set_new(row, "relationships", list);
	json_object_set_new(row, "relationship_labels", labels);
	return row;
}

/* The first word of a search that has a key: the one the database looks up (the others narrow it). */
static bool first_word_keys(const char *name, char *key, char *sound)
{
	char copy[512];
	snprintf(copy, sizeof copy, "%s", name ? name : "");
	for (char *save = NULL, *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
		match_name_key(w, key, MATCH_KEY_SIZE);
		match_name_sound(w, sound, MATCH_KEY_SIZE);
		if (*key)
			return true;
	}
	return false;
}

#define SEARCH_CANDIDATES 1000

/* The search's narrowing, candidate by candidate: the ids of those that match, newest first. */
struct narrowing {
	const char *name, *date;
	long long seen;
	json_t *matches;
};

static void narrow(const struct child_candidate *c, void *ctx)
{
	struct narrowing *n = ctx;
	if (n->seen++ < SEARCH_CANDIDATES && child_matches(c, n->name, n->date))
		json_array_append_new(n->matches, json_integer(c->id));
}

/*
 * One page of a search's matches, read as the store would read a page
 * (router/page.h): the candidates the database found (newest first, at most
 * SEARCH_CANDIDATES), narrowed by every word, then the rows after or before
 * the cursor, read whole for that page alone. Sets *too_many when the
 * database found more candidates than that, so the page can ask for a
 * narrower search rather than miss some.
 */
static enum haven_status search_page(const struct request *req, const struct page *page, const char *name,
                                     const char *date, json_t **rows, long long *total, bool *too_many)
{
	char key[MATCH_KEY_SIZE] = "", sound[MATCH_KEY_SIZE] = "";
	*rows = json_array();
	*total = 0;
	*too_many = false;
	if (!date && !first_word_keys(name, key, sound))
		return HAVEN_OK;
	/* the matches' ids, newest (highest id) first, as the list is */
	struct narrowing narrowing = {.name = name, .date = date, .matches = json_array()};
	long long found = 0;
	enum haven_status st = children_search_candidates(req->user->agency_id, date, key, sound,
	                                                  SEARCH_CANDIDATES + 1, narrow, &narrowing, &found);
	json_t *matches = narrowing.matches;
	if (st != HAVEN_OK) {
		json_decref(matches);
		return st;
	}
	*too_many = found > SEARCH_CANDIDATES;
	*total = (long long)json_array_size(matches);
	/* the page's ids, in the order the store would read them (reversed for a backward page) */
	long long cursor = page_cursor(page, PAGE_NO_ROW_ABOVE);
	size_t n = json_array_size(matches);
	json_t *page_ids = json_array();
	for (size_t k = 0; k < n && (long long)json_array_size(page_ids) < page_fetch(page); k++) {
		json_t *id = json_array_get(matches, page_backward(page) ? n - 1 - k : k);
		long long value = json_integer_value(id);
		if (page_backward(page) ? value > cursor : value < cursor)
			json_array_append(page_ids, id);
	}
	json_decref(matches);
	json_t *shown = NULL;
	st = json_array_size(page_ids) ? children_search_rows(req->user->agency_id, page_ids, &shown)
	                               : HAVEN_OK;
	if (st == HAVEN_OK) {
		/* shown is newest first; a backward page is read oldest first */
		size_t m = json_array_size(shown);
		for (size_t k = 0; k < m; k++)
			json_array_append_new(
			    *rows, shown_row(json_array_get(shown, page_backward(page) ? m - 1 - k : k)));
	}
	json_decref(shown);
	json_decref(page_ids);
	return st;
}

/*
 * The page's model: one page of the agency's children, or of those matching
 * a search (name and/or date given). A search's paging links are forms
 * (its words go in a POST body, never in an address), so it sets
 * "search_next"/"search_previous" with the cursors for them.
 */
static enum haven_status list_model(const struct request *req, const struct page *page, const char *name,
                                    const char *date, json_t **out)
{
	json_t *rows = NULL;
	long long total = -1;
	bool searched = name || date, too_many = false;
	enum haven_status st;
	if (searched) {
		st = search_page(req, page, name, date, &rows, &total, &too_many);
	} else {
		json_t *found = NULL;
		st = children_list_for_agency(req->user->agency_id, page, &found, &total);
		if (st == HAVEN_OK) {
			rows = json_array();
			size_t i;
			json_t *c;
			json_array_foreach(found, i, c) json_array_append_new(rows, shown_row(c));
			json_decref(found);
		}
	}
	if (st != HAVEN_OK)
		return st;
	json_t *model = json_pack("{s:s, s:b, s:b}", "title", "Your agency's children", "searched", searched,
	                          "too_many", too_many);
	size_t n = page_finish_found(page, req, model, "children", rows, "id", total, "children");
	const json_t *info = json_object_get(model, "page");
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	if (searched && !req->api) {
		json_t *paging = json_object();
		json_object_set(paging, "after", json_object_get(info, "next"));
		json_object_set(paging, "before", json_object_get(info, "previous"));
		json_object_set_new(paging, "name", json_string(name ? name : ""));
		json_object_set_new(paging, "date_of_birth", json_string(date ? date : ""));
		json_object_set_new(model, "search_paging", paging);
	}
	*out = model;
	return HAVEN_OK;
}

/* GET /children, GET /api/v1/children: the children linked to the user's agency. */
enum haven_status children_list_page(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *model = NULL;
	enum haven_status st = list_model(req, &page, NULL, NULL, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	response_audit_records(res, "child", json_object_get(model, "children"), "id");
	return st;
}

/* The list's first page, unsearched: the search form again after errors (the search route's redisplay). */
enum haven_status children_first_page(struct request *req, struct response *res)
{
	struct page first = {.limit = PAGE_DEFAULT_LIMIT};
	json_t *model = NULL;
	enum haven_status st = list_model(req, &first, NULL, NULL, &model);
	if (st != HAVEN_OK)
		return st;
	response_set_model(res, model);
	response_audit_records(res, "child", json_object_get(model, "children"), "id");
	return HAVEN_OK;
}

/* POST /children/search, POST /api/v1/children/search: the same list, searched by name and date of birth. */
enum haven_status children_search_page(struct request *req, struct response *res)
{
	const char *name = field_text(req->input, "name");
	const char *date = field_text(req->input, "date_of_birth");
	json_t *errors = json_array();
	struct page page;
	if (page_read(req->input, &page, errors) != HAVEN_OK)
		page.after = page.before = 0; /* its error is in `errors`, answered below */
	char key[MATCH_KEY_SIZE], sound[MATCH_KEY_SIZE];
	if (!name && !date)
		errors_add(errors, "name", "Enter a name or a date of birth to search for");
	else if (name && !first_word_keys(name, key, sound))
		/* as a child's name must have letters to be recorded, so must one searched for */
		errors_add(errors, "name", "The name must contain letters");
	if (json_array_size(errors)) {
		response_errors(res, errors); /* the page again: the list's first page */
		return HAVEN_OK;
	}
	json_decref(errors);
	/* the search is audited (child.list) with the children it found, before they are sent */
	json_t *model = NULL;
	enum haven_status st = list_model(req, &page, name, date, &model);
	if (st != HAVEN_OK)
		return st;
	response_audit_records(res, "child", json_object_get(model, "children"), "id");
	struct actor actor = auth_actor(req);
	st = children_audit_search(&actor, res->shown, res->shown_count);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	json_object_set_new(
	    model, "submitted",
	    json_pack("{s:s, s:s}", "name", name ? name : "", "date_of_birth", date ? date : ""));
	response_set_model(res, model);
	return HAVEN_OK;
}
