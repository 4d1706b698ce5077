/*
 * mustache.c — Haven's Mustache template engine (contract in mustache.h).
 *
 * Every page Haven serves is rendered here, so the work is split in two:
 * compiling, done once per template, turns the source into a flat array of
 * nodes in which a section is followed by its body and records where that
 * body ends; rendering then only walks that array. Compiling runs four
 * passes over the source: tokenize (where set-delimiter tags take effect),
 * match opening and closing tags, decide which tags stand alone on their line
 * (the spec removes such lines from the output), and emit the nodes.
 *
 * The one part of the spec that cannot be settled at compile time is
 * indentation: a partial (or parent) included on a line of its own is
 * indented by the whitespace before its tag, and the same compiled partial
 * may be included at different depths. So the compiler puts an N_INDENT node
 * at the start of every line of template text, and the renderer carries the
 * current indentation down and writes it at each such node. Newlines inside
 * interpolated data have no N_INDENT after them, which is what the spec asks.
 * Blocks ({{$name}}) are re-indented the same way: the indentation common to
 * a block's lines is removed at compile time, and the indentation of the
 * place the block is expanded is added at render time.
 *
 * This file compiles; mustache_render.c renders; the compiled form they share
 * is in mustache_tree.h.
 *
 * A compiled template is never written after mustache_compile returns, and
 * rendering keeps all its state on the C stack, so any number of threads may
 * render one template at once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "view/mustache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "view/mustache_tree.h"

/* Longest delimiter a set-delimiter tag may choose. */
#define MAX_DELIM 16

/* ---------------------------------------------------------------------------
 * Compiling
 */

/* The tags as the tokenizer sees them; a closing tag does not yet know
 * what it closes. */
enum tok_type {
	T_VAR,
	T_RAW,
	T_SECTION,
	T_INVERTED,
	T_CLOSE,
	T_PARTIAL,
	T_PARENT,
	T_BLOCK,
	T_COMMENT,
	T_DELIM,
};

struct token {
	enum tok_type type;
	bool dynamic;  /* name began with '*' (partials and parents) */
	bool alone;    /* stands alone on its line, by itself or paired */
	bool indented; /* partial/parent: stands alone, so indents what it includes */
	bool site;     /* block: stands alone, so re-indents what it expands */
	bool body_bol; /* block: body starts on a fresh line */
	unsigned line;
	size_t start, end;           /* the tag itself */
	size_t name, name_len;       /* the trimmed name, in the source */
	size_t line_start;           /* start of the tag's line, when it stands alone */
	size_t strip_from, strip_to; /* source the tag consumes, with its line if standalone */
	size_t match;                /* opening tag <-> closing tag */
};

struct compiler {
	const char *src;
	size_t len;
	struct token *toks;
	size_t ntoks, toks_cap;
	struct node *nodes;
	size_t nnodes, nodes_cap;
	struct buf pool;
	struct buf err;
};

static void fail(struct compiler *c, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct compiler *c, unsigned line, const char *fmt, ...)
{
	if (c->err.len)
		return; /* the first error is the one worth reporting */
	buf_printf(&c->err, "line %u: ", line);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&c->err, fmt, ap);
	va_end(ap);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

static void trim(const char *s, size_t *from, size_t *to)
{
	while (*from < *to && is_space(s[*from]))
		(*from)++;
	while (*to > *from && is_space(s[*to - 1]))
		(*to)--;
}

/* A dotted name is "." or parts separated by single dots. Names of partials,
 * parents and blocks are not dotted, but none may contain whitespace. */
static bool valid_name(const char *s, size_t n, bool dotted)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_space(s[i]))
			return false;
	if (!dotted || (n == 1 && s[0] == '.'))
		return true;
	if (s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 1; i < n; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return false;
	return true;
}

