/*
 * fuzz_term_dates.c — a local authority's school term dates as a CSV file,
 * uploaded on the administrators' page or read by `haven import
 * term-dates` (incidents_terms_from_csv, areas/incidents/terms.h): checked
 * whole before anything is saved.
 *
 * Beyond not crashing: a file is accepted exactly when no problem is named;
 * an accepted one holds 1 to INCIDENT_TERMS_MAX terms, each named, a real
 * first and last day in order, overlapping no other, and beginning inside
 * the school years it says it covers (the ones an import replaces).
 */
#include <string.h>

#include "areas/incidents/terms.h"
#include "core/calendar.h"
#include "fuzz.h"

/* The day of a checked YYYY-MM-DD date, or INT32_MIN if it is not one. */
static int32_t day_of(const char *date)
{
	int32_t day;
	return calendar_parse(date, &day) ? day : INT32_MIN;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct incident_terms terms;
	struct buf problems = BUF_INIT;
	bool ok = incidents_terms_from_csv((const char *)data, size, &terms, &problems);
	FUZZ_ASSERT(ok == (problems.len == 0));
	if (ok) {
		FUZZ_ASSERT(terms.count >= 1 && terms.count <= INCIDENT_TERMS_MAX);
		int32_t from = day_of(terms.from), to = day_of(terms.to);
		FUZZ_ASSERT(from != INT32_MIN && to != INT32_MIN && from <= to);
		for (size_t i = 0; i < terms.count; i++) {
			const struct incident_term *t = &terms.terms[i];
			int32_t first = day_of(t->first_day), last = day_of(t->last_day);
			FUZZ_ASSERT(t->name[0] != '\0');
			FUZZ_ASSERT(first != INT32_MIN && last != INT32_MIN && first <= last);
			FUZZ_ASSERT(first >= from && first <= to); /* a term is kept by its first day */
			for (size_t j = 0; j < i; j++)
				FUZZ_ASSERT(last < day_of(terms.terms[j].first_day) ||
				            first > day_of(terms.terms[j].last_day));
		}
	}
	incidents_terms_free(&terms);
	buf_free(&problems);
	return 0;
}
