/*
 * compose.h — composing an email's subject and text from its built-in
 * template, so that what Haven says in its emails is written in template
 * files beside the area's pages, not in C strings.
 *
 * Each area keeps its emails in src/areas/AREA/emails/NAME.mustache, built
 * into the binary and named "AREA/NAME" ("training/booked"). A template's
 * first line is the subject, its second line is blank, and the rest is the
 * plain-text body:
 *
 *   Your training place is booked
 *
 *   Your place is booked: {{title}} on {{date}}, {{starts}} to {{ends}}.
 *
 * Values are written as they are, not HTML-escaped (the email is plain
 * text). The model must hold nothing the email may not carry: see mail.h,
 * NO PERSONAL DATA IN EMAILS. tests/unit/test_mail_compose.c renders every
 * email template with the sample model in tests/unit/data/email-models.json.
 */
#ifndef HAVEN_AREAS_MAIL_COMPOSE_H
#define HAVEN_AREAS_MAIL_COMPOSE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/status.h"

/* A composed email. subject and body point into text; free with mail_text_free. */
struct mail_text {
	struct buf text;
	const char *subject; /* one line, no newline */
	const char *body;
};

#define MAIL_TEXT_INIT                                                                                       \
	{                                                                                                    \
		BUF_INIT, "", ""                                                                             \
	}

/*
 * Renders the email template `name` ("training/booked") with `model` into
 * *out (which the caller frees with mail_text_free, whatever the result).
 * HAVEN_ERR_NOT_FOUND if there is no such template, HAVEN_ERR_INVALID if it
 * does not compile, has no subject or no blank line after it. Thread-safe:
 * each call compiles its template (emails are few; this keeps no state).
 */
enum haven_status mail_compose(const char *name, const json_t *model, struct mail_text *out) HAVEN_MUST_CHECK;

void mail_text_free(struct mail_text *t);

/* Whether `name` ("training/booked") is a built-in email template: what an outbox row's kind must be. */
bool mail_template_exists(const char *name);

struct store_tx;

/*
 * Composes the email `name` with `model` and queues it, in the unit of work
 * `tx` (mail_enqueue), to the one address `to`. mail_compose's error, or
 * mail_enqueue's (HAVEN_ERR_INVALID for an address the outbox refuses: the
 * caller decides whether that stops its change).
 */
enum haven_status mail_enqueue_one(struct store_tx *tx, const char *name, const json_t *model,
                                   const char *to) HAVEN_MUST_CHECK;

/*
 * Composes the email `name` with `model` once and queues it, in the unit of
 * work `tx` (mail_enqueue), to each of `people`: an array of objects whose
 * "email" is the address, as a query of users' emails returns them. An
 * address the outbox refuses is skipped with a log line (not the address),
 * so one bad address stops neither the others' emails nor the change they
 * belong to. HAVEN_ERR_DB if queuing fails, or mail_compose's error.
 */
enum haven_status mail_enqueue_each(struct store_tx *tx, const char *name, const json_t *model,
                                    const json_t *people) HAVEN_MUST_CHECK;

/*
 * A link into Haven for an email: the partnership's public address
 * (HAVEN_PUBLIC_URL, http:// or https://; else make run's
 * http://127.0.0.1:8080), never a request's Host header, followed by `path`
 * ("/work"), as a new string the caller frees. A path names a page or a
 * record's number, never personal data.
 */
char *mail_link(const char *path);

/* The prefix and suffix of an email template among the built-in files: "emails/AREA/NAME.mustache". */
#define MAIL_TEMPLATE_PREFIX "emails/"
#define MAIL_TEMPLATE_SUFFIX ".mustache"

#endif
