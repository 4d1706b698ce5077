/*
 * session.h — signing in, finding who a request is from, signing out.
 *
 * A session is a random token held by the browser in a cookie (or by an
 * API client as a bearer token); the database keeps only its hash. It ends
 * after an idle timeout (30 minutes by default) or an absolute one (12
 * hours), whichever comes first, or when its user signs out or is disabled.
 */
#ifndef HAVEN_AUTH_SESSION_H
#define HAVEN_AUTH_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/device.h"
#include "auth/store.h"
#include "auth/user.h"
#include "router/request.h"
#include "core/status.h"

struct auth_settings {
	int64_t idle_timeout;     /* seconds */
	int64_t absolute_timeout; /* seconds */
	bool secure_cookies;      /* served over TLS: Secure and the __Host- prefix */
};

/* Sets the session settings (defaults: 1800 s, 43200 s, not secure). Call before serving. */
void auth_configure(const struct auth_settings *settings);
const struct auth_settings *auth_get_settings(void);

/* The session cookie's name: "__Host-haven_session" over TLS, else "haven_session". */
const char *auth_cookie_name(void);

/* The current time in Unix seconds (one clock for every session rule). */
int64_t auth_now(void);

enum sign_in_outcome {
	SIGN_IN_OK,    /* token and user set; maybe a second factor is still needed */
	SIGN_IN_WRONG, /* wrong email or password, or a disabled account: one answer for all */
	SIGN_IN_WAIT,  /* too many failures: wait_seconds before trying again */
};

struct sign_in {
	enum sign_in_outcome outcome;
	int64_t wait_seconds;
	char token[TOKEN_TEXT_SIZE];
	struct user user;
	bool second_factor_needed; /* the user has TOTP set up: ask for a code */
	bool second_factor_setup;  /* a role requires TOTP and the user has none yet: set it up */
	/* For the browser to keep (auth/device.h); "" while a second factor is still to come. */
	char device_marker[DEVICE_MARKER_SIZE];
};

/* Who is signing in, from where. */
struct sign_in_attempt {
	const char *email, *password;
	const char *client_address, *user_agent;
	const char *device_marker; /* the one the browser brought (auth/device.h); NULL if none */
};

/*
 * Checks an email and password, throttling failures, and on success starts
 * a session and, unless a second factor is still to come, makes a new
 * device marker (auth_second_factor makes it then). Failures are counted per client:
 * one known to the account (its device marker, or the address the account
 * last completed a sign-in from) on a counter of its own; anyone else on
 * the email as typed and on their address, so guesses from elsewhere lock
 * everyone out but the account's own devices. Every outcome is audited.
 * The answer never says whether the email exists: unknown accounts cost
 * the same hashing time and give SIGN_IN_WRONG too, and a locked client
 * gets SIGN_IN_WAIT whether the password is right or not.
 */
enum haven_status auth_sign_in(const struct sign_in_attempt *attempt, struct sign_in *out) HAVEN_MUST_CHECK;

/*
 * Finds the user for a session token (from the cookie, or a bearer token
 * when via_bearer). HAVEN_ERR_NOT_FOUND if the token is unknown or its
 * session has ended or expired. Records activity at most once a minute.
 */
enum haven_status auth_authenticate(const char *token, bool via_bearer, struct user *out) HAVEN_MUST_CHECK;

/*
 * When the session for the cookie `token` ends if it is not used again
 * (*ends_at, Unix seconds), without using it: asking neither records
 * activity nor extends it. HAVEN_ERR_NOT_FOUND if it has ended (or never
 * was). For a page whose own clock says the session has run out, to learn
 * whether another tab has used it since (http: SESSION_KEEP_PATH, auth/kept.h).
 */
enum haven_status auth_session_ends_at(const char *token, int64_t *ends_at) HAVEN_MUST_CHECK;

/* Who is acting in a request, for the audit row of a change it makes (the user must be signed in). */
struct actor auth_actor(const struct request *req);

/* A code typed at the second-factor step, from where. */
struct code_attempt {
	const char *code;
	const char *client_address;
	const char *device_marker; /* the one the browser brought (auth/device.h); NULL if none */
};

struct second_factor {
	bool accepted;        /* the code was right: the session's sign-in is complete */
	int64_t wait_seconds; /* too many wrong codes: wait this long before the next (0: at once) */
	char device_marker[DEVICE_MARKER_SIZE]; /* accepted: a new one for the browser to keep */
};

/*
 * Checks a TOTP code for a signed-in user's pending second factor: against
 * their secret, or, while they set one up (a role requires it and they
 * have none), against the secret shown to this session, which is then kept
 * as theirs. Wrong codes are throttled on the account's second factor and
 * on the client's counter (session.c): a browser carrying the account's
 * device marker on its own, as at the password step, so guesses from its
 * network cannot lock it out; anyone else on their address's. Neither step
 * can be guessed without limit. A right code completes the sign-in and
 * makes a new device marker. HAVEN_ERR_NOT_FOUND: a set-up not yet started.
 */
enum haven_status auth_second_factor(const struct user *user, const struct code_attempt *attempt,
                                     struct second_factor *out) HAVEN_MUST_CHECK;

struct password_check {
	bool right;           /* the password is the user's */
	int64_t wait_seconds; /* too many wrong: wait this long before the next (0: at once) */
};

/*
 * Checks a signed-in user's current password (to change it): wrong ones
 * count on the account's sign-in throttle, as a sign-in from an unknown
 * client's would, audited "password.current_wrong" (or "sign_in_locked"),
 * and once the account is locked nothing is checked (wait_seconds, and
 * right false whatever the password), so a session does not lend
 * unlimited guesses at its owner's password.
 */
enum haven_status auth_check_current_password(const struct user *user, const char *password,
                                              const char *client_address,
                                              struct password_check *out) HAVEN_MUST_CHECK;

#endif
