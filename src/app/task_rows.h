/*
 * task_rows.h — a task (task.h) for each row a query found, where every
 * row's task is the same work on its own record (a MACE action to complete,
 * a screening to review, an assessment to agree): what the tasks say once,
 * and which of a row's columns give each task its record, due time and link.
 */
#ifndef HAVEN_APP_TASK_ROWS_H
#define HAVEN_APP_TASK_ROWS_H

#include <jansson.h>

struct task_rows {
	const char *kind;        /* as struct task's */
	const char *text;        /* as struct task's */
	const char *record_type; /* the record each task is about: the row's "id" */
	const char *due;         /* the row's column holding its due day or instant; NULL: none */
	const char *href;    /* the link: this, then the row's `href_id` column's number, then `href_after` */
	const char *href_id; /* NULL: "id", the record itself */
	const char *href_after; /* NULL: nothing */
};

/* Appends to `tasks` one task for each row of `rows` (NULL: none), as `t` says. */
void task_add_rows(json_t *tasks, const json_t *rows, const struct task_rows *t);

#endif
