/*
 * task.h — one piece of work waiting for a person, appended to the list an
 * area's `tasks` fills (app/area.h says the shape), so that every area's
 * tasks carry the same keys with the same types.
 */
#ifndef HAVEN_APP_TASK_H
#define HAVEN_APP_TASK_H

#include <jansson.h>

struct task {
	const char *kind;        /* "qa.return": what the task list counts it under */
	const char *text;        /* what is to be done, naming no child */
	const json_t *due_at;    /* borrowed: a day or UTC instant; NULL or JSON null: none */
	const char *record_type; /* the record it is about, as the policy names it */
	long long record_id;
};

/* Appends `t` to `tasks`, its link written from `href_format` (printf). */
void task_add(json_t *tasks, const struct task *t, const char *href_format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
