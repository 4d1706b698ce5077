/*
 * held_read.c — an audited read's answer, held until its audit row is
 * durable: the answer (or the error it ended in) is made and held, the row
 * queued for the writer's next group commit and the connection suspended,
 * so the worker thread goes on to other connections while the commit is
 * made durable; the writer's callback resumes the connection and the held
 * answer is sent, or a 503 if the row could not be written. Nothing of a
 * child's record leaves before its audit row is durable. See exchange.h.
 */
#include <microhttpd.h>
#include <stdatomic.h>

#include "http/exchange.h"
#include "store/store.h"

/*
 * Reads whose connection is suspended until their audit row is durable.
 * The writer resumes each (audit_durable); shutdown waits for all of them
 * before stopping the daemon, which must never see a suspended connection
 * (microhttpd.h, MHD_suspend_connection) nor have one resumed after it.
 */
static atomic_uint reads_awaiting_audit;

unsigned http_reads_awaiting_audit(void)
{
	return atomic_load(&reads_awaiting_audit);
}

/*
 * The writer's word on a held read's audit row (on the writer thread):
 * noted on the exchange, and the connection resumed, whereupon
 * libmicrohttpd calls on_request again and http_answer_held sends the answer or
 * the 503. The exchange may be freed as soon as the resume is made, so
 * nothing of it is touched after.
 */
static void audit_durable(enum haven_status result, void *ctx)
{
	struct exchange *ex = ctx;
	struct MHD_Connection *conn = ex->conn;
	ex->audit_result = result;
	MHD_resume_connection(conn);
	atomic_fetch_sub(&reads_awaiting_audit, 1);
}

/*
 * An audited read: its answer (or the error it ended in) is made now and
 * held, its audit row queued for the writer's next group commit, and the
 * connection suspended, so the worker thread goes on to other connections
 * while the commit is made durable. Nothing is sent before then.
 */
enum MHD_Result http_hold_until_audited(struct MHD_Connection *conn, struct exchange *ex, struct request *req,
                                        enum haven_status handled, struct response *res)
{
	ex->hold = true;
	enum MHD_Result r = handled == HAVEN_OK ? http_send_result(conn, ex, req, res)
	                                        : http_send_error(conn, ex, req->api,
	                                                          http_status_for(handled), NULL, NULL, NULL);
	ex->hold = false;
	if (!ex->held)
		return r; /* no answer could be made: the connection is closed, nothing shown */
	ex->api = req->api;
	ex->conn = conn;
	/* the answer is made: its snapshot is not kept while the read waits (queuing the audit row
	 * below would end it too; said here, where the suspending is) */
	store_read_end();
	MHD_suspend_connection(conn);
	atomic_fetch_add(&reads_awaiting_audit, 1);
	if (http_audit_read_async(req, res, audit_durable, ex) != HAVEN_OK)
		audit_durable(HAVEN_ERR_DB, ex); /* the store is closing: the 503 is sent at once */
	return MHD_YES;
}

/*
 * Resumed: the held answer if its audit row is durable, else 503 whatever
 * the store's reason (a read conflicts with nothing the asker sent: the
 * service could not record it, and so shows nothing).
 */
enum MHD_Result http_answer_held(struct MHD_Connection *conn, struct exchange *ex)
{
	struct MHD_Response *held = ex->held;
	ex->held = NULL;
	if (ex->audit_result == HAVEN_OK)
		return http_queue(conn, ex, ex->held_status, held);
	MHD_destroy_response(held);
	return http_send_error(conn, ex, ex->api, 503, NULL, NULL, NULL);
}