static struct token *add_token(struct compiler *c)
{
	if (c->ntoks == c->toks_cap) {
		c->toks_cap = c->toks_cap ? c->toks_cap * 2 : 32;
		c->toks = xrealloc(c->toks, c->toks_cap * sizeof *c->toks);
	}
	struct token *t = &c->toks[c->ntoks++];
	memset(t, 0, sizeof *t);
	return t;
}

/* Reads the new delimiters out of a {{=<% %>=}} tag's content. */
static bool set_delimiters(struct compiler *c, size_t from, size_t to, const char **open, size_t *open_len,
                           const char **close, size_t *close_len)
{
	trim(c->src, &from, &to);
	size_t a = from;
	while (a < to && !is_space(c->src[a]))
		a++;
	size_t b = a;
	while (b < to && is_space(c->src[b]))
		b++;
	if (a == from || b == a || b == to)
		return false;
	for (size_t i = b; i < to; i++)
		if (is_space(c->src[i]))
			return false;
	if (a - from > MAX_DELIM || to - b > MAX_DELIM)
		return false;
	if (memchr(c->src + from, '=', a - from) || memchr(c->src + b, '=', to - b))
		return false;
	*open = c->src + from;
	*open_len = a - from;
	*close = c->src + b;
	*close_len = to - b;
	return true;
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned lines = 0;
	const char *end = s + n;
	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		lines++;
		s++;
	}
	return lines;
}

/* Pass 1: split the source into tags, applying set-delimiter tags as they
 * come. Text is whatever lies between tags, so it is not stored. */
static bool tokenize(struct compiler *c)
{
	const char *src = c->src;
	const char *open = "{{", *close = "}}";
	size_t open_len = 2, close_len = 2;
	size_t pos = 0, counted = 0;
	unsigned line = 1;

	for (;;) {
		const char *p = memmem(src + pos, c->len - pos, open, open_len);
		if (!p)
			return true;
		size_t start = (size_t)(p - src);
		line += count_lines(src + counted, start - counted);
		counted = start;

		size_t q = start + open_len;
		char sigil = q < c->len ? src[q] : '\0';
		enum tok_type type;
		/* The triple mustache and set-delimiter tags end with a
		 * character before the closing delimiter. */
		char end_mark = '\0';
		switch (sigil) {
		case '#': type = T_SECTION; break;
		case '^': type = T_INVERTED; break;
		case '/': type = T_CLOSE; break;
		case '>': type = T_PARTIAL; break;
		case '<': type = T_PARENT; break;
		case '$': type = T_BLOCK; break;
		case '!': type = T_COMMENT; break;
		case '&': type = T_RAW; break;
		case '{':
			type = T_RAW;
			end_mark = '}';
			break;
		case '=':
			type = T_DELIM;
			end_mark = '=';
			break;
		default: type = T_VAR; break;
		}
		if (type != T_VAR)
			q++;

		char closing[MAX_DELIM + 1];
		size_t closing_len = 0;
		if (end_mark)
			closing[closing_len++] = end_mark;
		memcpy(closing + closing_len, close, close_len);
		closing_len += close_len;
		const char *e = memmem(src + q, c->len - q, closing, closing_len);
		if (!e) {
			fail(c, line, "unclosed tag (no \"%.*s\" after \"%.*s\")", (int)closing_len, closing,
			     (int)open_len, open);
			return false;
		}
		size_t from = q, to = (size_t)(e - src);
		size_t end = to + closing_len;

		struct token *t = add_token(c);
		t->type = type;
		t->line = line;
		t->start = start;
		t->end = end;
		t->strip_from = start;
		t->strip_to = end;

		if (type == T_DELIM) {
			if (!set_delimiters(c, from, to, &open, &open_len, &close, &close_len)) {
				fail(c, line, "bad set-delimiter tag \"%.*s\"",
				     (int)(end - start > 60 ? 60 : end - start), src + start);
				return false;
			}
		} else if (type != T_COMMENT) {
			trim(src, &from, &to);
			/* Dynamic names ({{>*name}}) for partials and parents;
			 * a closing tag may repeat the asterisk. */
			if ((type == T_PARTIAL || type == T_PARENT || type == T_CLOSE) && from < to &&
			    src[from] == '*') {
				t->dynamic = true;
				from++;
				trim(src, &from, &to);
			}
			bool dotted = type == T_VAR || type == T_RAW || type == T_SECTION ||
			              type == T_INVERTED || type == T_CLOSE || t->dynamic;
			if (!valid_name(src + from, to - from, dotted)) {
				fail(c, line, "bad name in tag \"%.*s\"",
				     (int)(end - start > 60 ? 60 : end - start), src + start);
				return false;
			}
			t->name = from;
			t->name_len = to - from;
		}
		pos = end;
	}
}

