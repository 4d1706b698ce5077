/*
 * store.h (children) — reading a child's record.
 */
#ifndef HAVEN_CHILDREN_STORE_H
#define HAVEN_CHILDREN_STORE_H

#include <jansson.h>

#include "core/status.h"

/*
 * A child's record with the agencies linked to them:
 * {id, given_name, family_name, date_of_birth, area_name, links:[{agency_name, relationship}]}.
 * HAVEN_ERR_NOT_FOUND if there is no such child.
 */
enum haven_status children_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* Loads the demo children (demo.sql). */
enum haven_status children_load_demo(void) HAVEN_MUST_CHECK;

#endif
