/*
 * area.c (mail) — the email outbox: no pages, but mail_enqueue (mail.h) for
 * other areas, iCalendar files (ical.h), the sender `haven serve` runs in the
 * background (sender.c, through area.h's start/stop), the `haven mail`
 * commands (commands.c) and the outbox's figures for /metrics.
 */
#include "app/area.h"
#include "areas/mail/commands.h"
#include "areas/mail/sender.h"
#include "areas/mail/store.h"
#include "core/metrics.h"

/* Emails in the outbox by status: "queued" is the outbox's depth. */
static void outbox_metrics(struct buf *out)
{
	json_t *summary = mail_store_summary();
	if (!summary)
		return; /* the database did not answer: /readyz says so */
	metrics_write_family(out, "haven_mail_outbox", "gauge", "Emails in the outbox, by status.");
	static const char *const statuses[] = {"queued", "sent", "failed"};
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		const char *labels[] = {"status", statuses[i], NULL};
		metrics_write_sample(out, "haven_mail_outbox", labels,
		                     (double)json_integer_value(json_object_get(summary, statuses[i])));
	}
	json_decref(summary);
}

static enum haven_status mail_start(void)
{
	metrics_add_collector(outbox_metrics);
	return mail_sender_start();
}

const struct area area_mail = {
    .name = "mail",
    .commands = mail_commands,
    .start = mail_start,
    .stop = mail_sender_stop,
};
