/*
 * document_versions.h — the one way an area keeps a versioned JSON document
 * (the levels-of-need framework, the neglect tool, ...): a table of its
 * published versions, each the whole document as text with its version
 * string, never changed once published; "the current version" is the one
 * published last (the highest id).
 *
 * Each area keeps its own table and its own statements: it describes them
 * in a struct document_versions of SQL texts recorded with DB_REGISTER (so
 * the statement test prepares them against the schema), and these functions
 * run them. Publishing is one db_write unit holding the new row and its
 * audit row.
 */
#ifndef HAVEN_APP_DOCUMENT_VERSIONS_H
#define HAVEN_APP_DOCUMENT_VERSIONS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"

struct actor;

struct document_versions {
	const char *what; /* for the log: "framework" */
	/* SELECT id, version, document FROM T WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC LIMIT 1 */
	const char *select;
	/* SELECT 1 FROM T WHERE version = ?1 */
	const char *taken;
	/* INSERT INTO T (version, document, published_by) VALUES (?1, ?2, ?3): ?3 NULL for nobody */
	const char *insert;
	/* the insert also names ?4, the time now (db_now_text), for a table whose time has no default */
	bool insert_names_now;
	const char *audit_action, *audit_resource; /* "framework.publish" on "framework_version" */
};

/*
 * Version `id` (0: the current one): its id in *out_id, the parsed document
 * in *document and, if version is not NULL, its version string in *version
 * (both the caller's to decref). HAVEN_ERR_NOT_FOUND when there is none.
 */
enum haven_status document_version_get(const struct document_versions *v, long long id, long long *out_id,
                                       json_t **document, json_t **version) HAVEN_MUST_CHECK;

/*
 * Publishes a checked document (its "version" a string) as a new version,
 * setting *id when id is not NULL. `published_by` 0 means the command line
 * or the demo. HAVEN_ERR_CONFLICT when the version string is already
 * published (checked inside the writer, so two publishers cannot both take it).
 */
enum haven_status document_version_publish(const struct document_versions *v, const json_t *document,
                                           long long published_by, const struct actor *actor,
                                           long long *id) HAVEN_MUST_CHECK;

/*
 * Reads the built-in demo document `name` (core/embedded.h) into *doc (the
 * caller's to decref) after `check`: HAVEN_ERR_NOT_FOUND if it is not built
 * in; HAVEN_ERR_INTERNAL, logged as `what`'s with the first problem, if it
 * does not parse or check. For an area whose demo document is published its
 * own way (assurance's standard sets); document_version_load_demo uses it.
 */
enum haven_status document_demo_read(const char *name, const char *what,
                                     bool (*check)(const json_t *doc, json_t *problems),
                                     json_t **doc) HAVEN_MUST_CHECK;

/*
 * Publishes the built-in demo document `name` (core/embedded.h, such as
 * "data/threshold/framework-demo.json") by nobody, after `check` (see
 * import_document.h). HAVEN_ERR_NOT_FOUND if it is not built in;
 * HAVEN_ERR_INTERNAL, logged with the first problem, if it does not parse
 * or check: a build that ships a broken demo fails loudly.
 */
enum haven_status document_version_load_demo(const struct document_versions *v, const char *name,
                                             bool (*check)(const json_t *doc,
                                                           json_t *problems)) HAVEN_MUST_CHECK;

#endif
