/*
 * test_owned_page.c — tests the start of a list of one owner's rows
 * (app/owned_page.h): the store is asked for the owner's page as the request
 * asked for it, and its rows and total come back; a refused page (both
 * cursors) answers 400 (problem+json) naming the field without asking the store; a store's
 * failure is passed on with no rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/owned_page.h"

/* What the fake store was asked, and how it answers. */
static struct {
	int calls;
	long long owner, limit, after;
	enum haven_status answer;
} store;

static enum haven_status read_rows(long long owner, const struct page *page, json_t **rows, long long *total)
{
	store.calls++;
	store.owner = owner;
	store.limit = page->limit;
	store.after = page->after;
	if (store.answer != HAVEN_OK)
		return store.answer;
	*rows = json_pack("[{s:i}, {s:i}]", "id", 7, "id", 5);
	*total = 12;
	return HAVEN_OK;
}

static bool start(const char *input_json, struct response *res, json_t **rows, long long *total,
                  enum haven_status *st)
{
	json_t *input = json_loads(input_json, 0, NULL);
	struct request req = {.input = input};
	struct page page;
	bool ok = owned_page_start(&req, res, 42, read_rows, &page, rows, total, st);
	json_decref(input);
	return ok;
}

static void reads_the_owners_page_as_asked(void **state)
{
	(void)state;
	store.calls = 0;
	store.answer = HAVEN_OK;
	struct response res = {0};
	json_t *rows;
	long long total;
	enum haven_status st;
	assert_true(start("{\"limit\": 10, \"after\": \"8\"}", &res, &rows, &total, &st));
	assert_int_equal(st, HAVEN_OK);
	assert_int_equal(store.calls, 1);
	assert_int_equal(store.owner, 42);
	assert_int_equal(store.limit, 10);
	assert_int_equal(store.after, 8);
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(total, 12);
	assert_null(res.errors);
	json_decref(rows);
	response_free(&res);
}

static void refuses_both_cursors_without_asking_the_store(void **state)
{
	(void)state;
	store.calls = 0;
	store.answer = HAVEN_OK;
	struct response res = {0};
	json_t *rows;
	long long total;
	enum haven_status st;
	assert_false(start("{\"after\": \"8\", \"before\": \"3\"}", &res, &rows, &total, &st));
	assert_int_equal(st, HAVEN_OK); /* the handler returns OK: its answer is the error */
	assert_int_equal(store.calls, 0);
	assert_null(rows);
	assert_int_equal(res.status, 400); /* answered as problem+json, naming the field */
	const json_t *errors = json_object_get(res.model, "errors");
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")), "before");
	response_free(&res);
}

static void passes_a_stores_failure_on(void **state)
{
	(void)state;
	store.calls = 0;
	store.answer = HAVEN_ERR_DB;
	struct response res = {0};
	json_t *rows;
	long long total;
	enum haven_status st;
	assert_false(start("{}", &res, &rows, &total, &st));
	assert_int_equal(st, HAVEN_ERR_DB);
	assert_int_equal(store.calls, 1);
	assert_null(rows);
	assert_null(res.errors);
	response_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reads_the_owners_page_as_asked),
	    cmocka_unit_test(refuses_both_cursors_without_asking_the_store),
	    cmocka_unit_test(passes_a_stores_failure_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
