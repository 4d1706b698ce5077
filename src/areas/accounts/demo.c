/*
 * demo.c (accounts) — the demo partnership's people: an account per role (and a second in some),
 * all with the same demo password, printed by `make run` and listed in the
 * README. Every name is invented.
 */
#include <stdio.h>

#include "areas/accounts/demo.h"
#include "auth/password.h"
#include "auth/store.h"

const char demo_password[] = "demo-password-for-haven";

const struct demo_account demo_accounts[] = {
    {"admin@demo.haven.example", "Ada Admin", "csap", ROLE_ADMIN},
    {"partnership@demo.haven.example", "Parveen Partnership", "csap", ROLE_PARTNERSHIP},
    {"practitioner@demo.haven.example", "Priya Practitioner", "demo-teaching-hospitals", ROLE_PRACTITIONER},
    {"frontdoor@demo.haven.example", "Frank Frontdoor", "lancashire-county-council", ROLE_FRONT_DOOR},
    {"police@demo.haven.example", "Pat Police", "lancashire-constabulary", ROLE_POLICE},
    {"dsl@demo.haven.example", "Dee Safeguarding-Lead", "brookfield-primary", ROLE_DSL},
    {"idva@demo.haven.example", "Ida Adviser", "demo-idva-service", ROLE_IDVA},
    {"scrutineer@demo.haven.example", "Sam Scrutineer", "csap", ROLE_SCRUTINEER},
    /* a second person in some roles, in another agency or area, to show what each may not see */
    {"dsl2@demo.haven.example", "Lee Larkhill-Lead", "larkhill-academy", ROLE_DSL},
    {"frontdoor2@demo.haven.example", "Bea Blackpool-Frontdoor", "blackpool-council", ROLE_FRONT_DOOR},
    {"idva2@demo.haven.example", "Ira Coast-Adviser", "demo-coast-idva-service", ROLE_IDVA},
    /* last, so the accounts above keep their ids: Brookfield Primary's business manager */
    {"agencyadmin@demo.haven.example", "Bryn Business-Manager", "brookfield-primary", ROLE_AGENCY_ADMIN},
    /* a second in the partnership team: one records a subject access request, another checks who asked */
    {"partnership2@demo.haven.example", "Rhys Records-Officer", "csap", ROLE_PARTNERSHIP},
    /* the hospital trust's safeguarding lead: an agency's Section 11 return is completed by its lead */
    {"trustlead@demo.haven.example", "Tomi Trust-Lead", "demo-teaching-hospitals", ROLE_AGENCY_ADMIN},
    {0, 0, 0, 0},
};

enum haven_status accounts_load_demo(void)
{
	char hash[160];
	enum haven_status st = password_hash(demo_password, hash, sizeof hash);
	if (st != HAVEN_OK)
		return st;
	struct actor system = {0};
	for (const struct demo_account *a = demo_accounts; a->email; a++) {
		struct new_user u = {a->email, a->name, a->agency_slug, a->role, hash};
		long long id;
		st = auth_store_user_create(&u, &system, &id);
		if (st != HAVEN_OK) {
			fprintf(stderr, "haven: cannot create demo user %s\n", a->email);
			return st;
		}
	}
	return HAVEN_OK;
}
