/*
 * session.c — sign-in, throttling and session lookup (see session.h).
 */
#include "auth/session.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/device.h"
#include "auth/password.h"
#include "auth/store.h"
#include "auth/token.h"
#include "auth/totp.h"
#include "core/limit_address.h"
#include "store/store.h"

/* Activity is recorded at most this often (less with a short idle timeout), so reads do not each cost a
 * write. */
#define TOUCH_INTERVAL 60

static struct auth_settings settings = {
    .idle_timeout = 30 * 60,
    .absolute_timeout = 12 * 60 * 60,
    .secure_cookies = false,
};

void auth_configure(const struct auth_settings *s)
{
	settings = *s;
}

const struct auth_settings *auth_get_settings(void)
{
	return &settings;
}

const char *auth_cookie_name(void)
{
	return settings.secure_cookies ? "__Host-haven_session" : "haven_session";
}

/*
 * Sign-ins for one email run one at a time: the throttle is read before the
 * password is checked and written after, so parallel guesses at one account
 * would otherwise all pass the check together. Striped locks keep this to
 * a fixed amount of memory; two emails sharing a stripe only wait a little.
 */
#define SIGN_IN_STRIPES 64
static pthread_mutex_t sign_in_locks[SIGN_IN_STRIPES];
static pthread_once_t sign_in_locks_once = PTHREAD_ONCE_INIT;

static void init_sign_in_locks(void)
{
	for (size_t i = 0; i < SIGN_IN_STRIPES; i++)
		pthread_mutex_init(&sign_in_locks[i], NULL);
}

static pthread_mutex_t *sign_in_lock_for(const char *key)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	pthread_once(&sign_in_locks_once, init_sign_in_locks);
	return &sign_in_locks[h % SIGN_IN_STRIPES];
}

/*
 * Takes the sign-in lock for `email`, then reads the throttle in a fresh snapshot: one kept from before
 * the wait (the request's, begun at its session lookup) would miss the failures the guess before it
 * wrote. The caller unlocks what it returns.
 */
static pthread_mutex_t *hold_sign_in_lock(const char *email)
{
	pthread_mutex_t *lock = sign_in_lock_for(email);
	pthread_mutex_lock(lock);
	store_read_release();
	return lock;
}

int64_t auth_now(void)
{
	return (int64_t)time(NULL);
}

static enum haven_status sign_in_locked(const struct sign_in_attempt *a, struct sign_in *out);

enum haven_status auth_sign_in(const struct sign_in_attempt *attempt, struct sign_in *out)
{
	pthread_mutex_t *lock = hold_sign_in_lock(attempt->email);
	enum haven_status st = sign_in_locked(attempt, out);
	pthread_mutex_unlock(lock);
	return st;
}

/*
 * Which throttle counters an attempt counts on (`keys`, NULL-terminated, in `storage`). A client known
 * to the account (it carries the account's device marker, or comes from the address the account last
 * signed in from) has a counter of its own, so that guesses made elsewhere, which lock the email
 * address, cannot lock the account's owner out (OWASP's "device cookies"). Anyone else counts on the
 * email as typed (known account or not, so throttling behaves the same whether it exists) and their
 * address, as before: a locked email answers every unknown client alike, right password or wrong.
 *
 * A known address escapes only the email's lock, not the guessing across accounts an address is
 * throttled for: an office's address is the last sign-in address of many accounts, so its known clients
 * count together on a counter of their own for the address ("address:known:ADDRESS", with an
 * address's room), which strangers' guesses from that address, on "address:ADDRESS", do not fill. A
 * device marker is one browser's for one account, so it needs no such counter.
 */
#define ADDRESS_KEY_SIZE 100
_Static_assert(DEVICE_KEY_SIZE <= ADDRESS_KEY_SIZE,
               "a client's key, device or address, fits ADDRESS_KEY_SIZE");

/* The address's counter for a client of account `user_id` at `address`: the known clients' one if the
 * account last signed in from there (*known), else the address's own; either named by the address a
 * limit counts (an IPv6 client's /64, core/limit_address.h), not the one address it chose this time. */
static enum haven_status address_key(long long user_id, const char *address, char key[ADDRESS_KEY_SIZE],
                                     bool *known)
{
	enum haven_status st = auth_store_signed_in_last_from(user_id, address, known);
	if (st != HAVEN_OK)
		return st;
	char counted[LIMIT_ADDRESS_SIZE];
	limit_address(address, counted);
	snprintf(key, ADDRESS_KEY_SIZE, *known ? "address:known:%s" : "address:%s", counted);
	return HAVEN_OK;
}

