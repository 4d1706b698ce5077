/*
 * publish_document.h — the one way a page or API call publishing a new
 * version of a versioned document (the levels-of-need framework, the neglect
 * tool, the quality assurance standards) reads and checks what was sent: the
 * twin of import_document.h, which does the same for `haven import X`, with
 * the same checks and the same words.
 *
 * The document comes as text in the form's or JSON body's "document" field
 * (text, not an object, so it is checked exactly as written: duplicate keys
 * are refused). Every problem is reported on the "document" field, named by
 * its JSON path, and nothing is published.
 */
#ifndef HAVEN_APP_PUBLISH_DOCUMENT_H
#define HAVEN_APP_PUBLISH_DOCUMENT_H

#include <jansson.h>
#include <stdbool.h>

#include "router/request.h"

/*
 * The document sent, parsed and checked whole by `check` (the checker the
 * import command uses): a new reference, or NULL with the errors reported
 * (response_error): not JSON ("The framework is not valid JSON: line 1,
 * column 9: ..."; `name` is "framework"), or each problem as "PATH: MESSAGE".
 */
json_t *publish_document_read(struct request *req, struct response *res, const char *name,
                              bool (*check)(const json_t *doc, json_t *problems));

/*
 * The answer when the store says the document's version string is already
 * published (HAVEN_ERR_CONFLICT): 409 with "$.version: version V is already
 * published: ..." on the "document" field (response_conflict). `version_of`
 * names the document after the version, as the import command does
 * (" of these standards"), or NULL.
 */
void publish_document_version_taken(struct response *res, const json_t *doc, const char *version_of);

/*
 * The model of a document's versions page: {title, current, versions} from
 * the store's rows, newest first (taken), each marked "current" or not.
 */
json_t *publish_document_versions(const char *title, json_t *rows);

#endif
