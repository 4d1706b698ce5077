/*
 * test_limit_address.c — tests the address a per-address limit counts
 * (src/core/limit_address.h): IPv4 as it is, IPv4-mapped IPv6 as its IPv4,
 * any other IPv6 address as its /64 in one canonical spelling however it was
 * written (compressed, expanded, in either case, with a zone), and anything
 * that is not an address as itself, refused.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/limit_address.h"

static void check(const char *address, bool parsed, const char *counted)
{
	char out[LIMIT_ADDRESS_SIZE];
	assert_int_equal(limit_address(address, out), parsed);
	assert_string_equal(out, counted);
}

static void ipv4_as_it_is(void **state)
{
	(void)state;
	check("192.0.2.7", true, "192.0.2.7");
	check("203.0.113.255", true, "203.0.113.255");
	check("0.0.0.0", true, "0.0.0.0");
}

static void ipv6_by_its_64(void **state)
{
	(void)state;
	check("2001:db8:1:2::1", true, "2001:db8:1:2::/64");
	check("2001:db8:1:2:aaaa:bbbb:cccc:dddd", true, "2001:db8:1:2::/64");        /* same /64 */
	check("2001:0db8:0001:0002:0000:0000:0000:0001", true, "2001:db8:1:2::/64"); /* expanded */
	check("2001:DB8:1:2:AbCd::9", true, "2001:db8:1:2::/64");                    /* mixed case */
	check("2001:db8:1:3::1", true, "2001:db8:1:3::/64");                         /* the next /64 */
	check("2001:db8::", true, "2001:db8::/64");
	check("::1", true, "::/64");
	check("::", true, "::/64");
	check("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "ffff:ffff:ffff:ffff::/64");
	check("2001:db8:0:0:1::1", true, "2001:db8::/64");
}

static void zones_dropped(void **state)
{
	(void)state;
	check("fe80::1%eth0", true, "fe80::/64");
	check("fe80::abcd:1%2", true, "fe80::/64");
	check("fe80::1%", false, "fe80::1%"); /* an empty zone is not an address */
	check("192.0.2.7%eth0", false, "192.0.2.7%eth0");
}

static void mapped_ipv4_as_ipv4(void **state)
{
	(void)state;
	check("::ffff:192.0.2.7", true, "192.0.2.7");
	check("::FFFF:c000:0207", true, "192.0.2.7");
	check("0:0:0:0:0:ffff:192.0.2.7", true, "192.0.2.7");
	/* IPv4-compatible (deprecated) and NAT64 addresses are IPv6 addresses like any other */
	check("64:ff9b::192.0.2.7", true, "64:ff9b::/64");
}

static void garbage_as_itself(void **state)
{
	(void)state;
	check(NULL, false, "");
	check("", false, "");
	check("unknown", false, "unknown");
	check("192.0.2", false, "192.0.2");
	check("192.0.2.7 ", false, "192.0.2.7 ");
	check("2001:db8::1::2", false, "2001:db8::1::2");
	check("[2001:db8::1]", false, "[2001:db8::1]");
	check("2001:db8:1:2::/64", false, "2001:db8:1:2::/64");
	check("%eth0", false, "%eth0");
	/* too long to be an address: cut to fit, still refused */
	char out[LIMIT_ADDRESS_SIZE];
	assert_false(limit_address("1234567890123456789012345678901234567890123456789012345678901234", out));
	assert_int_equal(strlen(out), LIMIT_ADDRESS_SIZE - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ipv4_as_it_is),     cmocka_unit_test(ipv6_by_its_64),
	    cmocka_unit_test(zones_dropped),     cmocka_unit_test(mapped_ipv4_as_ipv4),
	    cmocka_unit_test(garbage_as_itself),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