struct attempt_keys {
	const char *keys[3];
	char email[300], address[ADDRESS_KEY_SIZE], known[DEVICE_KEY_SIZE + 100];
	bool known_client;
};

static enum haven_status attempt_keys(const struct sign_in_attempt *a, const struct account *account,
                                      struct attempt_keys *k)
{
	const char *address = a->client_address ? a->client_address : "";
	char counted[LIMIT_ADDRESS_SIZE];
	limit_address(address, counted);
	snprintf(k->email, sizeof k->email, "email:%s", a->email);
	snprintf(k->address, sizeof k->address, "address:%s", counted);
	k->known_client = false;
	bool known_device = false;
	if (account) {
		known_device = device_marker_open(a->device_marker, account->user.id, k->known);
		k->known_client = known_device;
		if (!k->known_client) {
			enum haven_status st =
			    address_key(account->user.id, address, k->address, &k->known_client);
			if (st != HAVEN_OK)
				return st;
			snprintf(k->known, sizeof k->known, "known_address:%lld:%s", account->user.id,
			         counted);
		}
	}
	k->keys[0] = k->known_client ? k->known : k->email;
	k->keys[1] = known_device ? NULL : k->address;
	k->keys[2] = NULL;
	return HAVEN_OK;
}

static enum haven_status sign_in_locked(const struct sign_in_attempt *a, struct sign_in *out)
{
	memset(out, 0, sizeof *out);
	int64_t now = auth_now();
	struct actor anonymous = {.client_address = a->client_address};
	struct account account;
	enum haven_status st = auth_store_account_by_email(a->email, &account);
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return st;
	bool exists = st == HAVEN_OK;
	struct attempt_keys k;
	if ((st = attempt_keys(a, exists ? &account : NULL, &k)) != HAVEN_OK)
		return st;

	int64_t until = 0;
	st = auth_store_throttle_until(k.keys, now, &until);
	if (st != HAVEN_OK)
		return st;
	if (until) {
		out->outcome = SIGN_IN_WAIT;
		out->wait_seconds = until - now;
		struct audit_event e = {.action = "sign_in_refused_throttled",
		                        .client_address = a->client_address};
		return auth_store_audit(&e);
	}

	bool right = false, rehash = false;
	if (exists) {
		right = password_verify(a->password, account.password_hash, &rehash) && !account.disabled;
		anonymous.user_id = account.user.id; /* the audit row names whose password failed */
		anonymous.agency_id = account.user.agency_id;
	} else {
		password_verify_dummy(a->password);
	}
	if (!right) {
		st = auth_store_throttle_failure(k.keys, &anonymous, "sign_in_failed", now, &until);
		if (st != HAVEN_OK)
			return st;
		out->outcome = until ? SIGN_IN_WAIT : SIGN_IN_WRONG;
		out->wait_seconds = until ? until - now : 0;
		return HAVEN_OK;
	}

	if (rehash) {
		char fresh[160];
		if (password_hash(a->password, fresh, sizeof fresh) == HAVEN_OK &&
		    auth_store_set_password_hash(account.user.id, fresh) != HAVEN_OK)
			return HAVEN_ERR_DB;
	}
	/* Only the counter this attempt counted on is forgiven: one working account must not reset its
	 * address's count between guesses at other accounts, and the owner signing in on their own device
	 * does not give back the guesses made at their email elsewhere. */
	const char *forgiven[] = {k.keys[0], NULL};
	st = auth_store_throttle_clear(forgiven);
	if (st != HAVEN_OK)
		return st;

	now = auth_now(); /* the password check is slow by design: the session starts now */
	char csrf[TOKEN_TEXT_SIZE];
	unsigned char hash[TOKEN_HASH_SIZE];
	token_new(out->token);
	token_new(csrf);
	token_hash(out->token, hash);
	out->second_factor_needed = account.has_totp;
	out->second_factor_setup = !account.has_totp && account.totp_required;
	/* A browser becomes known when its sign-in is complete: one that has only the password gets no
	 * marker, so it does not count as known at the code step (second_factor_locked). */
	if (!out->second_factor_needed && !out->second_factor_setup)
		device_marker_new(account.user.id, out->device_marker);
	struct new_session s = {
	    .token_hash = hash,
	    .csrf_token = csrf,
	    .client_address = a->client_address ? a->client_address : "",
	    .user_agent = a->user_agent ? a->user_agent : "",
	    .second_factor_done = !out->second_factor_needed && !out->second_factor_setup,
	    .now = now,
	};
	long long session_id = 0;
	st = auth_store_session_create(&account, &s, &session_id);
	if (st != HAVEN_OK)
		return st;
	out->outcome = SIGN_IN_OK;
	out->user = account.user;
	out->user.session_id = session_id;
	out->user.second_factor_pending = !s.second_factor_done;
	memcpy(out->user.csrf_token, csrf, sizeof csrf);
	return HAVEN_OK;
}

