/*
 * test_mail_compose.c — tests that every email Haven sends comes from its
 * template (src/areas/mail/compose.h): each built-in email template renders
 * with its sample model from data/email-models.json into a one-line subject
 * and a body that shows every value of the model, each sample names a
 * template that exists, values are written unescaped (plain text), and a
 * missing template is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/mail/compose.h"
#include "areas/calendar/model_words.h"
#include "areas/mail/mail.h"
#include "core/embedded.h"

static json_t *samples;

/* Whether the rendered email shows `v` (a string or an integer of the model). */
static int shows(const struct mail_text *t, const json_t *v)
{
	char number[32];
	const char *want = json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		want = number;
	}
	/* a date is shown in words, as pages show it (areas/calendar/model_words.h) */
	char words[MODEL_DATE_WORDS_SIZE];
	if (want && model_date_words(want, false, words))
		want = words;
	return want && (strstr(t->subject, want) || strstr(t->body, want));
}

static void every_template_renders_with_its_sample(void **state)
{
	(void)state;
	const size_t prefix = strlen(MAIL_TEMPLATE_PREFIX), suffix = strlen(MAIL_TEMPLATE_SUFFIX);
	int templates = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, MAIL_TEMPLATE_PREFIX, prefix) != 0)
			continue;
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)(strlen(f->name) - prefix - suffix),
		         f->name + prefix);
		json_t *model = json_object_get(samples, name);
		if (!model) /* JSON null, for an email without values, is a model too */
			fail_msg("%s has no sample model in email-models.json", name);
		struct mail_text t = MAIL_TEXT_INIT;
		if (mail_compose(name, model, &t) != HAVEN_OK)
			fail_msg("%s does not compose", name);
		assert_true(strlen(t.subject) > 0 && strlen(t.subject) <= MAIL_SUBJECT_MAX);
		assert_null(strpbrk(t.subject, "\r\n"));
		assert_true(strlen(t.body) > 1 && t.body[strlen(t.body) - 1] == '\n');
		if (strstr(t.subject, "{{") || strstr(t.body, "{{") || strstr(t.body, "}}"))
			fail_msg("%s leaves a tag in its text", name);
		const char *key;
		json_t *v;
		json_object_foreach(model, key, v)
		{
			if (!shows(&t, v))
				fail_msg("%s does not show its model's %s", name, key);
		}
		mail_text_free(&t);
		templates++;
	}
	/* every email in the sample file is one the code composes, so each has its template */
	assert_int_equal(templates, (int)json_object_size(samples) - 1 /* _comment */);
}

static void every_sample_names_a_template(void **state)
{
	(void)state;
	const char *name;
	json_t *model;
	json_object_foreach(samples, name, model)
	{
		if (name[0] == '_')
			continue;
		char path[160];
		snprintf(path, sizeof path, MAIL_TEMPLATE_PREFIX "%s" MAIL_TEMPLATE_SUFFIX, name);
		if (!embedded_find(path))
			fail_msg("no email template %s", path);
	}
}

/* An email is plain text: a course called "Drugs & alcohol" is not sent as "Drugs &amp; alcohol". */
static void values_are_not_html_escaped(void **state)
{
	(void)state;
	json_t *model = json_pack("{s:s, s:s, s:s, s:s}", "title", "Drugs & alcohol: \"county lines\" <1>",
	                          "date", "2026-03-04", "starts_words", "9:30am", "ends_words", "12:30pm");
	struct mail_text t = MAIL_TEXT_INIT;
	assert_int_equal(mail_compose("training/booked", model, &t), HAVEN_OK);
	assert_string_equal(t.subject, "Your training place is booked");
	assert_string_equal(
	    t.body, "Your place is booked: Drugs & alcohol: \"county lines\" <1> on Wednesday 4 March 2026, "
	            "9:30am to 12:30pm.\n\n"
	            "Sign in to Haven to see the details, add it to your calendar or cancel.\n");
	mail_text_free(&t);
	json_decref(model);
}

static void a_missing_template_is_refused(void **state)
{
	(void)state;
	struct mail_text t = MAIL_TEXT_INIT;
	assert_int_equal(mail_compose("training/no-such-email", NULL, &t), HAVEN_ERR_NOT_FOUND);
	mail_text_free(&t);
	assert_int_equal(mail_compose("../templates/layout", NULL, &t), HAVEN_ERR_NOT_FOUND);
	mail_text_free(&t);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s TEST_DATA_DIR (holding email-models.json)\n", argv[0]);
		return 2;
	}
	char path[1024];
	snprintf(path, sizeof path, "%s/email-models.json", argv[1]);
	json_error_t err;
	samples = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!samples) {
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
		return 2;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_template_renders_with_its_sample),
	    cmocka_unit_test(every_sample_names_a_template),
	    cmocka_unit_test(values_are_not_html_escaped),
	    cmocka_unit_test(a_missing_template_is_refused),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	json_decref(samples);
	return failed;
}