static bool same_name(const struct compiler *c, const struct token *a, const struct token *b)
{
	return a->dynamic == b->dynamic && a->name_len == b->name_len &&
	       memcmp(c->src + a->name, c->src + b->name, a->name_len) == 0;
}

/* Pass 2: pair every opening tag with its closing tag. */
static bool match_sections(struct compiler *c)
{
	size_t stack[MUSTACHE_MAX_NESTING];
	size_t depth = 0;
	for (size_t i = 0; i < c->ntoks; i++) {
		struct token *t = &c->toks[i];
		switch (t->type) {
		case T_SECTION:
		case T_INVERTED:
		case T_PARENT:
		case T_BLOCK:
			if (depth == MUSTACHE_MAX_NESTING) {
				fail(c, t->line, "sections nested more than %d deep", MUSTACHE_MAX_NESTING);
				return false;
			}
			stack[depth++] = i;
			break;
		case T_CLOSE: {
			if (depth == 0) {
				fail(c, t->line, "closing tag \"%.*s\" without an opening tag",
				     (int)t->name_len, c->src + t->name);
				return false;
			}
			struct token *o = &c->toks[stack[--depth]];
			if (!same_name(c, o, t)) {
				fail(c, t->line,
				     "closing tag \"%.*s\" does not match \"%.*s\" opened on line %u",
				     (int)t->name_len, c->src + t->name, (int)o->name_len, c->src + o->name,
				     o->line);
				return false;
			}
			o->match = i;
			t->match = stack[depth];
			break;
		}
		default: break;
		}
	}
	if (depth) {
		const struct token *o = &c->toks[stack[depth - 1]];
		fail(c, o->line, "section \"%.*s\" is never closed", (int)o->name_len, c->src + o->name);
		return false;
	}
	return true;
}

/* Whether only blanks precede `pos` on its line; if so *line_start is where
 * the line starts. */
static bool blank_before(const struct compiler *c, size_t pos, size_t *line_start)
{
	while (pos > 0 && is_blank(c->src[pos - 1]))
		pos--;
	if (pos > 0 && c->src[pos - 1] != '\n')
		return false;
	*line_start = pos;
	return true;
}

/* Whether only blanks follow `pos` on its line; if so *blank_end is where
 * they end and *line_end is past the line's newline ("\n" or "\r\n"). */
static bool blank_after(const struct compiler *c, size_t pos, size_t *blank_end, size_t *line_end)
{
	while (pos < c->len && is_blank(c->src[pos]))
		pos++;
	*blank_end = pos;
	if (pos == c->len) {
		*line_end = pos;
		return true;
	}
	if (c->src[pos] == '\n') {
		*line_end = pos + 1;
		return true;
	}
	if (c->src[pos] == '\r' && pos + 1 < c->len && c->src[pos + 1] == '\n') {
		*line_end = pos + 2;
		return true;
	}
	return false;
}

static bool can_stand_alone(enum tok_type type)
{
	return type != T_VAR && type != T_RAW;
}

enum pair { PAIR_NONE, PAIR_PARENT, PAIR_PARENT_BLOCK, PAIR_BLOCK_PARENT_END, PAIR_BLOCK };

