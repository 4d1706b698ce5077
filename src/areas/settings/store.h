/*
 * store.h (settings) — schools, colleges and early years settings in the
 * database: the directory, one setting with its Key Adults, the school-day
 * start time, and the GIAS import. No database header here: handlers and
 * the import command use these, store_sqlite.c implements them.
 */
#ifndef HAVEN_SETTINGS_STORE_H
#define HAVEN_SETTINGS_STORE_H

#include <jansson.h>
#include <stddef.h>

#include "auth/records.h"
#include "areas/settings/gias.h"
#include "auth/actor.h"
#include "core/status.h"
#include "router/page.h"

/*
 * A page (router/page.h) of the directory, by name then id: settings whose
 * local authority has the slug `area` and with a word of their name
 * starting with `name_part` (case and accents folded; the last word typed
 * may be the start of a word), each filter skipped when NULL. *out is a new
 * array of {id, urn, name, type, phase, status, low_age, high_age,
 * postcode, la_code, la_name, area_slug, school_day_start, agency_type};
 * *total the number of matches, counted up to PAGE_COUNT_CAP + 1.
 */
enum haven_status settings_list(const char *area, const char *name_part, const struct page *page,
                                json_t **out, long long *total) HAVEN_MUST_CHECK;

/* Every local authority area as [{code, slug, name}] by name, for the directory's filter; new array in *out.
 */
enum haven_status settings_list_areas(json_t **out) HAVEN_MUST_CHECK;

/*
 * One setting by its agency id, as one row of settings_list plus
 * "key_adults": [{name, email}] (active users with the dsl role in its
 * agency, by name) and "updated_at". HAVEN_ERR_NOT_FOUND if the agency is
 * not a setting. New object in *out.
 */
enum haven_status settings_get(long long agency_id, json_t **out) HAVEN_MUST_CHECK;

/*
 * Sets when the setting's school day starts ("HH:MM", checked by the
 * caller) and audits it as setting.update, in one unit of work, in which
 * the deadlines of its open Operation Encompass notifications, and of the
 * children waiting to be matched whom the police named it for, are counted
 * again (incidents_school_days_changed, incidents/school_days.h).
 * HAVEN_ERR_NOT_FOUND if the agency is not a setting.
 */
enum haven_status settings_set_school_day_start(long long agency_id, const char *hhmm,
                                                const struct actor *actor) HAVEN_MUST_CHECK;

/* What an import did (see settings_import). */
struct settings_import_counts {
	size_t added, updated, unchanged, skipped, rejected;
};

/*
 * Imports the rows of a GIAS file in one unit of work, all or nothing.
 * Each row's outcome is set: rows of local authorities outside the
 * partnership (the local_authorities table), and closed establishments
 * Haven never had, are skipped; a row with a reason, or broken, is
 * rejected; the rest create or update (by URN) an agency and its settings
 * row, keeping the school-day start a setting has set. If any row is
 * rejected nothing is written and HAVEN_ERR_INVALID is returned (the
 * outcomes still say which rows were bad). *counts is filled either way.
 */
enum haven_status settings_import(struct gias_file *file,
                                  struct settings_import_counts *counts) HAVEN_MUST_CHECK;

/* Loads the demo settings (demo.sql) in one unit of work. */
enum haven_status settings_load_demo(void) HAVEN_MUST_CHECK;

/* The records this area holds, for the access policy and the audit trail (auth/records.h). */
extern const struct record_type settings_records[];

#endif
