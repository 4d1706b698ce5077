/*
 * area.c (metrics) — GET /metrics: Haven's operational figures in the
 * Prometheus text format (src/core/metrics.h): requests by route pattern
 * and status with latency histograms, connections, the database writer's
 * units, transactions, queue depth and batch sizes, the email outbox and background job runs.
 *
 * The figures hold no personal data but say how the service is used, so
 * only a local client (on the machine itself, not through the trusted
 * proxy) or one with the bearer token from --metrics-token-file may read
 * them; anyone else gets 404, as if there were nothing here.
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "app/area.h"
#include "auth/token.h"
#include "core/metrics.h"
#include "store/store.h"

/* True for a loopback address (127.0.0.0/8, ::1, or IPv4 loopback mapped to IPv6). */
static bool loopback(const char *address)
{
	return strncmp(address, "127.", 4) == 0 || strcmp(address, "::1") == 0 ||
	       strncmp(address, "::ffff:127.", 11) == 0;
}

static bool may_read(const struct request *req)
{
	/* Through the proxy, the client is whoever the proxy says: never local. */
	if (!req->via_proxy && req->client_address && loopback(req->client_address))
		return true;
	const char *token = metrics_token();
	const char *authorization = req->header(req, "Authorization");
	return token && authorization && strncmp(authorization, "Bearer ", 7) == 0 &&
	       token_equal(authorization + 7, token);
}

/* The database writer's figures (store_writer_stats). */
static void writer_metrics(struct buf *out)
{
	struct store_writer_stats s = store_writer_stats();
	metrics_write_value(out, "haven_store_writer_units_total", "counter",
	                    "Units of work the database writer has run (each a db_write).", (double)s.units);
	metrics_write_value(
	    out, "haven_store_writer_transactions_total", "counter",
	    "Transactions the writer has committed or rolled back: units / transactions is the "
	    "mean batch size of the group commit.",
	    (double)s.transactions);
	metrics_write_value(out, "haven_store_writer_queue_depth", "gauge",
	                    "Units of work waiting for the database writer right now.", (double)s.queued);
	metrics_write_family(out, "haven_store_writer_batch_size", "histogram",
	                     "Units of work per writer transaction (the group commit's batch size).");
	for (int i = 0; i < STORE_BATCH_BUCKETS; i++) {
		char bound[16];
		snprintf(bound, sizeof bound, "%u", store_batch_bucket_bounds[i]);
		const char *const labels[] = {"le", bound, NULL};
		metrics_write_sample(out, "haven_store_writer_batch_size_bucket", labels,
		                     (double)s.batches_up_to[i]);
	}
	const char *const all[] = {"le", "+Inf", NULL};
	metrics_write_sample(out, "haven_store_writer_batch_size_bucket", all, (double)s.transactions);
	metrics_write_sample(out, "haven_store_writer_batch_size_sum", NULL, (double)s.units);
	metrics_write_sample(out, "haven_store_writer_batch_size_count", NULL, (double)s.transactions);
}

static enum haven_status metrics(struct request *req, struct response *res)
{
	if (!may_read(req))
		return HAVEN_ERR_NOT_FOUND;
	struct buf out = BUF_INIT;
	metrics_render(&out);
	writer_metrics(&out);
	res->body_owned = buf_steal(&out, &res->body_len);
	res->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return HAVEN_OK;
}

static const struct route routes[] = {
    {.method = HTTP_GET, .pattern = "/metrics", .action = "metrics.read", .handler = metrics},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* operational figures, no personal data: the route itself admits only local clients or the
     * holder of the metrics token (src/areas/metrics), which are not people's roles */
    {.action = "metrics.read", .anyone = true, .password_only = true},
    {0},
};

const struct area area_metrics = {
    .name = "metrics",
    .access = access,
    .routes = routes,
};
