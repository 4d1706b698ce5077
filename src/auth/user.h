/*
 * user.h — who is making a request: the signed-in person, their agency,
 * their roles and their session. The server fills one in from the session
 * cookie or bearer token before a route's permission is checked.
 */
#ifndef HAVEN_AUTH_USER_H
#define HAVEN_AUTH_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/token.h"

enum role {
	ROLE_ADMIN = 1 << 0,        /* users, agencies, configuration; no child data */
	ROLE_PARTNERSHIP = 1 << 1,  /* the partnership team: reviews, audits, training, reports */
	ROLE_PRACTITIONER = 1 << 2, /* a practitioner in any agency */
	ROLE_FRONT_DOOR = 1 << 3,   /* a local authority's front door or MASH */
	ROLE_POLICE = 1 << 4,
	ROLE_DSL = 1 << 5,          /* a setting's Designated Safeguarding Lead (Key Adult) */
	ROLE_IDVA = 1 << 6,         /* an Independent Domestic Violence Adviser */
	ROLE_SCRUTINEER = 1 << 7,   /* the Independent Scrutineer: aggregates only */
	ROLE_AGENCY_ADMIN = 1 << 8, /* invites, disables and re-enables people in their own agency only */
};
#define ROLE_COUNT 9
#define ROLE_ALL ((1u << ROLE_COUNT) - 1)

struct user {
	long long id;
	long long agency_id;
	/* sized for the longest names the forms accept, at 4 bytes a character */
	char name[512];
	char email[256];
	char agency_name[1024];
	unsigned roles; /* a set of enum role */
	long long session_id;
	int64_t session_started_at; /* Unix seconds */
	int64_t session_ends_at;    /* when the session ends if unused: its idle or absolute timeout */
	bool via_bearer;            /* signed in with Authorization: Bearer (no CSRF needed) */
	bool second_factor_pending; /* password checked, TOTP not yet */
	char csrf_token[TOKEN_TEXT_SIZE];
};

/* The role's name as stored and shown in the API ("front_door"); NULL if not one role. */
const char *role_name(enum role role);
/* A role's name for people ("Front door (MASH)"). */
const char *role_label(enum role role);
/* The role for a name, or 0. */
enum role role_from_name(const char *name);

#endif
