/*
 * backup.c — copying a live database to a backup file, and a backup back
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
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "store/store.h"

#include "core/alloc.h"
#include "core/buf.h"

static enum haven_status fail(char **err, enum haven_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum haven_status fail(char **err, enum haven_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*err = buf_steal(&b, NULL);
	return st;
}

static sqlite3 *open_file(const char *path, int flags)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
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
		return fail(err, HAVEN_ERR_DB, "cannot check %s: %s", path, sqlite3_errstr(rc));
	if (strcmp(result, "ok") != 0)
		return fail(err, HAVEN_ERR_INVALID, "%s is damaged: %s", path, result);
	if (query_text(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", version,
	               sizeof version) != SQLITE_OK)
		return fail(err, HAVEN_ERR_INVALID, "%s is not a Haven database", path);
	if (atoi(version) > store_schema_version())
		return fail(err, HAVEN_ERR_VERSION, "%s is at schema version %s, newer than this Haven (%d)",
		            path, version, store_schema_version());
	return HAVEN_OK;
}

enum haven_status store_backup(const char *db_path, const char *to, unsigned long long *bytes, char **err)
{
	*err = NULL;
	if (access(db_path, F_OK) != 0)
		return fail(err, HAVEN_ERR_NOT_FOUND, "there is no database at %s", db_path);
	if (access(to, F_OK) == 0)
		return fail(err, HAVEN_ERR_CONFLICT, "%s already exists: give the backup a new name", to);
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.partial-XXXXXX", to);
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		buf_free(&tmp);
		return fail(err, HAVEN_ERR_IO, "cannot write beside %s: %s", to, strerror(errno));
	}
	close(fd);
	enum haven_status st = HAVEN_OK;
	sqlite3 *from = open_file(db_path, SQLITE_OPEN_READONLY);
	sqlite3 *copy = open_file(tmp.data, SQLITE_OPEN_READWRITE);
	int rc;
	if (!from || !copy) {
		st = fail(err, HAVEN_ERR_DB, "cannot open %s", from ? tmp.data : db_path);
	} else if ((rc = copy_database(from, copy)) != SQLITE_OK) {
		st = fail(err, rc == SQLITE_FULL ? HAVEN_ERR_IO : HAVEN_ERR_DB, "cannot copy %s: %s", db_path,
		          sqlite3_errstr(rc));
	} else if (sqlite3_exec(copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		/* one self-contained file, with no write-ahead log beside it */
		st = fail(err, HAVEN_ERR_DB, "cannot finish the backup: %s", sqlite3_errmsg(copy));
	} else if ((st = check_copy(copy, tmp.data, true, err)) == HAVEN_OK && bytes) {
		char size[32];
		*bytes = 0;
		if (query_text(copy, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
		               size, sizeof size) == SQLITE_OK)
			*bytes = strtoull(size, NULL, 10);
	}
	sqlite3_close(from);
	sqlite3_close(copy);
	if (st == HAVEN_OK && sync_path(tmp.data) != 0)
		st = fail(err, HAVEN_ERR_IO, "cannot write %s to disk: %s", tmp.data, strerror(errno));
	/* link() refuses to replace a file that appeared meanwhile */
	if (st == HAVEN_OK && link(tmp.data, to) != 0)
		st = fail(err, HAVEN_ERR_IO, "cannot name the backup %s: %s", to, strerror(errno));
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
	struct stat sb;
	if (stat(from_path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return fail(err, HAVEN_ERR_NOT_FOUND, "there is no backup at %s", from_path);
	/* The backup is checked whole before anything is touched. */
	sqlite3 *from = open_file(from_path, SQLITE_OPEN_READONLY);
	if (!from)
		return fail(err, HAVEN_ERR_DB, "cannot open %s", from_path);
	enum haven_status st = check_copy(from, from_path, false, err);
	if (st != HAVEN_OK) {
		sqlite3_close(from);
		return st;
	}
	int lock = store_lock_database(db_path, true);
	if (lock < 0) {
		int why = errno;
		sqlite3_close(from);
		if (why == EWOULDBLOCK)
			return fail(
			    err, HAVEN_ERR_CONFLICT,
			    "%s is open in a running Haven (haven serve, or another command): stop it first, "
			    "then restore",
			    db_path);
		return fail(err, HAVEN_ERR_IO, "cannot open %s: %s", db_path, strerror(why));
	}
	sqlite3 *to = open_file(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc;
	if (!to)
		st = fail(err, HAVEN_ERR_DB, "cannot open %s", db_path);
	else if ((rc = copy_database(from, to)) != SQLITE_OK)
		st = fail(err, HAVEN_ERR_DB, "cannot restore into %s: %s", db_path, sqlite3_errstr(rc));
	else
		st = check_copy(to, db_path, false, err);
	sqlite3_close(from);
	sqlite3_close(to);
	/* Closed only after SQLite's connections: closing any descriptor of a
	 * file drops the process's fcntl locks on it, SQLite's included. */
	close(lock);
	return st;
}
