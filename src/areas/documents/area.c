/*
 * area.c (documents) — documents about a child (issue 15): an agency linked
 * to the child uploads a file (a page's form or the API, multipart, up to
 * 20 MB) with a few words saying what it is; any agency linked to the child
 * downloads it. The type is found from the content with libmagic and must
 * be on the allow-list below; the file is stored sealed beside the database
 * (store.h). Documents appear in the child's chronology (`.chronology`), and
 * every download is audited as a read of the child.
 *
 * Who may: uploading needs a relationship to the child ("document.create"
 * on the child), downloading one to the document ("document": the agencies
 * linked to its child). Anyone else is answered 404.
 */
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "areas/documents/store.h"
#include "auth/session.h"

#define DOCUMENT_MAX_BYTES (20 * 1024 * 1024)

/* The types a document may be, as libmagic names them, and the extension its download gets. */
static const struct {
	const char *media_type, *extension;
} allowed_types[] = {
    {"application/pdf", "pdf"},
    {"image/png", "png"},
    {"image/jpeg", "jpg"},
    {"image/gif", "gif"},
    {"text/plain", "txt"},
    {"application/msword", "doc"},
    {"application/vnd.ms-excel", "xls"},
    {"application/vnd.ms-powerpoint", "ppt"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
    {"application/vnd.oasis.opendocument.text", "odt"},
    {"application/vnd.oasis.opendocument.spreadsheet", "ods"},
    {"application/vnd.oasis.opendocument.presentation", "odp"},
};
#define ALLOWED_IN_WORDS                                                                                     \
	"The file must be a PDF, a PNG, JPEG or GIF image, a Word, Excel or PowerPoint document, an "        \
	"OpenDocument file or plain text"

static const struct field_spec upload_fields[] = {
    {.name = "description",
     .label = "what the document is",
     .type = FIELD_TEXT,
     .required = true,
     .max = 200},
    {0},
};

/*
 * The allowed type `data` is, found from its content, or NULL if it is none
 * of them (or libmagic could not say). A magic cookie is not thread-safe, so
 * each upload opens its own.
 */
static const char *allowed_type_of(const unsigned char *data, size_t len)
{
	magic_t cookie = magic_open(MAGIC_MIME_TYPE);
	if (!cookie)
		return NULL;
	const char *found = NULL, *allowed = NULL;
	if (magic_load(cookie, NULL) == 0)
		found = magic_buffer(cookie, data, len);
	for (size_t i = 0; found && i < sizeof allowed_types / sizeof allowed_types[0]; i++)
		if (strcmp(found, allowed_types[i].media_type) == 0)
			allowed = allowed_types[i].media_type;
	magic_close(cookie);
	return allowed;
}

static const char *extension_of(const char *media_type)
{
	for (size_t i = 0; i < sizeof allowed_types / sizeof allowed_types[0]; i++)
		if (strcmp(media_type, allowed_types[i].media_type) == 0)
			return allowed_types[i].extension;
	return "bin";
}

/* ---- uploading ---- */

/* GET /children/{id}/documents/new, and the form again after errors. */
static enum haven_status upload_form(struct request *req, struct response *res)
{
	json_t *child = NULL;
	enum haven_status st = documents_child(field_int(req->params, "id"), &child);
	if (st != HAVEN_OK)
		return st;
	response_set_model(res, json_pack("{s:s, s:o, s:i}", "title", "Upload a document", "child", child,
	                                  "max_megabytes", DOCUMENT_MAX_BYTES / (1024 * 1024)));
	return HAVEN_OK;
}

/* POST /children/{id}/documents, POST /api/v1/children/{id}/documents. */
static enum haven_status upload(struct request *req, struct response *res)
{
	if (!req->file || req->file->len == 0) {
		response_error(res, "file", "Choose a file to upload");
		return HAVEN_OK;
	}
	const char *media_type = allowed_type_of(req->file->data, req->file->len);
	if (!media_type) {
		res->status = 415;
		response_error(res, "file", ALLOWED_IN_WORDS);
		return HAVEN_OK;
	}
	struct document_upload up = {.child_id = field_int(req->params, "id"),
	                             .description = field_text(req->input, "description"),
	                             .media_type = media_type,
	                             .data = req->file->data,
	                             .len = req->file->len};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = documents_create(&up, &actor, &id);
	json_t *document = NULL;
	if (st == HAVEN_OK && (st = documents_get(id, &document)) == HAVEN_OK)
		response_created(res, document, "/children/%lld/chronology", up.child_id);
	return st;
}

/* ---- downloading ---- */

/* GET /documents/{id}, GET /api/v1/documents/{id}: the file, as an attachment (the server says nosniff on
 * every answer). */
static enum haven_status download(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *document = NULL;
	enum haven_status st = documents_get(id, &document);
	if (st != HAVEN_OK)
		return st;
	/* the type is the allow-list's own string, which outlives the response */
	const char *extension = extension_of(field_text(document, "media_type"));
	for (size_t i = 0; i < sizeof allowed_types / sizeof allowed_types[0]; i++)
		if (strcmp(allowed_types[i].extension, extension) == 0)
			res->content_type = allowed_types[i].media_type;
	json_decref(document);
	if (!res->content_type)
		res->content_type = "application/octet-stream";
	unsigned char *data = NULL;
	size_t len = 0;
	if ((st = documents_read(id, &data, &len)) != HAVEN_OK)
		return st;
	res->body_owned = (char *)data;
	res->body_len = len;
	res->body_is_stored_file = true;
	/* the name says nothing about the child: the description may */
	char disposition[64];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"document-%lld.%s\"", id, extension);
	response_add_header_copy(res, "Content-Disposition", disposition);
	return HAVEN_OK;
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/documents/new",
     .action = "document.create",
     .handler = upload_form,
     .page = "documents/new"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/documents",
     .action = "document.create",
     .handler = upload,
     .page = "documents/new",
     .body = upload_fields,
     .redisplay = upload_form,
     .max_file = DOCUMENT_MAX_BYTES,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/documents/{id:int}",
     .action = "document.read",
     .handler = download,
     .api = true},
    {0},
};

/* Who may take this area's actions: deny by default. */
static const struct policy_rule access[] = {
    /* uploading a document about a child: an agency working with the child */
    {.action = "document.create", .roles = ROLE_CHILD_WORKERS, .resource = "child", .audited = true},
    /* downloading one: every agency linked to its child; audited as a read of the child */
    {.action = "document.read", .roles = ROLE_CHILD_WORKERS, .resource = "document", .audited = true},
    {0},
};

const struct area area_documents = {
    .name = "documents",
    .routes = routes,
    .access = access,
    .records = documents_records,
    .chronology = documents_chronology,
};
