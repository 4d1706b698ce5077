/*
 * keys.h — the server's secret key, and what is done with it: sealing
 * secrets stored in the database (second-factor secrets), sealing documents'
 * files and forms kept when a session ended, and signing the anonymous CSRF
 * token.
 *
 * The key is 32 random bytes in a file of its own (the key file: by default
 * the database's path with ".key" added, `--key-file` to choose another),
 * never in the database, so a copy of the database alone (a stolen backup,
 * a disk sent for repair) opens no second factor and forges no token. One
 * key file serves every process on the same database, and survives
 * restarts. Each use gets its own subkey (libsodium's crypto_kdf), so a
 * value made for one purpose is never accepted for another.
 *
 * The process has one key, set once by keys_load (or keys_use in unit
 * tests) before any other call here; the functions below abort if none was
 * set, because going on without one would store secrets in clear or accept
 * unsigned tokens. After that, every function here is thread-safe.
 */
#ifndef HAVEN_AUTH_KEYS_H
#define HAVEN_AUTH_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

#define KEYS_BYTES 32
/* What sealing adds to a secret: a random 24-byte nonce and a 16-byte tag. */
#define KEYS_SEAL_OVERHEAD 40
#define KEYS_MAC_BYTES 32

/* "DB.key" for the database at `db_path`: the default key file. New string; caller frees. */
char *keys_default_path(const char *db_path);

/*
 * Creates the key file at `path` (32 random bytes written as 64 hex
 * digits, mode 0600) unless it exists; *created says whether it was made.
 * An existing file is left alone (and not checked: keys_load does that).
 * On failure *err is a new message naming the file; caller frees.
 */
enum haven_status keys_create(const char *path, bool *created, char **err) HAVEN_MUST_CHECK;

/*
 * Reads the key file and makes it the process's key. Refuses (with *err, a
 * new message; caller frees) a file that is missing, can be read by other
 * users than its owner, or is not exactly 64 hex digits (and a newline).
 */
enum haven_status keys_load(const char *path, char **err) HAVEN_MUST_CHECK;

/* Makes `key` the process's key (unit tests; the server uses keys_load). */
void keys_use(const unsigned char key[KEYS_BYTES]);

/*
 * Seals `len` bytes of `plain` into `out` (len + KEYS_SEAL_OVERHEAD bytes):
 * XChaCha20-Poly1305 with a random nonce, bound to `context` (say
 * "users.totp_secret:42"), so a sealed value moved to another row does not
 * open there.
 */
void keys_seal(const unsigned char *plain, size_t len, const char *context, unsigned char *out);

/*
 * Opens what keys_seal made with the same context into `out`
 * (sealed_len - KEYS_SEAL_OVERHEAD bytes). False, with `out` zeroed, if it
 * was changed, made with another key or context, or is too short.
 */
bool keys_open(const unsigned char *sealed, size_t sealed_len, const char *context, unsigned char *out);

/*
 * keys_seal and keys_open for a document's file (areas/documents), under a
 * subkey of its own: a file copied into a second-factor column, or the other
 * way, does not open.
 */
void keys_seal_document(const unsigned char *plain, size_t len, const char *context, unsigned char *out);
bool keys_open_document(const unsigned char *sealed, size_t sealed_len, const char *context,
                        unsigned char *out);

/*
 * keys_seal and keys_open for a form kept when its session had ended
 * (auth/kept.h), under a subkey of its own.
 */
void keys_seal_kept(const unsigned char *plain, size_t len, const char *context, unsigned char *out);
bool keys_open_kept(const unsigned char *sealed, size_t sealed_len, const char *context, unsigned char *out);

/* keys_csrf_mac and keys_csrf_mac_ok under the success banner's subkey (auth/flash.h). */
void keys_flash_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES]);
bool keys_flash_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES]);

/* The HMAC (HMAC-SHA-512-256, libsodium's crypto_auth) of `data` under the CSRF subkey. */
void keys_csrf_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES]);

/* True if `mac` is keys_csrf_mac of `data`, compared in constant time. */
bool keys_csrf_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES]);

/*
 * keys_csrf_mac and keys_csrf_mac_ok under a subkey of their own, for the
 * signed copy of a form's answers on a check-your-answers page
 * (http/check.h): a CSRF token's MAC is never taken for one, nor the other way.
 */
void keys_check_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES]);
bool keys_check_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES]);

/* keys_csrf_mac and keys_csrf_mac_ok under the device marker's subkey (auth/session.h, auth_sign_in). */
void keys_device_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES]);
bool keys_device_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES]);

#endif