/* The inheritance spec lets some pairs of adjacent tags stand alone
 * together: {{<p}}{{/p}}, {{<p}}{{$b}}, {{/b}}{{/p}} and {{$b}}{{/b}}. */
static enum pair pair_kind(const struct compiler *c, size_t i)
{
	const struct token *a = &c->toks[i], *b = &c->toks[i + 1];
	if (a->end != b->start)
		return PAIR_NONE;
	if (a->type == T_PARENT && b->type == T_CLOSE && b->match == i)
		return PAIR_PARENT;
	if (a->type == T_PARENT && b->type == T_BLOCK)
		return PAIR_PARENT_BLOCK;
	if (a->type == T_BLOCK && b->type == T_CLOSE && b->match == i)
		return PAIR_BLOCK;
	if (a->type == T_CLOSE && c->toks[a->match].type == T_BLOCK && b->type == T_CLOSE &&
	    c->toks[b->match].type == T_PARENT)
		return PAIR_BLOCK_PARENT_END;
	return PAIR_NONE;
}

/* Pass 3: find the tags that stand alone on their line, and widen the source
 * they consume to the whole line so that the line leaves no trace. */
static void mark_standalone(struct compiler *c)
{
	size_t ls, be, le;
	for (size_t i = 0; i < c->ntoks; i++) {
		struct token *t = &c->toks[i];
		if (!can_stand_alone(t->type) || !blank_before(c, t->start, &ls) ||
		    !blank_after(c, t->end, &be, &le))
			continue;
		t->line_start = t->strip_from = ls;
		t->strip_to = le;
		t->alone = t->indented = true;
		t->site = t->body_bol = t->type == T_BLOCK;
	}
	for (size_t i = 0; i + 1 < c->ntoks; i++) {
		struct token *a = &c->toks[i], *b = &c->toks[i + 1];
		if (a->alone || b->alone)
			continue;
		enum pair kind = pair_kind(c, i);
		if (kind == PAIR_NONE || !blank_before(c, a->start, &ls) || !blank_after(c, b->end, &be, &le))
			continue;
		a->line_start = a->strip_from = ls;
		a->alone = b->alone = true;
		switch (kind) {
		case PAIR_PARENT:
			a->indented = true;
			b->strip_to = le;
			break;
		case PAIR_PARENT_BLOCK:
			a->indented = true;
			b->body_bol = true;
			b->strip_to = le;
			break;
		case PAIR_BLOCK_PARENT_END: b->strip_to = le; break;
		case PAIR_BLOCK:
			/* The spec keeps the newline here, so that a block
			 * filled with one unterminated line stays a line. */
			a->site = true;
			b->strip_to = be;
			break;
		case PAIR_NONE: break;
		}
		i++;
	}
}

static size_t pool_add(struct compiler *c, const char *s, size_t n)
{
	size_t off = c->pool.len;
	buf_append(&c->pool, s, n);
	buf_append_char(&c->pool, '\0');
	return off;
}

/* Stores a dotted name as its parts, each NUL-terminated, so that rendering
 * can hand them straight to json_object_get. Returns the number of parts. */
static unsigned pool_add_dotted(struct compiler *c, const char *s, size_t n, size_t *off)
{
	*off = c->pool.len;
	if (n == 1 && s[0] == '.') {
		buf_append_char(&c->pool, '\0');
		return 0;
	}
	unsigned parts = 1;
	size_t from = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		buf_append(&c->pool, s + from, i - from);
		buf_append_char(&c->pool, '\0');
		if (i < n)
			parts++;
		from = i + 1;
	}
	return parts;
}

static size_t add_node(struct compiler *c, enum node_type type)
{
	if (c->nnodes == c->nodes_cap) {
		c->nodes_cap = c->nodes_cap ? c->nodes_cap * 2 : 64;
		c->nodes = xrealloc(c->nodes, c->nodes_cap * sizeof *c->nodes);
	}
	size_t i = c->nnodes++;
	memset(&c->nodes[i], 0, sizeof c->nodes[i]);
	c->nodes[i].type = type;
	c->nodes[i].end = i + 1;
	return i;
}

