/*
 * sqlite_backup.c — SQLite's own: copying a live database to a backup file, and a backup back
 * into place (`haven backup`, `haven restore`; see store.h).
 *
 * Why not `sqlite3 DB ".backup FILE"`: it copies a hundred pages at a time,
 * and when anyone writes between two steps SQLite starts the copy again from
 * the beginning. Haven writes all the time (every audited read adds an audit
 * row), so that copy never finishes. Here the whole database is copied in
 * one step, inside one read transaction: in WAL mode a reader does not stop
 * the writer, and the copy is the database as it was at one instant, with
 * everything committed before the backup began.
 *
 * Both directions go through a temporary or locked file, never a half-made
 * one: the backup is written beside FILE and renamed into place only once
 * it is complete, checked and on disk; a restore holds the lock that every
 * Haven process opening the database takes (store_open), so it cannot run
 * under a server, nor a server start under it.
 *
 * Documents' files (areas/documents) are kept beside the database, in
 * DB.documents/ID for each row of `documents`, sealed. A file is written and
 * on disk before the row naming it commits, and never changes afterwards, so
 * the backup copies, after taking the database's copy, exactly the files the
 * copy names into FILE.documents/ (every one must be there), before FILE
 * gets its name: a backup that exists has all its documents. A restore
 * checks the backup's folder first, then puts those files back beside the
 * database and removes any the restored database does not name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/backend.h"
#include "store/store.h"

#include "core/alloc.h"
#include "core/buf.h"

static sqlite3 *open_file(const char *path, int flags)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK || !sqlite_register_lower(db)) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	return db;
}

/* The text of the first row of a one-column query, in out (empty if none); the SQLite result code. */
static int query_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *stmt = NULL;
	out[0] = '\0';
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
			snprintf(out, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Copies all of `from` into `to` in one step (one read transaction on `from`); the SQLite result code. */
static int copy_database(sqlite3 *from, sqlite3 *to)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return sqlite3_errcode(to);
	int rc = sqlite3_backup_step(b, -1);
	int finish = sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? finish : rc;
}

/* fsync of the file or directory at path; 0 or -1. */
static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory part of path ("." if none), malloc'd. */
static char *directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* ---- documents' files beside the database ---- */

/* "PATH.documents": the folder of the database at path's documents, malloc'd. */
static char *documents_folder(const char *db_path)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s.documents", db_path);
	return buf_steal(&b, NULL);
}

/*
 * The ids of the documents the database `db` names, in *ids (malloc'd,
 * *count of them; none if it has no documents table); the SQLite result code.
 */
static int named_documents(sqlite3 *db, long long **ids, size_t *count)
{
	*ids = NULL;
	*count = 0;
	sqlite3_stmt *stmt = NULL;
	char exists[8];
	int rc = query_text(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'documents'",
	                    exists, sizeof exists);
	if (rc != SQLITE_OK || !exists[0])
		return rc;
	rc = sqlite3_prepare_v2(db, "SELECT id FROM documents ORDER BY id", -1, &stmt, NULL);
	size_t cap = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*count)++] = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Copies the file `from` to the new file `to` (refused if it exists) and puts it on disk; 0, or -1 with
 * errno.
 */
static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		int saved = errno;
		close(in);
		errno = saved;
		return -1;
	}
	char chunk[65536];
	ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = read(in, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			rc = errno == EINTR ? 0 : -1;
			continue;
		}
		for (ssize_t done = 0; rc == 0 && done < n;) {
			ssize_t w = write(out, chunk + done, (size_t)(n - done));
			if (w < 0 && errno != EINTR)
				rc = -1;
			else if (w > 0)
				done += w;
		}
	}
	int saved = errno;
	if (rc == 0 && fsync(out) != 0)
		rc = -1;
	saved = rc ? errno : saved;
	close(in);
	if (close(out) != 0 && rc == 0)
		rc = -1;
	if (rc != 0) {
		unlink(to);
		errno = saved;
	}
	return rc;
}

