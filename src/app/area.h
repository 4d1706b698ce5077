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

#include "app/chronology.h"
#include "app/subject_access.h"
#include "auth/policy.h"
#include "auth/records.h"
#include "auth/user.h"
#include "core/status.h"
#include "router/router.h"

struct job;
struct store_tx;

struct command {
	const char *name;    /* "import settings": what follows `haven` */
	const char *summary; /* one line for `haven --help` */
	const char *usage;   /* the full text for `haven NAME --help` */
	/* Runs with argv[0] being the last word of the name; returns the exit status. */
	int (*run)(int argc, char **argv);
};

/* A link on the dashboard, under `section`, for whoever the policy lets take `action`. */
struct area_link {
	const char *section; /* "Children and families": sections are ordered by the dashboard */
	const char *action;  /* ACTION_SIGNED_IN: everyone signed in */
	const char *href;
	const char *text;
	int place; /* its order within the section (lowest first) */
	/*
	 * Roles the dashboard does not offer it to although the policy lets
	 * them take its action: they may open the page when their work leads
	 * there (the partnership team reaches a child from a merge or a
	 * review), but it is not their everyday work (0: none).
	 */
	unsigned not_offered_to;
};

/*
 * A link on a child's record page (/children/{id}) to this area's page about
 * that child, `href` followed by the child's id ("/neglect/children/" gives
 * "/neglect/children/42"), for whoever the policy lets take `action` on the
 * child. The children area owns the page; an area adds its link here.
 */
struct child_page_link {
	const char *action; /* the action on the child ("child" resource) whoever sees the link may take */
	const char *href;   /* the path up to the child's id: "/neglect/children/" */
	const char *text;
	const char *after; /* the rest of the path after the id ("/screenings"), or NULL */
};

/*
 * What waits for a person: an area's `tasks` appends, for `user` (who may
 * act for their agency), one object per piece of work waiting for them:
 *   {"kind": "encompass.acknowledge", "text": "Acknowledge a notification",
 *    "due_at": "2026-12-04T08:45:00Z" (UTC; or "YYYY-MM-DD"; or null),
 *    "href": "/encompass/42", "record_type": "encompass_notification", "record_id": 42}
 * `text` names no child (the task list is a work list, not a case record;
 * the page behind `href` shows the child to whoever may see it). The task
 * list orders them by due_at and says overdue ones in words.
 *
 * What happened to a child: an area's `chronology` is a table of the kinds
 * of event it holds about a child (app/chronology.h), each giving, for child
 * `child_id`, one object per event:
 *   {"at": "2026-11-30T22:10:00Z" or "YYYY-MM-DD", "kind": "incident",
 *    "text": "Domestic abuse incident reported", "agency": "Northshire Police",
 *    "href": "/incidents/7", "action": "incident.read",
 *    "record_type": "da_incident", "record_id": 7}
 * (with "kind_label", the filter's words for the kind: "Domestic abuse
 * incidents"; app/chronology.h builds these from a query's rows). The
 * children area shows an event only to a viewer the policy lets take
 * `action` on the record, and counts the others without saying what they are.
 */
typedef enum haven_status (*area_tasks_fn)(const struct user *user, json_t *tasks);
/*
 * What an area publishes about a period: its `figures` appends to `sections`
 * its headings of figures for the days [from, to] (YYYY-MM-DD, both
 * included), built with app/figures.h, for the scrutineer's dashboard and the
 * annual report. Each names the action its own figures page needs, so a
 * reader sees only what the policy would show them there.
 */
typedef enum haven_status (*area_figures_fn)(const char *from, const char *to, json_t *sections);

struct area {
	const char *name;
	const struct route *routes; /* ended by {0}; may be NULL */
	/* Who may take the actions its routes name (ended by {0}); may be NULL. */
	const struct policy_rule *access;
	/* The kinds of record it holds that rules and audit rows name (ended by {0}); may be NULL. */
	const struct record_type *records;
	/* Its links on the dashboard (ended by {0}); may be NULL. */
	const struct area_link *links;
	/* Its links on a child's record page (ended by {0}); may be NULL. */
	const struct child_page_link *child_links;
	/* What waits for a person in this area, and what it holds about a child (see above); may be NULL. */
	area_tasks_fn tasks;
	const struct chronology_kind *chronology; /* ended by {0} */
	/* What it holds about a child, for a subject access request's pack (app/subject_access.h; ended by
	 * {0}). */
	const struct subject_access_table *subject_access;
	/* Its figures for a period (see above); may be NULL. */
	area_figures_fn figures;
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
	/*
	 * For an area that stores deadlines counted in working days (reviews'
	 * next_due_on): works them out again inside the unit of work `tx` that
	 * changes the bank holidays (an administrator's upload or `haven import
	 * bank-holidays`), so they commit or roll back together. While it runs,
	 * the calendar's questions on that thread answer with the built-in
	 * holidays and every one the database holds in `tx` (calendar.h,
	 * calendar_import). May be NULL.
	 */
	enum haven_status (*working_days_changed)(struct store_tx *tx);
	/* Its background job (app/job.h), if it has one: `haven serve` starts it
	 * after `start` and stops it before `stop`. May be NULL. */
	struct job *job;
};

/* The dashboard's sections in order, ended by NULL; an area's link names one (areas_assemble checks). */
extern const char *const dashboard_sections[];

/* Every area built into this binary, ended by NULL (generated at build time). */
extern const struct area *const haven_areas[];

#endif
