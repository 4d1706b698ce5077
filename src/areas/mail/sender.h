/*
 * sender.h (mail) — the background sender `haven serve` runs (area.h's
 * start/stop): it delivers due outbox rows through the SMTP relay named by
 * HAVEN_SMTP_URL, from HAVEN_SMTP_FROM, with libcurl, and retries failures
 * with backoff (mail_backoff_seconds). See docs/operations.md ("Email").
 */
#ifndef HAVEN_AREAS_MAIL_SENDER_H
#define HAVEN_AREAS_MAIL_SENDER_H

#include <stdbool.h>

#include "core/status.h"

/*
 * Whether a mail relay is set (HAVEN_SMTP_URL, as the sender reads it): true, email queued now goes
 * within seconds; false, it waits in the outbox until a relay is set and `haven serve` restarted. The
 * one way to ask, for whatever tells a person an email was sent (the set-up checklist, an invitation).
 */
bool mail_relay_set(void);

/* Reads the settings and starts the sender thread (or, with no HAVEN_SMTP_URL, logs that mail stays queued).
 */
enum haven_status mail_sender_start(void);

/* Stops the sender (an SMTP transfer in progress is abandoned and retried next time) and joins it. */
void mail_sender_stop(void);

/* Wakes the sender to look for due mail now. Cheap; safe from any thread, whether or not it runs. */
void mail_sender_wake(void);

#endif
