/*
 * task_rows.c — a task for each row a query found (see task_rows.h).
 */
#include "app/task_rows.h"

#include "app/task.h"
#include "router/fields.h"

void task_add_rows(json_t *tasks, const json_t *rows, const struct task_rows *t)
{
	size_t i;
	const json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = field_int(r, "id");
		task_add(tasks,
		         &(struct task){t->kind, t->text, t->due ? json_object_get(r, t->due) : NULL,
		                        t->record_type, id},
		         "%s%lld%s", t->href, t->href_id ? field_int(r, t->href_id) : id,
		         t->href_after ? t->href_after : "");
	}
}
