/*
 * submissions_sqlite.c — the answers kept for "one submission, one save"
 * (contract in submissions.h; the table is migrations 0192 and 0198), on either store.
 */
#include "auth/submissions.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sodium.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "store/db.h"
#include "store/expired_rows_sqlite.h"

void submission_key_hash(const struct submission_key *k, unsigned char out[TOKEN_HASH_SIZE])
{
	struct buf text = BUF_INIT;
	buf_printf(&text, "%lld\n%s %s\n%s", k->user_id, k->method, k->path, k->key);
	if (k->request_hash) {
		char hex[TOKEN_HASH_SIZE * 2 + 1];
		sodium_bin2hex(hex, sizeof hex, k->request_hash, TOKEN_HASH_SIZE);
		buf_printf(&text, "\n%s", hex);
	}
	token_hash(buf_cstr(&text), out);
	buf_free(&text);
}

void submission_request_hash(const char *fields, const unsigned char *file, size_t file_len,
                             unsigned char out[TOKEN_HASH_SIZE])
{
	auth_start_sodium();
	crypto_generichash_state state;
	crypto_generichash_init(&state, NULL, 0, TOKEN_HASH_SIZE);
	/* the fields' length first, so no split of the same bytes between fields and file hashes alike */
	char length[32];
	size_t fields_len = fields ? strlen(fields) : 0;
	snprintf(length, sizeof length, "%zu\n", fields_len);
	crypto_generichash_update(&state, (const unsigned char *)length, strlen(length));
	if (fields_len)
		crypto_generichash_update(&state, (const unsigned char *)fields, fields_len);
	if (file && file_len)
		crypto_generichash_update(&state, file, file_len);
	crypto_generichash_final(&state, out, TOKEN_HASH_SIZE);
}

static char *copy_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

enum haven_status submission_find(const unsigned char hash[TOKEN_HASH_SIZE], int64_t now,
                                  const unsigned char request_hash[TOKEN_HASH_SIZE], struct submission *out)
{
	json_t *row = NULL;
	enum haven_status st = db_row_with(
	    db_reader(),
	    "SELECT status, location, content_type, body,"
	    " CASE WHEN request_hash IS NULL OR request_hash = ? THEN 1 ELSE 0 END AS same_request"
	    " FROM submissions WHERE key_hash = ? AND created_at > ?",
	    &row, DB_BLOB(request_hash, TOKEN_HASH_SIZE), DB_BLOB(hash, TOKEN_HASH_SIZE),
	    DB_INT(now - SUBMISSION_SECONDS));
	if (st != HAVEN_OK)
		return st;
	*out = (struct submission){
	    .status = (unsigned)json_integer_value(json_object_get(row, "status")),
	    .location = copy_or_null(json_string_value(json_object_get(row, "location"))),
	    .content_type = copy_or_null(json_string_value(json_object_get(row, "content_type"))),
	    .body = copy_or_null(json_string_value(json_object_get(row, "body"))),
	    .same_request = json_integer_value(json_object_get(row, "same_request")) == 1,
	};
	memcpy(out->request_hash, request_hash, TOKEN_HASH_SIZE);
	json_decref(row);
	return HAVEN_OK;
}

/* One answer to keep, owned until the writer is done with it. */
struct keep {
	unsigned char hash[TOKEN_HASH_SIZE];
	int64_t now;
	struct submission s;
	submission_kept_fn then;
	void *then_ctx;
};

static enum haven_status write_keep(db_conn *db, void *ctx)
{
	struct keep *k = ctx;
	/* a key kept already (a retry from another process that got there first) keeps its first answer */
	return db_exec_with(db,
	                    "INSERT INTO submissions (key_hash, status, location, content_type, body, "
	                    "request_hash, created_at)"
	                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING",
	                    DB_BLOB(k->hash, TOKEN_HASH_SIZE), DB_INT(k->s.status), DB_TEXT(k->s.location),
	                    DB_TEXT(k->s.content_type), DB_TEXT(k->s.body),
	                    DB_BLOB(k->s.request_hash, TOKEN_HASH_SIZE), DB_INT(k->now));
}

static void kept(enum haven_status result, void *ctx)
{
	struct keep *k = ctx;
	k->then(result, k->then_ctx);
	submission_free(&k->s);
	free(k);
}

enum haven_status submission_keep_async(const unsigned char hash[TOKEN_HASH_SIZE], int64_t now,
                                        const struct submission *s, submission_kept_fn then, void *then_ctx)
{
	struct keep *k = xcalloc(1, sizeof *k);
	memcpy(k->hash, hash, TOKEN_HASH_SIZE);
	k->now = now;
	k->s = (struct submission){
	    .status = s->status,
	    .location = copy_or_null(s->location),
	    .content_type = copy_or_null(s->content_type),
	    .body = copy_or_null(s->body),
	};
	memcpy(k->s.request_hash, s->request_hash, TOKEN_HASH_SIZE);
	k->then = then;
	k->then_ctx = then_ctx;
	enum haven_status st = db_write_async(write_keep, k, kept, k);
	if (st != HAVEN_OK) {
		submission_free(&k->s);
		free(k);
	}
	return st;
}

void submission_free(struct submission *s)
{
	free(s->location);
	free(s->content_type);
	free(s->body);
	*s = (struct submission){0};
}

static const char remove_expired[] = "DELETE FROM submissions WHERE id IN (SELECT id FROM submissions"
                                     " WHERE created_at <= ?1 ORDER BY id LIMIT ?2)";
DB_REGISTER(remove_expired);

enum haven_status submissions_remove_expired(int64_t before, int limit, long long *removed)
{
	return expired_rows_remove(remove_expired, before, limit, removed);
}
