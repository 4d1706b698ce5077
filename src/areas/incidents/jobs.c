/*
 * jobs.c (incidents) — the waiting-children job: a child of an incident
 * still waiting for a person to match them is escalated by email to the
 * front door of the incident's area and to the police once the deadline its
 * notification would have is da_settings.waiting_escalate_minutes away, so
 * "before the next school day" is not missed because nobody looked at the
 * queue. Every minute (HAVEN_INCIDENTS_JOB_SECONDS); each child is escalated
 * once (waiting_sqlite.c), which survives restarts.
 */
#include "areas/incidents/jobs.h"

#include "app/job.h"
#include "areas/incidents/store.h"

/* Children escalated in one db_write: keeps one unit short when many are due at once. */
#define BATCH 200

static const struct job_batch batches[] = {
    {.step = incidents_escalate_waiting,
     .failed = "escalating waiting children",
     .done = "children waiting to be matched escalated (emails queued)"},
    {0},
};

struct job incidents_waiting_job = {
    .area = "incidents",
    .what = "the waiting-children job",
    .interval_seconds = 60,
    .interval_env = "HAVEN_INCIDENTS_JOB_SECONDS",
    .batches = batches,
    .batch_size = BATCH,
};
