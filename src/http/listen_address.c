/*
 * listen_address.c — the addresses the server reads from its options:
 * --listen's "HOST:PORT" or "[V6]:PORT" (parsed, checked) and a client
 * address written in its one canonical form (see server.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "http/exchange.h"
#include "http/server.h"

/* Parses "HOST:PORT" or "[V6]:PORT" into a socket address. */
int server_listen_parse(const char *listen, struct sockaddr_storage *addr, int *ipv6)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen)
		return -1;
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || port > 65535)
		return -1;
	memset(addr, 0, sizeof *addr);
	char host[64];
	size_t hlen = (size_t)(colon - listen);
	if (listen[0] == '[') {
		if (hlen < 3 || listen[hlen - 1] != ']' || hlen - 2 >= sizeof host)
			return -1;
		memcpy(host, listen + 1, hlen - 2);
		host[hlen - 2] = '\0';
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)addr;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*ipv6 = 1;
		return inet_pton(AF_INET6, host, &a->sin6_addr) == 1 ? 0 : -1;
	}
	if (hlen >= sizeof host)
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	struct sockaddr_in *a = (struct sockaddr_in *)addr;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*ipv6 = 0;
	return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

bool server_address_canonical(const char *address, char *out, size_t size)
{
	unsigned char parsed[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, address, parsed) == 1)
		return inet_ntop(AF_INET, parsed, out, (socklen_t)size) != NULL;
	if (inet_pton(AF_INET6, address, parsed) == 1)
		return inet_ntop(AF_INET6, parsed, out, (socklen_t)size) != NULL;
	return false;
}

bool server_listen_valid(const char *listen)
{
	struct sockaddr_storage addr;
	int ipv6;
	return server_listen_parse(listen, &addr, &ipv6) == 0;
}
