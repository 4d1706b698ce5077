/*
 * view.c — the registry of compiled built-in templates (see view.h).
 */
#include "view/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/embedded.h"
#include "view/mustache.h"

static const char prefix[] = "templates/";
static const char suffix[] = ".mustache";

struct entry {
	char *name;
	struct mustache_template *tpl;
};

static struct entry *entries;
static size_t entry_count;
static json_t *globals;

static const struct mustache_template *lookup(void *ctx, const char *name)
{
	(void)ctx;
	for (size_t i = 0; i < entry_count; i++)
		if (strcmp(entries[i].name, name) == 0)
			return entries[i].tpl;
	return NULL;
}

enum haven_status view_init(char **err)
{
	view_free();
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strncmp(f->name, prefix, sizeof prefix - 1) == 0)
			n++;
	entries = xcalloc(n, sizeof *entries);
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		size_t len = strlen(f->name);
		if (strncmp(f->name, prefix, sizeof prefix - 1) != 0 ||
		    len < sizeof prefix + sizeof suffix - 2 ||
		    strcmp(f->name + len - (sizeof suffix - 1), suffix) != 0)
			continue;
		char *compile_err = NULL;
		struct entry *e = &entries[entry_count];
		if (mustache_compile(f->data, f->size, &e->tpl, &compile_err) != HAVEN_OK) {
			if (err) {
				size_t size = strlen(f->name) + strlen(compile_err ? compile_err : "") + 8;
				*err = xmalloc(size);
				snprintf(*err, size, "%s: %s", f->name,
				         compile_err ? compile_err : "syntax error");
			}
			free(compile_err);
			view_free();
			return HAVEN_ERR_INVALID;
		}
		e->name =
		    xstrndup(f->name + sizeof prefix - 1, len - (sizeof prefix - 1) - (sizeof suffix - 1));
		entry_count++;
	}
	return HAVEN_OK;
}

void view_free(void)
{
	for (size_t i = 0; i < entry_count; i++) {
		free(entries[i].name);
		mustache_template_free(entries[i].tpl);
	}
	free(entries);
	entries = NULL;
	entry_count = 0;
	json_decref(globals);
	globals = NULL;
}

void view_set_globals(json_t *g)
{
	json_decref(globals);
	globals = g;
}

enum haven_status view_render(const char *name, const json_t *model, struct buf *out)
{
	const struct mustache_template *tpl = lookup(NULL, name);
	if (!tpl)
		return HAVEN_ERR_NOT_FOUND;
	if (!globals)
		return mustache_render(tpl, model, lookup, NULL, out);
	/* Globals sit beneath the model: a shallow copy keeps both immutable. */
	json_t *context = json_copy(globals);
	if (json_is_object(model))
		json_object_update(context, (json_t *)model);
	enum haven_status st = mustache_render(tpl, context, lookup, NULL, out);
	json_decref(context);
	return st;
}
