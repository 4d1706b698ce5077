/*
 * figures_scope.c (incidents) — the police line of the figures pages counted
 * from the police's incidents (figures_scope.h).
 */
#include "areas/incidents/figures_scope.h"

#include "areas/incidents/store.h"
#include "auth/user.h"

enum haven_status incidents_figures_frame(const struct request *req, json_t *model)
{
	struct incidents_scope scope;
	enum haven_status st = incidents_scope_of(req->user->agency_id, &scope);
	if (st == HAVEN_OK)
		json_object_set_new(model, "own_force", json_boolean(scope.force_id != 0));
	return st;
}
