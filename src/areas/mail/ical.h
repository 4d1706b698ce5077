/*
 * ical.h — iCalendar (RFC 5545) files for one event, such as a booked
 * training session, attached to a confirmation email or downloaded from a
 * page.
 *
 * The output is a VCALENDAR with METHOD:PUBLISH and one VEVENT. PUBLISH (not
 * REQUEST) because Haven is telling people about an event, not inviting them
 * to accept it: a REQUEST needs ORGANIZER and ATTENDEE properties and makes
 * mail clients send replies that Haven has nowhere to receive. Times are
 * written in UTC ("20260302T093000Z"), which every client converts to local
 * time, so no VTIMEZONE is needed. Lines end in CRLF and are folded at 75
 * octets without splitting a UTF-8 character; text values have \, ; , and
 * newlines escaped. Thread-safe; no database.
 */
#ifndef HAVEN_AREAS_MAIL_ICAL_H
#define HAVEN_AREAS_MAIL_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/status.h"

/* One event. Strings are UTF-8, borrowed; optional ones may be NULL. */
struct ical_event {
	const char *uid;         /* globally unique and stable: "booking-42@haven.example" */
	int64_t dtstamp;         /* when this file was made: Unix seconds (UTC) */
	int64_t start;           /* Unix seconds (UTC) */
	int64_t end;             /* Unix seconds (UTC), after start */
	const char *summary;     /* the title */
	const char *location;    /* optional: a venue, or "Online" */
	const char *description; /* optional: may hold newlines */
	const char *url;         /* optional: a link back to Haven (URI, not escaped) */
	int sequence;            /* 0 for the first version; raise it when the event changes */
	int cancelled;           /* nonzero: STATUS:CANCELLED (a booking cancelled), else CONFIRMED */
};

/* The MIME type to attach the output with. */
#define ICAL_CONTENT_TYPE "text/calendar; charset=UTF-8; method=PUBLISH"

/*
 * Appends the iCalendar file for `e` to `out`. HAVEN_ERR_INVALID (nothing
 * appended) if uid or summary is missing or empty, a string is not valid
 * UTF-8, end is not after start, or a time is outside years 1970-9999.
 */
enum haven_status ical_event(const struct ical_event *e, struct buf *out) HAVEN_MUST_CHECK;

/* Appends a TEXT value (RFC 5545 3.3.11): \ ; , escaped, newlines as \n, CR dropped. */
void ical_escape_text(struct buf *out, const char *s);

/* Appends "NAME:VALUE" (already escaped) as a content line folded at 75 octets, with CRLF. */
void ical_append_line(struct buf *out, const char *line, size_t len);

#endif
