/*
 * keys.c — the server's secret key file and the subkeys made from it (see
 * keys.h).
 *
 * The file holds the key as 64 hex digits and a newline, so an operator can
 * copy it into a password manager or a secrets store as text. It is created
 * with O_EXCL and mode 0600, so `haven init` never replaces a key that
 * already seals secrets, and it is refused when others may read it (as
 * OpenSSH refuses a private key that others may read).
 */
#include "auth/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/sodium.h"
#include "core/alloc.h"
#include "core/buf.h"

#define HEX_SIZE (KEYS_BYTES * 2)

/* crypto_kdf's context: 8 bytes naming the application; the subkey ids below name the use. */
static const char kdf_context[crypto_kdf_CONTEXTBYTES] = {'h', 'a', 'v', 'e', 'n', 'k', 'e', 'y'};
enum subkey_id {
	SUBKEY_SEAL = 1,
	SUBKEY_CSRF = 2,
	SUBKEY_DOCUMENTS = 3,
	SUBKEY_CHECK = 4,
	SUBKEY_KEPT_FORMS = 5,
	SUBKEY_FLASH = 6,
	SUBKEY_DEVICE = 7
};

_Static_assert(KEYS_SEAL_OVERHEAD ==
                   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES,
               "KEYS_SEAL_OVERHEAD must be the nonce and the tag");
_Static_assert(KEYS_MAC_BYTES == crypto_auth_BYTES, "KEYS_MAC_BYTES must be crypto_auth's");
_Static_assert(KEYS_BYTES == crypto_kdf_KEYBYTES, "the key file holds a crypto_kdf master key");

static struct {
	bool ready;
	unsigned char seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char csrf[crypto_auth_KEYBYTES];
	unsigned char documents[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char check[crypto_auth_KEYBYTES];
	unsigned char kept_forms[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char flash[crypto_auth_KEYBYTES];
	unsigned char device[crypto_auth_KEYBYTES];
} keys;

/* A new message "WHAT PATH: REASON". */
static char *message(const char *what, const char *path, const char *reason)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s %s: %s", what, path, reason);
	return buf_steal(&b, NULL);
}

char *keys_default_path(const char *db_path)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s.key", db_path);
	return buf_steal(&b, NULL);
}

enum haven_status keys_create(const char *path, bool *created, char **err)
{
	auth_start_sodium();
	*created = false;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return HAVEN_OK;
		*err = message("cannot create the key file", path, strerror(errno));
		return HAVEN_ERR_IO;
	}
	unsigned char key[KEYS_BYTES];
	char text[HEX_SIZE + 2];
	crypto_kdf_keygen(key);
	sodium_bin2hex(text, sizeof text, key, sizeof key);
	text[HEX_SIZE] = '\n';
	text[HEX_SIZE + 1] = '\0';
	sodium_memzero(key, sizeof key);
	errno = 0;
	bool written = write(fd, text, HEX_SIZE + 1) == HEX_SIZE + 1;
	sodium_memzero(text, sizeof text);
	/* The key must be on disk before anything is sealed with it. */
	written = written && fsync(fd) == 0;
	int saved = errno;
	if (close(fd) != 0 && written) {
		written = false;
		saved = errno;
	}
	if (!written) {
		unlink(path); /* a part-written key is worse than none: the next init makes a whole one */
		*err = message("cannot write the key file", path, strerror(saved ? saved : EIO));
		return HAVEN_ERR_IO;
	}
	*created = true;
	return HAVEN_OK;
}

static void derive(const unsigned char master[KEYS_BYTES])
{
	crypto_kdf_derive_from_key(keys.seal, sizeof keys.seal, SUBKEY_SEAL, kdf_context, master);
	crypto_kdf_derive_from_key(keys.csrf, sizeof keys.csrf, SUBKEY_CSRF, kdf_context, master);
	crypto_kdf_derive_from_key(keys.documents, sizeof keys.documents, SUBKEY_DOCUMENTS, kdf_context,
	                           master);
	crypto_kdf_derive_from_key(keys.check, sizeof keys.check, SUBKEY_CHECK, kdf_context, master);
	crypto_kdf_derive_from_key(keys.kept_forms, sizeof keys.kept_forms, SUBKEY_KEPT_FORMS, kdf_context,
	                           master);
	crypto_kdf_derive_from_key(keys.flash, sizeof keys.flash, SUBKEY_FLASH, kdf_context, master);
	crypto_kdf_derive_from_key(keys.device, sizeof keys.device, SUBKEY_DEVICE, kdf_context, master);
	keys.ready = true;
}

void keys_use(const unsigned char key[KEYS_BYTES])
{
	auth_start_sodium();
	derive(key);
}

