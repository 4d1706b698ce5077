/*
 * metrics.h — Haven's operational figures in the Prometheus text format
 * (GET /metrics, served by src/areas/metrics).
 *
 * The HTTP server records every answered request here: a counter by method,
 * route pattern and status, and a latency histogram by method and route
 * pattern. A route's pattern (`/children/{id:int}`), never its path, names
 * it, so no identifier reaches the figures and the number of series stays
 * bounded by the route table; requests that matched no route are counted
 * under route="none", and methods Haven does not know under "OTHER".
 *
 * Other parts add their figures through collectors, called at each scrape:
 * the server (connections), the writer (units and transactions), the outbox
 * (emails by status) and background jobs (runs). Nothing here is personal
 * data. Thread-safe.
 */
#ifndef HAVEN_CORE_METRICS_H
#define HAVEN_CORE_METRICS_H

#include <stdbool.h>

#include "core/buf.h"

/*
 * Counts one answered request. `method` is any text; `route` is the
 * matched route's pattern, a string that lives as long as the process (the
 * route table's), or NULL when no route matched.
 */
void metrics_observe_request(const char *method, const char *route, unsigned status, double seconds);

/* Appends a collector's figures (whole metric families, with HELP and TYPE) to out. */
typedef void (*metrics_collector_fn)(struct buf *out);

/* Adds a collector (at start-up; adding one twice is harmless). At most 32. */
void metrics_add_collector(metrics_collector_fn fn);

/* The whole exposition: requests, then every collector's figures. */
void metrics_render(struct buf *out);

/*
 * For collectors: one metric family with a single unlabelled value.
 * type is "counter" or "gauge".
 */
void metrics_write_value(struct buf *out, const char *name, const char *type, const char *help, double value);

/* For collectors: a family's HELP and TYPE lines, then one sample per call of metrics_write_sample. */
void metrics_write_family(struct buf *out, const char *name, const char *type, const char *help);

/*
 * For collectors: `name{label="value",...} value`, with label values
 * escaped. `labels` alternates names and values and ends with NULL.
 */
void metrics_write_sample(struct buf *out, const char *name, const char *const *labels, double value);

/*
 * The bearer token that lets a client other than a local one read
 * /metrics (--metrics-token-file), or NULL for none: copied.
 */
void metrics_set_token(const char *token);

/* The token set by metrics_set_token, or NULL (borrowed; lives until the next set). */
const char *metrics_token(void);

#endif
