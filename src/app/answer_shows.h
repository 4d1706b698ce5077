/*
 * answer_shows.h — which records the API's answer to a change will show, for
 * the change's own audit row. The row is written in the change's unit, before
 * the answer is built, so the handler asks the answer's handler first (what it
 * reports with response_audit_record: the children shown to this reader);
 * what the change itself adds is the record its row names. A browser is sent
 * on to the record's page, whose read names what it shows: none for it.
 */
#ifndef HAVEN_APP_ANSWER_SHOWS_H
#define HAVEN_APP_ANSWER_SHOWS_H

#include "auth/audit.h"
#include "core/status.h"
#include "router/request.h"

/*
 * The records `answer` (the route's api_answer) reports showing for `req`, in
 * *shown (none unless req->api); its failure as it is (a 404, ...), with
 * nothing in *shown. Free with answer_shows_free.
 */
enum haven_status answer_shows(struct request *req, route_handler *answer,
                               struct audit_shown *shown) HAVEN_MUST_CHECK;
void answer_shows_free(struct audit_shown *shown);

#endif
