/*
 * ical.c (mail) — iCalendar (RFC 5545) output for one event; see ical.h.
 */
#include "areas/mail/ical.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

/* RFC 5545 3.1: lines of at most 75 octets, excluding the CRLF. */
#define ICAL_LINE_OCTETS 75

/* Whether s is valid UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		size_t n;
		unsigned cp;
		if (c < 0x80) {
			p++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3, cp = c & 0x07;
		} else {
			return false;
		}
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

void ical_escape_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': buf_append_str(out, "\\\\"); break;
		case ';': buf_append_str(out, "\\;"); break;
		case ',': buf_append_str(out, "\\,"); break;
		case '\n': buf_append_str(out, "\\n"); break;
		case '\r': break; /* CRLF and lone CR: the LF (if any) becomes \n */
		default:
			/* other control characters are not allowed in TEXT (3.3.11): drop them */
			if ((unsigned char)*s < 0x20 && *s != '\t')
				break;
			buf_append_char(out, *s);
		}
	}
}

void ical_append_line(struct buf *out, const char *line, size_t len)
{
	/* The first line holds 75 octets; each continuation line starts with a
	 * space, so holds 74 more. Never break before a UTF-8 continuation byte. */
	size_t room = ICAL_LINE_OCTETS;
	size_t i = 0;
	while (len - i > room) {
		size_t cut = i + room;
		while (cut > i && ((unsigned char)line[cut] & 0xc0) == 0x80)
			cut--;
		if (cut == i) /* not UTF-8 (ical_event refuses that): cut anywhere */
			cut = i + room;
		buf_append(out, line + i, cut - i);
		buf_append_str(out, "\r\n ");
		i = cut;
		room = ICAL_LINE_OCTETS - 1;
	}
	buf_append(out, line + i, len - i);
	buf_append_str(out, "\r\n");
}

/* "20260302T093000Z"; false outside 1970-9999. */
static bool format_utc(int64_t t, char out[static 17])
{
	if (t < 0 || t > 253402300799LL) /* 9999-12-31T23:59:59Z */
		return false;
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return false;
	return strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) == 16;
}

/* Appends NAME:VALUE with the value escaped as TEXT, folded. */
static void text_property(struct buf *out, struct buf *line, const char *name, const char *value)
{
	buf_reset(line);
	buf_append_str(line, name);
	buf_append_char(line, ':');
	ical_escape_text(line, value);
	ical_append_line(out, line->data, line->len);
}

/* Appends NAME:VALUE with the value as given (already valid for its type), folded. */
static void raw_property(struct buf *out, struct buf *line, const char *name, const char *value)
{
	buf_reset(line);
	buf_printf(line, "%s:%s", name, value);
	ical_append_line(out, line->data, line->len);
}

enum haven_status ical_event(const struct ical_event *e, struct buf *out)
{
	char stamp[17], start[17], end[17];
	if (!e || !e->uid || !*e->uid || !e->summary || !*e->summary || e->end <= e->start ||
	    e->sequence < 0 || !format_utc(e->dtstamp, stamp) || !format_utc(e->start, start) ||
	    !format_utc(e->end, end))
		return HAVEN_ERR_INVALID;
	const char *texts[] = {e->uid, e->summary, e->location, e->description, e->url};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (texts[i] && !utf8_valid(texts[i]))
			return HAVEN_ERR_INVALID;
	/* a URI has no spaces or control characters, and is written unescaped */
	if (e->url)
		for (const char *p = e->url; *p; p++)
			if ((unsigned char)*p <= 0x20 || *p == 0x7f)
				return HAVEN_ERR_INVALID;

	struct buf line = BUF_INIT;
	raw_property(out, &line, "BEGIN", "VCALENDAR");
	raw_property(out, &line, "VERSION", "2.0");
	raw_property(out, &line, "PRODID", "-//Haven//Haven " HAVEN_VERSION "//EN");
	raw_property(out, &line, "CALSCALE", "GREGORIAN");
	raw_property(out, &line, "METHOD", "PUBLISH");
	raw_property(out, &line, "BEGIN", "VEVENT");
	text_property(out, &line, "UID", e->uid);
	raw_property(out, &line, "DTSTAMP", stamp);
	raw_property(out, &line, "DTSTART", start);
	raw_property(out, &line, "DTEND", end);
	buf_reset(&line);
	buf_printf(&line, "SEQUENCE:%d", e->sequence);
	ical_append_line(out, line.data, line.len);
	raw_property(out, &line, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
	text_property(out, &line, "SUMMARY", e->summary);
	if (e->location && *e->location)
		text_property(out, &line, "LOCATION", e->location);
	if (e->description && *e->description)
		text_property(out, &line, "DESCRIPTION", e->description);
	if (e->url && *e->url)
		raw_property(out, &line, "URL", e->url);
	raw_property(out, &line, "TRANSP", "OPAQUE");
	raw_property(out, &line, "END", "VEVENT");
	raw_property(out, &line, "END", "VCALENDAR");
	buf_free(&line);
	return HAVEN_OK;
}
