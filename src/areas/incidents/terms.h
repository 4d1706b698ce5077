/*
 * terms.h (incidents) — a local authority's school term dates, which decide
 * when an Operation Encompass notification is due: the one way to read a
 * file of them (CSV with a header row naming name, first_day and last_day;
 * or a JSON list), shared by `haven import term-dates` and the
 * administrators' page (partnership area, /admin/local-authorities/CODE/
 * term-dates), and the store calls that replace and list them. Other areas
 * may call this header.
 *
 * Reading is pure (no database): every term is checked and every problem
 * named by its row ("row 3: first_day must be a real date, ...") or place
 * ("terms[2]: ..."), so a bad file changes nothing.
 */
#ifndef HAVEN_INCIDENTS_TERMS_H
#define HAVEN_INCIDENTS_TERMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

struct actor; /* auth/store.h: who made a change, for its audit row */

/* The most terms one file may hold (about 20 KB of CSV). */
#define INCIDENT_TERMS_MAX 200

/* What a CSV reader says of a file with more than INCIDENT_TERMS_MAX terms (csv_lines.h's refusal). */
extern const char incidents_terms_too_many[];

/* The longest name a term may have, in characters: one line of a list ("Autumn 1", "Spring term"). */
#define INCIDENT_TERM_NAME_MAX 200

/* One school term to import. */
struct incident_term {
	char where[32]; /* its place in the file, as problems name it: "row 3", "terms[2]" */
	char first_day[16], last_day[16];
	char name[INCIDENT_TERM_NAME_MAX * 4 + 1]; /* UTF-8: up to 4 bytes a character */
};

/* A school year, 1 September to 31 August. */
struct incident_school_year {
	char first_day[16], last_day[16];
};

/*
 * The terms of one file, checked, and the school years they start in: each
 * once, earliest first. A file may skip years (2024-25 and 2026-27 without
 * 2025-26): only the years it holds terms for are replaced.
 */
struct incident_terms {
	struct incident_term *terms; /* owned: incidents_terms_free */
	size_t count;
	struct incident_school_year *years; /* owned: incidents_terms_free */
	size_t year_count;
};

/*
 * The terms of a CSV file's records (arrays of fields, the first the header
 * row, as csv_lines.h reads them; at most INCIDENT_TERMS_MAX + 1 of them),
 * or of a JSON list of {name, first_day, last_day}, into *out (cleared
 * first). Every problem is appended to `problems`, one a line ending "\n";
 * true when there is none (then *out holds at least one term, each named
 * with one line of text of at most INCIDENT_TERM_NAME_MAX characters, no
 * control character in it, each ending by 31 August of the school year it
 * starts in, none overlapping, and the years they start in).
 * Free *out either way.
 */
bool incidents_terms_from_records(const json_t *records, struct incident_terms *out, struct buf *problems);
bool incidents_terms_from_list(const json_t *list, struct incident_terms *out, struct buf *problems);

/*
 * The same from a CSV file's bytes (an upload): a file that is not text
 * (a NUL byte, not UTF-8) or not CSV is one problem saying so.
 */
bool incidents_terms_from_csv(const char *data, size_t len, struct incident_terms *out, struct buf *problems);

/* Frees the terms read (a zeroed struct is fine). */
void incidents_terms_free(struct incident_terms *t);

/*
 * Replaces the school terms of local authority `la_code` whose first day is
 * in one of t->years (the school years the file holds terms for; a year
 * between them that it skips keeps its terms) with t's terms, in
 * one unit of work with its audit row ("incident.term_dates" on the
 * local_authority, by `actor`; NULL for a command), in which the open
 * Operation Encompass deadlines counted with the authority's terms are
 * counted again (school_days.h). HAVEN_ERR_NOT_FOUND if
 * the authority does not exist. *removed: how many terms were replaced.
 * A term of t that overlaps one the authority keeps from another school year
 * (one stored before the import refused terms running past 31 August) is a
 * problem appended to `problems` naming its row ("row 3: ..."), one a line
 * ending "\n", as the reading's are: HAVEN_ERR_INVALID, and nothing changes.
 */
enum haven_status incidents_replace_terms(long long la_code, const struct incident_terms *t,
                                          const struct actor *actor, size_t *removed,
                                          struct buf *problems) HAVEN_MUST_CHECK;

/* Local authority `la_code`'s terms as [{name, first_day, last_day}] by first day; new array in *out. */
enum haven_status incidents_list_terms(long long la_code, json_t **out) HAVEN_MUST_CHECK;

#endif
