/*
 * mustache.h — Haven's Mustache template engine.
 *
 * Renders logic-less Mustache templates (https://mustache.github.io/) against
 * a jansson JSON value. Supports everything in the official spec except
 * lambdas: variables (escaped by default), triple and & unescaped variables,
 * sections, inverted sections, comments, set delimiters, partials (with
 * standalone indentation), dynamic names, and inheritance (blocks and
 * parents). Passing the spec in tests/unit/data/mustache-spec/ is tested by
 * tests/unit/test_mustache.c.
 *
 * Where the spec leaves a choice: a missing value, null, false, the empty
 * list and the integer 0 are falsey (so SQLite's 0/1 flags and counts work
 * as sections; "" and the real 0.0 are truthy); true and false interpolate as
 * "true" and "false", reals in the fewest digits that round-trip (1.5, not
 * 1.500000), and objects and lists as nothing. A partial or parent whose tag
 * is not alone on its line is not indented. {{$body}}{{/body}} alone on a
 * line keeps that line's newline (as the spec's "Standalone block" requires),
 * so a layout should put the two tags on lines of their own.
 *
 * Templates are compiled once into a struct mustache_template and may then be
 * rendered many times, concurrently from several threads (a compiled
 * template is immutable). Partials and parents are looked up by name through
 * a caller-supplied function at render time.
 */
#ifndef HAVEN_VIEW_MUSTACHE_H
#define HAVEN_VIEW_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

struct mustache_template;

/*
 * Finds the compiled template for a partial or parent named `name`, or NULL if
 * there is none (which renders as empty text, as the spec requires). The
 * returned template is borrowed: it must outlive the render call.
 */
typedef const struct mustache_template *(*mustache_lookup_fn)(void *ctx, const char *name);

/*
 * Compiles `len` bytes of template source. On success stores a new template
 * in *out (free with mustache_template_free) and returns HAVEN_OK. On a syntax
 * error (unclosed tag or section, mismatched section end, bad delimiter)
 * returns HAVEN_ERR_INVALID and, if err is not NULL, stores a malloc'd
 * message naming the line in *err (caller frees).
 */
enum haven_status mustache_compile(const char *src, size_t len, struct mustache_template **out,
                                   char **err) HAVEN_MUST_CHECK;

void mustache_template_free(struct mustache_template *tpl);

/*
 * Renders `tpl` with `data` as the context, appending to `out`. `lookup` (may
 * be NULL if the template uses no partials) resolves partial and parent names.
 * Returns HAVEN_OK, or HAVEN_ERR_INVALID if partials nest deeper than a fixed
 * limit (recursion guard; parents and block overrides count too), in which
 * case `out` holds partial output to discard. Thread-safe for concurrent
 * renders of one template.
 */
enum haven_status mustache_render(const struct mustache_template *tpl, const json_t *data,
                                  mustache_lookup_fn lookup, void *ctx, struct buf *out) HAVEN_MUST_CHECK;

/*
 * As mustache_render, for plain text rather than HTML (emails): {{name}} is
 * written as it is, like {{{name}}}, since HTML escaping would only garble
 * the text ("Drugs &amp; alcohol").
 */
enum haven_status mustache_render_text(const struct mustache_template *tpl, const json_t *data,
                                       mustache_lookup_fn lookup, void *ctx,
                                       struct buf *out) HAVEN_MUST_CHECK;

#endif