static bool at_line_start(const struct compiler *c, size_t pos)
{
	return pos == 0 || c->src[pos - 1] == '\n';
}

/* Emits the text in [from, to) as N_TEXT nodes with an N_INDENT at the start
 * of each line, dropping up to `dedent` blanks there (see emit_block). If a
 * tag that is not standalone follows at the start of a line, that line gets
 * its N_INDENT too. */
static void emit_text(struct compiler *c, size_t from, size_t to, bool tag_follows, size_t dedent)
{
	size_t p = from;
	while (p < to) {
		if (at_line_start(c, p)) {
			add_node(c, N_INDENT);
			for (size_t k = 0; k < dedent && p < to && is_blank(c->src[p]); k++)
				p++;
		}
		const char *nl = memchr(c->src + p, '\n', to - p);
		size_t line_end = nl ? (size_t)(nl - c->src) + 1 : to;
		if (line_end > p) {
			size_t n = add_node(c, N_TEXT);
			c->nodes[n].str = pool_add(c, c->src + p, line_end - p);
			c->nodes[n].len = line_end - p;
		}
		p = line_end;
	}
	if (tag_follows && at_line_start(c, to))
		add_node(c, N_INDENT);
}

/* The indentation before a standalone tag, less the `dedent` blanks that the
 * enclosing block strips from its lines. */
static void set_indent(struct compiler *c, size_t n, const struct token *t, size_t dedent)
{
	size_t from = t->line_start, ws = t->start - t->line_start;
	from += dedent < ws ? dedent : ws;
	c->nodes[n].indent = pool_add(c, c->src + from, t->start - from);
	c->nodes[n].indent_len = t->start - from;
}

/* The blanks that every non-blank line in [from, to) starts with: sets
 * *first to the first such line and returns how many, or SIZE_MAX if all the
 * lines are blank. */
static size_t common_indent(const struct compiler *c, size_t from, size_t to, size_t *first)
{
	size_t common = SIZE_MAX;
	size_t p = from;
	while (p < to) {
		size_t q = p;
		while (q < to && is_blank(c->src[q]))
			q++;
		bool blank = q == to || c->src[q] == '\n' ||
		             (c->src[q] == '\r' && q + 1 < to && c->src[q + 1] == '\n');
		if (!blank) {
			if (common == SIZE_MAX) {
				*first = p;
				common = q - p;
			} else {
				size_t k = 0;
				while (k < common && k < q - p && c->src[p + k] == c->src[*first + k])
					k++;
				common = k;
			}
		}
		const char *nl = memchr(c->src + q, '\n', to - q);
		if (!nl)
			break;
		p = (size_t)(nl - c->src) + 1;
	}
	return common;
}

/* Emits a block node and returns the dedent for its body. A block that
 * stands alone has the indentation common to its lines removed here; where
 * the block is expanded, the renderer adds the indentation of that place,
 * which is the indentation of the block's default content or, failing that,
 * of its tag ("Block reindentation" and "Intrinsic indentation" in the
 * spec). */
static size_t emit_block(struct compiler *c, const struct token *t, size_t dedent)
{
	size_t n = add_node(c, N_BLOCK);
	c->nodes[n].str = pool_add(c, c->src + t->name, t->name_len);
	c->nodes[n].len = t->name_len;
	c->nodes[n].standalone = t->site;
	c->nodes[n].body_bol = t->body_bol;

	size_t body_dedent = dedent;
	bool have_indent = false;
	if (t->body_bol) {
		size_t first = 0;
		size_t common = common_indent(c, t->strip_to, c->toks[t->match].strip_from, &first);
		if (common != SIZE_MAX && common > dedent) {
			body_dedent = common;
			if (t->site) {
				c->nodes[n].indent = pool_add(c, c->src + first + dedent, common - dedent);
				c->nodes[n].indent_len = common - dedent;
				have_indent = true;
			}
		}
	}
	if (t->site && !have_indent)
		set_indent(c, n, t, dedent);
	return body_dedent;
}

