/*
 * approvals.c (training) — manager approval: whether a course's bookings
 * need it, the requests an approver is asked to decide, and approving or
 * declining one.
 */
#include "areas/training/handlers.h"

#include <string.h>

#include "app/list_page.h"
#include "app/owned_page.h"
#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "auth/session.h"

/* POST /training/courses/{id}/approval and its API twin (training.manage): whether booking needs approval. */
enum haven_status training_handle_course_approval(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	bool needs = json_is_true(json_object_get(req->input, "needs_approval"));
	struct actor actor = auth_actor(req);
	enum haven_status st = training_course_set_approval(id, needs, &actor);
	if (st != HAVEN_OK)
		return st;
	response_set_model(res, json_pack("{s:I, s:b}", "id", (json_int_t)id, "needs_approval", needs));
	response_success(res, needs ? "Places on this course now need approval"
	                            : "Places on this course no longer need approval");
	response_done(res, NULL, "/training/courses/%lld", id);
	return HAVEN_OK;
}

/* GET /training/approvals and its API twin (training.read): the requests I am asked to decide, pending first.
 */
enum haven_status training_handle_list_approvals(struct request *req, struct response *res)
{
	struct page page;
	json_t *list;
	long long total;
	enum haven_status st;
	if (!owned_page_start(req, res, req->user->id, training_approvals_list, &page, &list, &total, &st))
		return st;
	if (!req->api) {
		size_t i;
		json_t *a;
		json_array_foreach(list, i, a)
		{
			const char *d = json_string_value(json_object_get(a, "decision"));
			training_time_words(a);
			/* lapsed: its session has been with nothing decided; no longer to be (store.h) */
			bool lapsed = json_is_true(json_object_get(a, "lapsed"));
			json_object_set_new(a, "pending", json_boolean(!d && !lapsed));
			/* withdrawn: the person who asked gave it up (migration 0189), no decision of the
			 * approver's */
			json_object_set_new(a, "withdrawn", json_boolean(d && strcmp(d, "withdrawn") == 0));
			json_object_set_new(a, "decision_label",
			                    json_string(!d && lapsed ? "The session has been: not decided"
			                                : !d         ? "Awaiting your decision"
			                                : strcmp(d, "approved") == 0  ? "Approved"
			                                : strcmp(d, "withdrawn") == 0 ? "Withdrawn"
			                                                              : "Declined"));
		}
	}
	json_t *model = json_pack("{s:s}", "title", "Training approvals");
	list_page_answer(&page, req, res, model, "approvals", list, total, "requests");
	return HAVEN_OK;
}

static enum haven_status decide(struct request *req, struct response *res, bool approve)
{
	long long id = field_int(req->params, "id");
	char day[TRAINING_NOW_SIZE]; /* England's time: a session started is not booked (store.h) */
	training_now(day);
	struct actor actor = auth_actor(req);
	struct training_booking_result r;
	enum haven_status st = training_approval_decide(id, req->user->id, approve, day, &actor, &r);
	/* a browser sees the list again (the routes' redisplay) with the refusal above it */
	if (st == HAVEN_ERR_DENIED) {
		res->status = 403;
		response_error(res, "approval", "This course is for staff of partner agencies only");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_CONFLICT && r.session_over) {
		response_conflict(res, "approval",
		                  "The session has been, so this request can no longer be decided");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(
		    res, "approval",
		    approve ? "This request has been decided already, or the person has a place, or "
		              "the session has been"
		            : "This request has been decided already");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	json_t *m =
	    json_pack("{s:I, s:s}", "id", (json_int_t)id, "decision", approve ? "approved" : "declined");
	if (approve) {
		json_object_set_new(m, "booking_id", json_integer(r.booking_id));
		json_object_set_new(m, "status", json_string(r.waiting ? "waiting" : "booked"));
	}
	response_set_model(res, m);
	response_success(res, approve ? "The request was approved" : "The request was declined");
	response_done(res, NULL, "/training/approvals");
	return HAVEN_OK;
}

/* POST /training/approvals/{id}/approve and its API twin (training.approve): the normal booking follows. */
enum haven_status training_handle_approve(struct request *req, struct response *res)
{
	return decide(req, res, true);
}

/* POST /training/approvals/{id}/decline and its API twin (training.approve). */
enum haven_status training_handle_decline(struct request *req, struct response *res)
{
	return decide(req, res, false);
}
