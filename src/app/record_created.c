/*
 * record_created.c — an added record read back and answered as made (or
 * the store's refusal of it answered), a changed one answered as done (see
 * record_created.h).
 */
#include "app/record_created.h"

enum haven_status record_created(struct response *res, enum haven_status st, long long id, record_read read,
                                 const char *path)
{
	if (st != HAVEN_OK)
		return st;
	json_t *record = NULL;
	if ((st = read(id, &record)) != HAVEN_OK)
		return st;
	response_created(res, record, "%s/%lld", path, id);
	return HAVEN_OK;
}

enum haven_status record_added(struct response *res, enum haven_status st, int refusal,
                               const struct refusal_words words[], const char *success, long long id,
                               record_read read, const char *path)
{
	if (store_refused(res, st, refusal, words))
		return HAVEN_OK;
	if (st == HAVEN_OK)
		response_success(res, success);
	return record_created(res, st, id, read, path);
}

enum haven_status record_changed(struct response *res, enum haven_status st, const char *success,
                                 route_handler *show, const char *path, long long id)
{
	if (st != HAVEN_OK)
		return st;
	response_success(res, success);
	response_done(res, show, "%s/%lld", path, id);
	return HAVEN_OK;
}
