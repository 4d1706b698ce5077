/*
 * publish_version.h — the two handlers' bodies every area with a versioned
 * document (the levels-of-need framework, the neglect tool, the quality
 * assurance standards) answers with: its versions page, and publishing a
 * new version sent as text (read and checked by publish_document.h).
 *
 * The area says only what differs: its store's calls, the document's name in
 * messages, and what the 201 answer carries; so the three publish pages
 * refuse, conflict and succeed in the same words.
 */
#ifndef HAVEN_APP_PUBLISH_VERSION_H
#define HAVEN_APP_PUBLISH_VERSION_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"
#include "router/request.h"

struct publish_version {
	/* the document in "The NAME is not valid JSON" (publish_document_read) */
	const char *name;
	/* the checker `haven import` uses too */
	bool (*check)(const json_t *doc, json_t *problems);
	/* publishes the checked document as req's user; HAVEN_ERR_CONFLICT when its version is taken */
	enum haven_status (*publish)(const struct request *req, const json_t *doc, long long *id);
	/* " of these standards" after "version V" when the version is taken, or NULL */
	const char *version_of;
	/* the 201 answer's model (a new reference) for the version published as `id` */
	json_t *(*created)(const json_t *doc, long long id);
	/* where the page goes once it is published */
	const char *location;
	/* the banner then, or NULL */
	const char *success;
};

/* The body of a publish handler: the document read, checked and published as `how` says. */
enum haven_status publish_version_answer(struct request *req, struct response *res,
                                         const struct publish_version *how);

/*
 * The body of a versions page's handler: the store's rows (`versions`) as
 * publish_document_versions' model under `title`.
 */
enum haven_status publish_version_list(struct response *res, const char *title,
                                       enum haven_status (*versions)(json_t **rows));

#endif
