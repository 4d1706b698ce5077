/*
 * agency.c (partnership) — the agency types and the checks every way of
 * making or changing an agency or a local authority area shares (agency.h).
 */
#include "areas/partnership/agency.h"

#include <stdbool.h>
#include <string.h>

#include "router/errors.h"

/*
 * The first nine are the types Haven started with; access rules and other
 * areas name some of them ('local_authority' is the front door, 'school',
 * 'college' and 'early_years' are settings, 'idva_service' Operation
 * Provide's), so their values never change. The rest are finer kinds that
 * no rule names.
 */
const char *const partnership_agency_types[] = {
    "police",  "local_authority",  "health",      "icb",          "nhs_trust", "gp_practice",
    "school",  "college",          "early_years", "idva_service", "probation", "youth_justice",
    "housing", "voluntary_sector", "partnership", "other",        NULL,
};

static const char *const type_labels[] = {
    "Police",
    "Local authority children's services",
    "Health (other)",
    "Integrated care board (ICB)",
    "NHS trust",
    "GP practice",
    "School",
    "College",
    "Early years setting",
    "IDVA service",
    "Probation",
    "Youth justice",
    "Housing",
    "Voluntary sector",
    "Partnership",
    "Other",
};

const char *partnership_type_label(const char *type)
{
	for (size_t i = 0; type && partnership_agency_types[i]; i++)
		if (strcmp(partnership_agency_types[i], type) == 0)
			return type_labels[i];
	return type;
}

#define SLUG_MAX 60
#define AGENCY_NAME_MAX 200

/* The local authority areas an agency works in, by DfE code: adding one and changing one alike. */
#define AGENCY_LA_FIELD                                                                                      \
	{                                                                                                    \
		.name = "la", .label = "a local authority code", .type = FIELD_INT, .multiple = true,        \
		.min = 100, .max = 999                                                                       \
	}

const struct field_spec partnership_agency_fields[] = {
    {.name = "slug", .label = "the agency's short name (slug)", .type = FIELD_SLUG, .max = SLUG_MAX},
    {.name = "name",
     .label = "the agency's name",
     .type = FIELD_TEXT,
     .required = true,
     .max = AGENCY_NAME_MAX},
    {.name = "type",
     .label = "the type of agency",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = partnership_agency_types},
    AGENCY_LA_FIELD,
    {0},
};

const struct field_spec partnership_agency_changes[] = {
    {.name = "name", .label = "the agency's name", .type = FIELD_TEXT, .max = AGENCY_NAME_MAX},
    {.name = "type",
     .label = "the type of agency",
     .type = FIELD_CHOICE,
     .choices = partnership_agency_types},
    AGENCY_LA_FIELD,
    {0},
};

const struct field_spec partnership_area_fields[] = {
    {.name = "code",
     .label = "the local authority's DfE code",
     .type = FIELD_INT,
     .required = true,
     .min = 100,
     .max = 999},
    {.name = "name", .label = "the local authority's name", .type = FIELD_TEXT, .required = true, .max = 120},
    {.name = "slug", .label = "the local authority's short name (slug)", .type = FIELD_SLUG, .max = SLUG_MAX},
    {0},
};

const struct field_spec partnership_self_fields[] = {
    {.name = "name",
     .label = "the partnership's name",
     .type = FIELD_TEXT,
     .required = true,
     .max = AGENCY_NAME_MAX},
    {.name = "slug", .label = "the partnership's short name (slug)", .type = FIELD_SLUG, .max = SLUG_MAX},
    {0},
};

/* The types whose agency is in one local authority area: the front door and the settings. */
static bool in_one_area(const char *type)
{
	static const char *const one[] = {"local_authority", "school", "college", "early_years", NULL};
	for (size_t i = 0; one[i]; i++)
		if (strcmp(one[i], type) == 0)
			return true;
	return false;
}

void partnership_check_agency_areas(const char *type, const json_t *la, json_t *errors)
{
	size_t count = json_array_size(la);
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; j < i; j++)
			if (json_integer_value(json_array_get(la, i)) ==
			    json_integer_value(json_array_get(la, j))) {
				errors_add(errors, "la", "Give each local authority code once");
				return;
			}
	if (!type)
		return;
	if (in_one_area(type) && count != 1)
		errors_add(
		    errors, "la",
		    strcmp(type, "local_authority") == 0
		        ? "A local authority's children's services work in one area: give exactly one local "
		          "authority code"
		        : "A school, college or early years setting is in one area: give exactly one local "
		          "authority code");
	else if (strcmp(type, "partnership") == 0 && count != 0)
		errors_add(errors, "la", "The partnership works in every area: give no local authority code");
}

void partnership_slug_from_name(const char *name, char *out, size_t size)
{
	size_t n = 0;
	bool gap = false;
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 1 < size; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			gap = true;
			continue;
		}
		if (gap && n > 0) {
			if (n + 2 >= size)
				break; /* no room for the hyphen and a character: stop at a whole word */
			out[n++] = '-';
		}
		out[n++] = (char)c;
		gap = false;
	}
	out[n] = '\0';
}

void partnership_slug_for(json_t *values, json_t *errors)
{
	if (json_string_value(json_object_get(values, "slug")))
		return;
	const char *name = json_string_value(json_object_get(values, "name"));
	char slug[SLUG_MAX + 1];
	partnership_slug_from_name(name ? name : "", slug, sizeof slug);
	if (*slug)
		json_object_set_new(values, "slug", json_string(slug));
	else
		errors_add(errors, "slug",
		           "Enter a slug: the name has no letters or digits to make one from");
}
