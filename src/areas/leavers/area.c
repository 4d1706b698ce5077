/*
 * area.c (leavers) — accounts of people who have left: an account unused
 * for HAVEN_DORMANT_DAYS (default 90) gets a warning email, and if it is
 * still unused HAVEN_DORMANT_WARNING_DAYS (default 14) later it is disabled
 * (audited, with the reason; never the last active administrator). A job in
 * `haven serve` does both (every HAVEN_DORMANCY_INTERVAL seconds, default
 * 3600); administrators see the dormant accounts per agency at
 * /admin/dormant-accounts (GET /api/v1/dormant-accounts).
 */
#include <stdlib.h>

#include "app/area.h"
#include "app/job.h"
#include "areas/leavers/store.h"
#include "auth/session.h"
#include "core/log.h"

#define DEFAULT_DAYS 90
#define DEFAULT_WARNING_DAYS 14

/* A whole number of days from the environment (1 to 3650), or the default. */
static long days_from(const char *name, long fallback)
{
	const char *text = getenv(name);
	if (!text || !*text)
		return fallback;
	char *end = NULL;
	long days = strtol(text, &end, 10);
	if (*end || days < 1 || days > 3650) {
		log_error("leavers: %s must be a whole number of days from 1 to 3650; using %ld", name,
		          fallback);
		return fallback;
	}
	return days;
}

static struct dormancy_rule rule_now(void)
{
	return (struct dormancy_rule){auth_now(), days_from("HAVEN_DORMANT_DAYS", DEFAULT_DAYS),
	                              days_from("HAVEN_DORMANT_WARNING_DAYS", DEFAULT_WARNING_DAYS)};
}

static enum haven_status dormant_accounts(struct request *req, struct response *res)
{
	(void)req;
	struct dormancy_rule rule = rule_now();
	json_t *agencies = NULL;
	enum haven_status st = leavers_dormant_by_agency(&rule, &agencies);
	if (st != HAVEN_OK)
		return st;
	long long total = 0;
	size_t i;
	json_t *a;
	json_array_foreach(agencies, i, a) total += json_integer_value(json_object_get(a, "count"));
	response_set_model(res,
	                   json_pack("{s:s, s:I, s:I, s:I, s:o}", "title", "Dormant accounts", "days",
	                             (json_int_t)rule.days, "warning_days", (json_int_t)rule.warning_days,
	                             "total", (json_int_t)total, "agencies", agencies));
	return HAVEN_OK;
}

static void run_job(struct job *job)
{
	(void)job;
	struct dormancy_rule rule = rule_now();
	long long warned = 0, disabled = 0;
	enum haven_status st = leavers_run(&rule, &warned, &disabled);
	if (st != HAVEN_OK)
		log_error("leavers: the dormant accounts job failed (%s)", haven_status_name(st));
	else if (warned || disabled)
		log_info("leavers: warned %lld dormant accounts, disabled %lld", warned, disabled);
}

static struct job job = {
    .area = "leavers",
    .what = "the dormant accounts job",
    .interval_seconds = 3600,
    .interval_env = "HAVEN_DORMANCY_INTERVAL",
    .run = run_job,
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/admin/dormant-accounts",
     .action = "user.manage",
     .handler = dormant_accounts,
     .page = "leavers/dormant",
     .api_pattern = "/api/v1/dormant-accounts"},
    {0},
};

const struct area area_leavers = {
    .name = "leavers",
    .routes = routes,
    .job = &job,
};
