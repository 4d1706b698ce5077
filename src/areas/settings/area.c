/*
 * area.c (settings) — schools, colleges and early years settings: the
 * agencies the DfE lists in "Get Information about Schools", with their Key
 * Adults and when their school day starts (Operation Encompass notifications
 * are due before it).
 */
#include "app/area.h"
#include "areas/settings/import.h"
#include "areas/settings/store.h"

const struct area area_settings = {
	.name = "settings",
	.commands = settings_commands,
	.load_demo = settings_load_demo,
	/* after the partnership's agencies (10) and the accounts (20) */
	.demo_order = 25,
};
