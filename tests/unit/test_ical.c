/*
 * test_ical.c — tests iCalendar output (src/areas/mail/ical.h): TEXT
 * escaping, folding at 75 octets without splitting a UTF-8 character, CRLF
 * line ends, UTC times, and refusing bad events.
 *
 * `test_ical --write DIR` writes sample files instead (DIR/booking.ics and
 * DIR/cancelled.ics, described in SAMPLE_* below), which
 * tests/http/mail.test.mjs parses with an independent parser (Python's
 * icalendar) and sends through the outbox as an attachment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "areas/mail/ical.h"
#include "core/buf.h"

/* 2026-03-02T09:30:00Z and 12:30, made 2026-02-01T00:00:00Z. */
#define START 1772443800
#define END 1772454600
#define STAMP 1769904000

static struct ical_event event(void)
{
	struct ical_event e = {
	    .uid = "booking-42@haven.example",
	    .dtstamp = STAMP,
	    .start = START,
	    .end = END,
	    .summary = "Neglect: recognising and responding",
	    .location = "Room 2, Civic Centre",
	};
	return e;
}

/* Every line ends CRLF, holds at most 75 octets, and no line starts mid-character. */
static void assert_well_formed(const struct buf *b)
{
	assert_true(b->len >= 2);
	assert_memory_equal(b->data + b->len - 2, "\r\n", 2);
	size_t start = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\n') {
			assert_true(i > 0 && b->data[i - 1] == '\r');
			size_t octets = i - 1 - start;
			assert_true(octets <= 75);
			start = i + 1;
			if (start < b->len) /* the next line's first byte is not a continuation byte */
				assert_int_not_equal((unsigned char)b->data[start] & 0xc0, 0x80);
		} else if (b->data[i] == '\r') {
			assert_true(i + 1 < b->len && b->data[i + 1] == '\n');
		}
	}
}

/* The unfolded text of the file: each CRLF followed by a space removed. */
static char *unfold(const struct buf *b)
{
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\r' && i + 2 < b->len && b->data[i + 1] == '\n' && b->data[i + 2] == ' ') {
			i += 2;
			continue;
		}
		buf_append_char(&out, b->data[i]);
	}
	return buf_steal(&out, NULL);
}

