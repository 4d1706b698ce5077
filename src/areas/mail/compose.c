/*
 * compose.c — an email's subject and text from its built-in template (see
 * compose.h).
 */
#include "areas/mail/compose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/calendar/model_words.h"
#include "areas/mail/mail.h"
#include "core/embedded.h"
#include "core/log.h"
#include "view/mustache.h"

/* The built-in email template `name`, or NULL. */
static const struct embedded_file *template_file(const char *name)
{
	char path[256];
	int n = snprintf(path, sizeof path, MAIL_TEMPLATE_PREFIX "%s" MAIL_TEMPLATE_SUFFIX, name);
	return n < 0 || (size_t)n >= sizeof path ? NULL : embedded_find(path);
}

bool mail_template_exists(const char *name)
{
	return name && template_file(name) != NULL;
}

enum haven_status mail_compose(const char *name, const json_t *model, struct mail_text *out)
{
	const struct embedded_file *f = template_file(name);
	if (!f) {
		log_error("mail: no email template %s", name);
		return HAVEN_ERR_NOT_FOUND;
	}
	/* Compiled at each use rather than kept: an email is rare next to a page, and this needs no start-up
	 * step in the commands that queue emails without `haven serve`. */
	struct mustache_template *tpl = NULL;
	char *err = NULL;
	if (mustache_compile(f->data, f->size, &tpl, &err) != HAVEN_OK) {
		log_error("mail: email template %s: %s", name, err ? err : "syntax error");
		free(err);
		return HAVEN_ERR_INVALID;
	}
	buf_reset(&out->text);
	/* an email says dates and times as pages do ("Sunday 20 December 2026"): {{date_words_weekday}} */
	json_t *worded = json_deep_copy(model);
	model_words_instants(worded);
	model_words_dates(worded);
	enum haven_status st = mustache_render_text(tpl, worded, NULL, NULL, &out->text);
	json_decref(worded);
	mustache_template_free(tpl);
	if (st != HAVEN_OK)
		return st;

	/* The subject, a blank line, the body. */
	char *text = out->text.data;
	char *end = text ? strchr(text, '\n') : NULL;
	if (!end || end == text || end[1] != '\n') {
		log_error("mail: email template %s needs a subject line, then a blank line", name);
		return HAVEN_ERR_INVALID;
	}
	*end = '\0';
	out->subject = text;
	out->body = end + 2;
	return HAVEN_OK;
}

void mail_text_free(struct mail_text *t)
{
	buf_free(&t->text);
	t->subject = "";
	t->body = "";
}

enum haven_status mail_enqueue_one(struct store_tx *tx, const char *name, const json_t *model, const char *to)
{
	struct mail_text text = MAIL_TEXT_INIT;
	enum haven_status st = mail_compose(name, model, &text);
	if (st == HAVEN_OK) {
		struct mail m = {.kind = name, .to = to, .subject = text.subject, .body_text = text.body};
		st = mail_enqueue(tx, &m);
	}
	mail_text_free(&text);
	return st;
}

enum haven_status mail_enqueue_each(struct store_tx *tx, const char *name, const json_t *model,
                                    const json_t *people)
{
	struct mail_text text = MAIL_TEXT_INIT;
	enum haven_status st = mail_compose(name, model, &text);
	size_t i;
	json_t *person;
	json_array_foreach(st == HAVEN_OK ? people : NULL, i, person)
	{
		struct mail m = {.kind = name,
		                 .to = json_string_value(json_object_get(person, "email")),
		                 .subject = text.subject,
		                 .body_text = text.body};
		st = mail_enqueue(tx, &m);
		if (st == HAVEN_ERR_INVALID) {
			log_info("mail: the outbox refused an address for %s; the others are sent", name);
			st = HAVEN_OK;
		}
		if (st != HAVEN_OK)
			break;
	}
	mail_text_free(&text);
	return st;
}

char *mail_link(const char *path)
{
	const char *base = getenv("HAVEN_PUBLIC_URL");
	if (!base || (strncmp(base, "https://", 8) != 0 && strncmp(base, "http://", 7) != 0))
		base = "http://127.0.0.1:8080";
	size_t len = strlen(base);
	while (len && base[len - 1] == '/')
		len--;
	struct buf link = BUF_INIT;
	buf_printf(&link, "%.*s%s", (int)len, base, path);
	return buf_steal(&link, NULL);
}
