/*
 * batch.c — one record or a batch of them through the API (see batch.h).
 */
#include "app/batch.h"

#include <stdio.h>
#include <string.h>

#include "router/errors.h"

bool batch_records(const json_t *in, const char *key, const char *noun, struct response *res, json_t **list,
                   bool *batch)
{
	json_t *records = json_object_get(in, key);
	*batch = records != NULL;
	*list = NULL;
	if (!records) {
		*list = json_pack("[O]", in);
		return true;
	}
	char message[160];
	if (json_object_size(in) != 1)
		snprintf(message, sizeof message, "Send either one %s or {\"%s\": [...]}, not both", noun,
		         key);
	else if (!json_is_array(records))
		snprintf(message, sizeof message, "The %s must be a list", key);
	else {
		*list = json_incref(records);
		return true;
	}
	json_t *errors = json_array();
	errors_add(errors, key, message);
	response_errors(res, errors);
	return false;
}

enum haven_status batch_answer(struct response *res, enum haven_status st, json_t *errors, json_t *results,
                               bool batch, const char *key, const char *location, json_t **one)
{
	*one = NULL;
	if ((st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) && !errors_explain_refusal(errors, key)) {
		json_decref(errors);
		json_decref(results);
		return HAVEN_ERR_INTERNAL;
	}
	if (st == HAVEN_ERR_INVALID || st == HAVEN_ERR_CONFLICT) {
		json_decref(results);
		if (st == HAVEN_ERR_CONFLICT)
			res->status = 409;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st != HAVEN_OK) {
		json_decref(results);
		return st;
	}
	bool created = false;
	size_t i;
	json_t *result;
	json_array_foreach(results, i, result)
	{
		const char *status = json_string_value(json_object_get(result, "status"));
		created = created || (status && strcmp(status, "created") == 0);
	}
	res->status = created ? 201 : 200;
	if (batch) {
		response_set_model(res, json_pack("{s:o}", key, results));
		return HAVEN_OK;
	}
	*one = json_incref(json_array_get(results, 0));
	json_decref(results);
	json_object_del(*one, "index");
	char path[128];
	snprintf(path, sizeof path, "%s%lld", location,
	         (long long)json_integer_value(json_object_get(*one, "id")));
	response_add_header_copy(res, "Location", path);
	response_set_model(res, *one);
	return HAVEN_OK;
}
