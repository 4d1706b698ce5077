/*
 * published.h (provide) — what Operation Provide publishes about a period
 * (app/area.h `.figures`): the victims referred to IDVA services and what
 * came of it, by local authority, as the figures page counts them.
 */
#ifndef HAVEN_AREAS_PROVIDE_PUBLISHED_H
#define HAVEN_AREAS_PROVIDE_PUBLISHED_H

#include <jansson.h>

#include "core/status.h"

enum haven_status provide_published(const char *from, const char *to, json_t *sections) HAVEN_MUST_CHECK;

#endif
