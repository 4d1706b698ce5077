/*
 * side_folder.c — a folder of files kept beside the database (db.h,
 * db_side_folder): an area's files that are not rows, "DB.documents" or
 * "DB.reports". SQLite's database is a file and the folder sits beside it;
 * PostgreSQL's is not, and the folder is "haven.SUFFIX" in the server's
 * working directory.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/log.h"
#include "store/db.h"

/* The suffixes whose folder could not be made and said so: a folder that cannot be made is logged once, not
 * on every request that asks for it. A few string literals, one for each area with files. */
#define SIDE_FOLDERS_LOGGED_MAX 8
static const char *logged[SIDE_FOLDERS_LOGGED_MAX];
static pthread_mutex_t logged_lock = PTHREAD_MUTEX_INITIALIZER;

/* true the first time a failure to make `suffix`'s folder is reported, false after. */
static bool first_failure(const char *suffix)
{
	pthread_mutex_lock(&logged_lock);
	bool first = true;
	size_t k = 0;
	for (; k < SIDE_FOLDERS_LOGGED_MAX && logged[k]; k++)
		if (strcmp(logged[k], suffix) == 0)
			first = false;
	if (first && k < SIDE_FOLDERS_LOGGED_MAX)
		logged[k] = suffix;
	pthread_mutex_unlock(&logged_lock);
	return first;
}

char *db_side_folder(db_conn *db, const char *suffix)
{
	const char *db_path = db_file(db);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s%s", db_path && *db_path ? db_path : "haven", suffix);
	if (mkdir(buf_cstr(&b), 0700) != 0 && errno != EEXIST) {
		int why = errno;
		if (first_failure(suffix))
			log_error("store: cannot make the folder %s beside the database: %s (said once)",
			          buf_cstr(&b), strerror(why));
	}
	return buf_steal(&b, NULL);
}
