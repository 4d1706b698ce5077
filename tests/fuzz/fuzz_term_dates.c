/*
 * fuzz_term_dates.c — a local authority's school term dates as a CSV file,
 * uploaded on the administrators' page or read by `haven import
 * term-dates` (incidents_terms_from_csv, areas/incidents/terms.h): checked
 * whole before anything is saved.
 *
 * Beyond not crashing: a file is accepted exactly when no problem is named;
 * an accepted one holds 1 to INCIDENT_TERMS_MAX terms, each named with one
 * line of at most INCIDENT_TERM_NAME_MAX characters (no control character:
 * below U+0020, DEL or U+0080 to U+009F), a real first and last day in
 * order, overlapping no other, and beginning inside one of the school years
 * it says it holds terms for (the ones an import replaces): whole school
 * years, earliest first, each with a term beginning in it, so a year the
 * file skips is not one of them.
 */
#include <string.h>

#include "areas/incidents/deadline.h"
#include "areas/incidents/terms.h"
#include "core/calendar.h"
#include "fuzz.h"

/* The day of a checked YYYY-MM-DD date, or INT32_MIN if it is not one. */
static int32_t day_of(const char *date)
{
	int32_t day;
	return calendar_parse(date, &day) ? day : INT32_MIN;
}

/* Whether a name is one line of at most INCIDENT_TERM_NAME_MAX characters with no control character. */
static bool name_is_one_line(const char *name)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return false;
		chars += (*p & 0xc0) != 0x80; /* each character's first byte */
	}
	return chars >= 1 && chars <= INCIDENT_TERM_NAME_MAX;
}

/* The place in terms->years of the school year `day` is in, or terms->year_count. */
static size_t year_of(const struct incident_terms *terms, int32_t day)
{
	for (size_t y = 0; y < terms->year_count; y++)
		if (day >= day_of(terms->years[y].first_day) && day <= day_of(terms->years[y].last_day))
			return y;
	return terms->year_count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct incident_terms terms;
	struct buf problems = BUF_INIT;
	bool ok = incidents_terms_from_csv((const char *)data, size, &terms, &problems);
	FUZZ_ASSERT(ok == (problems.len == 0));
	if (ok) {
		FUZZ_ASSERT(terms.count >= 1 && terms.count <= INCIDENT_TERMS_MAX);
		FUZZ_ASSERT(terms.year_count >= 1 && terms.year_count <= terms.count);
		bool year_has_term[INCIDENT_TERMS_MAX] = {false};
		for (size_t y = 0; y < terms.year_count; y++) {
			int32_t from = day_of(terms.years[y].first_day), to = day_of(terms.years[y].last_day);
			int32_t first, last;
			FUZZ_ASSERT(from != INT32_MIN && to != INT32_MIN);
			deadline_school_year(from, &first, &last);
			FUZZ_ASSERT(first == from && last == to); /* a whole school year */
			FUZZ_ASSERT(y == 0 || from > day_of(terms.years[y - 1].last_day));
		}
		for (size_t i = 0; i < terms.count; i++) {
			const struct incident_term *t = &terms.terms[i];
			int32_t first = day_of(t->first_day), last = day_of(t->last_day);
			FUZZ_ASSERT(name_is_one_line(t->name));
			FUZZ_ASSERT(first != INT32_MIN && last != INT32_MIN && first <= last);
			size_t y = year_of(&terms, first); /* a term is kept by its first day */
			FUZZ_ASSERT(y < terms.year_count);
			year_has_term[y] = true;
			for (size_t j = 0; j < i; j++)
				FUZZ_ASSERT(last < day_of(terms.terms[j].first_day) ||
				            first > day_of(terms.terms[j].last_day));
		}
		for (size_t y = 0; y < terms.year_count; y++)
			FUZZ_ASSERT(year_has_term[y]); /* a year the file skips is not replaced */
	}
	incidents_terms_free(&terms);
	buf_free(&problems);
	return 0;
}
