#!/usr/bin/env python3
"""parse_ics.py — reads an iCalendar file with an independent parser
(Python's icalendar, Debian's python3-icalendar) and prints what it found
as JSON, for the tests to compare with what Haven meant to write.

    python3 parse_ics.py FILE.ics      (or - for stdin)

Prints {"method", "version", "events": [{"uid", "summary", "location",
"description", "url", "dtstart", "dtend", "dtstamp", "status", "sequence"}]}
with times as ISO 8601 in UTC. Exits 1 with the parser's complaint if the
file does not parse, or if a content line is longer than 75 octets or does
not end in CRLF (RFC 5545 3.1), which the parser itself tolerates.
"""
import json
import sys

import icalendar


def main():
    data = sys.stdin.buffer.read() if sys.argv[1] == "-" else open(sys.argv[1], "rb").read()
    lines = data.split(b"\r\n")
    if lines[-1] != b"":
        sys.exit("the file does not end with CRLF")
    for i, line in enumerate(lines[:-1], 1):
        if b"\n" in line or b"\r" in line:
            sys.exit(f"line {i}: a bare CR or LF")
        if len(line) > 75:
            sys.exit(f"line {i}: {len(line)} octets, more than 75")
        line.decode("utf-8")  # each physical line is whole UTF-8 characters
    cal = icalendar.Calendar.from_ical(data)
    events = []
    for ev in cal.walk("VEVENT"):
        def text(name):
            v = ev.get(name)
            return None if v is None else str(v)

        def when(name):
            v = ev.get(name)
            if v is None:
                return None
            dt = v.dt
            if dt.tzinfo is None or dt.utcoffset() is None or dt.utcoffset().total_seconds() != 0:
                sys.exit(f"{name} is not in UTC")
            return dt.strftime("%Y-%m-%dT%H:%M:%SZ")

        events.append({
            "uid": text("UID"), "summary": text("SUMMARY"), "location": text("LOCATION"),
            "description": text("DESCRIPTION"), "url": text("URL"), "status": text("STATUS"),
            "sequence": int(ev.get("SEQUENCE")) if ev.get("SEQUENCE") is not None else None,
            "dtstart": when("DTSTART"), "dtend": when("DTEND"), "dtstamp": when("DTSTAMP"),
        })
    print(json.dumps({"method": str(cal.get("METHOD")), "version": str(cal.get("VERSION")),
                      "prodid": str(cal.get("PRODID")), "events": events}))


if __name__ == "__main__":
    main()
