/*
 * area.c (mail) — the email outbox: no pages, but mail_enqueue (mail.h) for
 * other areas, iCalendar files (ical.h), the sender `haven serve` runs in the
 * background (sender.c, through area.h's start/stop) and the `haven mail`
 * commands (commands.c).
 */
#include "app/area.h"
#include "areas/mail/commands.h"
#include "areas/mail/sender.h"

const struct area area_mail = {
    .name = "mail",
    .commands = mail_commands,
    .start = mail_sender_start,
    .stop = mail_sender_stop,
};
