/*
 * store_sqlite.c (documents) — the SQLite side of store.h: a document's row
 * and its audit row in one unit with its sealed file, reading a file back,
 * the record type (a document belongs to the record it is attached to, whose
 * own rule says who may open it) and a child's documents in the chronology.
 *
 * The files live in the folder beside the database, "DB.documents" (mode
 * 0700), one file a document named by its id, each sealed on its own with
 * a random nonce and bound to its id (keys_seal_document), so a file moved
 * to another document's name does not open.
 */
#include "areas/documents/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "areas/calendar/london.h"
#include "auth/audit.h"
#include "auth/keys.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/durable.h"
#include "core/log.h"
#include "store/db.h"

/* ---- the files ---- */

/* "DB.documents/ID" (and the folder, made if missing) for the database `db` is on. Caller frees. */
static char *file_path(db_conn *db, long long id, const char *suffix)
{
	char *folder = db_side_folder(db, ".documents");
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%lld%s", folder, id, suffix);
	free(folder);
	return buf_steal(&b, NULL);
}

/* "document:ID": what a file is sealed to. */
static void seal_context(long long id, char *out, size_t size)
{
	snprintf(out, size, "document:%lld", id);
}

/* Writes `len` bytes to `path` and makes them durable, or removes what it wrote. */
static enum haven_status write_file(const char *path, const unsigned char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return HAVEN_ERR_IO;
	bool ok = durable_write(fd, data, len);
	ok = close(fd) == 0 && ok;
	if (!ok)
		unlink(path);
	return ok ? HAVEN_OK : HAVEN_ERR_IO;
}

/* Seals the upload into DB.documents/ID (through a temporary name, so a reader never sees half), durably: the
 * row that names it is committed only after this returns. */
static enum haven_status store_file(db_conn *db, long long id, const struct document_upload *up)
{
	char context[48];
	seal_context(id, context, sizeof context);
	size_t sealed_len = up->len + KEYS_SEAL_OVERHEAD;
	unsigned char *sealed = xmalloc(sealed_len);
	keys_seal_document(up->data, up->len, context, sealed);
	char *temporary = file_path(db, id, ".part"), *path = file_path(db, id, "");
	enum haven_status st = write_file(temporary, sealed, sealed_len);
	if (st == HAVEN_OK && rename(temporary, path) != 0) {
		unlink(temporary);
		st = HAVEN_ERR_IO;
	}
	if (st == HAVEN_OK && !durable_folder_of(path))
		st = HAVEN_ERR_IO;
	free(sealed);
	free(temporary);
	free(path);
	return st;
}

/* ---- writes ---- */

struct create_change {
	const struct document_upload *upload;
	const struct actor *actor;
	long long id;
};

static enum haven_status create_unit(db_conn *db, void *ctx)
{
	struct create_change *c = ctx;
	const struct document_upload *up = c->upload;
	json_t *row = NULL;
	char now[CALENDAR_INSTANT_SIZE]; /* to the second, as uploads have always been stamped */
	calendar_format_instant(time(NULL), now);
	enum haven_status st = db_row_with(
	    db,
	    "INSERT INTO documents (owner_type, owner_id, agency_id, description, media_type, size, "
	    "uploaded_by, uploaded_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &row, DB_TEXT(up->owner_type), DB_INT(up->owner_id), DB_INT(c->actor->agency_id),
	    DB_TEXT(up->description), DB_TEXT(up->media_type), DB_INT((long long)up->len),
	    DB_INT(c->actor->user_id), DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	c->id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	if ((st = store_file(db, c->id, up)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "document.create", "document", c->id, NULL);
}

enum haven_status documents_create(const struct document_upload *upload, const struct actor *actor,
                                   long long *id)
{
	struct create_change c = {.upload = upload, .actor = actor};
	enum haven_status st = db_write(create_unit, &c);
	if (st != HAVEN_OK && c.id) {
		/* the row was rolled back: its file, if written, goes too */
		db_conn *db = db_reader();
		if (db) {
			char *path = file_path(db, c.id, "");
			unlink(path);
			free(path);
		}
	}
	*id = c.id;
	return st;
}

/* ---- reads ---- */

enum haven_status documents_get(long long id, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT d.id, d.owner_type, d.owner_id, d.description, d.media_type,"
	                   " d.size, a.name AS agency_name, u.name AS uploaded_by_name, d.uploaded_at"
	                   " FROM documents d JOIN agencies a ON a.id = d.agency_id"
	                   " JOIN users u ON u.id = d.uploaded_by WHERE d.id = ?",
	                   out, DB_INT(id));
}

enum haven_status documents_of(const char *owner_type, long long owner_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT d.id, d.description, d.media_type, d.size, a.name AS agency_name,"
	                    " u.name AS uploaded_by_name, d.uploaded_at"
	                    " FROM documents d JOIN agencies a ON a.id = d.agency_id"
	                    " JOIN users u ON u.id = d.uploaded_by"
	                    " WHERE d.owner_type = ? AND d.owner_id = ? ORDER BY d.id",
	                    DB_TEXT(owner_type), DB_INT(owner_id));
}

