/*
 * area.c (retention) — Haven keeps operational personal data only as long
 * as it needs it: sent email, ended sessions (and the address and browser
 * of those kept), used or expired one-time links, forms kept past their
 * time, sign-in failures past their window and the answers kept for a form
 * or API call sent twice (a day). A job in `haven serve` (at start, then hourly, or every
 * HAVEN_RETENTION_JOB_SECONDS seconds: for tests) removes each kind once
 * past its period below, and `haven retention --db PATH` does the same once
 * and prints the counts. docs/operations.md ("Retention schedule") lists
 * every table holding personal data and how long it is kept.
 *
 * This area owns no table: each kind is removed by its owner's function
 * (the mail area's, the passwords area's, auth's), BATCH rows a unit of
 * work, so a large backlog never holds the writer long. Nothing about a
 * child is removed here (a person decides that), and never a row of the
 * audit trail: it is a hash chain (removing a row breaks it) and the record
 * of every access to a child's data, kept for as long as the records are.
 * The logs and /metrics get counts only.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "app/area.h"
#include "app/cli.h"
#include "app/job.h"
#include "areas/mail/store.h"
#include "areas/passwords/store.h"
#include "auth/kept.h"
#include "auth/session.h"
#include "auth/submissions.h"
#include "auth/store.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/metrics.h"
#include "store/store.h"

#define DAY (24 * 60 * 60)
/* Rows removed in one unit of work. */
#define BATCH 500

/* One kind of row and how long it is kept. */
struct kind {
	const char *name; /* "sent_emails": the command's, the log's and the metric's word */
	/* Kept this many days after its time (0: removed once its owner's own time has run out). */
	int days;
	/* The owner's removal of up to `limit` rows older than `before` (now less `days`), or of what
	 * up to `limit` such rows it keeps no longer need. */
	enum haven_status (*remove)(int64_t before, int limit, long long *removed);
	atomic_llong removed_total; /* since the start, for /metrics */
};

/*
 * The schedule. Sent email: 30 days after sending, long enough to answer
 * "did my invitation go?" from the outbox. Failed email: 90 days after its
 * last attempt, so an operator back from leave still sees the failure in
 * `haven mail list` and can retry it. A session: 30 days after its last use
 * (its address and browser answer "was that me?" for a month), except each
 * account's last used one, its last completed sign-in and one holding a kept
 * form (auth/store.h); those stay, but their address and browser are blanked
 * once past the month (counted as "session_addresses"). A one-time link: 30
 * days after it ended (then it answers as any link not valid). Kept forms go at the end of their
 * 30 minutes, sign-in failures once the throttle forgets them (its window,
 * 15 minutes, and any lock). Kept forms go before sessions, as a session
 * with a kept form stays. The answer kept for a form or API call that may be
 * sent twice (auth/submissions.h): after its day (SUBMISSION_SECONDS).
 */
static struct kind kinds[] = {
    {.name = "sent_emails", .days = 30, .remove = mail_store_remove_sent},
    {.name = "failed_emails", .days = 90, .remove = mail_store_remove_failed},
    {.name = "account_links", .days = 30, .remove = passwords_remove_ended_links},
    {.name = "kept_forms", .days = 0, .remove = kept_forms_remove_expired},
    {.name = "sessions", .days = 30, .remove = auth_store_remove_old_sessions},
    {.name = "session_addresses", .days = 30, .remove = auth_store_blank_old_session_details},
    {.name = "sign_in_failures", .days = 0, .remove = auth_store_throttle_remove_forgotten},
    {.name = "submissions", .days = SUBMISSION_SECONDS / DAY, .remove = submissions_remove_expired},
};
#define KINDS (sizeof kinds / sizeof kinds[0])

/*
 * Removes what is past its time at `now`, each kind a batch at a time, with
 * how many of each in removed[]; stops between batches once `job` (NULL for
 * the command) is told to stop. HAVEN_OK, or the first failure (logged; the
 * other kinds are still done).
 */
