/*
 * limit_address.h — the address a per-address limit counts: one client's
 * share of the network, not the one address it happens to use.
 *
 * An IPv6 client is usually given a whole /64 (RFC 6177, RFC 7421) and may
 * take any address in it, so a limit keyed on the full address would be a
 * limit per request. Every per-address limit (the sign-in throttle, the
 * hourly allowances, --max-per-ip) keys on limit_address instead: an IPv4
 * address as it is, an IPv4-mapped IPv6 address as its IPv4 address, any
 * other IPv6 address as its /64 prefix written canonically
 * ("2001:db8:1:2::/64"). The audit log, the access log and the sessions
 * list keep the full address.
 *
 * It reads outside input (a peer's address, X-Forwarded-For), so it is pure,
 * thread-safe, tested in tests/unit/test_limit_address.c and fuzzed in
 * tests/fuzz/fuzz_limit_address.c.
 */
#ifndef HAVEN_CORE_LIMIT_ADDRESS_H
#define HAVEN_CORE_LIMIT_ADDRESS_H

#include <stdbool.h>

/* Room for any result, with its NUL: any IPv6 address text and "/64". */
#define LIMIT_ADDRESS_SIZE 64

/*
 * Writes the address a limit counts for `address` into `out`, and returns
 * true if `address` is an IPv4 or IPv6 address: in any case, IPv6 with or
 * without "::", with a zone ("fe80::1%eth0": the zone is the server's
 * interface, not the client's, and is dropped). Anything else (NULL,
 * "unknown", junk) is returned false and counted as itself: copied into
 * `out` as it is, cut to fit.
 */
bool limit_address(const char *address, char out[LIMIT_ADDRESS_SIZE]);

#endif