enum haven_status documents_read(long long id, unsigned char **data, size_t *len)
{
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	char *path = file_path(db, id, "");
	FILE *f = fopen(path, "rb");
	free(path);
	if (!f)
		return HAVEN_ERR_IO;
	struct buf sealed = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&sealed, chunk, n);
	bool read_all = !ferror(f);
	fclose(f);
	enum haven_status st = HAVEN_ERR_IO;
	if (read_all && sealed.len >= KEYS_SEAL_OVERHEAD) {
		char context[48];
		seal_context(id, context, sizeof context);
		size_t plain_len = sealed.len - KEYS_SEAL_OVERHEAD;
		unsigned char *plain = xmalloc(plain_len ? plain_len : 1);
		if (keys_open_document((const unsigned char *)sealed.data, sealed.len, context, plain)) {
			*data = plain;
			*len = plain_len;
			st = HAVEN_OK;
		} else {
			free(plain);
			log_error("documents: document %lld's file does not open with this key file", id);
		}
	}
	buf_free(&sealed);
	return st;
}

/* ---- a child's chronology ---- */

static const char document_events[] = "SELECT d.uploaded_at AS at, d.id AS record_id, a.name AS agency,"
                                      " 'Document uploaded: ' || d.description AS text"
                                      " FROM documents d JOIN agencies a ON a.id = d.agency_id"
                                      " WHERE d.owner_type = 'child' AND d.owner_id = ?";
DB_REGISTER(document_events);

const struct chronology_kind documents_chronology[] = {{.kind = "document",
                                                        .kind_label = "Documents",
                                                        .action = "document.read",
                                                        .record_type = "document",
                                                        .href = "/documents/",
                                                        .sql = document_events},
                                                       {0}};

/* ---- record types ---- */

/* the record a document is attached to: its rule says who may open the document, and its children are the
 * document's */
static const char owner_of_document[] = "SELECT owner_type, owner_id FROM documents WHERE id = :id";
DB_REGISTER(owner_of_document);

const struct record_type documents_records[] = {
    {.name = "document", .owner = owner_of_document},
    {0},
};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

/* Those attached to the child's record itself; the notes area gives those on the child's case notes (a
 * document is about the child through the record it is attached to, whose area knows the child). */
static const char child_documents_held[] =
    "SELECT 'The child''s record' AS attached_to, description, media_type, size AS size_in_bytes, "
    "uploaded_at, (SELECT name FROM agencies "
    "WHERE id = agency_id) AS agency FROM documents WHERE owner_type = 'child' AND owner_id = ?1 "
    "ORDER BY uploaded_at, id";
DB_REGISTER(child_documents_held);

const struct subject_access_table documents_subject_access[] = {
    {.title = "Documents attached to the child's record", .sql = child_documents_held},
    {0},
};
