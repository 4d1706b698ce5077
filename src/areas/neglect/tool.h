/*
 * tool.h (neglect) — the neglect assessment tool as versioned data, and the
 * grading rule, with no database or HTTP in sight (unit tests and the fuzz
 * target drive them directly).
 *
 * The document's format is docs/neglect-tool.md: the five grades (1 best to
 * 5 worst) with their names, age bands, and areas of care, each with
 * sub-areas whose descriptors say what each grade looks like, for every age
 * band or for some. neglect_tool_check() is the one validator: `haven import
 * neglect-tool`, the publish page, the publish API and the demo all use it.
 *
 * The rule (neglect_tool_summarise): an area's grade is the worst (highest)
 * grade of its sub-areas, because one sub-area where a child's needs go
 * unmet is not made good by others; the overall grade is the worst area's.
 * Between two assessments an area has improved when its grade fell; a child
 * is improving when at least one area improved and none got worse.
 */
#ifndef HAVEN_AREAS_NEGLECT_TOOL_H
#define HAVEN_AREAS_NEGLECT_TOOL_H

#include <jansson.h>
#include <stdbool.h>

/* The most problems one check reports. */
#define NEGLECT_MAX_PROBLEMS 100
/* The most sub-areas a tool may have (each is a question on one form). */
#define NEGLECT_MAX_SUB_AREAS 30
#define NEGLECT_BEST_GRADE 1
#define NEGLECT_WORST_GRADE 5

/*
 * Checks a whole tool document. Appends one {"path", "message"} object to
 * `problems` per problem (path as "$.areas[1].sub_areas[0].descriptors[2]"),
 * at most NEGLECT_MAX_PROBLEMS. True when there were none.
 */
bool neglect_tool_check(const json_t *doc, json_t *problems);

/* Look-ups in a checked document; borrowed, NULL if absent. */
const json_t *neglect_tool_age_band(const json_t *doc, const char *id);
/*
 * True when a child born on `born_on` is of an age age band `band` (an
 * object of the document) is for on day `on` (both "YYYY-MM-DD"), their age
 * in whole years then in *age; a band without ages, or a date unknown (an
 * unborn child), fits any child, *age then -1.
 */
bool neglect_tool_age_fits(const json_t *band, const char *born_on, const char *on, int *age);
const json_t *neglect_tool_sub_area(const json_t *doc, const char *id, const json_t **area);
/* The descriptor text of `grade` for sub-area `sub` (an object of the document) in age band `band`. */
const char *neglect_tool_descriptor(const json_t *sub, const char *band, long long grade);
/* How many sub-areas the tool has. */
size_t neglect_tool_sub_area_count(const json_t *doc);

/*
 * Checks an assessment's grades against a checked tool. `grades` is
 * {"SUB_AREA_ID": {"grade": 1..5, "evidence": "text"}} (NULL: none yet).
 * Every key must be a sub-area of the tool, each grade 1..5 with evidence
 * of at most 5,000 characters; when `finishing`, every sub-area must be
 * graded with evidence. Problems are appended to `errors` as
 * {field, message} with field "grades" (the API) or, when `by_position`,
 * "grade_N"/"evidence_N" (the form's N-th sub-area, from 1).
 */
void neglect_tool_check_grades(const json_t *doc, const json_t *grades, bool finishing, bool by_position,
                               json_t *errors);

/*
 * The rule applied to checked grades: a new object
 *   {"areas": [{"id", "name", "grade" (null if a sub-area is ungraded)}],
 *    "overall_grade": worst area grade, or null if any area is ungraded}
 */
json_t *neglect_tool_summarise(const json_t *doc, const json_t *grades);

/* The rule for a child between two assessments: improving when an area got better and none worse. */
bool neglect_tool_improving(bool any_better, bool any_worse);

/*
 * The change from `baseline` to `latest` (both summaries' "areas" arrays):
 * a new array of {"id", "name", "baseline", "latest", "change"} with
 * change "better", "same" or "worse" (or null when either is ungraded), in
 * the latest's order. *improving is set as the rule above says.
 */
json_t *neglect_tool_change(const json_t *baseline, const json_t *latest, bool *improving);

#endif
