/*
 * area.c (children) — the children register: a child's record, the list of
 * children linked to the user's agency (searched by name or date of birth in
 * a POST body, never in the address), and adding a child, which first shows
 * the likely duplicates so the user can take an existing record instead.
 * Each use case is one handler serving its page (under /children) and the
 * same JSON under /api/v1/children.
 *
 * Who may see a child is the access policy's (action "child.read": a
 * relationship between the user's agency and the child, or broken glass);
 * the server audits every GET of a child or of the list before the handler
 * runs, and the POSTs audit in their own unit of work (store_sqlite.c):
 * a search ("child.list"), each likely duplicate shown ("child.match"), a new
 * child ("child.create") and a record taken ("child.link", with the reason
 * the user must give: taking a record shows their agency all of it, so it is
 * reviewed by information governance beside break-glass access).
 *
 * Field specs here are deliberately loose (text, lengths): children_check_identity
 * (match.h) makes every check, so a page shows all of a form's errors at once
 * and other areas that record a child check it the same way.
 *
 * One file per subject: the list and the search in list.c, a child's
 * record in record.c, adding a child or taking a record in adding.c,
 * correcting a child's details in corrections.c, merging two records and
 * undoing a merge in merges.c, an agency stopping work with a child in
 * links_end.c and the chronology in chronology.c. This file holds what they
 * share: the forms' field specs, the words for a link's relationship, the
 * helpers the forms that add, take or correct a record share (handlers.h),
 * and the route, access and dashboard tables.
 */
#include <string.h>

#include "app/area.h"
#include "areas/children/handlers.h"
#include "areas/children/store.h"
#include "auth/policy.h"
#include "router/errors.h"

/* ---- field specs ---- */

/* A child's details and their settings, as each form that adds, takes or corrects a record sends them. */
#define CHILD_FIELDS                                                                                         \
	{.name = "given_name", .label = "the child's given name", .type = FIELD_TEXT, .max = 100},           \
	    {.name = "family_name", .label = "the child's family name", .type = FIELD_TEXT, .max = 100},     \
	    {.name = "other_names",                                                                          \
	     .label = "other names the child is known by",                                                   \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 200},                                                                                    \
	    {.name = "date_of_birth",                                                                        \
	     .label = "date of birth",                                                                       \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 40,                                                                                      \
	     .date_input = true},                                                                            \
	    {.name = "expected_date_of_birth",                                                               \
	     .label = "expected date of birth",                                                              \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 40,                                                                                      \
	     .date_input = true},                                                                            \
	    {.name = "sex", .label = "the child's sex", .type = FIELD_TEXT, .max = 40},                      \
	    {.name = "postcode", .label = "the home postcode", .type = FIELD_TEXT, .max = 20},               \
	    {.name = "la_code", .label = "the local authority", .type = FIELD_INT, .min = 1, .max = 999999}, \
	    {.name = "upn", .label = "the unique pupil number", .type = FIELD_TEXT, .max = 40},              \
	    {.name = "nhs_number", .label = "the NHS number", .type = FIELD_TEXT, .max = 40},                \
	{                                                                                                    \
		.name = "settings", .label = "the child's school, college or setting", .type = FIELD_SLUG,   \
		.multiple = true, .max = 100                                                                 \
	}

static const struct field_spec create_fields[] = {
    CHILD_FIELDS,
    {.name = "confirm_new",
     .label = "whether to add a new record after seeing the likely matches",
     .type = FIELD_BOOL},
    {0},
};

/*
 * Taking an existing record: what the user was about to add, which that record must be a likely match of,
 * and why they are sure it is the same child (checked in the handler, children_check_take_reason, so a
 * page shown again keeps the records offered).
 */
static const struct field_spec take_fields[] = {
    CHILD_FIELDS,
    {.name = "reason", .label = "why you are sure this is the same child", .type = FIELD_TEXT},
    {0},
};

/* Correcting a child's details: the whole set as it should be, and why. */
static const struct field_spec correct_fields[] = {
    CHILD_FIELDS,
    /* required, but checked by the handler so that every error is answered at once */
    {.name = "reason", .label = "why the details are corrected", .type = FIELD_TEXT, .max = 1000},
    {0},
};

