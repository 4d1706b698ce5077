/*
 * handlers.h (children, private) — the handlers area.c's route table
 * serves from the files that hold a subject each (the list and the search
 * in list.c, a child's record in record.c, adding a child or taking a
 * record in adding.c, correcting a child's details in corrections.c,
 * merging two records and undoing a merge in merges.c, an agency stopping
 * work with a child in links_end.c, the chronology in chronology.c), with
 * the field specs of theirs the table names, and the helpers in area.c
 * that more than one of those files share.
 */
#ifndef HAVEN_AREAS_CHILDREN_HANDLERS_H
#define HAVEN_AREAS_CHILDREN_HANDLERS_H

#include <jansson.h>
#include <stddef.h>

#include "areas/children/match.h"
#include "core/status.h"
#include "router/fields.h"
#include "router/router.h"

/* The most settings a form that adds or corrects a child may pick. */
#define CHILDREN_MAX_SETTINGS 8

/* ---- list.c ---- */

/* The search's fields (a name, a date of birth) and the list's query (its page). */
extern const struct field_spec children_search_fields[], children_list_query[];

/* GET /children, GET /api/v1/children: a page of the agency's children. */
route_handler children_list_page;
/* POST /children/search: the agency's children found by name and date of birth. */
route_handler children_search_page;
/* The list's first page, when a search is refused. */
route_handler children_first_page;

/* ---- record.c ---- */

/* GET /children/{id}, GET /api/v1/children/{id}: a child's record, or where a merged record went. */
route_handler children_show_child;

/* ---- adding.c ---- */

/* GET /children/new, and the form again after errors. */
route_handler children_new_child_form;
/* POST /children/new, POST /api/v1/children: a new child, or the likely duplicates to take instead. */
route_handler children_create_child;
/* POST /children/{id}/link, POST /api/v1/children/{id}/link: "Use this record", with the reason. */
route_handler children_take_child;
/* The API's answer after a record is taken (or read through a merge): the child's record as it now is. */
route_handler children_show_taken_child;

/* ---- corrections.c ---- */

/* GET /children/{id}/correct, and the form again after errors. */
route_handler children_correct_form;
/* POST /children/{id}/correct, POST /api/v1/children/{id}/correct. */
route_handler children_correct_child;

/* ---- merges.c ---- */

/* GET /children/{id}/merge, and the form again after errors. */
route_handler children_merge_form;
/* POST /children/{id}/merge, POST /api/v1/children/{id}/merge: another record merged into this one. */
route_handler children_merge_child;
/* GET /children/merges, GET /api/v1/children/merges: the latest merges, for the partnership to undo one. */
route_handler children_list_merges;
/* POST /children/merges/{id}/undo, POST /api/v1/children/merges/{id}/undo. */
route_handler children_undo_merge;

/* ---- links_end.c ---- */

/* Which of the agency's links has ended, from when, why, and "Yes" on "Are you sure?". */
extern const struct field_spec children_end_link_fields[];

/* GET /children/{id}/links/end, and the page again after errors. */
route_handler children_end_link_form;
/* POST /children/{id}/links/end, /api/v1/children/{id}/links/end. */
route_handler children_end_link_handler;

/* ---- chronology.c ---- */

/* The chronology's filters: a kind of event, and a period (PERIOD_FIELDS). */
extern const struct field_spec children_chronology_query[];

/* GET /children/{id}/chronology, GET /api/v1/children/{id}/chronology (and its page again after errors). */
route_handler children_show_chronology;

/* ---- area.c: the words for a link, and what the forms that add, take or correct a record share ---- */

/* A child's link to an agency in words ("School or setting"). */
const char *children_relationship_label(const char *relationship);

/* The identity in validated input `in` (the fields of area.c's CHILD_FIELDS): borrowed strings, valid
 * while `in` is; nothing is checked here (children_check_identity_now does). */
struct child_identity children_identity_of(const json_t *in);

/* The settings picked in validated input `in` (slugs) as agency ids, at most CHILDREN_MAX_SETTINGS, each
 * once, in `ids` and `*count`. A slug that names no setting, or too many, adds an error on "settings" to
 * `errors` and returns HAVEN_OK; anything else than HAVEN_OK is the store's failure. */
enum haven_status children_settings_of(const json_t *in, long long ids[CHILDREN_MAX_SETTINGS], size_t *count,
                                       json_t *errors);

/* The child form's model (title, local authorities, settings) in `*out`, owned by the caller, with the
 * area and settings in `in` (validated input; may be NULL) selected again. */
enum haven_status children_form_model(const json_t *in, json_t **out);

#endif
