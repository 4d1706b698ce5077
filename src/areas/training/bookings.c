/*
 * bookings.c (training) — booking a place on a session (or the waiting list,
 * or a request for a manager's approval), cancelling it, and a person's own
 * bookings.
 */
#include "areas/training/handlers.h"

#include <string.h>

#include "app/list_page.h"
#include "app/owned_page.h"
#include "areas/calendar/london.h"
#include "areas/training/store.h"
#include "auth/session.h"
#include "view/status_tag.h"

/* Why the approver named (booking, or naming another) is no good, said by the field. */
static const char *approver_message(enum training_approver_problem problem)
{
	return problem == TRAINING_APPROVER_MISSING
	           ? "This course needs your manager's approval: enter your manager's email address"
	       : problem == TRAINING_APPROVER_SELF
	           ? "You cannot approve your own booking: enter your manager's email address"
	       /* someone in their own agency (only then said): why them is no good */
	       : problem == TRAINING_APPROVER_CANNOT_APPROVE
	           ? "This person cannot approve training bookings in Haven: enter the email address of a "
	             "manager in your agency who can"
	           /* the same words for no account and an account in another agency */
	           : "Enter the email address of a manager in your agency who can approve bookings";
}

/* POST /training/sessions/{id}/book and its API twin (training.book): a place, or the waiting list. */
enum haven_status training_handle_book(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[TRAINING_NOW_SIZE]; /* England's time: a session started is not booked (store.h) */
	training_now(day);
	struct training_booker who = {req->user->id, req->user->agency_id, req->user->email,
	                              field_text(req->input, "approver_email")};
	struct actor actor = auth_actor(req);
	struct training_booking_result r;
	enum haven_status st = training_book(id, &who, day, &actor, &r);
	if (st == HAVEN_ERR_INVALID && r.approver_problem != TRAINING_APPROVER_OK) {
		response_error(res, "approver_email", approver_message(r.approver_problem));
		return HAVEN_OK;
	}
	/* refusals: for a browser, the session's page again (the route's redisplay) with the message */
	if (st == HAVEN_ERR_CONFLICT || st == HAVEN_ERR_DENIED) {
		res->status = st == HAVEN_ERR_DENIED ? 403 : 409;
		response_error(
		    res, "session",
		    st == HAVEN_ERR_DENIED
		        ? "This course is for staff of partner agencies only"
		        : "You already have a place, are on the waiting list or are awaiting approval, "
		          "or the session has been");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	if (r.approval_id) {
		/* accepted, not yet booked: the session's page says it awaits approval */
		response_set_model(res,
		                   json_pack("{s:I, s:I, s:s}", "approval_id", (json_int_t)r.approval_id,
		                             "session_id", (json_int_t)id, "status", "awaiting_approval"));
		res->status = 202;
		response_success(res, "Your request for a place was sent for approval");
		response_done(res, NULL, "/training/sessions/%lld", id);
		return HAVEN_OK;
	}
	response_success(res, r.waiting ? "You are on the waiting list" : "Your place is booked");
	response_created(res,
	                 json_pack("{s:I, s:I, s:s}", "booking_id", (json_int_t)r.booking_id, "session_id",
	                           (json_int_t)id, "status", r.waiting ? "waiting" : "booked"),
	                 "/training/sessions/%lld", id);
	return HAVEN_OK;
}

/*
 * POST /training/sessions/{id}/approver and its API twin (training.book): my request awaiting approval, its
 * approver unable to decide it now (deactivated, moved agency, or no longer able to approve), given to
 * another approver I name, checked as when booking. Its place in the approver's queue is kept. Not once the
 * session has been (409).
 */
enum haven_status training_handle_rename_approver(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[TRAINING_NOW_SIZE]; /* England's time: a session started is not booked (store.h) */
	training_now(day);
	struct training_booker who = {req->user->id, req->user->agency_id, req->user->email,
	                              field_text(req->input, "approver_email")};
	struct actor actor = auth_actor(req);
	struct training_booking_result r;
	enum haven_status st = training_approval_rename(id, &who, day, &actor, &r);
	if (st == HAVEN_ERR_INVALID && r.approver_problem != TRAINING_APPROVER_OK) {
		response_error(res, "approver_email", approver_message(r.approver_problem));
		return HAVEN_OK;
	}
	/* said of the session, as cancelling it is: nobody could decide the request now */
	if (st == HAVEN_ERR_CONFLICT && r.session_over) {
		response_conflict(res, "session",
		                  "The session has been, so you cannot name another approver");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(
		    res, "approver_email",
		    "Your approver can still decide your request. To ask someone else, withdraw it "
		    "and ask again");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_set_model(res, json_pack("{s:I, s:I, s:s}", "approval_id", (json_int_t)r.approval_id,
	                                  "session_id", (json_int_t)id, "status", "awaiting_approval"));
	response_success(res, "Your request for a place was sent to the approver you named");
	response_done(res, NULL, "/training/sessions/%lld", id);
	return HAVEN_OK;
}

/* POST /training/sessions/{id}/cancel and its API twin (training.book): give up a place or a waiting spot, or
 * withdraw a request for a place awaiting approval. */
enum haven_status training_handle_cancel(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char now[TRAINING_NOW_SIZE]; /* England's time: a session started is not cancelled (store.h) */
	training_now(now);
	struct actor actor = auth_actor(req);
	struct training_booking_result r;
	enum haven_status st = training_cancel(id, req->user->id, now, &actor, &r);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "session", "The session has been, so it cannot be cancelled");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	if (r.approval_id) {
		/* a request awaiting approval, withdrawn: there was no place to give up */
		response_set_model(res, json_pack("{s:I, s:I, s:s}", "approval_id", (json_int_t)r.approval_id,
		                                  "session_id", (json_int_t)id, "status", "withdrawn"));
		response_success(res, "Your request for a place was withdrawn");
		response_done(res, NULL, "/training/sessions/%lld", id);
		return HAVEN_OK;
	}
	response_set_model(res, json_pack("{s:I, s:I, s:s, s:b, s:o}", "booking_id", (json_int_t)r.booking_id,
	                                  "session_id", (json_int_t)id, "status", "cancelled", "late", r.late,
	                                  "promoted_booking_id",
	                                  r.promoted_id ? json_integer(r.promoted_id) : json_null()));
	response_success(res, "Your place was cancelled");
	response_done(res, NULL, "/training/sessions/%lld", id);
	return HAVEN_OK;
}

/*
 * Cancelling a place, checked first (router.h, struct check_step): a place
 * given up goes to the first person waiting, so it may not be had back.
 */
enum haven_status training_check_cancel(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = training_session_model(req, &model);
	if (st != HAVEN_OK)
		return st;
	json_t *s = json_object_get(model, "session");
	bool booked = json_is_true(json_object_get(s, "booked_by_me"));
	bool waiting = json_is_true(json_object_get(s, "waiting_by_me"));
	bool asked = json_is_true(json_object_get(s, "my_approval_pending"));
	/* started: as cancelling itself refuses (store.h's training_cancel) */
	if ((!booked && !waiting && !asked) || json_is_true(json_object_get(s, "started"))) {
		res->status = 409;
		response_set_model(res, model);
		response_error(res, "session",
		               booked || waiting || asked ? "The session has been, so it cannot be cancelled"
		                                          : "You have no place on this session to cancel");
		return HAVEN_OK;
	}
	const char *date = json_string_value(json_object_get(s, "date"));
	char when[CALENDAR_LONG_DATE_SIZE + 40] = "";
	int32_t d;
	if (date && calendar_parse(date, &d)) {
		char day[CALENDAR_LONG_DATE_SIZE];
		calendar_format_long(d, day);
		/* the times as every page says them, "9:30am" (training_time_words, by
		 * training_decorate_session) */
		const char *starts = field_text(s, "starts_words"), *ends = field_text(s, "ends_words");
		snprintf(when, sizeof when, "%s, %s to %s", day, starts ? starts : "", ends ? ends : "");
	}
	json_t *rows = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "key", "Course", "value",
	                         json_string_value(json_object_get(s, "course_title")), "key", "When",
	                         "value", when, "key", "What you give up", "value",
	                         booked    ? "Your place"
	                         : waiting ? "Your place on the waiting list"
	                                   : "Your request for a place, awaiting your manager's approval");
	const char *warning =
	    !booked && !waiting ? "Your manager will no longer be able to approve it. To ask again you would "
	                          "send a new request."
	    : !booked ? "You will leave the waiting list. To join it again you would go to the back of it."
	    : json_is_true(json_object_get(s, "after_cutoff"))
	        ? "It is after the cut-off, so cancelling now counts as a late cancellation. Your place "
	          "goes to the first person waiting."
	        : "Your place goes to the first person waiting, so you may not be able to book it again.";
	char back[64];
	snprintf(back, sizeof back, "/training/sessions/%lld", field_int(req->params, "id"));
	response_set_model(res, json_pack("{s:s, s:o, s:s, s:s}", "caption", "Training session", "rows", rows,
	                                  "warning", warning, "back", back));
	json_decref(model);
	return HAVEN_OK;
}

