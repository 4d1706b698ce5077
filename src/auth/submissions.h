/*
 * submissions.h — the answers kept for "one submission, one save": a
 * person's request that carried a key (a page's submission token, or an API
 * Idempotency-Key) and made its change leaves its answer here, so a second
 * request with the same key is answered the same way without running again
 * (src/http/once.c; the table is migrations 0192 and 0198). A row is found by
 * the BLAKE2b of the person's id, the method and path and the key, never the
 * key itself, so another person's same key finds nothing. Each row holds the hash of what its request sent,
 * so a key sent again with other fields can be told apart. Rows are kept SUBMISSION_SECONDS.
 *
 * Thread-safe; the writes go through the store's writer.
 */
#ifndef HAVEN_AUTH_SUBMISSIONS_H
#define HAVEN_AUTH_SUBMISSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/token.h"
#include "core/status.h"

/* How long an answer is kept for a retry: 24 hours. */
#define SUBMISSION_SECONDS (24 * 60 * 60)

/* What a finished request answered: its status, Location and (for the API) its body. */
struct submission {
	unsigned status;
	char *location;     /* NULL: none */
	char *content_type; /* NULL: no body */
	char *body;
	/* the BLAKE2b of what the request sent (submission_request_hash) */
	unsigned char request_hash[TOKEN_HASH_SIZE];
	/* submission_find: whether the kept row's request sent the same (a row kept before 0198: true) */
	bool same_request;
};

/* Who sent a key, and where: what a kept answer is found by. */
struct submission_key {
	long long user_id;
	const char *method, *path, *key;
	/* NULL, or the request's hash, which is then part of the key (a form: see once.c) */
	const unsigned char *request_hash;
};

/*
 * The row's key for `k`: the BLAKE2b-256 of all its parts, so the same key from another person, or
 * to another address, finds nothing.
 */
void submission_key_hash(const struct submission_key *k, unsigned char out[TOKEN_HASH_SIZE]);

/*
 * What a request sent, as one hash: its typed fields `fields` (JSON text with its keys sorted, so
 * their order does not matter) and its file (`file`, `file_len` bytes; NULL: none).
 */
void submission_request_hash(const char *fields, const unsigned char *file, size_t file_len,
                             unsigned char out[TOKEN_HASH_SIZE]);

/*
 * The answer kept for `hash` since `now` less SUBMISSION_SECONDS, into `out` (its strings new: free
 * them with submission_free), with whether its request sent what `request_hash` says.
 * HAVEN_ERR_NOT_FOUND if there is none.
 */
enum haven_status submission_find(const unsigned char hash[TOKEN_HASH_SIZE], int64_t now,
                                  const unsigned char request_hash[TOKEN_HASH_SIZE],
                                  struct submission *out) HAVEN_MUST_CHECK;

/* Told, on the writer thread, how keeping an answer ended: HAVEN_OK once it is durable. */
typedef void (*submission_kept_fn)(enum haven_status result, void *ctx);

/*
 * Queues keeping `s` for `hash` (made at `now`), without waiting (db_write_async: `then` on the
 * writer thread once it is durable or has failed). A key already kept keeps its first answer.
 * HAVEN_ERR_DB, `then` never called, if it cannot be queued. Copies what it needs.
 */
enum haven_status submission_keep_async(const unsigned char hash[TOKEN_HASH_SIZE], int64_t now,
                                        const struct submission *s, submission_kept_fn then,
                                        void *then_ctx) HAVEN_MUST_CHECK;

void submission_free(struct submission *s);

/*
 * For the retention schedule (src/areas/retention): removes up to `limit` answers kept since
 * before `before`; *removed says how many.
 */
enum haven_status submissions_remove_expired(int64_t before, int limit, long long *removed) HAVEN_MUST_CHECK;

#endif
