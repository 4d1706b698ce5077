/*
 * sodium.h — libsodium started once, before the first call that needs it,
 * for everything in auth that hashes, seals or draws random bytes (keys,
 * tokens, TOTP secrets, passwords).
 */
#ifndef HAVEN_AUTH_SODIUM_H
#define HAVEN_AUTH_SODIUM_H

/*
 * Starts libsodium the first time it is called (thread-safe; later calls
 * return at once). A library that cannot start cannot make a secret: the
 * process says so on stderr and aborts, and is restarted.
 */
void auth_start_sodium(void);

#endif
