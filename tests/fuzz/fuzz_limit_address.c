/*
 * fuzz_limit_address.c — the address a per-address limit counts
 * (core/limit_address.h), which reads a peer's address or whatever a client
 * sent the trusted proxy as X-Forwarded-For.
 *
 * Input: the text (up to a NUL). Beyond not crashing: the answer always ends
 * within its buffer; text that is not an address is answered as itself, cut
 * to fit; an address is answered as an IPv4 address in inet_ntop's spelling
 * or as an IPv6 /64 prefix ("::/64" form) with its interface half zero and
 * not IPv4-mapped; and the answer is a fixed point: the answer's own address
 * is counted as the same answer.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/limit_address.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = fuzz_cstr(data, size);
	char out[LIMIT_ADDRESS_SIZE];
	memset(out, 'x', sizeof out);
	bool parsed = limit_address(input, out);
	size_t len = strnlen(out, sizeof out);
	FUZZ_ASSERT(len < sizeof out);

	if (!parsed) {
		FUZZ_ASSERT(strncmp(out, input, len) == 0 && (len == strlen(input) || len == sizeof out - 1));
	} else {
		char again[LIMIT_ADDRESS_SIZE];
		struct in_addr v4;
		struct in6_addr v6;
		if (inet_pton(AF_INET, out, &v4) == 1) {
			FUZZ_ASSERT(limit_address(out, again) && strcmp(again, out) == 0);
		} else {
			FUZZ_ASSERT(len > 3 && strcmp(out + len - 3, "/64") == 0);
			char prefix[LIMIT_ADDRESS_SIZE];
			memcpy(prefix, out, len - 3);
			prefix[len - 3] = '\0';
			FUZZ_ASSERT(inet_pton(AF_INET6, prefix, &v6) == 1 && !IN6_IS_ADDR_V4MAPPED(&v6));
			static const unsigned char zero[8];
			FUZZ_ASSERT(memcmp(&v6.s6_addr[8], zero, sizeof zero) == 0);
			FUZZ_ASSERT(limit_address(prefix, again) && strcmp(again, out) == 0);
		}
	}
	free(input);
	return 0;
}
