/*
 * account_write.h (auth) — changes to accounts made inside another
 * module's unit of work, so that a change and what goes with it (an
 * invitation's link and email, a password reset's link) commit together or
 * not at all. Each takes the caller's unit of work (struct store_tx): call it
 * only from a db_write function (store/db.h). The accounts' tables stay auth's: other
 * modules change them only through these.
 */
#ifndef HAVEN_AUTH_ACCOUNT_WRITE_H
#define HAVEN_AUTH_ACCOUNT_WRITE_H

#include <stdint.h>

#include "auth/store.h"
#include "store/store.h"

/*
 * Creates a user with their roles, audited "user.create". HAVEN_ERR_CONFLICT
 * if the email is taken (and for nothing else), HAVEN_ERR_NOT_FOUND if the
 * agency is unknown, HAVEN_ERR_DENIED if the agency's type, read in this unit
 * of work, may not hold one of the roles (the caller checked it before; it
 * changed meanwhile), HAVEN_ERR_INVALID if the database refuses one of the
 * roles (auth_store_user_create says more).
 */
enum haven_status auth_write_user(struct store_tx *tx, const struct new_user *u, const struct actor *actor,
                                  long long *id) HAVEN_MUST_CHECK;

/*
 * Stores a user's new password hash and ends every session they have (`now`: Unix seconds). A password
 * chosen ends the invitation they were waiting on, if any (auth_write_invitation).
 */
enum haven_status auth_write_password(struct store_tx *tx, long long user_id, const char *hash,
                                      int64_t now) HAVEN_MUST_CHECK;

/*
 * Records that `user_id` is waiting to accept an invitation that expires at `expires_at` (Unix seconds;
 * a newer one replaces it): the passwords area calls it in the unit that sends each invitation. Their
 * account shows as invited (auth/roles.h, account_states) until auth_write_password.
 */
enum haven_status auth_write_invitation(struct store_tx *tx, long long user_id,
                                        int64_t expires_at) HAVEN_MUST_CHECK;

/*
 * Disables a user and ends their sessions, audited "user.disable" with
 * `reason`; `by_administrator`: an administrator disables it, so only one may
 * enable it again (auth_store_user_enable). The invitation it waited on, if
 * any, ends now, and the passwords area's trigger cancels its open links
 * (migration 0164). HAVEN_ERR_NOT_FOUND if there is no such active account;
 * HAVEN_ERR_CONFLICT (nothing changed) if they are the last active administrator.
 */
enum haven_status auth_write_disable(struct store_tx *tx, long long user_id, const struct actor *actor,
                                     int64_t now, const char *reason, bool by_administrator) HAVEN_MUST_CHECK;

#endif
