/*
 * tasks.c (work) — gathering every area's tasks for one person into one
 * list, soonest first, each saying in words and as a date when it is due
 * (contract in work.h; the rules are rules.c's).
 */
#include "areas/work/work.h"

#include "app/area.h"
#include "areas/work/rules.h"
#include "core/json_sort.h"

/* Adds due_when, due_words and overdue to a task with a deadline. */
static void describe_due(json_t *task, int64_t now)
{
	const char *due_at = json_string_value(json_object_get(task, "due_at"));
	int64_t due;
	if (!work_due_instant(due_at, &due)) {
		json_object_set_new(task, "overdue", json_false());
		return;
	}
	char when[WORK_WHEN_SIZE], words[WORK_WORDS_SIZE];
	bool overdue;
	work_due_when(due_at, when);
	work_due_words(due, now, &overdue, words);
	json_object_set_new(task, "due_when", json_string(when));
	json_object_set_new(task, "due_words", json_string(words));
	json_object_set_new(task, "overdue", json_boolean(overdue));
}

enum haven_status work_tasks_of(const struct user *user, int64_t now, json_t **out)
{
	*out = NULL;
	json_t *tasks = json_array();
	for (size_t i = 0; haven_areas[i]; i++) {
		if (!haven_areas[i]->tasks)
			continue;
		enum haven_status st = haven_areas[i]->tasks(user, tasks);
		if (st != HAVEN_OK) {
			json_decref(tasks);
			return st;
		}
	}
	json_sort_array(tasks, work_task_order);
	size_t i;
	json_t *task;
	json_array_foreach(tasks, i, task) describe_due(task, now);
	*out = tasks;
	return HAVEN_OK;
}

json_t *work_by_kind(const json_t *tasks)
{
	json_t *kinds = json_array(), *by_text = json_object();
	size_t i;
	const json_t *t;
	json_array_foreach(tasks, i, t)
	{
		const char *text = json_string_value(json_object_get(t, "text"));
		if (!text)
			continue;
		json_t *kind = json_object_get(by_text, text);
		if (!kind) {
			kind = json_pack("{s:s, s:s, s:I, s:I}", "text", text, "href", "/work", "count",
			                 (json_int_t)0, "overdue_count", (json_int_t)0);
			json_object_set(by_text, text, kind);
			json_array_append_new(kinds, kind);
		}
		json_object_set_new(kind, "count",
		                    json_integer(json_integer_value(json_object_get(kind, "count")) + 1));
		if (json_is_true(json_object_get(t, "overdue")))
			json_object_set_new(
			    kind, "overdue_count",
			    json_integer(json_integer_value(json_object_get(kind, "overdue_count")) + 1));
	}
	json_decref(by_text);
	return kinds;
}

void work_count(const json_t *tasks, long long *total, long long *overdue)
{
	*total = (long long)json_array_size(tasks);
	*overdue = 0;
	size_t i;
	const json_t *t;
	json_array_foreach(tasks, i, t) if (json_is_true(json_object_get(t, "overdue")))(*overdue)++;
}