/* The session for `token`, if it has not ended, with when it ends if unused; *last_seen its recorded use. */
static enum haven_status find_session(const char *token, int64_t now, struct user *out, int64_t *last_seen)
{
	if (!token || strlen(token) != TOKEN_TEXT_SIZE - 1)
		return HAVEN_ERR_NOT_FOUND;
	unsigned char hash[TOKEN_HASH_SIZE];
	token_hash(token, hash);
	enum haven_status st = auth_store_session_find(hash, now, settings.idle_timeout,
	                                               settings.absolute_timeout, out, last_seen);
	if (st != HAVEN_OK)
		return st;
	int64_t idle_end = *last_seen + settings.idle_timeout;
	int64_t absolute_end = out->session_started_at + settings.absolute_timeout;
	out->session_ends_at = idle_end < absolute_end ? idle_end : absolute_end;
	return HAVEN_OK;
}

enum haven_status auth_authenticate(const char *token, bool via_bearer, struct user *out)
{
	int64_t now = auth_now(), last_seen = 0;
	enum haven_status st = find_session(token, now, out, &last_seen);
	if (st != HAVEN_OK)
		return st;
	out->via_bearer = via_bearer;
	/* Record activity at most once a minute, but often enough for a short
	 * idle timeout: a session in constant use must never look idle. */
	int64_t interval = settings.idle_timeout / 4;
	interval = interval > TOUCH_INTERVAL ? TOUCH_INTERVAL : interval < 1 ? 1 : interval;
	if (now - last_seen < interval)
		return HAVEN_OK;
	int64_t absolute_end = out->session_started_at + settings.absolute_timeout;
	out->session_ends_at =
	    now + settings.idle_timeout < absolute_end ? now + settings.idle_timeout : absolute_end;
	return auth_store_session_touch(out->session_id, now);
}

enum haven_status auth_session_ends_at(const char *token, int64_t *ends_at)
{
	struct user user;
	int64_t last_seen = 0;
	enum haven_status st = find_session(token, auth_now(), &user, &last_seen);
	if (st == HAVEN_OK)
		*ends_at = user.session_ends_at;
	return st;
}

static enum haven_status second_factor_locked(const struct user *user, const struct code_attempt *a,
                                              struct second_factor *out);

/* As a sign-in: one code at a time for an account's email, its throttle read fresh after the lock, so
 * parallel guesses cannot all pass the throttle's check before any of their failures is written. */
enum haven_status auth_second_factor(const struct user *user, const struct code_attempt *attempt,
                                     struct second_factor *out)
{
	pthread_mutex_t *lock = hold_sign_in_lock(user->email);
	enum haven_status st = second_factor_locked(user, attempt, out);
	pthread_mutex_unlock(lock);
	return st;
}

static enum haven_status second_factor_locked(const struct user *user, const struct code_attempt *a,
                                              struct second_factor *out)
{
	memset(out, 0, sizeof *out);
	struct account account;
	enum haven_status st = auth_store_account_by_id(user->id, &account);
	if (st != HAVEN_OK)
		return st;
	/*
	 * Six digits are guessable without a limit: wrong codes count on the account's second factor, whether
	 * the code is for a secret set up already or one being set up now, and on the client's counter, as
	 * at sign-in: a browser carrying the account's device marker (from a sign-in it completed before:
	 * the password step gives none while a code is still to come) on its device's own, so that guesses
	 * from its network cannot lock it out here either; anyone else on their address's, as guesses at
	 * many accounts' codes would (the known clients' counter if the account last signed in from
	 * there). Not on the email: whoever reaches this step has the password, and a stranger who locked
	 * the email must not stop the owner here after the password step let them through (attempt_keys).
	 */
	const char *code = a->code, *client_address = a->client_address;
	char factor_key[64], client_key[ADDRESS_KEY_SIZE]; /* an address's key, or a device's (shorter) */
	snprintf(factor_key, sizeof factor_key, "second_factor:%lld", user->id);
	bool known_device = device_marker_open(a->device_marker, user->id, client_key), known = false;
	if (!known_device && (st = address_key(user->id, client_address ? client_address : "", client_key,
	                                       &known)) != HAVEN_OK)
		return st;
	const char *keys[] = {factor_key, client_key, NULL};
	struct actor actor = {user->id, user->agency_id, client_address};
	int64_t now = auth_now(), until = 0;
	st = auth_store_throttle_until(keys, now, &until);
	if (st != HAVEN_OK)
		return st;
	if (until) {
		out->wait_seconds = until - now;
		return HAVEN_OK;
	}

