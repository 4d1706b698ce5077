/*
 * settings.c (training) — the partnership's training settings page and its
 * API twin: how many working days before a session a place may be cancelled
 * without it counting as late (0 to 10, 3 until changed; rules.h). Changed
 * by the partnership team, audited "training.settings".
 */
#include "areas/training/handlers.h"

#include "areas/training/store.h"
#include "auth/session.h"

/* GET /training/settings, GET /api/v1/training/settings, and the form again after errors. */
enum haven_status training_handle_settings_form(struct request *req, struct response *res)
{
	(void)req;
	json_t *settings = NULL;
	enum haven_status st = training_settings(&settings);
	if (st == HAVEN_OK)
		response_set_model(
		    res, json_pack("{s:s, s:o}", "title", "Training settings", "settings", settings));
	return st;
}

/* POST /training/settings, POST /api/v1/training/settings. */
enum haven_status training_handle_change_settings(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st = training_set_cutoff((int)field_int(req->input, "cutoff_working_days"), &actor);
	if (st == HAVEN_OK)
		response_done(res, training_handle_settings_form, "/training/settings");
	return st;
}