/* Pass 4: turn the tokens, and the text between them, into nodes. */
static void emit(struct compiler *c)
{
	size_t open[MUSTACHE_MAX_NESTING];
	size_t dedent[MUSTACHE_MAX_NESTING + 1];
	size_t depth = 0, pos = 0;
	dedent[0] = 0;

	for (size_t i = 0; i < c->ntoks; i++) {
		const struct token *t = &c->toks[i];
		/* Text directly inside a parent tag is ignored: only its
		 * blocks matter. */
		bool in_parent = depth && c->nodes[open[depth - 1]].type == N_PARENT;
		size_t d = dedent[depth];
		if (!in_parent)
			emit_text(c, pos, t->strip_from, !t->alone, d);
		pos = t->strip_to;

		const char *name = c->src + t->name;
		size_t n;
		switch (t->type) {
		case T_VAR:
		case T_RAW:
			n = add_node(c, t->type == T_VAR ? N_ESCAPED : N_RAW);
			c->nodes[n].nparts = pool_add_dotted(c, name, t->name_len, &c->nodes[n].str);
			break;
		case T_SECTION:
		case T_INVERTED:
			n = add_node(c, t->type == T_SECTION ? N_SECTION : N_INVERTED);
			c->nodes[n].nparts = pool_add_dotted(c, name, t->name_len, &c->nodes[n].str);
			open[depth++] = n;
			dedent[depth] = d;
			break;
		case T_PARTIAL:
		case T_PARENT:
			n = add_node(c, t->type == T_PARTIAL ? N_PARTIAL : N_PARENT);
			c->nodes[n].dynamic = t->dynamic;
			if (t->dynamic)
				c->nodes[n].nparts = pool_add_dotted(c, name, t->name_len, &c->nodes[n].str);
			else
				c->nodes[n].str = pool_add(c, name, t->name_len);
			c->nodes[n].standalone = t->indented;
			if (t->indented)
				set_indent(c, n, t, d);
			if (t->type == T_PARENT) {
				open[depth++] = n;
				dedent[depth] = d;
			}
			break;
		case T_BLOCK: {
			size_t bd = emit_block(c, t, d);
			open[depth++] = c->nnodes - 1;
			dedent[depth] = bd;
			break;
		}
		case T_CLOSE:
			depth--;
			c->nodes[open[depth]].end = c->nnodes;
			break;
		case T_COMMENT:
		case T_DELIM: break;
		}
	}
	emit_text(c, pos, c->len, false, 0);
}

enum haven_status mustache_compile(const char *src, size_t len, struct mustache_template **out, char **err)
{
	struct compiler c = {
	    .src = src ? src : "",
	    .len = src ? len : 0,
	    .pool = BUF_INIT,
	    .err = BUF_INIT,
	};
	*out = NULL;
	if (err)
		*err = NULL;

	if (!tokenize(&c) || !match_sections(&c)) {
		if (err)
			*err = buf_steal(&c.err, NULL);
		buf_free(&c.err);
		free(c.toks);
		buf_free(&c.pool);
		return HAVEN_ERR_INVALID;
	}
	mark_standalone(&c);
	emit(&c);
	free(c.toks);

	struct mustache_template *tpl = xmalloc(sizeof *tpl);
	tpl->nodes = c.nodes;
	tpl->nnodes = c.nnodes;
	tpl->pool = buf_steal(&c.pool, NULL);
	*out = tpl;
	return HAVEN_OK;
}

void mustache_template_free(struct mustache_template *tpl)
{
	if (!tpl)
		return;
	free(tpl->nodes);
	free(tpl->pool);
	free(tpl);
}
