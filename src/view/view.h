/*
 * view.h — turning view models into pages.
 *
 * All templates are built into the binary (templates/ and each area's
 * templates/) and compiled once by view_init(); rendering is then lock-free
 * and safe from any thread. Partials and layouts are found by name: the
 * file "templates/layout.mustache" is "layout", an area's
 * "src/areas/home/templates/start.mustache" is "home/start".
 */
#ifndef HAVEN_VIEW_VIEW_H
#define HAVEN_VIEW_VIEW_H

#include <jansson.h>

#include "core/buf.h"
#include "core/status.h"

/* Compiles every built-in template; on a syntax error names the file in *err. */
enum haven_status view_init(char **err) HAVEN_MUST_CHECK;
void view_free(void);

/*
 * Renders the template `name` with `model` as its context (the page-wide
 * values of view_set_globals are visible too), appending HTML to out.
 * HAVEN_ERR_NOT_FOUND if there is no such template.
 */
enum haven_status view_render(const char *name, const json_t *model, struct buf *out) HAVEN_MUST_CHECK;

/* Values every page can use ({{service_name}}, {{version}}); takes ownership. Call before serving. */
void view_set_globals(json_t *globals);

#endif
