/*
 * import.h (contextual) — the file layouts of `haven import missing-episodes`
 * read into episodes (episode.h's objects) before anything is checked or
 * saved, with no database in sight (so the fuzz target drives them).
 *
 * CSV: a header row of exactly IMPORT_EPISODE_COLUMNS (or all of them but
 * placing_la_code, the header before it was a column), then one episode a
 * row; safe_and_well_check is yes, no or blank; la_code and placing_la_code
 * whole numbers (or left as written, for the check to name). JSON: a list of
 * episodes, or {"episodes": [...]}.
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_IMPORT_H
#define HAVEN_AREAS_CONTEXTUAL_IMPORT_H

#include <jansson.h>
#include <stddef.h>

/* The CSV header, in order. */
extern const char *const import_episode_columns[];
#define IMPORT_EPISODE_COLUMNS 13

/*
 * The episodes of CSV `data` (`len` bytes) as a new array, and in *lines a
 * new array of the line each starts on. NULL (nothing to free) after
 * printing "haven: PATH line N: ..." for a file that is not CSV, whose
 * header is wrong, or whose row has the wrong number of fields.
 */
json_t *import_episodes_csv(const char *path, const char *data, size_t len, json_t **lines);

/* The episodes of a parsed JSON document (borrowed): a new array, or NULL when it is neither layout. */
json_t *import_episodes_json(const json_t *doc);

#endif
