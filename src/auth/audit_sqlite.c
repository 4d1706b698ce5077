/*
 * audit_sqlite.c — the tamper-evident audit trail (contract in audit.h): appending
 * chained rows on the writer, verifying the chain for `haven audit verify`,
 * searching the trail for the audit pages, and exporting it as CSV.
 *
 * The chain. Row N stores prev_hash = hash of row N-1 (32 zero bytes for
 * row 1) and hash = SHA-256 over a canonical encoding of its own fields,
 * its id and prev_hash. Editing a row breaks its own hash; deleting or
 * inserting one breaks the next row's link. What a bare hash chain cannot
 * show: (1) that rows were cut off the end (the chain that is left is still
 * valid), and (2) tampering by someone who rewrites and re-hashes every row
 * from the edit onwards, since the hash has no secret key. Both need the
 * head of the chain (the last id and hash) recorded somewhere the attacker
 * cannot also rewrite (an off-site log, a printed report, a key held
 * outside the database); the triggers that refuse UPDATE and DELETE stop
 * mistakes and SQL injection, not someone who has the file.
 *
 * The canonical encoding (audit_verify must reproduce it byte for byte, so
 * any change needs a new label and a migration path for old rows):
 *
 *   "haven-audit-v1" followed by one NUL byte (15 bytes), then ten fields in
 *   this order: id, at, user_id, agency_id, action, resource_type,
 *   resource_id, reason, client_address, prev_hash, each encoded as
 *     NULL     0x00
 *     integer  0x01, then 8 bytes: the value, two's complement, big-endian
 *     text     0x02, then 8 bytes: byte length, big-endian, then the UTF-8 bytes
 *     blob     0x03, then 8 bytes: byte length, big-endian, then the bytes
 *     real     0x04, then 8 bytes: the IEEE 754 bits, big-endian
 *
 * A type tag on every field keeps NULL apart from "" and 0, and the length
 * prefixes keep field boundaries unambiguous ("ab" + "c" differs from
 * "a" + "bc"). The field count is fixed, so no count is needed. Haven never
 * writes reals; the tag exists so that verify hashes whatever value it
 * finds (in a tampered file) rather than failing some other way. user_id
 * and agency_id of 0 are stored, and hashed, as NULL.
 */
#include "auth/audit.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/records.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "core/calendar.h"
#include "core/csv.h"
#include "core/fail_with.h"
#include "core/log.h"
#include "store/db.h"

#define HASH_BYTES crypto_hash_sha256_BYTES /* 32 */
#define DEFAULT_LIMIT 100
#define MAX_LIMIT 1000

static const unsigned char hash_label[] = "haven-audit-v1"; /* hashed with its NUL: 15 bytes */

enum field_tag {
	TAG_NULL = 0x00,
	TAG_INTEGER = 0x01,
	TAG_TEXT = 0x02,
	TAG_BLOB = 0x03,
	TAG_REAL = 0x04,
};

/* ---- libsodium, once ---- */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ready;

static void init_sodium(void)
{
	sodium_ready = sodium_init() >= 0;
	if (!sodium_ready)
		log_error("audit: libsodium failed to initialise");
}

static int sodium_ok(void)
{
	pthread_once(&sodium_once, init_sodium);
	return sodium_ready;
}

/* ---- the canonical encoding, streamed into the hash ---- */

