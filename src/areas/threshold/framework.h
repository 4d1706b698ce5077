/*
 * framework.h (threshold) — the levels-of-need framework document and the
 * suggestion rule, with no database or HTTP in sight (so unit tests can
 * drive them directly).
 *
 * The document's format is docs/levels-of-need.md: levels, the Assessment
 * Framework domains and their dimensions, age bands, indicators, the
 * suggestion rule's numbers, and a local section per local authority.
 * threshold_framework_check() is the one validator of the document itself:
 * `haven import framework`, the publish page, the publish API and `haven
 * init --demo` all use it, so a document is accepted or refused the same way
 * everywhere. An indicator's tags name the partnership's priorities by key;
 * that they are priorities now is checked against the priorities area when
 * a version is published (framework_priorities.h), as it is data.
 *
 * The rule (threshold_rule_apply): the suggestion is the highest level among
 * the ticked indicators; it is raised one level when the indicators at that
 * level are at least `indicators_at_least` in number, come from at least
 * `domains_at_least` domains and that level is at least `at_or_above_level`;
 * it is never above `highest_level`. No ticks suggest the lowest level.
 * The numbers come from the document, never from code.
 */
#ifndef HAVEN_AREAS_THRESHOLD_FRAMEWORK_H
#define HAVEN_AREAS_THRESHOLD_FRAMEWORK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The longest priority key a tag may be. */
#define THRESHOLD_MAX_TAG 127

/* The most problems one check reports (a wrong file would otherwise give thousands). */
#define THRESHOLD_MAX_PROBLEMS 100

/*
 * Checks a whole framework document. Appends one {"path", "message"} object
 * to `problems` for each problem found (path as "$.indicators[3].level"),
 * at most THRESHOLD_MAX_PROBLEMS of them. True when there were none.
 */
bool threshold_framework_check(const json_t *doc, json_t *problems);

struct threshold_rule {
	int domains_at_least;
	int indicators_at_least;
	int at_or_above_level;
	int highest_level;
};

/* One ticked indicator, as the rule sees it. */
struct threshold_tick {
	int level;
	const char *domain; /* the domain id; borrowed */
};

struct threshold_outcome {
	int suggested_level;
	int highest_ticked_level;  /* 0 when nothing was ticked */
	int indicators_at_highest; /* how many ticks are at highest_ticked_level */
	int domains_at_highest;    /* from how many domains */
	bool raised;               /* the rule raised the suggestion one level */
};

/* Reads the rule from a checked document. False if it is missing or malformed. */
bool threshold_rule_from(const json_t *doc, struct threshold_rule *rule);

/* Applies the rule to `n` ticks (may be 0). Pure; never fails. */
void threshold_rule_apply(const struct threshold_rule *rule, const struct threshold_tick *ticks, size_t n,
                          struct threshold_outcome *out);

/* Look-ups in a checked document; borrowed, NULL if absent. */
const json_t *threshold_level(const json_t *doc, long long number);
const json_t *threshold_age_band(const json_t *doc, const char *id);
const json_t *threshold_indicator(const json_t *doc, const char *id);

/*
 * An indicator of doc as a decision lists it: {id, text, level and its name,
 * domain and its name, dimension and its name, tags, driving}.
 */
json_t *threshold_indicator_listed(const json_t *doc, const json_t *indicator, bool driving);
const json_t *threshold_domain(const json_t *doc, const char *id);
const json_t *threshold_dimension(const json_t *domain, const char *id);
const json_t *threshold_local(const json_t *doc, long long la_code);

/* True if the indicator applies to age band `band` (no "age_bands": every band). */
bool threshold_indicator_for_age(const json_t *indicator, const char *band);

/*
 * True if every word of `query` (split on spaces; ASCII letters compared
 * without case) appears in the indicator's text, examples, tags, or its
 * dimension's or domain's name. An empty or NULL query matches everything.
 */
bool threshold_indicator_matches(const json_t *doc, const json_t *indicator, const char *query);

/*
 * Works out the suggestion for a checked document. `indicator_ids` is an
 * array of strings (may be NULL: none). Problems with the choices are
 * appended to `errors` as {field, message} for the fields "age_band",
 * "la_code" and "indicators"; NULL is returned then. Otherwise a new object:
 *   {"suggested_level": {number, name, description, course_of_action},
 *    "basis": {highest_ticked_level, indicators_at_highest_level,
 *              domains_at_highest_level, raised, driving_indicators: [id],
 *              rule: {...}, explanation},
 *    "local_route": {la_code, la_name, level, what_to_do, services: [...]},
 *    "age_band": {id, name},
 *    "indicators": [{id, text, level, level_name, domain, domain_name,
 *                    dimension, dimension_name, tags, driving}]}
 * "basis" is what threshold_assessments.suggestion_basis stores.
 */
json_t *threshold_evaluate(const json_t *doc, const char *age_band, long long la_code,
                           const json_t *indicator_ids, json_t *errors);

/* A neglect indicator ticked at this level or above prompts a neglect assessment (issue #18). */
#define THRESHOLD_NEGLECT_PROMPT_LEVEL 3

/*
 * True if any of `indicators` (as threshold_evaluate lists them: each with
 * "level" and "tags") is tagged "neglect" at THRESHOLD_NEGLECT_PROMPT_LEVEL
 * or above: the tool then prompts the practitioner to assess neglect with
 * the partnership's common tool (src/areas/neglect).
 */
bool threshold_prompts_neglect(const json_t *indicators);

/* The local route for `level` in a local section: {la_code, la_name, level, what_to_do, services}; new, or
 * NULL. */
json_t *threshold_local_route(const json_t *doc, long long la_code, long long level);

#endif
