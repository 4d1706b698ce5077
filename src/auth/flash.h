/*
 * flash.h — the success banner's one-time message (issue 16): what a
 * finished change says on the page the browser is sent to next ("Your
 * changes have been saved").
 *
 * It travels in a short-lived cookie rather than the database, so a change
 * costs no second write: the message and its HMAC under a subkey of its own
 * (auth/keys.h), bound to the session's CSRF token, so only the server makes
 * one and only the session it was made for shows it. The message is a
 * literal the code chose (response_success), never personal data.
 */
#ifndef HAVEN_AUTH_FLASH_H
#define HAVEN_AUTH_FLASH_H

#include <stdbool.h>

#include "core/buf.h"

/* The longest message carried, in bytes; a longer one is cut at a character. */
#define FLASH_MAX_MESSAGE 200
/* The longest cookie value flash_seal makes, with its NUL: the message and the MAC in base64url, a '.'. */
#define FLASH_SEALED_SIZE 312

/* Appends the cookie value carrying `message` for the session whose CSRF token is `session_csrf`. */
void flash_seal(struct buf *out, const char *message, const char *session_csrf);

/*
 * Appends to `message` what the cookie value `sealed` carries, if the
 * server made it for the session whose CSRF token is `session_csrf`; false
 * (nothing appended) otherwise.
 */
bool flash_open(struct buf *message, const char *sealed, const char *session_csrf);

#endif
