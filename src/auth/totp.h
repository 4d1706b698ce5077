/*
 * totp.h — time-based one-time passwords (RFC 6238) for the optional second
 * factor, compatible with authenticator apps (HMAC-SHA1, 6 digits, 30 s).
 */
#ifndef HAVEN_AUTH_TOTP_H
#define HAVEN_AUTH_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

#define TOTP_SECRET_SIZE 20

enum totp_hash { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 };

/*
 * The code for `secret` at Unix time `now` with the given step (seconds),
 * digits (6-8) and hash: RFC 6238 section 4. Writes digits+1 bytes.
 */
void totp_code(const unsigned char *secret, size_t secret_len, uint64_t now, unsigned step, unsigned digits,
               enum totp_hash hash, char *out);

/*
 * True if `code` is the 6-digit SHA-1 30-second code for `secret` at `now`,
 * or one step either side (clock drift). Constant-time comparison.
 */
bool totp_check(const unsigned char secret[TOTP_SECRET_SIZE], uint64_t now, const char *code);

/*
 * As totp_check, but only codes for steps at or after `min_step` count, and
 * the step that matched is stored in *step (may be NULL). Passing the last
 * step that signed in plus one refuses a code used twice (RFC 6238 5.2).
 */
bool totp_match(const unsigned char secret[TOTP_SECRET_SIZE], uint64_t now, const char *code,
                uint64_t min_step, uint64_t *step);

/* A new random secret. */
void totp_secret_new(unsigned char secret[TOTP_SECRET_SIZE]);

/* The secret in base32 (RFC 4648, no padding) for typing into an app; out >= 33 bytes. */
void totp_secret_base32(const unsigned char secret[TOTP_SECRET_SIZE], char *out, size_t size);

/* The otpauth:// URI an app reads from a QR code; new string, caller frees. */
char *totp_uri(const unsigned char secret[TOTP_SECRET_SIZE], const char *issuer, const char *account);

#endif
