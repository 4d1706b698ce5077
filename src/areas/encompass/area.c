/*
 * area.c (encompass) — being built: see the issue tracker. The migration here
 * defines this area's tables.
 */
#include "app/area.h"

const struct area area_encompass = {
	.name = "encompass",
};