/* Merging another record into this one: its number, and why they are the same child. */
static const struct field_spec merge_fields[] = {
    {.name = "other",
     .label = "the number of the other record",
     .type = FIELD_INT,
     .min = 1,
     .max = 999999999999},
    {.name = "reason", .label = "why they are the same child", .type = FIELD_TEXT, .max = 1000},
    {0},
};

static const struct field_spec undo_fields[] = {
    {.name = "reason", .label = "why the merge is undone", .type = FIELD_TEXT, .required = true, .max = 1000},
    {0},
};

/* ---- labels ---- */

const char *children_relationship_label(const char *r)
{
	if (strcmp(r, "setting") == 0)
		return "School or setting";
	if (strcmp(r, "local_authority") == 0)
		return "Local authority for the child's area";
	if (strcmp(r, "raised_concern") == 0)
		return "Raised a concern or incident";
	if (strcmp(r, "allocated_team") == 0)
		return "Team the child is allocated to";
	return r;
}

/* ---- helpers ---- */

/* The identity in validated input (borrowed strings: valid while `in` is). */
struct child_identity children_identity_of(const json_t *in)
{
	return (struct child_identity){
	    .given_name = field_text(in, "given_name"),
	    .family_name = field_text(in, "family_name"),
	    .other_names = field_text(in, "other_names"),
	    .date_of_birth = field_text(in, "date_of_birth"),
	    .expected_date_of_birth = field_text(in, "expected_date_of_birth"),
	    .sex = field_text(in, "sex"),
	    .postcode = field_text(in, "postcode"),
	    .upn = field_text(in, "upn"),
	    .nhs_number = field_text(in, "nhs_number"),
	    .la_code = (int)field_int(in, "la_code"),
	};
}

/* The settings picked (slugs) as agency ids, adding an error for any that is not a setting. */
enum haven_status children_settings_of(const json_t *in, long long ids[CHILDREN_MAX_SETTINGS], size_t *count,
                                       json_t *errors)
{
	json_t *slugs = json_object_get(in, "settings");
	*count = 0;
	if (json_array_size(slugs) > CHILDREN_MAX_SETTINGS) {
		errors_add(errors, "settings", "Select 8 settings or fewer");
		return HAVEN_OK;
	}
	size_t i;
	json_t *s;
	json_array_foreach(slugs, i, s)
	{
		long long id = 0;
		enum haven_status st = children_setting_id(json_string_value(s), &id);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "settings",
			           "Select the child's school, college or setting from the list");
			return HAVEN_OK;
		}
		if (st != HAVEN_OK)
			return st;
		bool seen = false;
		for (size_t j = 0; j < *count; j++)
			seen = seen || ids[j] == id;
		if (!seen)
			ids[(*count)++] = id;
	}
	return HAVEN_OK;
}