static void writes_a_calendar(void **state)
{
	(void)state;
	struct ical_event e = event();
	struct buf b = BUF_INIT;
	assert_int_equal(ical_event(&e, &b), HAVEN_OK);
	assert_well_formed(&b);
	const char *s = buf_cstr(&b);
	assert_non_null(strstr(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Haven//"));
	assert_non_null(strstr(s, "\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"));
	assert_non_null(strstr(s, "\r\nUID:booking-42@haven.example\r\n"));
	assert_non_null(strstr(s, "\r\nDTSTAMP:20260201T000000Z\r\n"));
	assert_non_null(strstr(s, "\r\nDTSTART:20260302T093000Z\r\n"));
	assert_non_null(strstr(s, "\r\nDTEND:20260302T123000Z\r\n"));
	assert_non_null(strstr(s, "\r\nSUMMARY:Neglect: recognising and responding\r\n"));
	assert_non_null(strstr(s, "\r\nLOCATION:Room 2\\, Civic Centre\r\n"));
	assert_non_null(strstr(s, "\r\nSTATUS:CONFIRMED\r\n"));
	assert_null(strstr(s, "DESCRIPTION"));
	assert_true(b.len > 15 && strcmp(s + b.len - 15, "END:VCALENDAR\r\n") == 0);
	buf_free(&b);
}

static void escapes_text(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	ical_escape_text(&b, "a\\b;c,d\ne\r\nf\rg\x01h:i\"j");
	assert_string_equal(buf_cstr(&b), "a\\\\b\\;c\\,d\\ne\\nfgh:i\"j");
	buf_free(&b);

	struct ical_event e = event();
	e.description = "Bring: pen, paper; ID\nParking at C:\\back";
	e.cancelled = 1;
	e.sequence = 2;
	assert_int_equal(ical_event(&e, &b), HAVEN_OK);
	char *s = unfold(&b);
	assert_non_null(strstr(s, "\r\nDESCRIPTION:Bring: pen\\, paper\\; ID\\nParking at C:\\\\back\r\n"));
	assert_non_null(strstr(s, "\r\nSTATUS:CANCELLED\r\n"));
	assert_non_null(strstr(s, "\r\nSEQUENCE:2\r\n"));
	free(s);
	buf_free(&b);
}

static void folds_at_75_octets(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char line[200];
	memset(line, 'x', sizeof line);
	memcpy(line, "SUMMARY:", 8);
	/* exactly 75: one line */
	ical_append_line(&b, line, 75);
	assert_int_equal(b.len, 77);
	assert_memory_equal(b.data + 75, "\r\n", 2);
	buf_reset(&b);
	/* 76: 75, then CRLF, space and 1 */
	ical_append_line(&b, line, 76);
	assert_int_equal(b.len, 75 + 3 + 1 + 2);
	assert_memory_equal(b.data + 75, "\r\n x\r\n", 6);
	buf_reset(&b);
	/* 200: 75 + 74 + 51, each continuation 1 + 74 octets */
	ical_append_line(&b, line, 200);
	assert_well_formed(&b);
	assert_int_equal(b.len, 75 + 2 + 1 + 74 + 2 + 1 + 51 + 2);
	buf_free(&b);
}

static void never_splits_a_character(void **state)
{
	(void)state;
	/* "é" (2 octets), "€" (3) and "👶" (4) at every alignment against the fold */
	const char *chars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x91\xb6"};
	for (size_t c = 0; c < 3; c++) {
		for (size_t pad = 0; pad < 8; pad++) {
			struct buf text = BUF_INIT;
			for (size_t i = 0; i < pad; i++)
				buf_append_char(&text, 'a');
			for (int i = 0; i < 60; i++)
				buf_append_str(&text, chars[c]);
			struct ical_event e = event();
			e.summary = buf_cstr(&text);
			struct buf b = BUF_INIT;
			assert_int_equal(ical_event(&e, &b), HAVEN_OK);
			assert_well_formed(&b);
			char *s = unfold(&b);
			struct buf want = BUF_INIT;
			buf_printf(&want, "\r\nSUMMARY:%s\r\n", buf_cstr(&text));
			assert_non_null(strstr(s, buf_cstr(&want)));
			free(s);
			buf_free(&want);
			buf_free(&b);
			buf_free(&text);
		}
	}
}

static void refuses_bad_events(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct ical_event e = event();
	e.uid = "";
	assert_int_equal(ical_event(&e, &b), HAVEN_ERR_INVALID);
	e = event();
	e.summary = NULL;
	assert_int_equal(ical_event(&e, &b), HAVEN_ERR_INVALID);
	e = event();
	e.end = e.start;
	assert_int_equal(ical_event(&e, &b), HAVEN_ERR_INVALID);
	e = event();
	e.start = -1;
	assert_int_equal(ical_event(&e, &b), HAVEN_ERR_INVALID);
	e = event();
	e.summary = "bad \xc3 UTF-8";
	assert_int_equal(ical_event(&e, &b), HAVEN_ERR_INVALID);
	e = event();
	e.location = "overlong \xc0\xaf";
	assert_int_equal(ical_event(&e, &b), HAVEN_ERR_INVALID);
	e = event();
	e.url = "https://haven.example/a b";
	assert_int_equal(ical_event(&e, &b), HAVEN_ERR_INVALID);
	assert_int_equal(b.len, 0); /* nothing appended */
	buf_free(&b);
}

/* The samples' text: escaping, newlines and characters of 2, 3 and 4 octets across folds. */
#define SAMPLE_SUMMARY "Neglect; recognising, and responding — café training 👶 for Key Adults at Brookfield"
#define SAMPLE_DESCRIPTION                                                                                     \
	"Bring: pen, paper; your ID.\nParking at C:\\back. Ünïcödé text that runs on long enough to fold " \
	"more than once €€€€€€€€€€€€€€€€€€€€€€."

static int write_samples(const char *dir)
{
	struct ical_event e = event();
	e.summary = SAMPLE_SUMMARY;
	e.description = SAMPLE_DESCRIPTION;
	e.url = "https://haven.example/training/sessions/7";
	const char *names[] = {"booking.ics", "cancelled.ics"};
	for (int i = 0; i < 2; i++) {
		e.cancelled = i;
		e.sequence = i;
		struct buf b = BUF_INIT;
		if (ical_event(&e, &b) != HAVEN_OK)
			return 1;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0)
			return 1;
		buf_free(&b);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		return write_samples(argv[2]);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(writes_a_calendar),  cmocka_unit_test(escapes_text),
	    cmocka_unit_test(folds_at_75_octets), cmocka_unit_test(never_splits_a_character),
	    cmocka_unit_test(refuses_bad_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
