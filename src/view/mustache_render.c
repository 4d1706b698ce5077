/*
 * mustache_render.c — rendering a compiled Mustache template (mustache.h)
 * with a JSON model: a walk of the compiled nodes (mustache_tree.h) keeping
 * all its state on the C stack, so any number of threads may render one
 * template at once. How indentation of partials and blocks works is told at
 * the top of mustache.c, which compiles.
 */
#include "view/mustache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "view/mustache_tree.h"

/* Partials, parents and block overrides may nest this deep when rendering;
 * deeper means a template includes itself without end. */
#define MAX_RENDER_DEPTH 64

/* The context stack: the innermost value first. */
struct ctx {
	const json_t *value;
	const struct ctx *up;
};

/* A parent tag being expanded; its blocks override the parent's. Frames link
 * outwards, to the parent tags that led here. */
struct frame {
	const struct mustache_template *tpl;
	size_t node;
	const struct frame *outer;
};

struct render {
	mustache_lookup_fn lookup;
	void *lookup_ctx;
	struct buf *out;
	bool plain_text; /* {{name}} is not HTML-escaped either (emails) */
};

/* What is being rendered: a node range of one template, with its context,
 * indentation, parent frames and nesting depth. */
struct scope {
	const struct mustache_template *tpl;
	const struct ctx *ctx;
	const char *indent;
	size_t indent_len;
	const struct frame *frame;
	unsigned depth;
};

static enum haven_status render_nodes(const struct render *r, const struct scope *s, size_t first,
                                      size_t last);

/* Resolves a dotted name as the spec says: the first part is looked for up
 * the context stack, the rest only inside what the first part found. */
static const json_t *resolve(const struct ctx *ctx, const char *name, unsigned nparts)
{
	if (nparts == 0)
		return ctx->value;
	const json_t *v = NULL;
	for (; ctx && !v; ctx = ctx->up)
		if (json_is_object(ctx->value))
			v = json_object_get(ctx->value, name);
	for (unsigned i = 1; v && i < nparts; i++) {
		name += strlen(name) + 1;
		v = json_is_object(v) ? json_object_get(v, name) : NULL;
	}
	return v;
}

/* Missing values, null, false, the empty list and the integer 0 are falsey.
 * The spec leaves numbers to the host language; Haven's models carry
 * SQLite's 0/1 flags ("retired", "disabled") and counts as integers, so 0
 * must read as "no" and "none" ({{#retired}}, {{^count}}). "" and reals
 * (a percentage of 0.0) stay truthy: a string or a figure is something to show. */
static bool falsey(const json_t *v)
{
	return !v || json_is_null(v) || json_is_false(v) ||
	       (json_is_integer(v) && json_integer_value(v) == 0) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

/* Writes a real in the fewest digits that read back as the same number, so
 * 1.5 is "1.5" rather than "1.5000000000000000". */
static void append_real(struct buf *out, double d)
{
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	buf_append_str(out, tmp);
}

static void append_value(struct buf *out, const json_t *v, bool escape)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			buf_append_html(out, json_string_value(v), json_string_length(v));
		else
			buf_append(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER: buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
	case JSON_REAL: append_real(out, json_real_value(v)); break;
	case JSON_TRUE: buf_append_str(out, "true"); break;
	case JSON_FALSE: buf_append_str(out, "false"); break;
	default: break; /* null, objects and lists interpolate as nothing */
	}
}

/* Renders with the indentation `base` + `extra`, first writing it once if
 * `lead` (the rendered nodes start mid-line but belong on a line of their
 * own). */
static enum haven_status render_indented(const struct render *r, const struct scope *s,
                                         const struct mustache_template *tpl, size_t first, size_t last,
                                         const char *extra, size_t extra_len, bool keep_base, bool lead,
                                         const struct frame *frame, unsigned depth)
{
	char local[128];
	size_t base_len = keep_base ? s->indent_len : 0;
	size_t n = base_len + extra_len;
	char *indent = n <= sizeof local ? local : xmalloc(n);
	if (base_len)
		memcpy(indent, s->indent, base_len);
	if (extra_len)
		memcpy(indent + base_len, extra, extra_len);
	if (lead && n)
		buf_append(r->out, indent, n);

	struct scope inner = {
	    .tpl = tpl,
	    .ctx = s->ctx,
	    .indent = indent,
	    .indent_len = n,
	    .frame = frame,
	    .depth = depth,
	};
	enum haven_status st = render_nodes(r, &inner, first, last);
	if (indent != local)
		free(indent);
	return st;
}

