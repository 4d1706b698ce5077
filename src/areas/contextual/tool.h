/*
 * tool.h (contextual) — the exploitation screening tool, held as versioned
 * data like the levels-of-need framework, and its rule, with no database
 * or HTTP in sight (so unit tests drive them directly).
 *
 * The document (JSON; docs/exploitation-tool.md says it in full):
 *   {"version": "2026.1", "title": "...",
 *    "domains": [{"id": "cce", "name": "Child criminal exploitation, including county lines"}, ...],
 *    "indicators": [{"id": "cce-money", "domain": "cce", "text": "Has money or goods they cannot
 *                    account for", "weight": 2, "decisive": false}, ...],
 *    "rule": {"medium_at": 3, "high_at": 6}}
 * The rule: the ticked indicators' weights are added up; the score reaching
 * `high_at` gives high, reaching `medium_at` gives medium, else low; a
 * ticked decisive indicator gives high whatever the score. The practitioner
 * then gives their own judgement, with reasons when it differs. The numbers
 * come from the document, never from code.
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_TOOL_H
#define HAVEN_AREAS_CONTEXTUAL_TOOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The most problems one check reports (a wrong file would otherwise give thousands). */
#define TOOL_MAX_PROBLEMS 100

/*
 * Checks a whole tool document. Appends one {"path", "message"} to
 * `problems` for each problem (path as "$.indicators[3].weight"), at most
 * TOOL_MAX_PROBLEMS. True when there were none.
 */
bool tool_check(const json_t *doc, json_t *problems);

/* What the rule made of the ticked indicators. */
struct tool_outcome {
	const char *level; /* "low", "medium" or "high" (static) */
	int score;
	bool decisive; /* a decisive indicator was ticked */
};

/*
 * Applies a checked document's rule to `ticked` (an array of indicator ids).
 * False, with the unknown id in *unknown (borrowed), if one is not in the
 * document; a repeated id counts once.
 */
bool tool_apply(const json_t *doc, const json_t *ticked, struct tool_outcome *out, const char **unknown);

#endif
