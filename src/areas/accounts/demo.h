/*
 * demo.h (accounts) — the demo partnership's accounts.
 */
#ifndef HAVEN_ACCOUNTS_DEMO_H
#define HAVEN_ACCOUNTS_DEMO_H

#include "auth/user.h"
#include "core/status.h"

struct demo_account {
	const char *email, *name, *agency_slug;
	unsigned role;
};

extern const char demo_password[];
extern const struct demo_account demo_accounts[]; /* ended by a NULL email */

/* Creates the demo accounts (haven init --demo), sharing one hash of the demo password. */
enum haven_status accounts_load_demo(void) HAVEN_MUST_CHECK;

#endif