enum haven_status keys_load(const char *path, char **err)
{
	auth_start_sodium();
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = message("cannot read the key file", path,
		               errno == ENOENT
		                   ? "it does not exist (haven init creates it; or restore it from the "
		                     "backup of this database)"
		                   : strerror(errno));
		return HAVEN_ERR_IO;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077)) {
		close(fd);
		*err = message("refusing the key file", path,
		               "it must be a file only its owner can read and write (chmod 600)");
		return HAVEN_ERR_DENIED;
	}
	char text[HEX_SIZE + 3]; /* the digits, a newline, and one byte to see there is no more */
	ssize_t n = read(fd, text, sizeof text);
	close(fd);
	size_t len = n > 0 ? (size_t)n : 0;
	if (len && text[len - 1] == '\n')
		len--;
	unsigned char key[KEYS_BYTES];
	size_t bin_len = 0;
	const char *end = NULL;
	bool ok = len == HEX_SIZE && sodium_hex2bin(key, sizeof key, text, len, NULL, &bin_len, &end) == 0 &&
	          bin_len == KEYS_BYTES && end == text + len;
	sodium_memzero(text, sizeof text);
	if (!ok) {
		sodium_memzero(key, sizeof key);
		*err = message("refusing the key file", path, "it must hold exactly 64 hex digits");
		return HAVEN_ERR_INVALID;
	}
	derive(key);
	sodium_memzero(key, sizeof key);
	return HAVEN_OK;
}

static void need_keys(void)
{
	if (!keys.ready) {
		/* A bug: every command that seals or signs loads the key first. */
		fprintf(stderr, "haven: no key loaded (keys_load) before sealing or signing\n");
		abort();
	}
}

/* XChaCha20-Poly1305 under `key`, the random nonce first, bound to `context`. */
static void seal_with(const unsigned char *key, const unsigned char *plain, size_t len, const char *context,
                      unsigned char *out)
{
	need_keys();
	unsigned char *nonce = out;
	unsigned char *sealed = out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, NULL, plain, len, (const unsigned char *)context,
	                                           strlen(context), NULL, nonce, key);
}

static bool open_with(const unsigned char *key, const unsigned char *sealed, size_t sealed_len,
                      const char *context, unsigned char *out)
{
	need_keys();
	if (sealed_len < KEYS_SEAL_OVERHEAD)
		return false;
	const unsigned char *nonce = sealed;
	const unsigned char *box = sealed + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	size_t box_len = sealed_len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL, box, box_len,
	                                               (const unsigned char *)context, strlen(context), nonce,
	                                               key) != 0) {
		sodium_memzero(out, sealed_len - KEYS_SEAL_OVERHEAD);
		return false;
	}
	return true;
}

void keys_seal(const unsigned char *plain, size_t len, const char *context, unsigned char *out)
{
	seal_with(keys.seal, plain, len, context, out);
}

bool keys_open(const unsigned char *sealed, size_t sealed_len, const char *context, unsigned char *out)
{
	return open_with(keys.seal, sealed, sealed_len, context, out);
}

void keys_seal_document(const unsigned char *plain, size_t len, const char *context, unsigned char *out)
{
	seal_with(keys.documents, plain, len, context, out);
}

bool keys_open_document(const unsigned char *sealed, size_t sealed_len, const char *context,
                        unsigned char *out)
{
	return open_with(keys.documents, sealed, sealed_len, context, out);
}

void keys_seal_kept(const unsigned char *plain, size_t len, const char *context, unsigned char *out)
{
	seal_with(keys.kept_forms, plain, len, context, out);
}

bool keys_open_kept(const unsigned char *sealed, size_t sealed_len, const char *context, unsigned char *out)
{
	return open_with(keys.kept_forms, sealed, sealed_len, context, out);
}

/* The MAC of `data` under `key` (one of the subkeys: each use has its own), once the keys are loaded. */
static void mac_with(const unsigned char *key, const unsigned char *data, size_t len,
                     unsigned char out[KEYS_MAC_BYTES])
{
	need_keys();
	crypto_auth(out, data, len, key);
}

/* Whether `mac` is the MAC of `data` under `key` (compared in constant time by libsodium). */
static bool mac_ok_with(const unsigned char *key, const unsigned char *data, size_t len,
                        const unsigned char mac[KEYS_MAC_BYTES])
{
	need_keys();
	return crypto_auth_verify(mac, data, len, key) == 0;
}

void keys_flash_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES])
{
	mac_with(keys.flash, data, len, out);
}

bool keys_flash_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES])
{
	return mac_ok_with(keys.flash, data, len, mac);
}

void keys_csrf_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES])
{
	mac_with(keys.csrf, data, len, out);
}

bool keys_csrf_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES])
{
	return mac_ok_with(keys.csrf, data, len, mac);
}

void keys_check_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES])
{
	mac_with(keys.check, data, len, out);
}

bool keys_check_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES])
{
	return mac_ok_with(keys.check, data, len, mac);
}

void keys_device_mac(const unsigned char *data, size_t len, unsigned char out[KEYS_MAC_BYTES])
{
	mac_with(keys.device, data, len, out);
}

bool keys_device_mac_ok(const unsigned char *data, size_t len, const unsigned char mac[KEYS_MAC_BYTES])
{
	return mac_ok_with(keys.device, data, len, mac);
}
