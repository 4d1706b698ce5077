/*
 * contexts.h (contextual) — what the pages of places, groups and persons of
 * concern (contexts.c), their links to children (context_links.c) and the
 * disruption against them (context_disruptions.c) share: the path a kind of
 * record lives under, the page that answers a change to one (and where a
 * browser goes back to when it is done), whether the
 * record the path names is current, what a change to one that has ended is
 * answered, and the disruptions in words for the record's page. Only those
 * three files include it, and mace.c for the path of a place or person on an
 * agenda.
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_CONTEXTS_H
#define HAVEN_AREAS_CONTEXTUAL_CONTEXTS_H

#include <jansson.h>
#include <stdbool.h>

#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "router/fields.h"

/* The path a kind of record lives under. */
static inline const char *base_of(bool persons)
{
	return persons ? "/persons-of-concern" : "/contexts";
}

/* What a change to a person (or to a place or group) answers the API with: its page as it now is. */
static inline enum haven_status (*show_of(bool persons))(struct request *, struct response *)
{
	return persons ? contextual_show_person : contextual_show_context;
}

/* A change to the record the path names is done: a browser goes back to its page, the API is answered with
 * the record as it now is (show_of). */
static inline void back_to_record(const struct request *req, struct response *res, bool persons)
{
	response_done(res, show_of(persons), "%s/%lld", base_of(persons), field_int(req->params, "id"));
}

/* What a change to an ended place, group or person is answered: it is reopened first (contexts.c's reopen).
 */
static const char ended_message[] = "This record has ended: it must be reopened before it is changed";

/* The context the path names, if it is of the route's kind (else NOT_FOUND); *ended says if it has ended. */
static inline enum haven_status current(const struct request *req, bool persons, bool *ended)
{
	json_t *context = NULL;
	enum haven_status st = contextual_context_get(field_int(req->params, "id"), persons, &context);
	*ended = st == HAVEN_OK && field_text(context, "ended_at") != NULL;
	json_decref(context);
	return st;
}

/* context_disruptions.c: a kind of disruption in words, and the kinds that fit a kind of record (`chosen`
 * selected), as the record's form offers them. */
const char *contextual_disruption_label(const char *kind);
json_t *contextual_disruption_choices(const char *kind, const char *chosen);

#endif