static void put_u64(crypto_hash_sha256_state *h, uint64_t v)
{
	unsigned char be[8];
	for (int i = 7; i >= 0; i--) {
		be[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_hash_sha256_update(h, be, sizeof be);
}

static void put_tag(crypto_hash_sha256_state *h, enum field_tag tag)
{
	unsigned char t = (unsigned char)tag;
	crypto_hash_sha256_update(h, &t, 1);
}

static void put_null(crypto_hash_sha256_state *h)
{
	put_tag(h, TAG_NULL);
}

static void put_integer(crypto_hash_sha256_state *h, long long v)
{
	put_tag(h, TAG_INTEGER);
	put_u64(h, (uint64_t)v); /* conversion to unsigned is two's complement by definition */
}

static void put_bytes(crypto_hash_sha256_state *h, enum field_tag tag, const void *data, size_t len)
{
	put_tag(h, tag);
	put_u64(h, (uint64_t)len);
	if (len)
		crypto_hash_sha256_update(h, data, len);
}

/* A string that may be NULL: NULL is hashed as NULL, never as "". */
static void put_text_or_null(crypto_hash_sha256_state *h, const char *s)
{
	if (s)
		put_bytes(h, TAG_TEXT, s, strlen(s));
	else
		put_null(h);
}

/* An id where 0 means none, as stored. */
static void put_id_or_null(crypto_hash_sha256_state *h, long long v)
{
	if (v)
		put_integer(h, v);
	else
		put_null(h);
}

/* A column as the database holds it (by its kind), so verify hashes exactly what is in the file. */
static void put_column(crypto_hash_sha256_state *h, db_stmt *stmt, int col)
{
	switch (db_column_kind(stmt, col)) {
	case DB_KIND_NULL: put_null(h); break;
	case DB_KIND_INT: put_integer(h, db_column_int(stmt, col)); break;
	case DB_KIND_REAL: {
		double d = db_column_real(stmt, col);
		uint64_t bits;
		memcpy(&bits, &d, sizeof bits);
		put_tag(h, TAG_REAL);
		put_u64(h, bits);
		break;
	}
	case DB_KIND_TEXT: {
		const char *s = db_column_text(stmt, col);
		put_bytes(h, TAG_TEXT, s, db_column_size(stmt, col));
		break;
	}
	case DB_KIND_BLOB: {
		size_t size;
		const void *b = db_column_blob(stmt, col, &size);
		put_bytes(h, TAG_BLOB, b, size);
		break;
	}
	}
}

static void hash_begin(crypto_hash_sha256_state *h)
{
	crypto_hash_sha256_init(h);
	crypto_hash_sha256_update(h, hash_label, sizeof hash_label);
}

/* ---- appending ---- */

/* The record's id, if resource_id is a whole positive number (0 otherwise). */
static long long record_id(const char *text)
{
	if (!text || *text < '1' || *text > '9')
		return 0;
	char *end;
	errno = 0;
	long long id = strtoll(text, &end, 10);
	return errno == 0 && *end == '\0' ? id : 0;
}

/*
 * Writes audit_children for audit row `audit_id`: the children record `type`
 * `id` is about, as the area that holds such records declares them
 * (auth/records.h). Only children on the register are recorded: an
 * incident's child not yet matched has no child id to search by. A type
 * with no children query is about no child.
 */
static enum haven_status record_children_of(db_conn *db, long long audit_id, const char *type, long long id);

/*
 * A record attached to another (auth/records.h's `owner`) is about its
 * owner's children. Read on the unit's own connection: a record written in
 * this unit is not yet seen by any other.
 */
static enum haven_status record_owner_children(db_conn *db, long long audit_id,
                                               const struct record_type *record, long long id)
{
	/* the statement's one parameter, :id, is ?1 (auth/records.h) */
	db_stmt *stmt = db_prepare_registered(db, record->owner);
	if (!db_bind(stmt, DB_INT(id)))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	const char *type = step == DB_STEP_ROW ? db_column_text(stmt, 0) : NULL;
	char *owner_type = type ? xstrdup(type) : NULL;
	long long owner_id = step == DB_STEP_ROW ? db_column_int(stmt, 1) : 0;
	db_done(stmt);
	if (step == DB_STEP_ERROR)
		return HAVEN_ERR_DB;
	const struct record_type *owner = owner_type ? records_find(owner_type) : NULL;
	/* one step only: an owner that itself belongs to another is not followed */
	enum haven_status st =
	    owner && !owner->owner ? record_children_of(db, audit_id, owner->name, owner_id) : HAVEN_OK;
	free(owner_type);
	return st;
}

static enum haven_status record_children_of(db_conn *db, long long audit_id, const char *type, long long id)
{
	const struct record_type *record = records_find(type);
	if (record && record->owner)
		return record_owner_children(db, audit_id, record, id);
	if (record && record->children_as)
		record = records_find(record->children_as);
	if (id <= 0 || !record || !record->children)
		return HAVEN_OK;
	if (!record->children_insert) {
		/* set .children by hand rather than with RECORD_CHILDREN_OF: the trail would miss the
		 * children */
		log_error(
		    "audit: record type %s has a children query but no children_insert (auth/records.h)",
		    record->name);
		return HAVEN_ERR_INTERNAL;
	}
	/* this is every audited write's and read's path: one statement a record (RECORD_CHILDREN_INSERT) */
	return db_exec_deferred_values(db_prepare_registered(db, record->children_insert),
	                               DB_VALUES(DB_INT(id), DB_INT(audit_id)));
}

/* Writes audit_children for audit row `audit_id` (see audit_append). */
static enum haven_status record_children(db_conn *db, long long audit_id, const struct audit_event *event)
{
	enum haven_status st = HAVEN_OK;
	if (event->resource_type)
		st = record_children_of(db, audit_id, event->resource_type, record_id(event->resource_id));
	for (size_t i = 0; st == HAVEN_OK && event->shown && i < event->shown_count; i++)
		st = record_children_of(db, audit_id, event->shown[i].type, event->shown[i].id);
	return st;
}

/*
 * The last row appended, kept by the writer between the units of one
 * transaction (db_writer_epoch) so that each audited request in a batch
 * does not read it again: on PostgreSQL that is a round trip a row. Only
 * the writer thread touches it.
 */
static struct {
	unsigned long long epoch; /* db_writer_epoch when appended; 0: nothing kept */
	long long id;
	unsigned char hash[HASH_BYTES];
} chain_head;

/*
 * Reads the last row's id and hash: *next_id is its id + 1 (1 for an empty
 * trail), its hash is copied to prev (left zero for an empty trail), or, if
 * it has the wrong size, to a malloc'd *odd_prev of *prev_len bytes.
 * Stepped by hand: the hash is a blob.
 */
static enum haven_status read_last_row(db_conn *db, long long *next_id, unsigned char prev[HASH_BYTES],
                                       unsigned char **odd_prev, size_t *prev_len)
{
	db_stmt *last = db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!last)
		return HAVEN_ERR_DB;
	enum db_step step = db_step(last);
	if (step == DB_STEP_ROW) {
		long long last_id = db_column_int(last, 0);
		size_t n;
		const void *h = db_column_blob(last, 1, &n);
		if (last_id == LLONG_MAX) {
			db_done(last);
			log_error("audit: the audit trail's ids are exhausted");
			return HAVEN_ERR_INTERNAL;
		}
		*next_id = last_id + 1;
		if (n == HASH_BYTES) {
			memcpy(prev, h, HASH_BYTES);
		} else {
			/* Someone has damaged the last row. Refusing to append would stop
			 * every audited action (the service would be down); chaining to what
			 * is there keeps recording, and audit_verify names the damaged row. */
			log_error(
			    "audit: the last audit row (%lld) has a %zu-byte hash; run 'haven audit verify'",
			    last_id, n);
			*odd_prev = xmalloc(n > 0 ? n : 1);
			if (n > 0)
				memcpy(*odd_prev, h, n);
			*prev_len = n;
		}
	} else if (step == DB_STEP_ERROR) {
		log_error("audit: cannot read the last audit row");
		db_done(last);
		return HAVEN_ERR_DB;
	}
	db_done(last);
	return HAVEN_OK;
}

enum haven_status audit_append(struct store_tx *tx, const struct audit_event *event)
{
	db_conn *db = db_tx_conn(tx);
	if (!event || !event->action || !*event->action || event->user_id < 0 || event->agency_id < 0)
		return HAVEN_ERR_INVALID;
	if (!sodium_ok())
		return HAVEN_ERR_INTERNAL;

	/* The last row: the one this transaction appended last if it still
	 * holds it (chain_head), else read inside the writer's transaction, so
	 * nothing can be appended between this read and the insert below. */
	unsigned long long epoch = db_writer_epoch(db);
	long long id = 1;
	unsigned char prev[HASH_BYTES] = {0};
	unsigned char *prev_hash = prev;
	size_t prev_len = sizeof prev;
	unsigned char *odd_prev = NULL; /* a previous hash of the wrong size, copied */
	if (epoch && chain_head.epoch == epoch) {
		if (chain_head.id == LLONG_MAX) {
			log_error("audit: the audit trail's ids are exhausted");
			return HAVEN_ERR_INTERNAL;
		}
		id = chain_head.id + 1;
		memcpy(prev, chain_head.hash, HASH_BYTES);
	} else {
		enum haven_status read = read_last_row(db, &id, prev, &odd_prev, &prev_len);
		if (read != HAVEN_OK)
			return read;
		if (odd_prev)
			prev_hash = odd_prev;
	}

	char at[40];
	log_timestamp(at, sizeof at);

	crypto_hash_sha256_state h;
	unsigned char hash[HASH_BYTES];
	hash_begin(&h);
	put_integer(&h, id);
	put_text_or_null(&h, at);
	put_id_or_null(&h, event->user_id);
	put_id_or_null(&h, event->agency_id);
	put_text_or_null(&h, event->action);
	put_text_or_null(&h, event->resource_type);
	put_text_or_null(&h, event->resource_id);
	put_text_or_null(&h, event->reason);
	put_text_or_null(&h, event->client_address);
	put_bytes(&h, TAG_BLOB, prev_hash, prev_len);
	crypto_hash_sha256_final(&h, hash);

	/* user_id and agency_id of 0 are stored as NULL, as they are hashed; NULL strings bind NULL.
	 * Nothing reads the row back before the unit ends, so on PostgreSQL it is sent without waiting for
	 * its answer, as are its audit_children rows; a failure fails the unit then (db.h). */
	enum haven_status st = db_exec_deferred_values(
	    db_prepare(db, "INSERT INTO audit_log (id, at, user_id, agency_id, action, resource_type,"
	                   " resource_id, reason, client_address, prev_hash, hash)"
	                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	    DB_VALUES(DB_INT(id), DB_TEXT(at), event->user_id ? DB_INT(event->user_id) : DB_NULL,
	              event->agency_id ? DB_INT(event->agency_id) : DB_NULL, DB_TEXT(event->action),
	              DB_TEXT(event->resource_type), DB_TEXT(event->resource_id), DB_TEXT(event->reason),
	              DB_TEXT(event->client_address), DB_BLOB(prev_hash, prev_len),
	              DB_BLOB(hash, sizeof hash)));
	free(odd_prev);
	if (st == HAVEN_OK && epoch) {
		/* kept until this transaction ends or a unit is rolled back */
		chain_head.epoch = epoch;
		chain_head.id = id;
		memcpy(chain_head.hash, hash, HASH_BYTES);
	}
	if (st == HAVEN_OK)
		st = record_children(db, id, event);
	return st;
}

/* ---- verifying ---- */

/* The chain's state between rows: the previous row's id and hash. */
struct chain {
	long long id; /* 0 before the first row */
	unsigned char *hash;
	size_t len;
};

static int blob_equal(const void *a, size_t alen, const void *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/*
 * Checks one row against its own hash and the row before; NULL if it is
 * sound, else a malloc'd sentence. Column order as in audit_verify's SELECT.
 */
static char *check_row(db_stmt *stmt, const struct chain *before)
{
	static const unsigned char zeros[HASH_BYTES] = {0};
	long long id = db_column_int(stmt, 0);
	struct buf b = BUF_INIT;

	crypto_hash_sha256_state h;
	unsigned char want[HASH_BYTES];
	hash_begin(&h);
	for (int col = 0; col < 10; col++)
		put_column(&h, stmt, col);
	crypto_hash_sha256_final(&h, want);
	size_t hash_len;
	const void *hash = db_column_blob(stmt, 10, &hash_len);
	if (db_column_kind(stmt, 10) != DB_KIND_BLOB || !blob_equal(hash, hash_len, want, sizeof want)) {
		buf_printf(&b, "row %lld: its contents do not match its hash (edited?)", id);
		return buf_steal(&b, NULL);
	}

	size_t prev_len;
	const void *prev = db_column_blob(stmt, 9, &prev_len);
	bool prev_is_blob = db_column_kind(stmt, 9) == DB_KIND_BLOB;
	if (before->id == 0) {
		if (!prev_is_blob || !blob_equal(prev, prev_len, zeros, sizeof zeros)) {
			if (id > 1)
				buf_printf(&b, "row %lld: does not start the trail (rows before it deleted?)",
				           id);
			else
				buf_printf(&b, "row %lld: the first row does not start the chain (forged?)",
				           id);
		} else if (id != 1) {
			buf_printf(&b, "row %lld: the trail starts at row %lld, not row 1 (forged?)", id, id);
		}
	} else if (!prev_is_blob || !blob_equal(prev, prev_len, before->hash, before->len)) {
		if (id == before->id + 1)
			buf_printf(
			    &b, "row %lld: does not follow row %lld (row %lld replaced, or this row forged?)",
			    id, before->id, before->id);
		else if (id == before->id + 2)
			buf_printf(&b, "row %lld: does not follow row %lld (row %lld deleted?)", id,
			           before->id, before->id + 1);
		else
			buf_printf(&b, "row %lld: does not follow row %lld (rows %lld to %lld deleted?)", id,
			           before->id, before->id + 1, id - 1);
	} else if (id != before->id + 1) {
		/* Linked correctly but numbered out of step: Haven always appends
		 * last id + 1, so this row was written by something else. */
		buf_printf(&b, "row %lld: follows row %lld but its id is out of sequence (forged?)", id,
		           before->id);
	}
	return b.len ? buf_steal(&b, NULL) : NULL;
}

enum haven_status audit_verify(const char *path, long long *rows, long long *first_bad_id, char **why)
{
	*rows = 0;
	*first_bad_id = 0;
	*why = NULL;
	if (!sodium_ok())
		return fail_with(why, HAVEN_ERR_INTERNAL, "libsodium failed to initialise");

	db_conn *db;
	char cannot[DB_WHY_SIZE];
	enum haven_status opened = db_open_file(path, &db, cannot);
	if (opened != HAVEN_OK)
		return fail_with(why, opened, "cannot open %s: %s", path, cannot);

	/* One statement reads one consistent snapshot, even while Haven runs. */
	db_stmt *stmt =
	    db_prepare_once(db, "SELECT id, at, user_id, agency_id, action, resource_type, resource_id,"
	                        " reason, client_address, prev_hash, hash FROM audit_log ORDER BY id");
	if (!stmt) {
		enum haven_status st =
		    fail_with(why, HAVEN_ERR_DB, "cannot read the audit trail in %s: %s", path, db_error(db));
		db_close_file(db);
		return st;
	}

	enum haven_status st = HAVEN_OK;
	struct chain before = {0, NULL, 0};
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		(*rows)++;
		char *problem = check_row(stmt, &before);
		if (problem) {
			*first_bad_id = db_column_int(stmt, 0);
			*why = problem;
			st = HAVEN_ERR_INVALID;
			break;
		}
		before.id = db_column_int(stmt, 0);
		const void *hash = db_column_blob(stmt, 10, &before.len);
		free(before.hash);
		before.hash = xmalloc(before.len ? before.len : 1);
		if (before.len)
			memcpy(before.hash, hash, before.len);
	}
	if (st == HAVEN_OK && step != DB_STEP_DONE)
		st =
		    fail_with(why, HAVEN_ERR_DB, "cannot read the audit trail in %s: %s", path, db_error(db));
	free(before.hash);
	db_finalize(stmt);
	db_close_file(db);
	return st;
}

/* ---- searching ---- */

/*
 * One statement per leading filter, so SQLite can use the matching index
 * (audit_children's key, audit_by_user, audit_by_resource, audit_by_action) or walk the rowid
 * backwards when there is none; the other filters are optional terms on
 * the same numbered parameters. Each is a separate array so db_prepare's
 * cache (keyed on the address) holds each once.
 */
#define SEARCH_SELECT                                                                                        \
	"SELECT a.id AS id, a.at AS at, a.user_id AS user_id, u.name AS user_name, a.agency_id AS "          \
	"agency_id,"                                                                                         \
	" g.name AS agency_name, a.action AS action, a.resource_type AS resource_type,"                      \
	" a.resource_id AS resource_id, a.reason AS reason, a.client_address AS client_address"              \
	" FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN agencies g ON g.id = a.agency_id" \
	" WHERE "
#define SEARCH_FILTERS                                                                                       \
	"(?1 = 0 OR a.user_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR a.resource_type = ?2)"                  \
	" AND (CAST(?3 AS TEXT) IS NULL OR a.resource_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR a.action = " \
	"?4)"                                                                                                \
	" AND (CAST(?5 AS TEXT) IS NULL OR substr(a.at, 1, 10) >= ?5) AND (CAST(?6 AS TEXT) IS NULL OR "     \
	"substr(a.at, 1, 10) <= ?6)"
/* Newest first: rows below id ?7 (bound past every id for the first page), a range of the rowid. */
#define SEARCH_OLDER " AND a.id < ?7 ORDER BY a.id DESC LIMIT ?8"
/* The page before: rows above id ?7, oldest first (the caller puts them back in order). */
#define SEARCH_NEWER " AND a.id > ?7 ORDER BY a.id ASC LIMIT ?8"

static const char search_by_user[] = SEARCH_SELECT "a.user_id = ?1 AND " SEARCH_FILTERS SEARCH_OLDER;
/* by record: both parts of audit_by_resource, so a record's rows are one index range */
static const char search_by_resource[] =
    SEARCH_SELECT "a.resource_type = ?2 AND a.resource_id = ?3 AND " SEARCH_FILTERS SEARCH_OLDER;
static const char search_by_action[] = SEARCH_SELECT "a.action = ?4 AND " SEARCH_FILTERS SEARCH_OLDER;
static const char search_any[] = SEARCH_SELECT SEARCH_FILTERS SEARCH_OLDER;
static const char newer_by_user[] = SEARCH_SELECT "a.user_id = ?1 AND " SEARCH_FILTERS SEARCH_NEWER;
static const char newer_by_resource[] =
    SEARCH_SELECT "a.resource_type = ?2 AND a.resource_id = ?3 AND " SEARCH_FILTERS SEARCH_NEWER;
static const char newer_by_action[] = SEARCH_SELECT "a.action = ?4 AND " SEARCH_FILTERS SEARCH_NEWER;
static const char newer_any[] = SEARCH_SELECT SEARCH_FILTERS SEARCH_NEWER;
/* By child: the rows that showed the child (audit_children), and the rows
 * about the child's record written before audit_children existed. Each part
 * is an index lookup, and the row ids they give are looked up by id. */
#define BY_CHILD                                                                                             \
	"a.id IN (SELECT audit_id FROM audit_children WHERE child_id = ?9"                                   \
	" UNION SELECT id FROM audit_log WHERE resource_type = 'child' AND resource_id = ?10) AND "
static const char search_by_child[] = SEARCH_SELECT BY_CHILD SEARCH_FILTERS SEARCH_OLDER;
static const char newer_by_child[] = SEARCH_SELECT BY_CHILD SEARCH_FILTERS SEARCH_NEWER;
DB_REGISTER(search_by_user);
DB_REGISTER(search_by_resource);
DB_REGISTER(search_by_action);
DB_REGISTER(search_any);
DB_REGISTER(newer_by_user);
DB_REGISTER(newer_by_resource);
DB_REGISTER(newer_by_action);
DB_REGISTER(newer_any);
DB_REGISTER(search_by_child);
DB_REGISTER(newer_by_child);

/* NULL and "" both mean "any": a form's empty field is not a filter. */
static const char *filter(const char *s)
{
	return s && *s ? s : NULL;
}

enum haven_status audit_search(const struct audit_query *query, json_t **out)
{
	*out = NULL;
	const char *resource_type = filter(query->resource_type);
	const char *resource_id = filter(query->resource_id);
	const char *action = filter(query->action);
	const char *from_date = filter(query->from_date);
	const char *to_date = filter(query->to_date);
	long long limit = query->limit ? query->limit : DEFAULT_LIMIT;
	int32_t day; /* dates are compared as text, so they must be real dates, shaped YYYY-MM-DD */
	if (query->user_id < 0 || query->child_id < 0 || query->before_id < 0 || query->after_id < 0 ||
	    limit < 1 || limit > MAX_LIMIT || (from_date && !calendar_parse(from_date, &day)) ||
	    (to_date && !calendar_parse(to_date, &day)))
		return HAVEN_ERR_INVALID;

	bool newer = query->after_id > 0;
	const char *sql = query->child_id                ? (newer ? newer_by_child : search_by_child)
	                  : query->user_id               ? (newer ? newer_by_user : search_by_user)
	                  : resource_type && resource_id ? (newer ? newer_by_resource : search_by_resource)
	                  : action                       ? (newer ? newer_by_action : search_by_action)
	                                                 : (newer ? newer_any : search_any);
	char child[32]; /* ?10, bound without a copy: it lives until the rows are read */
	snprintf(child, sizeof child, "%lld", query->child_id);
	const struct db_value values[] = {
	    DB_INT(query->user_id),
	    DB_TEXT(resource_type),
	    DB_TEXT(resource_id),
	    DB_TEXT(action),
	    DB_TEXT(from_date),
	    DB_TEXT(to_date),
	    DB_INT(newer                  ? query->after_id
	           : query->before_id > 0 ? query->before_id
	                                  : INT64_MAX),
	    DB_INT(limit + (query->one_more ? 1 : 0)),
	    DB_INT(query->child_id), /* ?9 and ?10: only the searches by child have them */
	    DB_TEXT(child),
	};
	size_t count = sizeof values / sizeof values[0] - (query->child_id ? 0 : 2);
	return db_read_rows_values(out, db_prepare_registered(db_reader(), sql), values, count);
}

/* ---- what someone did, as the stores record it ---- */

enum haven_status audit_record(struct store_tx *tx, const struct actor *actor, const char *action,
                               const char *type, long long id, const char *reason)
{
	return audit_record_shown(tx, actor, action, type, id, reason, NULL);
}

enum haven_status audit_record_shown(struct store_tx *tx, const struct actor *actor, const char *action,
                                     const char *type, long long id, const char *reason,
                                     const struct audit_shown *shown)
{
	bool names_record = type && id != 0;
	char id_text[32];
	snprintf(id_text, sizeof id_text, "%lld", id);
	struct audit_event e = {
	    .user_id = actor ? actor->user_id : 0,
	    .agency_id = actor ? actor->agency_id : 0,
	    .action = action,
	    .resource_type = names_record ? type : NULL,
	    .resource_id = names_record ? id_text : NULL,
	    .reason = reason,
	    .client_address = actor ? actor->client_address : NULL,
	    .shown = shown ? shown->records : NULL,
	    .shown_count = shown ? shown->count : 0,
	};
	return audit_append(tx, &e);
}

/* ---- CSV ---- */

static const char *const csv_columns[] = {
    "id",          "at",          "user_id",        "user_name",
    "agency_id",   "agency_name", "action",         "resource_type",
    "resource_id", "reason",      "client_address",
};

/* Quoting and the guard against spreadsheet formulas are core/csv.h's. */
void audit_write_csv(const json_t *rows, struct buf *out)
{
	struct csv csv = CSV_INIT(out);
	size_t ncols = sizeof csv_columns / sizeof csv_columns[0];
	csv_header(&csv, csv_columns, ncols);
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < ncols; c++) {
			const json_t *v = json_object_get(row, csv_columns[c]);
			if (json_is_integer(v))
				csv_integer(&csv, (long long)json_integer_value(v));
			else if (json_is_string(v))
				csv_text_len(&csv, json_string_value(v), json_string_length(v));
			else
				csv_empty(&csv); /* null or missing */
		}
		csv_end_row(&csv);
	}
}
