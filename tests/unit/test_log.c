/*
 * test_log.c — tests the rate limit on repeated log lines (src/core/log.h):
 * a message repeated past the limit is written `max` times per interval, and
 * once the interval is over one line says how many were left out; other
 * messages are unaffected; the access log (log_json) is never limited; a
 * flush at shutdown writes what is pending; max 0 turns the limit off.
 *
 * stderr is redirected to a temporary file for each test and read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

struct captured {
	FILE *file;
	int saved_stderr;
};

static void capture_start(struct captured *c)
{
	c->file = tmpfile();
	assert_non_null(c->file);
	fflush(stderr);
	c->saved_stderr = dup(STDERR_FILENO);
	assert_true(dup2(fileno(c->file), STDERR_FILENO) >= 0);
}

/* Restores stderr and returns what was written (free it). */
static char *capture_end(struct captured *c)
{
	dup2(c->saved_stderr, STDERR_FILENO);
	close(c->saved_stderr);
	long size = ftell(c->file);
	char *text = calloc(1, (size_t)size + 1);
	rewind(c->file);
	assert_int_equal(fread(text, 1, (size_t)size, c->file), (size_t)size);
	fclose(c->file);
	return text;
}

static unsigned count(const char *text, const char *needle)
{
	unsigned n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void repeats_are_limited_then_counted(void **state)
{
	(void)state;
	log_set_rate_limit(3, 200);
	struct captured c;
	capture_start(&c);
	for (int i = 0; i < 1000; i++)
		log_error("http: Server reached connection limit. Closing inbound connection.");
	log_error("another message");
	log_error("another message");
	sleep_ms(250);
	log_info("the next line after the interval");
	log_error("http: Server reached connection limit. Closing inbound connection.");
	char *out = capture_end(&c);

	/* 3 in the first interval, 1 in the second; 2 of the other message */
	assert_int_equal(count(out, "\"message\":\"http: Server reached connection limit"), 3 + 1 + 1);
	assert_int_equal(count(out, "\"message\":\"another message\""), 2);
	assert_int_equal(count(out, "\"event\":\"log_suppressed\""), 1);
	assert_non_null(
	    strstr(out, "\"event\":\"log_suppressed\",\"message\":\"http: Server reached connection limit. "
	                "Closing inbound connection.\",\"suppressed\":997"));
	assert_non_null(strstr(out, "the next line after the interval"));
	/* the summary comes before the line that found the interval over */
	assert_true(strstr(out, "log_suppressed") < strstr(out, "the next line after the interval"));
	free(out);
}

static void flush_writes_what_is_pending(void **state)
{
	(void)state;
	log_set_rate_limit(2, 60000);
	struct captured c;
	capture_start(&c);
	for (int i = 0; i < 7; i++)
		log_error("disk full");
	log_flush_suppressed();
	log_flush_suppressed(); /* nothing more to say */
	char *out = capture_end(&c);
	assert_int_equal(count(out, "\"message\":\"disk full\""), 2 + 1);
	assert_int_equal(count(out, "\"suppressed\":5"), 1);
	free(out);
}

static void the_access_log_is_never_limited(void **state)
{
	(void)state;
	log_set_rate_limit(1, 60000);
	struct captured c;
	capture_start(&c);
	for (int i = 0; i < 50; i++)
		log_json(
		    json_pack("{s:s, s:s, s:i}", "event", "request", "route", "/healthz", "status", 200));
	char *out = capture_end(&c);
	assert_int_equal(count(out, "\"event\":\"request\""), 50);
	assert_int_equal(count(out, "log_suppressed"), 0);
	free(out);
}

static void many_distinct_messages_never_lose_a_count(void **state)
{
	(void)state;
	log_set_rate_limit(1, 60000);
	struct captured c;
	capture_start(&c);
	log_error("the first");
	log_error("the first"); /* suppressed */
	/* more distinct messages than the limiter remembers push "the first" out:
	 * its count is written as it goes */
	for (int i = 0; i < 200; i++)
		log_error("distinct %d", i);
	char *out = capture_end(&c);
	assert_non_null(strstr(out, "\"message\":\"the first\",\"suppressed\":1"));
	assert_int_equal(count(out, "\"message\":\"distinct "), 200);
	free(out);
}

static void max_zero_turns_the_limit_off(void **state)
{
	(void)state;
	log_set_rate_limit(0, 1000);
	struct captured c;
	capture_start(&c);
	for (int i = 0; i < 100; i++)
		log_error("unlimited");
	char *out = capture_end(&c);
	assert_int_equal(count(out, "\"message\":\"unlimited\""), 100);
	free(out);
	log_set_rate_limit(10, 10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(repeats_are_limited_then_counted),
	    cmocka_unit_test(flush_writes_what_is_pending),
	    cmocka_unit_test(the_access_log_is_never_limited),
	    cmocka_unit_test(many_distinct_messages_never_lose_a_count),
	    cmocka_unit_test(max_zero_turns_the_limit_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
