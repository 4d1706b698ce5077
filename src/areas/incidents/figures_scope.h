/*
 * figures_scope.h (incidents) — whose figures a figures page counts from
 * the police's incidents (Operation Encompass's, Operation Provide's, the
 * missing episodes'): a police force's own only, as it sees only its own
 * incidents (incidents_scope_of), and the page says so. The one frame
 * (app/figures_page.h) those pages share, so the page shown again with its
 * errors says it too.
 */
#ifndef HAVEN_AREAS_INCIDENTS_FIGURES_SCOPE_H
#define HAVEN_AREAS_INCIDENTS_FIGURES_SCOPE_H

#include <jansson.h>

#include "core/status.h"
#include "router/request.h"

/*
 * Sets "own_force" on `model`: whether `req`'s user is a police force's,
 * whose figures are its own force's only (the page's police line). A
 * figures_frame_fn (app/figures_page.h).
 */
enum haven_status incidents_figures_frame(const struct request *req, json_t *model) HAVEN_MUST_CHECK;

#endif
