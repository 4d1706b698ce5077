/*
 * jobs.c (encompass) — the escalation job: nobody has to remember to look
 * for notifications that were not acknowledged in time. Every minute it
 * records an escalation for each notification still unacknowledged
 * da_settings.escalate_after_minutes after its deadline (due_at), which
 * lists it for the local authority's education safeguarding team and the
 * police (GET /encompass/escalations).
 *
 * The store finds and records escalations in one db_write unit, and a
 * notification has at most one (encompass_escalations.notification_id is
 * UNIQUE and the query skips those that have one), so each is recorded
 * exactly once however often the job runs, and a notification acknowledged
 * later keeps its escalation: it was late. Then it climbs the escalation
 * ladder (ladder_sqlite.c): the Key Adults emailed, then the local
 * authority, each once. The setting is read at each run,
 * so a change on the settings page takes effect at the next run without a
 * restart. Each escalation is audited as a system action (no user).
 */
#include "areas/encompass/jobs.h"

#include "app/job.h"
#include "areas/encompass/store.h"

/* Escalations recorded in one db_write: keeps one unit short when many are due at once. */
#define BATCH 200

static const struct job_batch batches[] = {
    {.step = encompass_escalate_due,
     .failed = "recording escalations",
     .done = "notifications escalated (not acknowledged in time)"},
    /* the ladder: the Key Adults reminded, then the local authority told (ladder_sqlite.c) */
    {.step = encompass_ladder_due,
     .failed = "escalation emails",
     .done = "escalation steps taken (emails queued)"},
    {0},
};

struct job encompass_escalation_job = {
    .area = "encompass",
    .what = "the escalation job",
    .interval_seconds = 60,
    .interval_env = "HAVEN_ENCOMPASS_JOB_SECONDS",
    .batches = batches,
    .batch_size = BATCH,
};
