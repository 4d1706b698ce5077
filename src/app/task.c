/*
 * task.c — a task appended to a person's list (see task.h).
 */
#include "app/task.h"

#include <stdarg.h>
#include <stdio.h>

void task_add(json_t *tasks, const struct task *t, const char *href_format, ...)
{
	char href[256];
	va_list ap;
	va_start(ap, href_format);
	vsnprintf(href, sizeof href, href_format, ap);
	va_end(ap);
	json_array_append_new(tasks, json_pack("{s:s, s:s, s:O?, s:s, s:s, s:I}", "kind", t->kind, "text",
	                                       t->text, "due_at", t->due_at, "href", href, "record_type",
	                                       t->record_type, "record_id", (json_int_t)t->record_id));
}