	uint64_t step = 0;
	bool right;
	if (account.has_totp) {
		/* codes of steps already used are spent (RFC 6238 5.2) */
		uint64_t first = account.totp_last_step + 1;
		right = totp_match(account.totp_secret, (uint64_t)now, code, first, &step);
		if (right)
			st = auth_store_session_second_factor(user, &actor, now, step);
	} else {
		/* set-up: the secret shown to this session, until its first code is right */
		unsigned char secret[TOTP_SECRET_SIZE];
		st = auth_store_pending_totp(user->session_id, secret);
		if (st != HAVEN_OK)
			return st; /* HAVEN_ERR_NOT_FOUND: no set-up under way (the page starts one) */
		right = totp_match(secret, (uint64_t)now, code, 0, &step);
		if (right)
			st = auth_store_set_totp_secret(user, &actor, secret, step);
		sodium_memzero(secret, sizeof secret);
	}
	/* HAVEN_ERR_CONFLICT: the code was used at the same moment elsewhere, or another set-up won */
	if (!right || st == HAVEN_ERR_CONFLICT) {
		st = auth_store_throttle_failure(keys, &actor, "sign_in_failed", now, &until);
		out->wait_seconds = until ? until - now : 0;
		return st;
	}
	if (st != HAVEN_OK)
		return st;
	out->accepted = true;
	device_marker_new(user->id, out->device_marker); /* the sign-in is complete: the browser is known */
	/* as at sign-in, a right code forgives its account's count and its device's, not its address's */
	const char *forgiven[] = {factor_key, known_device ? client_key : NULL, NULL};
	return auth_store_throttle_clear(forgiven);
}

static enum haven_status current_password_locked(const struct user *user, const char *password,
                                                 const char *client_address, struct password_check *out);

/* As a sign-in: one check at a time for an account's email, its throttle read fresh after the lock. */
enum haven_status auth_check_current_password(const struct user *user, const char *password,
                                              const char *client_address, struct password_check *out)
{
	pthread_mutex_t *lock = hold_sign_in_lock(user->email);
	enum haven_status st = current_password_locked(user, password, client_address, out);
	pthread_mutex_unlock(lock);
	return st;
}

static enum haven_status current_password_locked(const struct user *user, const char *password,
                                                 const char *client_address, struct password_check *out)
{
	memset(out, 0, sizeof *out);
	/* the account's counter for sign-ins from clients it does not know: whoever holds a session but not
	 * the password gets no more guesses than someone at the sign-in page */
	char email_key[300];
	snprintf(email_key, sizeof email_key, "email:%s", user->email);
	const char *keys[] = {email_key, NULL};
	struct actor actor = {user->id, user->agency_id, client_address};
	int64_t now = auth_now(), until = 0;
	enum haven_status st = auth_store_throttle_until(keys, now, &until);
	if (st != HAVEN_OK)
		return st;
	if (until) {
		out->wait_seconds = until - now;
		struct audit_event e = {.action = "password.change_refused_throttled",
		                        .user_id = user->id,
		                        .agency_id = user->agency_id,
		                        .client_address = client_address};
		return auth_store_audit(&e);
	}
	struct account account;
	if ((st = auth_store_account_by_id(user->id, &account)) != HAVEN_OK)
		return st;
	out->right = password_verify(password, account.password_hash, NULL);
	if (out->right)
		return HAVEN_OK;
	st = auth_store_throttle_failure(keys, &actor, "password.current_wrong", now, &until);
	out->wait_seconds = until ? until - now : 0;
	return st;
}

struct actor auth_actor(const struct request *req)
{
	struct actor a = {req->user->id, req->user->agency_id, req->client_address};
	return a;
}
