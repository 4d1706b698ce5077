/*
 * test_check_answers.c — tests that a check-your-answers page (http/check.h)
 * carries a form's answers as they were sent, a list field's every value
 * too: what was typed (fields_keep_typed, as the server keeps a form) gives
 * answers holding the list whole and in order, without the CSRF token; the
 * page's hidden fields carry one value each; the form posted back from
 * them gives the same answers, whose signature holds; and a post that
 * drops or adds one of the list's values does not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth/keys.h"
#include "auth/user.h"
#include "http/check.h"
#include "router/fields.h"

static const struct field_spec specs[] = {
    {.name = "reason", .label = "the reason", .type = FIELD_TEXT},
    {.name = "agencies", .label = "the agencies", .type = FIELD_SLUG, .multiple = true},
    {0},
};

/* What the server keeps of a form sent with `pairs`, as intake.c does. */
static json_t *typed_of(const struct field_pair *pairs, size_t count)
{
	json_t *typed = json_object();
	fields_keep_typed(typed, specs, pairs, count);
	return typed;
}

static void carries_every_value_of_a_list(void **state)
{
	(void)state;
	static const struct field_pair sent[] = {
	    {"csrf_token", "session-token"},
	    {"agencies", "police"},
	    {"reason", "Both were there"},
	    {"agencies", "school"},
	};
	json_t *typed = typed_of(sent, 4);
	json_t *answers = check_answers_new(typed);
	json_t *want =
	    json_pack("{s:[s,s], s:s}", "agencies", "police", "school", "reason", "Both were there");
	assert_true(json_equal(answers, want));

	json_t *hidden = check_hidden_fields(answers);
	assert_int_equal(json_array_size(hidden), 3);
	const char *expect[][2] = {
	    {"agencies", "police"}, {"agencies", "school"}, {"reason", "Both were there"}};
	for (size_t i = 0; i < 3; i++) {
		json_t *h = json_array_get(hidden, i);
		assert_string_equal(json_string_value(json_object_get(h, "name")), expect[i][0]);
		assert_string_equal(json_string_value(json_object_get(h, "value")), expect[i][1]);
	}
	json_decref(want);
	json_decref(hidden);
	json_decref(answers);
	json_decref(typed);
}

static void signature_holds_for_the_list_posted_back_whole(void **state)
{
	(void)state;
	unsigned char key[KEYS_BYTES] = {7};
	keys_use(key);
	struct user user = {.id = 42};
	strcpy(user.csrf_token, "session-token");
	static const struct field_pair first[] = {
	    {"csrf_token", "session-token"}, {"agencies", "police"}, {"agencies", "school"}, {"reason", "x"}};
	json_t *typed = typed_of(first, 4);
	json_t *answers = check_answers_new(typed);
	char signature[CHECK_SIGNATURE_SIZE];
	check_sign(&user, "/reviews", answers, signature);

	/* the check page's form posted back: its hidden fields and the confirm button */
	json_t *hidden = check_hidden_fields(answers);
	struct field_pair back[8];
	size_t n = 0;
	back[n++] = (struct field_pair){"csrf_token", "session-token"};
	size_t i;
	json_t *h;
	json_array_foreach(hidden, i, h) back[n++] = (struct field_pair){
	    json_string_value(json_object_get(h, "name")), json_string_value(json_object_get(h, "value"))};
	back[n++] = (struct field_pair){CHECK_CONFIRM_FIELD, signature};
	json_t *posted = typed_of(back, n);
	json_t *posted_answers = check_answers_new(posted);
	assert_true(json_equal(posted_answers, answers));
	assert_true(check_signature_ok(&user, "/reviews", posted_answers, signature));

	/* one of the list's values left out, one added, or the same values in another order: not what was
	 * checked (the order is what the page showed and what is saved) */
	static const struct field_pair dropped[] = {{"agencies", "police"}, {"reason", "x"}};
	static const struct field_pair added[] = {
	    {"agencies", "police"}, {"agencies", "school"}, {"agencies", "health"}, {"reason", "x"}};
	static const struct field_pair reordered[] = {
	    {"agencies", "school"}, {"agencies", "police"}, {"reason", "x"}};
	json_t *fewer = typed_of(dropped, 2), *more = typed_of(added, 4), *swapped = typed_of(reordered, 3);
	assert_false(check_signature_ok(&user, "/reviews", fewer, signature));
	assert_false(check_signature_ok(&user, "/reviews", more, signature));
	assert_false(check_signature_ok(&user, "/reviews", swapped, signature));
	/* and the same values in the same order, sent the same way, still are */
	static const struct field_pair same[] = {
	    {"agencies", "police"}, {"agencies", "school"}, {"reason", "x"}};
	json_t *in_order = typed_of(same, 3);
	assert_true(check_signature_ok(&user, "/reviews", in_order, signature));
	json_decref(in_order);

	json_decref(swapped);
	json_decref(fewer);
	json_decref(more);
	json_decref(posted_answers);
	json_decref(posted);
	json_decref(hidden);
	json_decref(answers);
	json_decref(typed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(carries_every_value_of_a_list),
	    cmocka_unit_test(signature_holds_for_the_list_posted_back_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
