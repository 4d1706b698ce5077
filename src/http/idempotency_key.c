/*
 * idempotency_key.c — what an Idempotency-Key header or a page's submission
 * token may hold (see idempotency_key.h).
 */
#include "http/idempotency_key.h"

#include <string.h>

bool idempotency_key_valid(const char *key)
{
	if (!key)
		return false;
	size_t len = strlen(key);
	if (len < 1 || len > IDEMPOTENCY_KEY_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)key[i] < 0x20 || (unsigned char)key[i] > 0x7e)
			return false;
	return true;
}
