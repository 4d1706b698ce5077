/*
 * demo_sql.c — loading an area's demo data from its built-in demo.sql (see
 * db_load_demo_sql in db.h), so that every area loads its demo the same way.
 *
 * The demo partnership's times are relative to when it is loaded (a course
 * in a fortnight, a note of twenty days ago). SQLite and PostgreSQL share no
 * date arithmetic, so a script names its times with markers that are
 * written here, in C, as quoted UTC literals before it runs:
 *   {{day N}}      the date N days from today             '2026-12-24'
 *   {{day N M}}    that date's day M months on
 *   {{at N}}       the instant N days from now            '2026-12-24T10:11:12Z'
 *   {{at N M}}     the same, M minutes later
 *   {{at_ms N}}    {{at N}} to the millisecond            '2026-12-24T10:11:12.000Z'
 *   {{month M D}}  D days from the first of the month M months from this one
 */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/embedded.h"
#include "core/log.h"

struct demo_sql {
	const struct embedded_file *file;
	db_write_fn then;
	void *ctx;
};

/* Appends marker `m` ("day -20", say) as its quoted literal for `now`; false if it is not one. */
static bool put_time(struct buf *out, const char *m, time_t now)
{
	char word[8];
	int n = 0, more = 0, fields = sscanf(m, "%7s %d %d", word, &n, &more);
	int32_t today = (int32_t)(now / 86400);
	char date[CALENDAR_DATE_SIZE];
	if (fields >= 2 && strcmp(word, "day") == 0) {
		calendar_format(calendar_add_months(today + n, more), date);
		buf_printf(out, "'%s'", date);
	} else if (fields >= 2 && (strcmp(word, "at") == 0 || (fields == 2 && strcmp(word, "at_ms") == 0))) {
		time_t at = now + (time_t)n * 86400 + (time_t)more * 60;
		struct tm tm;
		char text[32];
		gmtime_r(&at, &tm);
		strftime(text, sizeof text, word[2] ? "%Y-%m-%dT%H:%M:%S.000Z" : "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_printf(out, "'%s'", text);
	} else if (fields == 3 && strcmp(word, "month") == 0) {
		int year, month, mday;
		calendar_to_ymd(today, &year, &month, &mday);
		calendar_format(calendar_add_months(calendar_from_ymd(year, month, 1), n) + more, date);
		buf_printf(out, "'%s'", date);
	} else {
		return false;
	}
	return true;
}

/* The script with its time markers written out (new string), or NULL if one does not read. */
static char *with_times(const char *script, time_t now)
{
	struct buf out = BUF_INIT;
	const char *p = script, *open;
	while ((open = strstr(p, "{{")) != NULL) {
		const char *close = strstr(open, "}}");
		char marker[32];
		size_t length = close ? (size_t)(close - open - 2) : 0;
		buf_append(&out, p, (size_t)(open - p));
		if (!close || length >= sizeof marker) {
			buf_free(&out);
			return NULL;
		}
		memcpy(marker, open + 2, length);
		marker[length] = '\0';
		if (!put_time(&out, marker, now)) {
			log_error("demo data: {{%s}} is not a time", marker);
			buf_free(&out);
			return NULL;
		}
		p = close + 2;
	}
	buf_append(&out, p, strlen(p));
	return buf_steal(&out, NULL);
}

static enum haven_status run_demo_sql(db_conn *db, void *ctx)
{
	const struct demo_sql *demo = ctx;
	char *script = with_times(demo->file->data, time(NULL));
	enum haven_status st = script ? db_exec_script(db, script) : HAVEN_ERR_INTERNAL;
	free(script);
	if (st != HAVEN_OK) {
		log_error("demo data %s failed", demo->file->name);
		return HAVEN_ERR_DB;
	}
	return demo->then ? demo->then(db, demo->ctx) : HAVEN_OK;
}

enum haven_status db_load_demo_sql(const char *name, db_write_fn then, void *ctx)
{
	struct demo_sql demo = {embedded_find(name), then, ctx};
	if (!demo.file) {
		log_error("demo data %s is not built in", name);
		return HAVEN_ERR_NOT_FOUND;
	}
	return db_write(run_demo_sql, &demo);
}
