/*
 * store.h (priorities) — the partnership's priorities as data (issue 20):
 * adding, renaming and retiring them (each change one unit of work with its
 * audit row), and the reads every area that tags by priority uses: the
 * priorities offered for a new record (not retired) and the name of any,
 * retired or not, for the records already tagged.
 */
#ifndef HAVEN_AREAS_PRIORITIES_STORE_H
#define HAVEN_AREAS_PRIORITIES_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/actor.h"
#include "core/status.h"

/* Why a change was refused, when the store refused it (HAVEN_ERR_CONFLICT). */
enum priority_refusal {
	PRIORITY_DONE,       /* not refused */
	PRIORITY_NAME_TAKEN, /* another priority has this name (any case) */
	PRIORITY_KEY_TAKEN,  /* the key made from the name is another's (a retired one's old name) */
};

/* A priority as typed (borrowed strings; description, from and to may be NULL). */
struct priority_input {
	const char *name, *description;
	const char *from, *to; /* YYYY-MM-DD */
};

/*
 * Adds a priority (audited "priority.create"), its key made from its name
 * ("Covid recovery" → "covid_recovery"); its id in *id.
 */
enum haven_status priorities_create(const struct priority_input *p, const struct actor *actor, long long *id,
                                    enum priority_refusal *refusal) HAVEN_MUST_CHECK;

/* Renames or re-describes priority `id` (audited "priority.update"); its key stays. NOT_FOUND if none. */
enum haven_status priorities_update(long long id, const struct priority_input *p, const struct actor *actor,
                                    enum priority_refusal *refusal) HAVEN_MUST_CHECK;

/* Retires priority `id`, or offers it again (audited "priority.retire" / "priority.restore"). */
enum haven_status priorities_set_retired(long long id, bool retired,
                                         const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * The priorities by name: those offered for new records, or every one when
 * `with_retired`. Rows {id, key, name, description, from_date, to_date,
 * retired (true/false), retired_at}.
 */
enum haven_status priorities_list(bool with_retired, json_t **out) HAVEN_MUST_CHECK;

/* Priority `id` as a row of priorities_list; NOT_FOUND if none. */
enum haven_status priorities_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/*
 * The priority whose key is `key` into *out (as priorities_get); NOT_FOUND
 * if there is none. Another area checks a tag with it: a retired one may
 * stay on an old record but not be chosen for a new one.
 */
enum haven_status priorities_find(const char *key, json_t **out) HAVEN_MUST_CHECK;

#endif