/*
 * Copies each document `ids` names from the folder `from` into the folder
 * `to` (made, mode 0700, if missing), each file through a temporary name, so
 * a file there is always whole, then puts the folder on disk. A missing
 * file is an error naming it.
 */
static enum haven_status copy_documents(const long long *ids, size_t count, const char *from, const char *to,
                                        char **err)
{
	if (mkdir(to, 0700) != 0 && errno != EEXIST)
		return fail_with(err, HAVEN_ERR_IO, "cannot make %s: %s", to, strerror(errno));
	enum haven_status st = HAVEN_OK;
	for (size_t i = 0; st == HAVEN_OK && i < count; i++) {
		struct buf source = BUF_INIT, part = BUF_INIT, target = BUF_INIT;
		buf_printf(&source, "%s/%lld", from, ids[i]);
		buf_printf(&part, "%s/%lld.restoring", to, ids[i]);
		buf_printf(&target, "%s/%lld", to, ids[i]);
		unlink(part.data);
		if (access(source.data, F_OK) != 0)
			st = fail_with(err, HAVEN_ERR_NOT_FOUND, "document %lld's file %s is missing", ids[i],
			               source.data);
		else if (copy_file(source.data, part.data) != 0 || rename(part.data, target.data) != 0)
			st = fail_with(err, HAVEN_ERR_IO, "cannot copy %s to %s: %s", source.data, to,
			               strerror(errno));
		if (st != HAVEN_OK)
			unlink(part.data);
		buf_free(&source);
		buf_free(&part);
		buf_free(&target);
	}
	if (st == HAVEN_OK && sync_path(to) != 0)
		st = fail_with(err, HAVEN_ERR_IO, "cannot write %s to disk: %s", to, strerror(errno));
	return st;
}

/* Removes from the folder `path` every file that is not one of the documents `ids` names. */
static void remove_unnamed(const char *path, const long long *ids, size_t count)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *end = NULL;
		long long id = strtoll(e->d_name, &end, 10);
		bool named = false;
		for (size_t i = 0; end && *end == '\0' && i < count && !named; i++)
			named = ids[i] == id;
		if (named)
			continue;
		struct buf file = BUF_INIT;
		buf_printf(&file, "%s/%s", path, e->d_name);
		unlink(file.data);
		buf_free(&file);
	}
	closedir(d);
	sync_path(path);
}

/* Removes the folder `path` and the files in it (documents' files: no folders within). */
static void remove_folder(const char *path)
{
	remove_unnamed(path, NULL, 0);
	rmdir(path);
}

/*
 * Checks that `db` is whole (PRAGMA integrity_check, or quick_check when
 * `quick`) and a Haven database this Haven can run; HAVEN_OK or the reason.
 */
