/*
 * metrics.c — request counters, latency histograms and collectors (see
 * metrics.h).
 *
 * Series live in a fixed open-addressing table keyed by (method, route
 * pattern pointer): patterns are the route table's own strings, so a pointer
 * names a route and no string is copied or compared per request. One mutex
 * guards the table; a request holds it for a few additions.
 */
#include "core/metrics.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

#define SERIES_MAX 1024 /* (method, route) pairs: routes x the methods they answer, with room */
#define STATUSES_MAX 16 /* distinct statuses counted per pair */
#define COLLECTORS_MAX 32

/* Latency buckets in seconds (Prometheus' defaults). */
static const double buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define BUCKETS (sizeof buckets / sizeof buckets[0])

static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"};
#define METHODS (sizeof methods / sizeof methods[0])

static const char no_route[] = "none";

struct series {
	const char *route; /* NULL: a free slot */
	unsigned method;   /* index into methods */
	struct {
		unsigned status;
		unsigned long long count;
	} statuses[STATUSES_MAX];
	unsigned long long
	    in_bucket[BUCKETS]; /* requests no slower than buckets[i] (cumulative when written) */
	unsigned long long count;
	double sum;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series table[SERIES_MAX];
static unsigned long long dropped; /* requests that found the table full (never expected) */
static metrics_collector_fn collectors[COLLECTORS_MAX];
static size_t collector_count;
static char *token;

static unsigned method_index(const char *method)
{
	for (unsigned i = 0; i + 1 < METHODS; i++)
		if (method && strcmp(method, methods[i]) == 0)
			return i;
	return METHODS - 1;
}

/* The pair's slot (lock held), taking a free one; NULL if the table is full. */
static struct series *find(const char *route, unsigned method)
{
	uintptr_t h = ((uintptr_t)route >> 3) * 31 + method;
	for (size_t probe = 0; probe < SERIES_MAX; probe++) {
		struct series *s = &table[(h + probe) % SERIES_MAX];
		if (s->route == route && s->method == method)
			return s;
		if (!s->route) {
			s->route = route;
			s->method = method;
			return s;
		}
	}
	return NULL;
}

void metrics_observe_request(const char *method, const char *route, unsigned status, double seconds)
{
	if (!route)
		route = no_route;
	pthread_mutex_lock(&lock);
	struct series *s = find(route, method_index(method));
	if (!s) {
		dropped++;
		pthread_mutex_unlock(&lock);
		return;
	}
	for (size_t i = 0; i < STATUSES_MAX; i++) {
		if (s->statuses[i].status == status || s->statuses[i].status == 0) {
			s->statuses[i].status = status;
			s->statuses[i].count++;
			break;
		}
	}
	for (size_t i = 0; i < BUCKETS; i++)
		if (seconds <= buckets[i]) {
			s->in_bucket[i]++;
			break;
		}
	s->count++;
	s->sum += seconds;
	pthread_mutex_unlock(&lock);
}

void metrics_add_collector(metrics_collector_fn fn)
{
	pthread_mutex_lock(&lock);
	bool known = false;
	for (size_t i = 0; i < collector_count; i++)
		known = known || collectors[i] == fn;
	if (!known && collector_count < COLLECTORS_MAX)
		collectors[collector_count++] = fn;
	pthread_mutex_unlock(&lock);
}

/* A label value as the text format wants it: backslash, quote and newline escaped. */
static void append_label_value(struct buf *out, const char *value)
{
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"')
			buf_append_char(out, '\\');
		if (*p == '\n')
			buf_append_str(out, "\\n");
		else
			buf_append_char(out, *p);
	}
}

void metrics_write_family(struct buf *out, const char *name, const char *type, const char *help)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_write_sample(struct buf *out, const char *name, const char *const *labels, double value)
{
	buf_append_str(out, name);
	if (labels && labels[0]) {
		buf_append_char(out, '{');
		for (size_t i = 0; labels[i] && labels[i + 1]; i += 2) {
			buf_printf(out, "%s%s=\"", i ? "," : "", labels[i]);
			append_label_value(out, labels[i + 1]);
			buf_append_char(out, '"');
		}
		buf_append_char(out, '}');
	}
	/* counts as whole numbers; other values (seconds) to nine significant figures */
	if (value == (double)(long long)value && value < 1e15 && value > -1e15)
		buf_printf(out, " %lld\n", (long long)value);
	else
		buf_printf(out, " %.9g\n", value);
}

void metrics_write_value(struct buf *out, const char *name, const char *type, const char *help, double value)
{
	metrics_write_family(out, name, type, help);
	metrics_write_sample(out, name, NULL, value);
}

void metrics_render(struct buf *out)
{
	pthread_mutex_lock(&lock);
	metrics_write_family(out, "haven_http_requests_total", "counter",
	                     "Requests answered, by method, route pattern and status.");
	for (size_t i = 0; i < SERIES_MAX; i++) {
		const struct series *s = &table[i];
		for (size_t j = 0; s->route && j < STATUSES_MAX && s->statuses[j].status; j++) {
			char status[16];
			snprintf(status, sizeof status, "%u", s->statuses[j].status);
			const char *labels[] = {
			    "method", methods[s->method], "route", s->route, "status", status, NULL};
			metrics_write_sample(out, "haven_http_requests_total", labels,
			                     (double)s->statuses[j].count);
		}
	}
	metrics_write_family(out, "haven_http_request_duration_seconds", "histogram",
	                     "Time from a request's headers to its answer, by method and route pattern.");
	for (size_t i = 0; i < SERIES_MAX; i++) {
		const struct series *s = &table[i];
		if (!s->route)
			continue;
		unsigned long long cumulative = 0;
		for (size_t b = 0; b <= BUCKETS; b++) {
			char le[16];
			if (b < BUCKETS) {
				cumulative += s->in_bucket[b];
				snprintf(le, sizeof le, "%g", buckets[b]);
			} else {
				snprintf(le, sizeof le, "+Inf");
			}
			const char *labels[] = {"method", methods[s->method], "route", s->route, "le", le,
			                        NULL};
			metrics_write_sample(out, "haven_http_request_duration_seconds_bucket", labels,
			                     (double)(b < BUCKETS ? cumulative : s->count));
		}
		const char *labels[] = {"method", methods[s->method], "route", s->route, NULL};
		metrics_write_sample(out, "haven_http_request_duration_seconds_sum", labels, s->sum);
		metrics_write_sample(out, "haven_http_request_duration_seconds_count", labels,
		                     (double)s->count);
	}
	metrics_write_value(out, "haven_metrics_requests_dropped_total", "counter",
	                    "Requests not counted because the metrics table was full (expected 0).",
	                    (double)dropped);
	metrics_collector_fn list[COLLECTORS_MAX];
	size_t n = collector_count;
	memcpy(list, collectors, n * sizeof list[0]);
	pthread_mutex_unlock(&lock);
	/* collectors may query the database: not under the lock */
	for (size_t i = 0; i < n; i++)
		list[i](out);
}

void metrics_set_token(const char *value)
{
	pthread_mutex_lock(&lock);
	free(token);
	token = value ? xstrdup(value) : NULL;
	pthread_mutex_unlock(&lock);
}

const char *metrics_token(void)
{
	pthread_mutex_lock(&lock);
	const char *t = token;
	pthread_mutex_unlock(&lock);
	return t;
}