/* How a booking looks in my list: its status, or once marked its attendance. */
static const struct status_tag booking_statuses[] = {
    {"booked", "Booked", "govuk-tag--blue"},         {"waiting", "On the waiting list", "govuk-tag--yellow"},
    {"cancelled", "Cancelled", "govuk-tag--grey"},   {"attended", "Attended", "govuk-tag--green"},
    {"no_show", "Did not attend", "govuk-tag--red"}, {0},
};

/* GET /training/bookings, GET /api/v1/training/bookings (training.read): my bookings. */
enum haven_status training_handle_my_bookings(struct request *req, struct response *res)
{
	struct page page;
	json_t *list;
	long long total;
	enum haven_status st;
	if (!owned_page_start(req, res, req->user->id, training_my_bookings, &page, &list, &total, &st))
		return st;
	if (!req->api) {
		size_t i;
		json_t *b;
		json_array_foreach(list, i, b)
		{
			/* once attendance is marked, that is what the booking came to */
			const char *att = json_string_value(json_object_get(b, "attendance"));
			bool attended = att && strcmp(att, "attended") == 0;
			status_tag_set(
			    b, status_tag_find(booking_statuses,
			                       att ? att : json_string_value(json_object_get(b, "status"))));
			json_object_set_new(b, "attended", json_boolean(attended));
			json_object_set_new(
			    b, "can_evaluate",
			    json_boolean(attended && !json_is_true(json_object_get(b, "evaluated"))));
			/* offered once the job has asked (three months on), until answered */
			json_object_set_new(
			    b, "can_follow_up",
			    json_boolean(attended && json_is_true(json_object_get(b, "follow_up_asked")) &&
			                 !json_is_true(json_object_get(b, "followed_up"))));
		}
	}
	/* the requests not decided: waiting for their approver, or lapsed (no place was held) */
	char now[TRAINING_NOW_SIZE];
	training_now(now);
	json_t *requests = NULL;
	if ((st = training_my_requests(req->user->id, now, &requests)) != HAVEN_OK) {
		json_decref(list);
		return st;
	}
	if (!req->api) {
		size_t i;
		json_t *r;
		json_array_foreach(list, i, r) training_time_words(r);
		json_array_foreach(requests, i, r) training_time_words(r);
	}
	json_t *model = json_pack("{s:s, s:o, s:b}", "title", "Your training", "requests", requests,
	                          "any_requests", json_array_size(requests) > 0);
	list_page_answer(&page, req, res, model, "bookings", list, total, "bookings");
	return HAVEN_OK;
}