static enum haven_status check_copy(sqlite3 *db, const char *path, bool quick, char **err)
{
	char result[256], version[32];
	int rc =
	    query_text(db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check", result, sizeof result);
	if (rc != SQLITE_OK)
		return fail_with(err, HAVEN_ERR_DB, "cannot check %s: %s", path, sqlite3_errstr(rc));
	if (strcmp(result, "ok") != 0)
		return fail_with(err, HAVEN_ERR_INVALID, "%s is damaged: %s", path, result);
	if (query_text(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", version,
	               sizeof version) != SQLITE_OK)
		return fail_with(err, HAVEN_ERR_INVALID, "%s is not a Haven database", path);
	if (atoi(version) > store_schema_version())
		return fail_with(err, HAVEN_ERR_VERSION,
		                 "%s is at schema version %s, newer than this Haven (%d)", path, version,
		                 store_schema_version());
	return HAVEN_OK;
}

enum haven_status store_backup(const char *db_path, const char *to, unsigned long long *bytes,
                               unsigned long long *documents, char **err)
{
	*err = NULL;
	if (db_backend_for(db_path) != &db_sqlite_ops)
		return fail_with(
		    err, HAVEN_ERR_INVALID,
		    "--db: haven backup copies an SQLite file; back up PostgreSQL with its own tools "
		    "(pg_basebackup, pg_dump)");
	if (access(db_path, F_OK) != 0)
		return fail_with(err, HAVEN_ERR_NOT_FOUND, "there is no database at %s", db_path);
	if (access(to, F_OK) == 0)
		return fail_with(err, HAVEN_ERR_CONFLICT, "%s already exists: give the backup a new name",
		                 to);
	char *documents_to = documents_folder(to);
	if (access(documents_to, F_OK) == 0) {
		free(documents_to);
		return fail_with(err, HAVEN_ERR_CONFLICT,
		                 "%s.documents already exists: give the backup a new name", to);
	}
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.partial-XXXXXX", to);
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		buf_free(&tmp);
		free(documents_to);
		return fail_with(err, HAVEN_ERR_IO, "cannot write beside %s: %s", to, strerror(errno));
	}
	close(fd);
	enum haven_status st = HAVEN_OK;
	sqlite3 *from = open_file(db_path, SQLITE_OPEN_READONLY);
	sqlite3 *copy = open_file(tmp.data, SQLITE_OPEN_READWRITE);
	long long *ids = NULL;
	size_t id_count = 0;
	char *documents_from = documents_folder(db_path), *documents_tmp = documents_folder(tmp.data);
	int rc;
	if (!from || !copy) {
		st = fail_with(err, HAVEN_ERR_DB, "cannot open %s", from ? tmp.data : db_path);
	} else if ((rc = copy_database(from, copy)) != SQLITE_OK) {
		st = fail_with(err, rc == SQLITE_FULL ? HAVEN_ERR_IO : HAVEN_ERR_DB, "cannot copy %s: %s",
		               db_path, sqlite3_errstr(rc));
	} else if (sqlite3_exec(copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		/* one self-contained file, with no write-ahead log beside it */
		st = fail_with(err, HAVEN_ERR_DB, "cannot finish the backup: %s", sqlite3_errmsg(copy));
	} else if ((st = check_copy(copy, tmp.data, true, err)) == HAVEN_OK && bytes) {
		char size[32];
		*bytes = 0;
		if (query_text(copy, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
		               size, sizeof size) == SQLITE_OK)
			*bytes = strtoull(size, NULL, 10);
	}
	/* the documents the copy names, from the live folder: each was on disk before its row committed */
	if (st == HAVEN_OK && (rc = named_documents(copy, &ids, &id_count)) != SQLITE_OK)
		st = fail_with(err, HAVEN_ERR_DB, "cannot list the backup's documents: %s",
		               sqlite3_errstr(rc));
	if (st == HAVEN_OK && id_count > 0)
		st = copy_documents(ids, id_count, documents_from, documents_tmp, err);
	if (documents)
		*documents = st == HAVEN_OK ? id_count : 0;
	sqlite3_close(from);
	sqlite3_close(copy);
	if (st == HAVEN_OK && sync_path(tmp.data) != 0)
		st = fail_with(err, HAVEN_ERR_IO, "cannot write %s to disk: %s", tmp.data, strerror(errno));
	/* the documents' folder is named first: a backup that has its name has its documents */
	bool folder_named = false;
	if (st == HAVEN_OK && id_count > 0) {
		if (rename(documents_tmp, documents_to) != 0)
			st =
			    fail_with(err, HAVEN_ERR_IO, "cannot name %s: %s", documents_to, strerror(errno));
		folder_named = st == HAVEN_OK;
	}
	/* link() refuses to replace a file that appeared meanwhile */
	if (st == HAVEN_OK && link(tmp.data, to) != 0)
		st = fail_with(err, HAVEN_ERR_IO, "cannot name the backup %s: %s", to, strerror(errno));
	if (st != HAVEN_OK && folder_named)
		remove_folder(documents_to);
	remove_folder(documents_tmp);
	free(documents_to);
	free(documents_tmp);
	free(documents_from);
	free(ids);
	unlink(tmp.data);
	if (st == HAVEN_OK) {
		char *dir = directory_of(to);
		sync_path(dir); /* the new name, on disk too */
		free(dir);
	}
	buf_free(&tmp);
	return st;
}

int store_lock_database(const char *path, bool exclusive)
{
	int fd = open(path, O_RDWR | O_CLOEXEC | (exclusive ? O_CREAT : 0), 0600);
	if (fd < 0)
		return -1;
	/* flock, not fcntl: SQLite's own locks are fcntl locks, which the two never touch */
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

enum haven_status store_restore(const char *from_path, const char *db_path, char **err)
{
	*err = NULL;
	if (db_backend_for(db_path) != &db_sqlite_ops)
		return fail_with(
		    err, HAVEN_ERR_INVALID,
		    "--db: haven restore writes an SQLite file; restore PostgreSQL with its own tools "
		    "(pg_restore, or a base backup)");
	struct stat sb;
	if (stat(from_path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return fail_with(err, HAVEN_ERR_NOT_FOUND, "there is no backup at %s", from_path);
	/* The backup is checked whole before anything is touched. */
	sqlite3 *from = open_file(from_path, SQLITE_OPEN_READONLY);
	if (!from)
		return fail_with(err, HAVEN_ERR_DB, "cannot open %s", from_path);
	enum haven_status st = check_copy(from, from_path, false, err);
	/* and its documents: every file it names must be in FROM.documents */
	long long *ids = NULL;
	size_t id_count = 0;
	char *documents_from = documents_folder(from_path), *documents_to = documents_folder(db_path);
	int rc;
	if (st == HAVEN_OK && (rc = named_documents(from, &ids, &id_count)) != SQLITE_OK)
		st = fail_with(err, HAVEN_ERR_DB, "cannot list %s's documents: %s", from_path,
		               sqlite3_errstr(rc));
	for (size_t i = 0; st == HAVEN_OK && i < id_count; i++) {
		struct buf file = BUF_INIT;
		buf_printf(&file, "%s/%lld", documents_from, ids[i]);
		if (access(file.data, R_OK) != 0)
			st = fail_with(
			    err, HAVEN_ERR_NOT_FOUND,
			    "document %lld's file %s is missing: the backup is not whole; nothing was "
			    "restored",
			    ids[i], file.data);
		buf_free(&file);
	}
	if (st != HAVEN_OK) {
		sqlite3_close(from);
		free(ids);
		free(documents_from);
		free(documents_to);
		return st;
	}
	int lock = store_lock_database(db_path, true);
	if (lock < 0) {
		int why = errno;
		sqlite3_close(from);
		free(ids);
		free(documents_from);
		free(documents_to);
		if (why == EWOULDBLOCK)
			return fail_with(
			    err, HAVEN_ERR_CONFLICT,
			    "%s is open in a running Haven (haven serve, or another command): stop it first, "
			    "then restore",
			    db_path);
		return fail_with(err, HAVEN_ERR_IO, "cannot open %s: %s", db_path, strerror(why));
	}
	/* the documents' files first: the restored database must find every one it names */
	if (id_count > 0)
		st = copy_documents(ids, id_count, documents_from, documents_to, err);
	sqlite3 *to = NULL;
	if (st == HAVEN_OK && !(to = open_file(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)))
		st = fail_with(err, HAVEN_ERR_DB, "cannot open %s", db_path);
	if (st == HAVEN_OK && (rc = copy_database(from, to)) != SQLITE_OK)
		st = fail_with(err, HAVEN_ERR_DB, "cannot restore into %s: %s", db_path, sqlite3_errstr(rc));
	if (st == HAVEN_OK)
		st = check_copy(to, db_path, false, err);
	/* files of documents saved after the backup: the restored database names none of them */
	if (st == HAVEN_OK)
		remove_unnamed(documents_to, ids, id_count);
	sqlite3_close(from);
	sqlite3_close(to);
	free(ids);
	free(documents_from);
	free(documents_to);
	/* Closed only after SQLite's connections: closing any descriptor of a
	 * file drops the process's fcntl locks on it, SQLite's included. */
	close(lock);
	return st;
}
