/*
 * client_address.c — who is asking: the peer's address, or behind the
 * trusted proxy (--trusted-proxy) the address it forwarded; and a socket
 * address as text, which the connection guard counts by too. See exchange.h.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "http/exchange.h"

/*
 * The address the trusted proxy says it received the request from: the last
 * entry of X-Forwarded-For (entries before it were sent by the client and
 * prove nothing). Left unchanged if the header is missing or not an address.
 */
static enum MHD_Result last_forwarded_for(void *cls, enum MHD_ValueKind kind, const char *key,
                                          const char *value)
{
	(void)kind;
	if (strcasecmp(key, "X-Forwarded-For") == 0)
		*(const char **)cls = value;
	return MHD_YES;
}

static void forwarded_for(struct MHD_Connection *conn, char *out, size_t size)
{
	/* The last X-Forwarded-For line: some proxies add their own line after
	 * the client's instead of appending to it. */
	const char *header = NULL;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, last_forwarded_for, &header);
	if (!header)
		return;
	const char *last = strrchr(header, ',');
	last = last ? last + 1 : header;
	while (*last == ' ' || *last == '\t')
		last++;
	char candidate[INET6_ADDRSTRLEN + 1];
	size_t len = strcspn(last, " \t");
	if (len == 0 || len >= sizeof candidate)
		return;
	memcpy(candidate, last, len);
	candidate[len] = '\0';
	unsigned char parsed[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, candidate, parsed) == 1 || inet_pton(AF_INET6, candidate, parsed) == 1)
		snprintf(out, size, "%s", candidate);
}

void http_address_text(const struct sockaddr *sa, char *out, size_t size)
{
	snprintf(out, size, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
		          (socklen_t)size);
}

void http_client_address(struct MHD_Connection *conn, char *out, size_t size, bool *via_proxy)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *peer = info ? info->client_addr : NULL;
	http_address_text(peer, out, size);
	if (!peer)
		return;
	*via_proxy = server_settings->trusted_proxy && strcmp(out, server_settings->trusted_proxy) == 0;
	if (*via_proxy)
		forwarded_for(conn, out, size);
}
