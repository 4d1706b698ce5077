/*
 * framework_priorities.c (threshold) — the framework's tags checked against,
 * and named by, the partnership's priorities (see framework_priorities.h).
 */
#include "areas/threshold/framework_priorities.h"

#include <stdio.h>
#include <string.h>

#include "areas/priorities/store.h"
#include "areas/threshold/framework.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "router/fields.h"

/* "contextual_safeguarding, domestic_abuse or neglect": the keys of the priorities offered now. */
static void offered_keys(const json_t *offered, struct buf *out)
{
	size_t count = json_array_size(offered), i;
	json_t *row;
	json_array_foreach(offered, i, row)
	{
		if (i > 0)
			buf_append_str(out, i + 1 == count ? " or " : ", ");
		buf_append_str(out, field_text(row, "key"));
	}
}

static void add_problem(json_t *problems, const char *path, const char *message)
{
	if (json_array_size(problems) < THRESHOLD_MAX_PROBLEMS)
		json_array_append_new(problems, json_pack("{s:s, s:s}", "path", path, "message", message));
}

bool threshold_framework_tags_check(const json_t *doc, json_t *problems)
{
	bool sound = true;
	json_t *all = NULL, *offered = NULL;
	if (priorities_list(true, &all) != HAVEN_OK || priorities_list(false, &offered) != HAVEN_OK) {
		json_decref(all);
		add_problem(problems, "$",
		            "the partnership's priorities cannot be read to check the tags: try again");
		return false;
	}
	struct buf keys = BUF_INIT;
	offered_keys(offered, &keys);
	size_t i, j, k;
	json_t *ind, *tag, *row;
	json_array_foreach(json_object_get(doc, "indicators"), i, ind)
	{
		json_array_foreach(json_object_get(ind, "tags"), j, tag)
		{
			const char *key = json_string_value(tag);
			if (!key)
				continue; /* the document's own check named it */
			const json_t *found = NULL;
			json_array_foreach(all, k, row) if (strcmp(field_text(row, "key"), key) == 0) found =
			    row;
			if (found && !field_text(found, "retired_at"))
				continue;
			char path[96], message[1024];
			snprintf(path, sizeof path, "$.indicators[%zu].tags[%zu]", i, j);
			if (found)
				snprintf(message, sizeof message,
				         "\"%.*s\" is the priority \"%.*s\", which is retired: use %.*s",
				         (int)utf8_cut_length(key, 100), key,
				         (int)utf8_cut_length(field_text(found, "name"), 100),
				         field_text(found, "name"),
				         (int)utf8_cut_length(buf_cstr(&keys), 700), buf_cstr(&keys));
			else
				snprintf(message, sizeof message,
				         "\"%.*s\" is not one of the partnership's priorities: use %.*s",
				         (int)utf8_cut_length(key, 100), key,
				         (int)utf8_cut_length(buf_cstr(&keys), 700), buf_cstr(&keys));
			add_problem(problems, path, message);
			sound = false;
		}
	}
	buf_free(&keys);
	json_decref(all);
	json_decref(offered);
	return sound;
}

bool threshold_framework_check_published(const json_t *doc, json_t *problems)
{
	bool sound = threshold_framework_check(doc, problems);
	return threshold_framework_tags_check(doc, problems) && sound;
}

json_t *threshold_priority_names(void)
{
	json_t *all = NULL;
	if (priorities_list(true, &all) != HAVEN_OK)
		return NULL;
	json_t *names = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(all, i, row)
	    json_object_set(names, field_text(row, "key"), json_object_get(row, "name"));
	json_decref(all);
	return names;
}
