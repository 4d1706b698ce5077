/*
 * answer_shows.c — the records an API answer to a change will show, asked of
 * the answer's handler before the change (answer_shows.h).
 */
#include "app/answer_shows.h"

#include <stdlib.h>

enum haven_status answer_shows(struct request *req, route_handler *answer, struct audit_shown *shown)
{
	*shown = (struct audit_shown){0};
	if (!req->api)
		return HAVEN_OK;
	struct response preview = {0};
	enum haven_status st = answer(req, &preview);
	if (st == HAVEN_OK && preview.shown_count) {
		*shown = (struct audit_shown){preview.shown, preview.shown_count};
		preview.shown = NULL;
		preview.shown_count = preview.shown_cap = 0;
	}
	response_free(&preview);
	return st;
}

void answer_shows_free(struct audit_shown *shown)
{
	free((void *)shown->records);
	*shown = (struct audit_shown){0};
}