static enum haven_status retention_run(struct job *job, int64_t now, long long removed[KINDS])
{
	enum haven_status result = HAVEN_OK;
	for (size_t i = 0; i < KINDS; i++) {
		removed[i] = 0;
		long long done = BATCH;
		while (done == BATCH && !(job && job_stopping(job))) {
			enum haven_status st =
			    kinds[i].remove(now - (int64_t)kinds[i].days * DAY, BATCH, &done);
			if (st != HAVEN_OK) {
				log_error("retention: removing %s failed (%s)", kinds[i].name,
				          haven_status_name(st));
				if (result == HAVEN_OK)
					result = st;
				break;
			}
			removed[i] += done;
		}
		atomic_fetch_add(&kinds[i].removed_total, removed[i]);
	}
	return result;
}

static void retention_metrics(struct buf *out)
{
	metrics_write_family(out, "haven_retention_removed_total", "counter",
	                     "Rows past their retention period removed since the start, by kind.");
	for (size_t i = 0; i < KINDS; i++) {
		const char *labels[] = {"kind", kinds[i].name, NULL};
		metrics_write_sample(out, "haven_retention_removed_total", labels,
		                     (double)atomic_load(&kinds[i].removed_total));
	}
}

/* One run in `haven serve`: the counts go to the log as "retention: removed sent_emails=3 ...". */
static void run_job(struct job *job)
{
	long long removed[KINDS];
	(void)retention_run(job, auth_now(), removed);
	long long total = 0;
	struct buf line = BUF_INIT;
	for (size_t i = 0; i < KINDS; i++) {
		total += removed[i];
		buf_printf(&line, " %s=%lld", kinds[i].name, removed[i]);
	}
	if (total)
		log_info("retention: removed%s", buf_cstr(&line));
	buf_free(&line);
}

static struct job job = {
    .area = "retention",
    .what = "the retention job",
    .interval_seconds = 3600,
    .interval_env = "HAVEN_RETENTION_JOB_SECONDS",
    .run = run_job,
};

static enum haven_status retention_start(void)
{
	metrics_add_collector(retention_metrics);
	return HAVEN_OK;
}

static const char usage[] = "Usage: haven retention --db PATH\n"
                            "\n"
                            "Removes what Haven keeps no longer than it needs, as haven serve does every\n"
                            "hour, and prints how many of each kind it removed: email sent more than 30\n"
                            "days ago, email that failed more than 90 days ago, invitation and password\n"
                            "reset links ended more than 30 days ago, forms kept past their 30 minutes,\n"
                            "sessions last used more than 30 days ago (but each account's last used one,\n"
                            "its last completed sign-in and one holding a kept form, whose address and\n"
                            "browser are blanked instead: session_addresses), and sign-in failures the\n"
                            "throttle has forgotten, and the answers kept a day for a form or API call\n"
                            "sent twice (submissions). Nothing about a child and nothing in the audit\n"
                            "trail is removed. See 'Retention schedule' in docs/operations.md.\n"
                            "\n"
                            "  --db PATH   the SQLite database file (or postgresql:// URL)\n"
                            "  --help      show this help\n";

static int cmd_retention(int argc, char **argv)
{
	static const char command[] = "retention";
	const char *db = NULL;
	const struct cli_option options[] = {
	    {.name = "db", .value = &db, .missing = "--db PATH"},
	    {0},
	};
	int parsed = cli_parse(command, usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	if (cli_open_store(db) != 0)
		return 1;
	long long removed[KINDS];
	enum haven_status st = retention_run(NULL, auth_now(), removed);
	store_close();
	for (size_t i = 0; i < KINDS; i++)
		printf("%s %lld\n", kinds[i].name, removed[i]);
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: could not remove everything past its time in %s; run it again\n", db);
		return 1;
	}
	return 0;
}

static const struct command commands[] = {
    {"retention", "remove what is kept past its retention period, and print the counts", usage,
     cmd_retention},
    {0, 0, 0, 0},
};

const struct area area_retention = {
    .name = "retention",
    .commands = commands,
    .start = retention_start,
    .job = &job,
};
