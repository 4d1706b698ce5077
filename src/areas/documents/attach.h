/*
 * attach.h (documents) — what an area whose record takes documents uses.
 *
 * A record type takes documents when its struct record_type sets
 * `.documents` (the action on the record that lets a person see its
 * documents) and `.href` (where it is shown). Its area then adds the two
 * upload routes to its own table with DOCUMENTS_ROUTES, naming the action
 * that lets a person attach one (its own rule, on the record type or a
 * narrower one naming it in `.children_as`), and shows the record's
 * documents on its page with documents_attached. There is one upload path:
 * these handlers, the libmagic allow-list and the sealed file.
 */
#ifndef HAVEN_AREAS_DOCUMENTS_ATTACH_H
#define HAVEN_AREAS_DOCUMENTS_ATTACH_H

#include <jansson.h>

#include "core/status.h"
#include "router/router.h"

/* The largest file a document may be. */
#define DOCUMENT_MAX_BYTES (20 * 1024 * 1024)

/* What an upload sends beside the file. */
extern const struct field_spec documents_upload_fields[];

/* GET RECORD/documents/new (and the form again after errors): the upload page. */
route_handler documents_upload_form;

/* POST RECORD/documents and its API twin: the file, typed by its content, sealed and kept. */
route_handler documents_upload;

/*
 * The upload routes of a record whose path is `record_pattern` ("/notes/{id:int}"),
 * for whoever may take `attach_action` on it: the page and the upload (with its API twin).
 */
#define DOCUMENTS_ROUTES(record_pattern, attach_action)                                                      \
	DOCUMENTS_ROUTES_CHECKED(record_pattern, attach_action, documents_upload)

/*
 * As DOCUMENTS_ROUTES, the upload served by `upload_handler`: the owning area's own check of the record
 * (a note about a child whose record was merged away takes nothing new) before it calls
 * documents_upload.
 */
#define DOCUMENTS_ROUTES_CHECKED(record_pattern, attach_action, upload_handler)                              \
	{.method = HTTP_GET,                                                                                 \
	 .pattern = record_pattern "/documents/new",                                                         \
	 .action = attach_action,                                                                            \
	 .handler = documents_upload_form,                                                                   \
	 .page = "documents/new"},                                                                           \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = record_pattern "/documents", .action = attach_action,        \
		.handler = upload_handler, .page = "documents/new", .body = documents_upload_fields,         \
		.redisplay = documents_upload_form, .max_file = DOCUMENT_MAX_BYTES, .api = true              \
	}

/*
 * The documents attached to record `owner_type` `owner_id`, oldest first,
 * for its page: [{id, description, media_type, size, agency_name,
 * uploaded_by_name, uploaded_at, href}]. Whoever may see the record may see
 * them (auth/records.h).
 */
enum haven_status documents_attached(const char *owner_type, long long owner_id,
                                     json_t **out) HAVEN_MUST_CHECK;

#endif
