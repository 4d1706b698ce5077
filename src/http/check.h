/*
 * check.h — the signed copy of a form's answers that a check-your-answers
 * page carries (router/router.h, struct check_step).
 *
 * The page shows what a person typed and posts it back as hidden fields with
 * a signature: an HMAC, under a subkey of the key file (auth/keys.h), of who
 * is signed in (their user id and their session's CSRF token), the path the
 * form posts to, and the answers. Only a post whose answers are exactly the
 * ones shown, from the same session, to the same record, carries a
 * signature that matches, so a change is made only as it was checked: a
 * form posted straight to the route, or with an answer altered on the way,
 * is shown for checking again instead.
 */
#ifndef HAVEN_HTTP_CHECK_H
#define HAVEN_HTTP_CHECK_H

#include <jansson.h>
#include <stdbool.h>

struct user;

/* The fields a check page adds to its form: the signature (the confirm button's value) and Change. */
#define CHECK_CONFIRM_FIELD "check_confirm"
#define CHECK_CHANGE_FIELD "check_change"

/* 32 bytes of HMAC, base64url without padding (43 characters), and the NUL. */
#define CHECK_SIGNATURE_SIZE 44

/*
 * The answers a check page carries: a new object of the fields of
 * `submitted` (what was typed, fields_keep_typed: name -> text, or a list's
 * every value in order) less the CSRF token and the check page's own
 * fields. Caller owns it.
 */
json_t *check_answers_new(const json_t *submitted);

/*
 * The hidden fields that carry `answers` (check_answers_new's) on the check
 * page: a new array of {name, value}, one a value, a list's in order, so
 * the form posted back sends what was first sent.
 */
json_t *check_hidden_fields(const json_t *answers);

/* Signs `answers` for `user` posting to `path`. Needs the process's key (keys_load). */
void check_sign(const struct user *user, const char *path, const json_t *answers,
                char out[CHECK_SIGNATURE_SIZE]);

/* True if `signature` (NULL: false) is check_sign's for the same user, path and answers. */
bool check_signature_ok(const struct user *user, const char *path, const json_t *answers,
                        const char *signature);

#endif
