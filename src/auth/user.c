/*
 * user.c — role names (see user.h).
 */
#include "auth/user.h"

#include <string.h>

static const struct {
	enum role role;
	const char *name, *label;
} roles[] = {
    {ROLE_ADMIN, "admin", "Administrator"},
    {ROLE_PARTNERSHIP, "partnership", "Partnership team"},
    {ROLE_PRACTITIONER, "practitioner", "Practitioner"},
    {ROLE_FRONT_DOOR, "front_door", "Front door (MASH)"},
    {ROLE_POLICE, "police", "Police"},
    {ROLE_DSL, "dsl", "Designated Safeguarding Lead"},
    {ROLE_IDVA, "idva", "Independent Domestic Violence Adviser"},
    {ROLE_SCRUTINEER, "scrutineer", "Independent Scrutineer"},
    {ROLE_AGENCY_ADMIN, "agency_admin", "Agency administrator"},
};

const char *role_name(enum role role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == role)
			return roles[i].name;
	return NULL;
}

const char *role_label(enum role role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == role)
			return roles[i].label;
	return NULL;
}

enum role role_from_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].role;
	return 0;
}