/* The form's choices, with the ones in `in` (may be NULL) selected again. */
enum haven_status children_form_model(const json_t *in, json_t **out)
{
	json_t *areas = NULL, *settings = NULL;
	enum haven_status st = children_form_choices(&areas, &settings);
	if (st != HAVEN_OK)
		return st;
	long long la = in ? field_int(in, "la_code") : 0;
	size_t i, j;
	json_t *a, *s;
	json_array_foreach(areas, i, a) if (la && json_integer_value(json_object_get(a, "code")) == la)
	    json_object_set_new(a, "selected", json_true());
	json_array_foreach(settings, i, a) json_array_foreach(
	    in ? json_object_get(in, "settings") : NULL, j, s) if (json_equal(json_object_get(a, "slug"), s))
	    json_object_set_new(a, "selected", json_true());
	*out = json_pack("{s:s, s:o, s:o}", "title", "Add a child", "areas", areas, "settings", settings);
	return HAVEN_OK;
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/children",
     .action = "child.list",
     .handler = children_list_page,
     .page = "children/list",
     .query = children_list_query,
     .redisplay = children_list_page,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/children/search",
     .action = "child.list",
     .handler = children_search_page,
     .page = "children/list",
     .body = children_search_fields,
     .redisplay = children_first_page,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/new",
     .action = "child.create",
     .handler = children_new_child_form,
     .page = "children/new"},
    {.method = HTTP_POST,
     .pattern = "/children/new",
     .action = "child.create",
     .handler = children_create_child,
     .page = "children/new",
     .body = create_fields,
     .redisplay = children_new_child_form,
     .api_pattern = "/api/v1/children"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/link",
     .action = "child.create",
     .handler = children_take_child,
     .page = "children/new",
     .body = take_fields,
     .redisplay = children_new_child_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}",
     .action = "child.read",
     .handler = children_show_child,
     .page = "children/child",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/merge",
     .action = "child.merge",
     .handler = children_merge_form,
     .page = "children/merge"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/merge",
     .action = "child.merge",
     .handler = children_merge_child,
     .page = "children/merge",
     .body = merge_fields,
     .redisplay = children_merge_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/merges",
     .action = "child.unmerge",
     .handler = children_list_merges,
     .page = "children/merges",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/children/merges/{id:int}/undo",
     .action = "child.unmerge",
     .handler = children_undo_merge,
     .page = "children/merges",
     .body = undo_fields,
     .redisplay = children_list_merges,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/correct",
     .action = "child.correct",
     .handler = children_correct_form,
     .page = "children/correct"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/correct",
     .action = "child.correct",
     .handler = children_correct_child,
     .page = "children/correct",
     .body = correct_fields,
     .redisplay = children_correct_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/links/end",
     .action = "child.end_link",
     .handler = children_end_link_form,
     .page = "children/end_link"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/links/end",
     .action = "child.end_link",
     .handler = children_end_link_handler,
     .page = "children/end_link",
     .body = children_end_link_fields,
     .redisplay = children_end_link_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/chronology",
     .action = "child.chronology",
     .handler = children_show_chronology,
     .page = "children/chronology",
     .query = children_chronology_query,
     .redisplay = children_show_chronology,
     .api = true},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* a child's record: needs a relationship, or broken glass */
    {.action = "child.read",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .break_glass = ROLE_FRONT_DOOR | ROLE_POLICE,
     .audited = true},
    /* correcting a child's details, with the reason: an agency working with the child */
    {.action = "child.correct",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .audited = true,
     .shown_as = "child.read"},
    /* merging two records of one child: the front door and the partnership, related to both */
    {.action = "child.merge",
     .roles = ROLE_FRONT_DOOR | ROLE_PARTNERSHIP,
     .resource = "child",
     .audited = true,
     .shown_as = "child.read"},
    /* an agency stopping work with a child (a concern raised, a team's allocation), with the date and
     * why: the agency working with the child, whose access then ends */
    {.action = "child.end_link",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .audited = true,
     .shown_as = "child.read"},
    /* undoing a merge: the partnership, which oversees every merge */
    {.action = "child.unmerge", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* a child's chronology: as the record, and then each event only as its own record's rule allows */
    {.action = "child.chronology",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .break_glass = ROLE_FRONT_DOOR | ROLE_POLICE,
     .audited = true},
    /* the children register: people who work with children list those linked to their agency, and add
     * a child (a likely duplicate is offered instead, which links their agency to it) */
    {.action = "child.list", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "child.create", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Children and families",
     .action = "child.list",
     .href = "/children",
     .text = "Your agency's children",
     .place = 40,
     /* the partnership team works with no child itself: it reaches one from a merge or a review, not a list
      */
     .not_offered_to = ROLE_PARTNERSHIP},
    {.section = "Children and families",
     .action = "child.create",
     .href = "/children/new",
     .text = "Add a child to the register",
     .place = 50,
     .not_offered_to = ROLE_PARTNERSHIP},
    {.section = "Children and families",
     .action = "child.unmerge",
     .href = "/children/merges",
     .text = "Merged records of a child, and undoing a merge",
     .place = 55},
    {0},
};

const struct area area_children = {
    .name = "children",
    .links = links,
    .access = access,
    .records = children_records,
    .chronology = children_chronology,
    .subject_access = children_subject_access,
    .routes = routes,
    .demo_order = 30,
    .load_demo = children_load_demo,
    /* rows written by plain SQL (older databases, imports) get their match keys before serving */
    .start = children_backfill_keys,
};