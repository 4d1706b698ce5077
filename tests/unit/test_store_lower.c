/*
 * test_store_lower.c — the store's contract (store/db.h) for text compared
 * without case, run the same on each backend (store_contract_fixture.h):
 * lower() lowers every letter, not ASCII alone, alike on both.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include "store_contract_fixture.h"

/* lower() lowers every letter, not ASCII alone, and the same on both stores (SQLite: Haven's own, sqlite.c)
 */
static void lower_lowers_every_letter_alike(void **state)
{
	(void)state;
	const char *const cases[][2] = {
	    {"SMITH", "smith"},           {"ÉLOÏSE ZOË", "éloïse zoë"}, {"1 RUE ÉMILE", "1 rue émile"},
	    {"МАРИЯ", "мария"},           {"ΣΟΦΙΑ", "σοφια"},           {"İ", "i"}, /* one letter for one */
	    {"ẞ ÅNGSTRÖM", "ß ångström"}, {"王 and 1-2", "王 and 1-2"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *row = NULL;
		assert_int_equal(db_row_with(db_reader(), "SELECT lower(?) AS l", &row, DB_TEXT(cases[i][0])),
		                 HAVEN_OK);
		assert_string_equal(json_string_value(json_object_get(row, "l")), cases[i][1]);
		json_decref(row);
	}
	long long is_null = 0;
	assert_int_equal(
	    db_integer_with(db_reader(), "SELECT lower(CAST(? AS TEXT)) IS NULL", &is_null, DB_NULL),
	    HAVEN_OK);
	assert_int_equal(is_null, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(lower_lowers_every_letter_alike)};
	return contract_run(tests, sizeof tests / sizeof tests[0]);
}
