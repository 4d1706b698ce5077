/*
 * area.c (home) — the start page, health checks and static assets.
 *
 * /healthz says the process is alive (for a supervisor's liveness probe);
 * /readyz says it can serve, which needs the database to answer (for a load
 * balancer's readiness probe) and the disk to take writes: when it is full,
 * /readyz says the service is degraded until space comes back. Assets
 * (GOV.UK Frontend, Haven's own CSS and JS) are built into the binary and
 * served from here, never from a CDN.
 */
#include <stdio.h>
#include <string.h>

#include "app/area.h"
#include "auth/policy.h"
#include "core/embedded.h"
#include "router/encoding.h"
#include "store/store.h"

static enum haven_status start_page(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Haven: working together to keep children safe"));
	return HAVEN_OK;
}

static enum haven_status healthz(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "status", "alive"));
	return HAVEN_OK;
}

static enum haven_status readyz(struct request *req, struct response *res)
{
	(void)req;
	if (store_ping() != HAVEN_OK) {
		res->status = 503;
		response_set_model(res, json_pack("{s:s}", "status", "database unavailable"));
		return HAVEN_OK;
	}
	if (!store_writable()) {
		res->status = 503;
		response_set_model(res,
		                   json_pack("{s:s, s:s}", "status", "degraded", "reason",
		                             "the disk is full: nothing can be saved until space is freed"));
		return HAVEN_OK;
	}
	response_set_model(res, json_pack("{s:s}", "status", "ready"));
	return HAVEN_OK;
}

static const char *content_type_for(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".json", "application/json"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static enum haven_status asset(struct request *req, struct response *res)
{
	const char *name = json_string_value(json_object_get(req->params, "name"));
	const char *dir = json_string_value(json_object_get(req->params, "dir"));
	char key[256];
	int n = dir ? snprintf(key, sizeof key, "assets/%s/%s", dir, name)
	            : snprintf(key, sizeof key, "assets/%s", name);
	if (n < 0 || (size_t)n >= sizeof key)
		return HAVEN_ERR_NOT_FOUND;
	const struct embedded_file *file = embedded_find(key);
	if (!file)
		return HAVEN_ERR_NOT_FOUND;
	/* text assets were compressed at build time (CMakeLists.txt): the smallest the client accepts */
	char packed_key[sizeof key + 4];
	snprintf(packed_key, sizeof packed_key, "%s.gz", key);
	if (embedded_find(packed_key)) {
		enum content_coding coding = encoding_choose(req->header(req, "Accept-Encoding"));
		if (coding != CODING_IDENTITY) {
			snprintf(packed_key, sizeof packed_key, "%s.%s", key,
			         coding == CODING_BR ? "br" : "gz");
			file = embedded_find(packed_key);
			response_add_header(res, "Content-Encoding", encoding_name(coding));
		}
		response_add_header(res, "Vary", "Accept-Encoding");
	}
	response_set_static_body(res, content_type_for(name), file->data, file->size);
	/* Assets change only with the binary; a day's caching is safe and
	 * they hold no personal data. */
	res->cache_control = "public, max-age=86400";
	return HAVEN_OK;
}

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/",
     .action = ACTION_PUBLIC,
     .handler = start_page,
     .page = "home/start"},
    {.method = HTTP_GET, .pattern = "/healthz", .action = ACTION_PUBLIC, .handler = healthz},
    {.method = HTTP_GET, .pattern = "/readyz", .action = ACTION_PUBLIC, .handler = readyz},
    {.method = HTTP_GET, .pattern = "/assets/{name}", .action = ACTION_PUBLIC, .handler = asset},
    {.method = HTTP_GET, .pattern = "/assets/{dir:slug}/{name}", .action = ACTION_PUBLIC, .handler = asset},
    {0},
};

const struct area area_home = {
    .name = "home",
    .routes = routes,
};
