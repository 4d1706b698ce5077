/*
 * mustache_tree.h (view, private) — a compiled Mustache template, as the
 * compiler (mustache.c) writes it and the renderer (mustache_render.c) walks
 * it: a flat array of nodes in which a section is followed by its body and
 * records where that body ends, and one pool of text.
 */
#ifndef HAVEN_VIEW_MUSTACHE_TREE_H
#define HAVEN_VIEW_MUSTACHE_TREE_H

#include <stdbool.h>
#include <stddef.h>

/* Sections may nest this deep in one template; keeps rendering's recursion,
 * and so its stack use, bounded. */
#define MUSTACHE_MAX_NESTING 64

enum node_type {
	N_TEXT,     /* literal text */
	N_INDENT,   /* start of a template line: write the current indentation */
	N_ESCAPED,  /* {{name}} */
	N_RAW,      /* {{{name}}} and {{&name}} */
	N_SECTION,  /* {{#name}}, body follows */
	N_INVERTED, /* {{^name}}, body follows */
	N_PARTIAL,  /* {{>name}} */
	N_PARENT,   /* {{<name}}, its blocks (the arguments) follow */
	N_BLOCK,    /* {{$name}}, its default content follows */
};

struct node {
	enum node_type type;
	/* N_PARTIAL, N_PARENT: the tag stands alone, so the included template
	 * is indented. N_BLOCK: the block stands alone, so whatever is
	 * expanded here is indented by `indent`. */
	bool standalone;
	/* N_BLOCK: the body starts at the beginning of a line (the opening
	 * tag's line was removed), so it begins with an N_INDENT. */
	bool body_bol;
	/* N_PARTIAL, N_PARENT: the name is a dotted name whose value in the
	 * context is the template's name ({{>*name}}). */
	bool dynamic;
	/* Number of NUL-separated parts in a dotted name; 0 for ".". */
	unsigned nparts;
	/* Index one past this node's body (i + 1 for nodes without one). */
	size_t end;
	/* Offset in the pool and length of the text or name. */
	size_t str, len;
	/* Offset in the pool and length of the indentation (see `standalone`). */
	size_t indent, indent_len;
};

struct mustache_template {
	struct node *nodes;
	size_t nnodes;
	char *pool; /* all text, names and indentation, NUL-terminated */
};

#endif
