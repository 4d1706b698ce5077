/*
 * fuzz_cookie.c — the Cookie header reader (http/cookie.h), which reads a
 * header every browser, or anyone, sends as it likes, for the session, the
 * CSRF token and the device marker.
 *
 * Input: the cookie's name, a newline, then the header's text (each up to a
 * NUL). Beyond not crashing: a value found is only cookie-octets, is in the
 * header as it was sent, fits the buffer and is refused by one a byte
 * shorter; nothing found leaves the buffer empty; another cookie before the
 * header, or the same name again after it, changes nothing found; and a
 * name found nowhere is found once sent after the header.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "fuzz.h"
#include "http/cookie.h"

/* Whether `name` is a cookie name as Haven's are (RFC 7230's token characters, but no '"'). */
static bool plain_name(const char *name)
{
	if (!*name)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", *p))
			return false;
	return true;
}

/* cookie_value on `header` and `name`, with room for anything the header could hold. */
static bool read_all(const char *header, const char *name, char **out)
{
	size_t size = strlen(header) + 1;
	*out = xmalloc(size);
	return cookie_value(header, name, *out, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = fuzz_cstr(data, size);
	char *newline = strchr(input, '\n');
	const char *name = "haven_session", *header = input;
	if (newline) {
		*newline = '\0';
		name = input;
		header = newline + 1;
	}

	char *value;
	bool found = read_all(header, name, &value);
	if (found) {
		size_t len = strlen(value);
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)value[i];
			FUZZ_ASSERT(c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\');
		}
		FUZZ_ASSERT(strstr(header, value) != NULL);
		char *exact = xmalloc(len + 1);
		FUZZ_ASSERT(cookie_value(header, name, exact, len + 1) && strcmp(exact, value) == 0);
		FUZZ_ASSERT(len == 0 || (!cookie_value(header, name, exact, len) && exact[0] == '\0'));
		free(exact);
	} else {
		FUZZ_ASSERT(value[0] == '\0');
	}

	if (plain_name(name)) {
		struct buf changed = BUF_INIT;
		char *again;
		/* another cookie first changes nothing */
		buf_printf(&changed, "%s=other; %s", strcmp(name, "x") == 0 ? "y" : "x", header);
		bool found_again = read_all(buf_cstr(&changed), name, &again);
		FUZZ_ASSERT(found_again == found && strcmp(again, value) == 0);
		free(again);
		/* the same name again after it: the first one stays the cookie; if none, it is the new one */
		buf_reset(&changed);
		buf_printf(&changed, "%s; %s=later", header, name);
		found_again = read_all(buf_cstr(&changed), name, &again);
		FUZZ_ASSERT(found_again && strcmp(again, found ? value : "later") == 0);
		free(again);
		buf_free(&changed);
	}
	free(value);
	free(input);
	return 0;
}
