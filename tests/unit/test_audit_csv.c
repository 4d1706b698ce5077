/*
 * test_audit_csv.c — tests the audit trail's CSV export (audit_write_csv,
 * auth/audit.h): RFC 4180 quoting, the spreadsheet-formula guard, the header
 * alone for no rows, and a search's rows fed to it directly.
 */
#include "audit_fixture.h"

#include <jansson.h>

#include "core/buf.h"

static void test_csv(void **state)
{
	(void)state;
	json_t *rows = json_pack(
	    "[{s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s},"
	    " {s:I, s:s, s:n, s:n, s:n, s:n, s:s, s:n, s:n, s:s, s:s},"
	    " {s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:n}]",
	    "id", (json_int_t)1, "at", "2026-01-02T03:04:05.678Z", "user_id", (json_int_t)7, "user_name",
	    "O'Brien, \"Pat\"", "agency_id", (json_int_t)2, "agency_name", "Lancashire Police", "action",
	    "child.read", "resource_type", "child", "resource_id", "42", "reason", "line one\r\nline two",
	    "client_address", "192.0.2.1", "id", (json_int_t)2, "at", "2026-01-02T03:04:06.000Z", "user_id",
	    "user_name", "agency_id", "agency_name", "action", "sign_in_failed", "resource_type",
	    "resource_id", "reason", "=HYPERLINK(\"http://evil\",\"x\")", "client_address", "::1", "id",
	    (json_int_t)3, "at", "2026-01-02T03:04:07.000Z", "user_id", (json_int_t)8, "user_name",
	    "+44 7700 900000", "agency_id", (json_int_t)3, "agency_name", "-minus", "action", "@SUM(A1)",
	    "resource_type", "\tx", "resource_id", "\rx", "reason", "", "client_address");
	assert_non_null(rows);
	struct buf out = BUF_INIT;
	audit_write_csv(rows, &out);
	const char *want =
	    "id,at,user_id,user_name,agency_id,agency_name,action,resource_type,resource_id,reason,client_"
	    "address\r\n"
	    "1,2026-01-02T03:04:05.678Z,7,\"O'Brien, \"\"Pat\"\"\",2,Lancashire Police,child.read,child,42,"
	    "\"line one\r\nline two\",192.0.2.1\r\n"
	    "2,2026-01-02T03:04:06.000Z,,,,,sign_in_failed,,,\"'=HYPERLINK(\"\"http://"
	    "evil\"\",\"\"x\"\")\",::1\r\n"
	    "3,2026-01-02T03:04:07.000Z,8,'+44 7700 900000,3,'-minus,'@SUM(A1),'\tx,\"'\rx\",,\r\n";
	if (strcmp(buf_cstr(&out), want) != 0)
		print_error("got:\n%s\nwant:\n%s\n", buf_cstr(&out), want);
	assert_string_equal(buf_cstr(&out), want);
	buf_free(&out);
	json_decref(rows);

	/* no rows: just the header */
	json_t *none = json_array();
	audit_write_csv(none, &out);
	assert_string_equal(buf_cstr(&out),
	                    "id,at,user_id,user_name,agency_id,agency_name,action,resource_type,"
	                    "resource_id,reason,client_address\r\n");
	buf_free(&out);
	json_decref(none);
}

/* Search feeds the export directly. */
static void test_csv_from_search(void **state)
{
	(void)state;
	seed_people();
	append(1, 1, "child.read", "child", "42", "=cmd|' /C calc'!A0", "192.0.2.1");
	json_t *rows = search((struct audit_query){0});
	struct buf out = BUF_INIT;
	audit_write_csv(rows, &out);
	const char *line = strstr(buf_cstr(&out), "\r\n1,");
	assert_non_null(line);
	assert_non_null(strstr(
	    line, ",1,Ann Ward,1,Lancashire Police,child.read,child,42,'=cmd|' /C calc'!A0,192.0.2.1\r\n"));
	buf_free(&out);
	json_decref(rows);
}

int main(void)
{
	if (audit_tests_start() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_csv, open_store, remove_dir),
	    cmocka_unit_test_setup_teardown(test_csv_from_search, open_store, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
