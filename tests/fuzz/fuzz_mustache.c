/*
 * fuzz_mustache.c — the Mustache compiler and renderer (view/mustache.h).
 *
 * Input: NUL-separated parts: the template, then the data as JSON (any JSON
 * value; an unreadable one renders with {}), then any number of partials,
 * each its name, a newline and its source. The seeds are the cases of the
 * Mustache spec (tests/unit/data/mustache-spec/) in this form.
 *
 * Templates are Haven's own (built into the binary), so a template that
 * asks for exponential work (sections nested over lists, a partial that
 * includes itself twice) is not a bug; the target bounds that work instead
 * of reporting it: it skips inputs whose lists could multiply past a
 * limit, and answers "no such partial" after a fixed number of look-ups.
 * Beyond not crashing: a compile error has a message, and a template
 * renders the same twice.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "fuzz.h"
#include "view/mustache.h"

#define MAX_PARTS 16
#define MAX_LOOKUPS 1000
#define MAX_WORK 10000.0

struct partials {
	const char *names[MAX_PARTS];
	struct mustache_template *templates[MAX_PARTS];
	size_t count;
	size_t lookups; /* left in this render */
};

static const struct mustache_template *lookup(void *ctx, const char *name)
{
	struct partials *p = ctx;
	if (p->lookups == 0)
		return NULL;
	p->lookups--;
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->names[i], name) == 0)
			return p->templates[i];
	return NULL;
}

/* The longest list anywhere in `v` (at least 1). */
static size_t longest_list(const json_t *v, int depth)
{
	size_t longest = 1, i;
	const char *key;
	const json_t *item;
	if (depth > 64)
		return longest;
	if (json_is_array(v)) {
		longest = json_array_size(v) > 1 ? json_array_size(v) : 1;
		json_array_foreach(v, i, item)
		{
			size_t n = longest_list(item, depth + 1);
			longest = n > longest ? n : longest;
		}
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, item)
		{
			size_t n = longest_list(item, depth + 1);
			longest = n > longest ? n : longest;
		}
	}
	return longest;
}

/* How many sections `src` could open, at most: every '#' and '^' may be one. */
static size_t sections_in(const char *src, size_t len)
{
	size_t sections = 0;
	for (size_t i = 0; i < len; i++)
		sections += src[i] == '#' || src[i] == '^';
	return sections;
}

/* An upper bound on how many times the innermost section can repeat: longest list ^ sections. */
static bool too_much_work(size_t sections, const json_t *data)
{
	double work = 1, list = (double)longest_list(data, 0);
	for (size_t i = 0; i < sections && work <= MAX_WORK; i++)
		work *= list;
	return work > MAX_WORK;
}

static void render(const struct mustache_template *tpl, const json_t *data, struct partials *partials,
                   struct buf *out)
{
	partials->lookups = MAX_LOOKUPS;
	enum haven_status st = mustache_render(tpl, data, lookup, partials, out);
	FUZZ_ASSERT(st == HAVEN_OK || st == HAVEN_ERR_INVALID);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *parts[MAX_PARTS + 2];
	size_t lens[MAX_PARTS + 2], nparts = 0;
	const char *p = (const char *)data, *end = p + size;
	while (nparts < MAX_PARTS + 2) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		parts[nparts] = p;
		lens[nparts++] = nul ? (size_t)(nul - p) : (size_t)(end - p);
		if (!nul)
			break;
		p = nul + 1;
	}

	struct mustache_template *tpl = NULL;
	char *err = NULL;
	if (mustache_compile(parts[0], lens[0], &tpl, &err) != HAVEN_OK) {
		FUZZ_ASSERT(err && err[0]);
		free(err);
		return 0;
	}
	json_t *context = nparts > 1 ? json_loadb(parts[1], lens[1], JSON_DECODE_ANY, NULL) : NULL;
	if (!context)
		context = json_object();

	struct partials partials = {.count = 0};
	char *names[MAX_PARTS] = {0};
	size_t sections = sections_in(parts[0], lens[0]);
	for (size_t i = 2; i < nparts; i++) {
		const char *nl = memchr(parts[i], '\n', lens[i]);
		if (!nl)
			continue;
		size_t name_len = (size_t)(nl - parts[i]), src_len = lens[i] - name_len - 1;
		sections += sections_in(nl + 1, src_len);
		struct mustache_template *t = NULL;
		char *perr = NULL;
		if (mustache_compile(nl + 1, src_len, &t, &perr) != HAVEN_OK) {
			FUZZ_ASSERT(perr && perr[0]);
			free(perr);
			continue;
		}
		names[partials.count] = fuzz_cstr((const uint8_t *)parts[i], name_len);
		partials.names[partials.count] = names[partials.count];
		partials.templates[partials.count++] = t;
	}

	if (!too_much_work(sections, context)) {
		struct buf first = BUF_INIT, second = BUF_INIT;
		render(tpl, context, &partials, &first);
		render(tpl, context, &partials, &second);
		FUZZ_ASSERT(first.len == second.len &&
		            memcmp(buf_cstr(&first), buf_cstr(&second), first.len) == 0);
		buf_free(&first);
		buf_free(&second);
	}

	for (size_t i = 0; i < partials.count; i++) {
		mustache_template_free(partials.templates[i]);
		free(names[i]);
	}
	json_decref(context);
	mustache_template_free(tpl);
	return 0;
}
