/*
 * batch.h — the API's intake of one record or a batch of them, as a police
 * system sends domestic abuse incidents and missing episodes: the body is
 * either one record, or {"KEY": [...]} and nothing else. One way to read
 * which it is, and one way to answer what the intake did: 201 when any
 * record was created (200 when every one was a resend that changed
 * nothing), a batch's results as {"KEY": [...]}, one record's result with
 * its Location; a refused intake's errors as the fields' 422 (409 for a
 * conflict). Each area keeps its own intake (its checks, its unit of work).
 */
#ifndef HAVEN_APP_BATCH_H
#define HAVEN_APP_BATCH_H

#include <jansson.h>
#include <stdbool.h>

#include "core/status.h"
#include "router/request.h"

/*
 * The records sent: *list (new) is the batch under `key`, or a list of the
 * one record `in` (*batch false). False, with the error for `key` answered
 * on `res`, when the batch is not a list or comes with other fields
 * (`noun` names one record: "incident").
 */
bool batch_records(const json_t *in, const char *key, const char *noun, struct response *res, json_t **list,
                   bool *batch);

/*
 * Answers an intake: `st` and its `errors` (taken) when it was refused
 * (HAVEN_ERR_INVALID or HAVEN_ERR_CONFLICT: answered, HAVEN_OK returned;
 * either with no errors is logged and returned as HAVEN_ERR_INTERNAL, never
 * answered as a success; another failure is returned as it is), else its
 * `results` (taken, each
 * {"index", "id", "status": "created"|...}). For one record *one is its
 * answer (borrowed: the response owns it), which the caller may add to;
 * `location` is the API's path before the id ("/api/v1/da-incidents/").
 */
enum haven_status batch_answer(struct response *res, enum haven_status st, json_t *errors, json_t *results,
                               bool batch, const char *key, const char *location, json_t **one);

#endif
