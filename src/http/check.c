/*
 * check.c — signing the copy of a form's answers on a check-your-answers
 * page, and checking the signature when the page is posted (see check.h).
 */
#include "http/check.h"

#include <sodium.h>
#include <string.h>

#include "auth/keys.h"
#include "auth/user.h"
#include "core/buf.h"

json_t *check_answers_new(const json_t *submitted)
{
	json_t *answers = json_object();
	const char *name;
	json_t *value;
	json_object_foreach((json_t *)submitted, name, value)
	{
		if (!(json_is_string(value) || json_is_array(value)) || strcmp(name, "csrf_token") == 0 ||
		    strcmp(name, "submission") == 0 || strcmp(name, CHECK_CONFIRM_FIELD) == 0 ||
		    strcmp(name, CHECK_CHANGE_FIELD) == 0)
			continue;
		json_object_set(answers, name, value);
	}
	return answers;
}

json_t *check_hidden_fields(const json_t *answers)
{
	json_t *hidden = json_array();
	const char *name;
	json_t *value;
	json_object_foreach((json_t *)answers, name, value)
	{
		if (json_is_string(value)) {
			json_array_append_new(hidden, json_pack("{s:s, s:O}", "name", name, "value", value));
			continue;
		}
		size_t i;
		json_t *entry; /* a list: one hidden field a value, in order, as the form sent them */
		json_array_foreach(value, i, entry)
		    json_array_append_new(hidden, json_pack("{s:s, s:O}", "name", name, "value", entry));
	}
	return hidden;
}

/* What is signed: a label for the use, the user, their session, the path and the answers (keys sorted). */
static void signed_text(const struct user *user, const char *path, const json_t *answers, struct buf *out)
{
	char *canonical = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	const char *parts[] = {"haven check answers", user->csrf_token, path, canonical ? canonical : ""};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		buf_append_str(out, parts[i]);
		buf_append_char(out, '\0');
		if (i == 0)
			buf_printf(out, "%lld%c", user->id, '/');
	}
	free(canonical);
}

void check_sign(const struct user *user, const char *path, const json_t *answers,
                char out[CHECK_SIGNATURE_SIZE])
{
	struct buf text = BUF_INIT;
	signed_text(user, path, answers, &text);
	unsigned char mac[KEYS_MAC_BYTES];
	keys_check_mac((const unsigned char *)buf_cstr(&text), text.len, mac);
	buf_free(&text);
	sodium_bin2base64(out, CHECK_SIGNATURE_SIZE, mac, sizeof mac,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool check_signature_ok(const struct user *user, const char *path, const json_t *answers,
                        const char *signature)
{
	unsigned char mac[KEYS_MAC_BYTES];
	size_t len = 0;
	if (!signature || strlen(signature) != CHECK_SIGNATURE_SIZE - 1 ||
	    sodium_base642bin(mac, sizeof mac, signature, strlen(signature), NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof mac)
		return false;
	struct buf text = BUF_INIT;
	signed_text(user, path, answers, &text);
	bool ok = keys_check_mac_ok((const unsigned char *)buf_cstr(&text), text.len, mac);
	buf_free(&text);
	return ok;
}
