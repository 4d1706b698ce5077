/*
 * limit_address.c — the address a per-address limit counts: an IPv6
 * client's /64, anyone else's address (see limit_address.h).
 */
#include "core/limit_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

_Static_assert(LIMIT_ADDRESS_SIZE >= INET6_ADDRSTRLEN + 3, "an IPv6 prefix and \"/64\" fit");

bool limit_address(const char *address, char out[LIMIT_ADDRESS_SIZE])
{
	snprintf(out, LIMIT_ADDRESS_SIZE, "%s", address ? address : "");
	if (!address)
		return false;
	/* the text without a zone: inet_pton reads neither a zone nor anything longer than an address */
	char text[INET6_ADDRSTRLEN];
	size_t len = strcspn(address, "%");
	if (len == 0 || len >= sizeof text || (address[len] == '%' && address[len + 1] == '\0'))
		return false;
	memcpy(text, address, len);
	text[len] = '\0';

	struct in_addr v4;
	if (address[len] == '\0' && inet_pton(AF_INET, text, &v4) == 1) {
		inet_ntop(AF_INET, &v4, out, LIMIT_ADDRESS_SIZE);
		return true;
	}
	struct in6_addr v6;
	if (inet_pton(AF_INET6, text, &v6) != 1)
		return false;
	if (IN6_IS_ADDR_V4MAPPED(&v6)) {
		memcpy(&v4, &v6.s6_addr[12], sizeof v4);
		inet_ntop(AF_INET, &v4, out, LIMIT_ADDRESS_SIZE);
		return true;
	}
	memset(&v6.s6_addr[8], 0, 8); /* the /64: the interface half is the client's to choose */
	inet_ntop(AF_INET6, &v6, out, LIMIT_ADDRESS_SIZE);
	strcat(out, "/64");
	return true;
}
