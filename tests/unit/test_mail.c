/*
 * test_mail.c — tests the outbox (src/areas/mail/mail.h) on a real
 * database: the backoff schedule, what mail_enqueue refuses, that an
 * email commits or rolls back with the unit of work that queued it, that
 * mail_enqueue_each skips only the address refused, and that
 * mail_cancel_queued cancels by kind and address, whatever the subject. The
 * sender is tested against a real SMTP server in tests/http/mail.test.mjs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "areas/mail/compose.h"
#include "areas/mail/mail.h"
#include "areas/mail/store.h"
#include "store/db.h"
#include "store/store.h"
#include "temp_store.h"

static const char generic[] = "You have a new notification in Haven. Sign in to read it.";

static void backs_off(void **state)
{
	(void)state;
	const long want[] = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600};
	for (int i = 0; i < 11; i++)
		assert_int_equal(mail_backoff_seconds(i + 1), want[i]);
	assert_int_equal(mail_backoff_seconds(1000), 3600);
}

struct attempt {
	const struct mail *m;
	enum haven_status fail_with; /* after queuing, the caller's unit fails with this */
};

static enum haven_status queue(db_conn *db, void *ctx)
{
	struct attempt *a = ctx;
	enum haven_status st = mail_enqueue(db_tx(db), a->m);
	return st != HAVEN_OK ? st : a->fail_with;
}

static enum haven_status queue_each(db_conn *db, void *people)
{
	return mail_enqueue_each(db_tx(db), "provide/referral", NULL, people);
}

static long long queued(void)
{
	json_t *s = mail_store_summary();
	assert_non_null(s);
	long long n = json_integer_value(json_object_get(s, "queued"));
	json_decref(s);
	return n;
}

/* A freshly migrated database in a directory of its own, open as the store for one test. */
static struct temp_store temp;
static int open_outbox(void **state)
{
	(void)state;
	return temp_store_open(&temp, "mail");
}
static int close_outbox(void **state)
{
	(void)state;
	return temp_store_remove(&temp);
}

static void enqueues_in_the_callers_unit(void **state)
{
	(void)state;
	static const char ics[] = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
	struct mail ok = {.kind = "provide/referral",
	                  .to = "key.adult@school.example",
	                  .subject = "New notification in Haven",
	                  .body_text = generic};
	struct mail with = ok;
	with.attachment_name = "session.ics";
	with.attachment_type = "text/calendar; charset=UTF-8; method=PUBLISH";
	with.attachment = ics;
	with.attachment_len = sizeof ics - 1;
	struct attempt a = {.m = &ok};
	assert_int_equal(db_write(queue, &a), HAVEN_OK);
	a.m = &with;
	assert_int_equal(db_write(queue, &a), HAVEN_OK);
	assert_int_equal(queued(), 2);

	/* the caller's change fails: its email goes with it */
	a.fail_with = HAVEN_ERR_CONFLICT;
	assert_int_equal(db_write(queue, &a), HAVEN_ERR_CONFLICT);
	assert_int_equal(queued(), 2);
	a.fail_with = HAVEN_OK;

	/* refused */
	const char *bad_to[] = {"",
	                        "no-at-sign",
	                        "two@@example.org",
	                        "@example.org",
	                        "a@",
	                        "a b@example.org",
	                        "a@example.org\r\nBcc: x@y.z",
	                        "<a@example.org>",
	                        "a,b@example.org"};
	for (size_t i = 0; i < sizeof bad_to / sizeof bad_to[0]; i++) {
		struct mail m = ok;
		m.to = bad_to[i];
		a.m = &m;
		assert_int_equal(db_write(queue, &a), HAVEN_ERR_INVALID);
	}
	struct mail m = ok;
	m.kind = NULL; /* every email says which it is */
	a.m = &m;
	assert_int_equal(db_write(queue, &a), HAVEN_ERR_INVALID);
	m.kind = "incidents/no-such-email";
	assert_int_equal(db_write(queue, &a), HAVEN_ERR_INVALID);
	m = ok;
	m.subject = "Injected\r\nBcc: x@example.org";
	a.m = &m;
	assert_int_equal(db_write(queue, &a), HAVEN_ERR_INVALID);
	m = with;
	m.attachment_name = NULL;
	assert_int_equal(db_write(queue, &a), HAVEN_ERR_INVALID);
	m = with;
	m.attachment_name = "../x.ics";
	assert_int_equal(db_write(queue, &a), HAVEN_ERR_INVALID);
	m = ok;
	m.attachment_len = 3;
	assert_int_equal(db_write(queue, &a), HAVEN_ERR_INVALID);
	assert_int_equal(queued(), 2);

	/* due now, the attachment intact */
	struct mail_row rows[4];
	size_t count = 0;
	assert_int_equal(mail_store_due(INT64_MAX / 2, rows, 4, &count), HAVEN_OK);
	assert_int_equal(count, 2);
	assert_string_equal(rows[0].kind, "provide/referral");
	assert_null(rows[0].attachment);
	assert_int_equal(rows[1].attachment_len, sizeof ics - 1);
	assert_memory_equal(rows[1].attachment, ics, sizeof ics - 1);
	assert_string_equal(rows[1].attachment_name, "session.ics");

	/* ten failed attempts and it is failed, listed without its address */
	int gave_up = 0;
	for (int i = 1; i <= MAIL_MAX_ATTEMPTS; i++) {
		assert_int_equal(mail_store_retry(rows[0].id, i, 1000, "curl 7", &gave_up), HAVEN_OK);
		assert_int_equal(gave_up, i == MAIL_MAX_ATTEMPTS);
	}
	assert_int_equal(mail_store_sent(rows[1].id, 1000), HAVEN_OK);
	json_t *s = mail_store_summary();
	char *text = json_dumps(s, JSON_COMPACT | JSON_SORT_KEYS);
	assert_null(strstr(text, "school.example"));
	assert_null(strstr(text, "notification"));
	json_decref(s);
	free(text);
	s = mail_store_summary();
	assert_int_equal(json_integer_value(json_object_get(s, "failed")), 1);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(s, "failed_messages"), 0), "kind")),
	                    "provide/referral");
	assert_int_equal(json_integer_value(json_object_get(s, "sent")), 1);
	assert_int_equal(json_integer_value(
	                     json_object_get(json_array_get(json_object_get(s, "failed_messages"), 0), "id")),
	                 rows[0].id);
	json_decref(s);
	size_t n = 0;
	assert_int_equal(mail_store_requeue(0, 2000, &n), HAVEN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(queued(), 1);
	for (size_t i = 0; i < count; i++)
		mail_row_free(&rows[i]);

	/* one email to each of a list: an address the outbox refuses is skipped, the others go */
	json_t *people = json_pack("[{s:s}, {s:s}, {s:s}]", "email", "idva.one@service.example", "email",
	                           "not an address", "email", "idva.two@service.example");
	assert_int_equal(db_write(queue_each, people), HAVEN_OK);
	json_decref(people);
	assert_int_equal(queued(), 3);
}

