/*
 * area.h — what an area of the partnership's work provides to Haven.
 *
 * An area is a folder src/areas/NAME/ holding an area.c that defines
 * `const struct area area_NAME`, plus optionally templates/NAME.mustache files (built
 * in as "NAME/FILE"), migrations/NNNN_*.sql (numbered across all areas) and
 * its own store and rules. The build finds the folder and registers the area
 * (cmake generates the list), so adding an area never edits the core.
 */
#ifndef HAVEN_APP_AREA_H
#define HAVEN_APP_AREA_H

#include "auth/policy.h"
#include "auth/records.h"
#include "core/status.h"
#include "router/router.h"

struct command {
	const char *name;    /* "import settings": what follows `haven` */
	const char *summary; /* one line for `haven --help` */
	const char *usage;   /* the full text for `haven NAME --help` */
	/* Runs with argv[0] being the last word of the name; returns the exit status. */
	int (*run)(int argc, char **argv);
};

struct area {
	const char *name;
	const struct route *routes; /* ended by {0}; may be NULL */
	/* Who may take the actions its routes name (ended by {0}); may be NULL. */
	const struct policy_rule *access;
	/* The kinds of record it holds that rules and audit rows name (ended by {0}); may be NULL. */
	const struct record_type *records;
	const struct command *commands; /* ended by {0}; may be NULL */
	/*
	 * Loads this area's part of the demo partnership into a freshly
	 * migrated, open store (haven init --demo). May be NULL.
	 */
	enum haven_status (*load_demo)(void);
	/* Demo data loads in ascending order of this, so an area's demo can
	 * use another's (people need agencies): partnership 10, accounts 20,
	 * children 30. */
	int demo_order;
	/*
	 * Optional background work for `haven serve` (the mail area's sender,
	 * for example). main.c's cmd_serve calls every area's start after the
	 * store is open and before serving, and every area's stop (for those
	 * whose start succeeded) after the server has stopped and before the
	 * store closes, so a worker may still db_write while stopping. A start
	 * that fails stops `haven serve` from starting. Both may be NULL; other
	 * commands never call them.
	 */
	enum haven_status (*start)(void);
	void (*stop)(void);
};

/* Every area built into this binary, ended by NULL (generated at build time). */
extern const struct area *const haven_areas[];

#endif
