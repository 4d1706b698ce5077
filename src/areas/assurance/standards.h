/*
 * standards.h (assurance) — a set of quality assurance standards, as the
 * partnership publishes it: one JSON document, checked whole before it is
 * kept, then read by the returns, moderation and results. Pure: no database
 * and no HTTP, so unit tests and the fuzz target drive it directly.
 *
 * The document (docs/api.md, "Quality assurance"):
 *
 *   {"kind": "section11" | "section175",
 *    "version": "2026",                      1 to 40 characters
 *    "title": "Section 11 standards 2026",   1 to 200
 *    "scale": [{"value": "3", "label": "Fully met", "definition": "...",
 *               "rating": "green" | "amber" | "red"}, ...],     2 to 10
 *    "standards": [{"id": "leadership", "title": "...",
 *                   "expectations": "...", "evidence": "..."}, ...]}  1 to 200
 *
 * A scale value is what a return scores a standard with; its rating says
 * how the results show it and whether it needs an action plan (red or amber).
 * Standard ids are lower-case letters, digits and hyphens (they appear in
 * paths), unique within the document, as are scale values. Any other key is
 * refused, so a misspelt one is not silently dropped.
 */
#ifndef HAVEN_ASSURANCE_STANDARDS_H
#define HAVEN_ASSURANCE_STANDARDS_H

#include <jansson.h>
#include <stdbool.h>

/* At most this many problems are reported for one document. */
#define ASSURANCE_MAX_PROBLEMS 50

/*
 * Checks `doc`: true if it is a valid standards document; otherwise false,
 * with each problem appended to `problems` as {"path": "$.standards[2].id",
 * "message": "..."} (at most ASSURANCE_MAX_PROBLEMS). Borrows both.
 */
bool assurance_standards_check(const json_t *doc, json_t *problems);

/* The standard with id `id` of a checked document (borrowed), or NULL. */
const json_t *assurance_standard(const json_t *doc, const char *id);

/* The scale entry whose value is `value` in a checked document (borrowed), or NULL. */
const json_t *assurance_scale_entry(const json_t *doc, const char *value);

/*
 * Gives each scale entry of a checked document (`doc`, changed) its "shown" text, as pages show a
 * score: the label after its value where the value says more ("3: Fully met"), the label alone
 * where the value is its rating ("In place", not "green: In place").
 */
void assurance_scale_shown(json_t *doc);

/* "red", "amber" or "green" for scale value `value`, or NULL if the scale has no such value. */
const char *assurance_rating(const json_t *doc, const char *value);

#endif
