/*
 * area.c (documents) — documents attached to a record (issue 15): a child,
 * a case note, or any record type that takes them (auth/records.h's
 * `.documents`; attach.h says how an area lets its record take them). A
 * person the record's area lets attach one uploads a file (a page's form or
 * the API, multipart, up to 20 MB) with a few words saying what it is;
 * whoever may see the record downloads it. The type is found from the
 * content with libmagic and must be on the allow-list below; the file is
 * stored sealed beside the database (store.h). A child's documents appear in
 * the child's chronology (`.chronology`), and every download is audited as a
 * read of the record's children.
 *
 * Who may: attaching is the owning area's rule (here "document.create" on
 * a child, for an agency working with the child); downloading is decided
 * as the owning record's `.documents` action on it (a child's: "child.read";
 * a note's: "note.read"), so need-to-know is the record's own. Anyone else
 * is answered 404.
 */
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "areas/children/merged.h"
#include "areas/children/store.h"
#include "areas/documents/attach.h"
#include "areas/documents/store.h"
#include "auth/records.h"
#include "auth/session.h"
#include "core/log.h"

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

const struct field_spec documents_upload_fields[] = {
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

/*
 * The record type a route attaches documents to: the one its action is
 * about, or the record a narrower type names (a note's writer is the note).
 * NULL (logged) for a type that takes no documents: a route built wrongly.
 */
static const struct record_type *owner_type_of(const struct request *req)
{
	const struct record_type *type = records_find(policy_resource_type(req->route->action));
	if (type && type->children_as)
		type = records_find(type->children_as);
	if (!type || !type->documents || !type->href) {
		log_error("documents: %s is not about a record that takes documents", req->route->action);
		return NULL;
	}
	return type;
}

/* Where record `owner_id` of `type` lists its documents: the upload page's way back, and where an upload
 * returns. */
static void documents_listed_at(const struct record_type *type, long long owner_id, char *out, size_t size)
{
	snprintf(out, size, "%s%lld%s", type->href, owner_id, type->documents_at ? type->documents_at : "");
}

/* GET RECORD/documents/new, and the form again after errors. */
enum haven_status documents_upload_form(struct request *req, struct response *res)
{
	const struct record_type *type = owner_type_of(req);
	if (!type)
		return HAVEN_ERR_NOT_FOUND;
	long long owner_id = field_int(req->params, "id");
	char back[160], action[160];
	documents_listed_at(type, owner_id, back, sizeof back);
	snprintf(action, sizeof action, "%s%lld/documents", type->href, owner_id);
	json_t *model = json_pack("{s:s, s:s, s:s, s:i}", "title", "Upload a document", "back", back,
	                          "upload_path", action, "max_megabytes", DOCUMENT_MAX_BYTES / (1024 * 1024));
	/* a child's name says whose the document is; another record is named by its page */
	if (strcmp(type->name, "child") == 0) {
		json_t *child = NULL;
		enum haven_status st = children_names(owner_id, &child);
		if (st != HAVEN_OK) {
			json_decref(model);
			return st;
		}
		json_object_set_new(model, "child", child);
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST RECORD/documents and its API twin. */
enum haven_status documents_upload(struct request *req, struct response *res)
{
	const struct record_type *type = owner_type_of(req);
	if (!type)
		return HAVEN_ERR_NOT_FOUND;
	/* a child's record merged away takes nothing new: the document belongs on the record kept */
	if (strcmp(type->name, "child") == 0) {
		enum haven_status merged = children_refuse_merged(field_int(req->params, "id"), "child",
		                                                  "upload the document to that one", res);
		if (merged != HAVEN_OK || res->errors)
			return merged;
	}
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
	struct document_upload up = {.owner_type = type->name,
	                             .owner_id = field_int(req->params, "id"),
	                             .description = field_text(req->input, "description"),
	                             .media_type = media_type,
	                             .data = req->file->data,
	                             .len = req->file->len};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = documents_create(&up, &actor, &id);
	json_t *document = NULL;
	if (st == HAVEN_OK && (st = documents_get(id, &document)) == HAVEN_OK) {
		char listed_at[160];
		documents_listed_at(type, up.owner_id, listed_at, sizeof listed_at);
		response_success(res, "The document was uploaded");
		response_created(res, document, "%s", listed_at);
	}
	return st;
}

enum haven_status documents_attached(const char *owner_type, long long owner_id, json_t **out)
{
	enum haven_status st = documents_of(owner_type, owner_id, out);
	size_t i;
	json_t *document;
	json_array_foreach(st == HAVEN_OK ? *out : NULL, i, document)
	{
		char href[48];
		snprintf(href, sizeof href, "/documents/%lld", field_int(document, "id"));
		json_object_set_new(document, "href", json_string(href));
	}
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
    DOCUMENTS_ROUTES("/children/{id:int}", "document.create"),
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
    /* downloading one: whoever the record it is attached to lets see its documents (auth/records.h's
     * `.documents`), which decides the role too; audited as a read of the record's children */
    {.action = "document.read", .roles = ROLE_ALL, .resource = "document", .audited = true},
    {0},
};

const struct area area_documents = {
    .name = "documents",
    .routes = routes,
    .access = access,
    .records = documents_records,
    .chronology = documents_chronology,
    .subject_access = documents_subject_access,
};