/* The name of the template a partial or parent tag includes, or NULL. */
static const char *template_name(const struct scope *s, const struct node *n)
{
	const char *name = s->tpl->pool + n->str;
	if (!n->dynamic)
		return name;
	const json_t *v = resolve(s->ctx, name, n->nparts);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static enum haven_status render_include(const struct render *r, const struct scope *s, size_t i)
{
	const struct node *n = &s->tpl->nodes[i];
	const char *name = template_name(s, n);
	const struct mustache_template *tpl = name && r->lookup ? r->lookup(r->lookup_ctx, name) : NULL;
	if (!tpl)
		return HAVEN_OK; /* the spec renders a missing partial as nothing */
	if (s->depth >= MAX_RENDER_DEPTH)
		return HAVEN_ERR_INVALID;

	/* A parent passes its blocks down as overrides; a partial is a parent
	 * that overrides nothing. A partial that is not standalone starts
	 * mid-line, so it is not indented (as in the spec's "Inline
	 * Indentation"). */
	struct frame frame = {s->tpl, i, s->frame};
	return render_indented(r, s, tpl, 0, tpl->nnodes, s->tpl->pool + n->indent, n->indent_len,
	                       n->standalone, false, n->type == N_PARENT ? &frame : s->frame, s->depth + 1);
}

static enum haven_status render_block(const struct render *r, const struct scope *s, size_t i)
{
	const struct node *site = &s->tpl->nodes[i];
	const char *name = s->tpl->pool + site->str;

	/* The outermost parent tag that passes this block wins, so a child
	 * overrides its parent's parent ("Multi-level inheritance"). */
	const struct mustache_template *tpl = s->tpl;
	size_t b = i;
	for (const struct frame *f = s->frame; f; f = f->outer) {
		const struct node *nodes = f->tpl->nodes;
		for (size_t j = f->node + 1; j < nodes[f->node].end; j = nodes[j].end) {
			if (nodes[j].type == N_BLOCK && strcmp(f->tpl->pool + nodes[j].str, name) == 0) {
				tpl = f->tpl;
				b = j;
				break;
			}
		}
	}

	const struct node *body = &tpl->nodes[b];
	bool overridden = tpl != s->tpl || b != i;
	if (!site->standalone && !overridden)
		return render_nodes(r, s, b + 1, body->end);
	/* An override may contain the block it overrides, and so expand
	 * itself for ever: count it like a partial. */
	if (overridden && s->depth >= MAX_RENDER_DEPTH)
		return HAVEN_ERR_INVALID;
	/* Content that does not start on a line of its own still belongs on
	 * the block's line, so it gets the indentation up front. */
	bool lead = site->standalone && !body->body_bol && b + 1 < body->end;
	return render_indented(r, s, tpl, b + 1, body->end, s->tpl->pool + site->indent,
	                       site->standalone ? site->indent_len : 0, true, lead, s->frame,
	                       s->depth + (overridden ? 1 : 0));
}

static enum haven_status render_section(const struct render *r, const struct scope *s, size_t i)
{
	const struct node *n = &s->tpl->nodes[i];
	const json_t *v = resolve(s->ctx, s->tpl->pool + n->str, n->nparts);
	if (n->type == N_INVERTED)
		return falsey(v) ? render_nodes(r, s, i + 1, n->end) : HAVEN_OK;
	if (falsey(v))
		return HAVEN_OK;

	struct ctx ctx = {v, s->ctx};
	struct scope inner = *s;
	inner.ctx = &ctx;
	if (!json_is_array(v))
		return render_nodes(r, &inner, i + 1, n->end);
	for (size_t k = 0; k < json_array_size(v); k++) {
		ctx.value = json_array_get(v, k);
		enum haven_status st = render_nodes(r, &inner, i + 1, n->end);
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

static enum haven_status render_nodes(const struct render *r, const struct scope *s, size_t first,
                                      size_t last)
{
	const struct node *nodes = s->tpl->nodes;
	for (size_t i = first; i < last; i = nodes[i].end) {
		const struct node *n = &nodes[i];
		enum haven_status st = HAVEN_OK;
		switch (n->type) {
		case N_TEXT: buf_append(r->out, s->tpl->pool + n->str, n->len); break;
		case N_INDENT:
			if (s->indent_len)
				buf_append(r->out, s->indent, s->indent_len);
			break;
		case N_ESCAPED:
		case N_RAW:
			append_value(r->out, resolve(s->ctx, s->tpl->pool + n->str, n->nparts),
			             n->type == N_ESCAPED && !r->plain_text);
			break;
		case N_SECTION:
		case N_INVERTED: st = render_section(r, s, i); break;
		case N_PARTIAL:
		case N_PARENT: st = render_include(r, s, i); break;
		case N_BLOCK: st = render_block(r, s, i); break;
		}
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

/* Renders with or without HTML escaping of {{name}}: see mustache_render and mustache_render_text. */
static enum haven_status render(const struct mustache_template *tpl, const json_t *data,
                                mustache_lookup_fn lookup, void *ctx, bool plain_text, struct buf *out)
{
	struct render r = {lookup, ctx, out, plain_text};
	struct ctx root = {data, NULL};
	struct scope s = {
	    .tpl = tpl,
	    .ctx = &root,
	    .indent = "",
	    .indent_len = 0,
	    .frame = NULL,
	    .depth = 0,
	};
	return render_nodes(&r, &s, 0, tpl->nnodes);
}

enum haven_status mustache_render(const struct mustache_template *tpl, const json_t *data,
                                  mustache_lookup_fn lookup, void *ctx, struct buf *out)
{
	return render(tpl, data, lookup, ctx, false, out);
}

enum haven_status mustache_render_text(const struct mustache_template *tpl, const json_t *data,
                                       mustache_lookup_fn lookup, void *ctx, struct buf *out)
{
	return render(tpl, data, lookup, ctx, true, out);
}
