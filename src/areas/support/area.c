/*
 * area.c (support) — being built: see the issue tracker. The migration here
 * defines this area's tables.
 */
#include "app/area.h"

const struct area area_support = {
	.name = "support",
};