struct cancel {
	const char *kind;
	const char *to;
};

static enum haven_status cancel(db_conn *db, void *ctx)
{
	struct cancel *c = ctx;
	return mail_cancel_queued(db_tx(db), c->kind, c->to);
}

/* The kind and address of each queued email, oldest first: "passwords/reset rob@x.example;..." */
static char *queued_kinds(void)
{
	struct mail_row rows[8];
	size_t count = 0;
	assert_int_equal(mail_store_due(INT64_MAX / 2, rows, 8, &count), HAVEN_OK);
	char *out = calloc(1, 1024);
	for (size_t i = 0; i < count; i++) {
		snprintf(out + strlen(out), 1024 - strlen(out), "%s%s %s", i ? ";" : "", rows[i].kind,
		         rows[i].to);
		mail_row_free(&rows[i]);
	}
	return out;
}

static void cancels_by_kind_and_address(void **state)
{
	(void)state;
	/* An invitation whose subject names a value (as one naming the partnership would), a password reset
	 * whose subject is the invitation template's own with nothing in it, another person's invitation, and
	 * an invitation already sent. */
	struct mail invitation = {.kind = "passwords/invitation",
	                          .to = "rob@x.example",
	                          .subject = "Your Haven account with Northshire Partnership",
	                          .body_text = generic};
	struct mail reset = invitation, theirs = invitation, sent = invitation;
	reset.kind = "passwords/reset";
	reset.subject = "Your Haven account";
	theirs.to = "ann@x.example";
	struct attempt a = {.m = &sent};
	assert_int_equal(db_write(queue, &a), HAVEN_OK);
	struct mail_row rows[1];
	size_t count = 0;
	assert_int_equal(mail_store_due(INT64_MAX / 2, rows, 1, &count), HAVEN_OK);
	assert_int_equal(count, 1);
	assert_int_equal(mail_store_sent(rows[0].id, 1000), HAVEN_OK);
	mail_row_free(&rows[0]);
	const struct mail *each[] = {&invitation, &reset, &theirs};
	for (size_t i = 0; i < 3; i++) {
		a.m = each[i];
		assert_int_equal(db_write(queue, &a), HAVEN_OK);
	}

	struct cancel c = {"passwords/invitation", "rob@x.example"};
	assert_int_equal(db_write(cancel, &c), HAVEN_OK);
	char *left = queued_kinds();
	assert_string_equal(left, "passwords/reset rob@x.example;passwords/invitation ann@x.example");
	free(left);
	json_t *s = mail_store_summary();
	assert_int_equal(json_integer_value(json_object_get(s, "sent")), 1); /* what went stays on record */
	json_decref(s);

	/* no kind or address: refused, nothing cancelled */
	c.kind = NULL;
	assert_int_equal(db_write(cancel, &c), HAVEN_ERR_INVALID);
	c.kind = "passwords/reset";
	c.to = NULL;
	assert_int_equal(db_write(cancel, &c), HAVEN_ERR_INVALID);
	assert_int_equal(queued(), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(backs_off),
	    cmocka_unit_test_setup_teardown(enqueues_in_the_callers_unit, open_outbox, close_outbox),
	    cmocka_unit_test_setup_teardown(cancels_by_kind_and_address, open_outbox, close_outbox),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
