/*
 * la_code.h — a local authority area's code from its slug ("lancashire"),
 * the one lookup of it for the areas whose forms name an area (an "la"
 * field) and whose records keep its code. The areas themselves are the
 * partnership area's (local_authorities).
 */
#ifndef HAVEN_APP_LA_CODE_H
#define HAVEN_APP_LA_CODE_H

#include "core/status.h"

/* The code of the local authority area `slug` in *code; HAVEN_ERR_NOT_FOUND if there is none. */
enum haven_status la_code_of_slug(const char *slug, long long *code) HAVEN_MUST_CHECK;

#endif
