/*
 * framework_priorities.h (threshold) — the levels-of-need framework's tags
 * and the partnership's priorities, which are data (areas/priorities): a
 * version is published only if each indicator's tags are the keys of
 * priorities offered now (not retired), and the tool shows each tag by its
 * priority's name as it is now, so a renamed priority reads anew and a
 * priority the partnership adds ("Covid recovery") can tag indicators with
 * no change to Haven.
 */
#ifndef HAVEN_AREAS_THRESHOLD_FRAMEWORK_PRIORITIES_H
#define HAVEN_AREAS_THRESHOLD_FRAMEWORK_PRIORITIES_H

#include <jansson.h>
#include <stdbool.h>

/*
 * Checks each indicator's tags against the priorities: the key of one that
 * is not retired. Appends {path, message} for each problem; true when none.
 */
bool threshold_framework_tags_check(const json_t *doc, json_t *problems);

/*
 * The check a version gets before it is published: the document
 * (threshold_framework_check) and then its tags against the priorities.
 * Appends {path, message} for each problem; true when there is none.
 */
bool threshold_framework_check_published(const json_t *doc, json_t *problems);

/* Each priority's name by its key, retired ones too ({"neglect": "Neglect", ...}); NULL if unreadable. */
json_t *threshold_priority_names(void);

#endif
