/*
 * test_password.c — tests passwords (auth/password.h): the rule for
 * choosing one (tables of acceptable passwords, each with why, and of
 * unacceptable ones with the exact GOV.UK-style message that says why:
 * length, the common-password list, the person's own name or email, and
 * zxcvbn's repeats, sequences, rows of keys, dates and common words),
 * lengths counted in characters not bytes, hashing and verifying,
 * when a stored hash needs redoing, malformed hashes, and that the
 * concurrency limit really limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"

#define ENTER "Enter a password"
#define SHORT "Password must be 12 characters or more"
#define LONG "Password must be 256 characters or fewer"
#define COMMON "Password is too common: choose a password that is harder to guess"
#define PERSONAL "Password must not contain your name or email address"
#define HINT ". Use 3 or more random words"
#define WORDS "Password is too easy to guess: it is mostly common words, names or passwords" HINT
#define REPEAT "Password is too easy to guess: it repeats characters or words (like aaaa or abcabc)" HINT
#define SEQUENCE "Password is too easy to guess: it has a sequence (like abcd or 1234)" HINT
#define KEYBOARD "Password is too easy to guess: it has a row of keys (like qwerty or 1q2w3e)" HINT
#define DATE "Password is too easy to guess: it is mostly a date or a year" HINT

/* The person a password is for (NULL: not known, as when only the rule is asked). */
#define JANE "Jane Smith", "jane.smith@lancashire.police.example"
#define NOBODY NULL, NULL

struct valid {
	const char *password, *name, *email;
	const char *why; /* why it is acceptable */
};

static const struct valid valid[] = {
    {"correct horse battery staple", NOBODY, "four random words"},
    {"correct horse battery staple", JANE, "nothing of the person's in it"},
    {"twelve chars", NOBODY, "exactly 12 characters, two words"},
    {"Tr0ub4dor&3xyz", NOBODY, "a leet word with random characters around it"},
    {"purple-elephant-42", NOBODY, "two words and digits"},
    {"MyDogIsCalledRex", NOBODY, "a phrase of five words"},
    {"café au lait à midi", NOBODY, "words, with characters beyond ASCII"},
    {"安全なパスワードです長い文章", NOBODY, "14 three-byte characters: no dictionary has them"},
    {"a long passphrase of many words: the quick brown fox jumps over the lazy dog by the river bank at dawn "
     "while seven herons wait",
     NOBODY, "over 100 characters: judged on its first 100, which are enough"},
    {"always lively garden", "Al Li", "al.li@example.org", "a name's parts under 3 letters are not words"},
    {"Jane Smith likes tea 42", NOBODY, "a name, but not known to be the person's"},
    {NULL, NULL, NULL, NULL},
};

struct invalid {
	const char *password, *name, *email;
	const char *message;
};

static const struct invalid invalid[] = {
    {"", NOBODY, ENTER},
    {"a", NOBODY, SHORT},
    {"elevenchars", NOBODY, SHORT},      /* 11 */
    {"ééééééééééé", NOBODY, SHORT},      /* 11 characters in 22 bytes */
    {"安全なパスワード", NOBODY, SHORT}, /* 8 characters in 24 bytes */
    /* Entries of src/auth/data/common-passwords.txt, in any case. */
    {"passwordpassword", NOBODY, COMMON},
    {"PasswordPassword", NOBODY, COMMON},
    {"qwerty123456", NOBODY, COMMON},
    {"administrator", NOBODY, COMMON},
    {"1Q2W3E4R5T6Y", NOBODY, COMMON},
    {"1qa2ws3ed4rf", NOBODY, COMMON}, /* zxcvbn would let this one pass: the list still matters */
    /* the person's own name or email, however strong the rest */
    {"Jane Smith likes tea 42", JANE, PERSONAL},
    {"jane.smith@lancashire.police.example", JANE, PERSONAL},
    {"j4n3sm1th-rocks!", JANE, PERSONAL},        /* leet */
    {"lancashire-forever-2024", JANE, PERSONAL}, /* a part of the email's domain */
    /* repeats */
    {"aaaaaaaaaaaa", NOBODY, REPEAT},
    {"abcabcabcabc", NOBODY, REPEAT},
    {"passwordpassword1", NOBODY, REPEAT},
    {"ééééééééééé1", NOBODY, REPEAT},
    /* 120 characters: past zxcvbn-c's first 100, the length earns nothing */
    {"ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1ab1a"
     "b1ab1ab1ab1ab1ab1",
     NOBODY, REPEAT},
    /* sequences */
    {"abcdefghijklm", NOBODY, SEQUENCE},
    {"123456789012", NOBODY, COMMON}, /* a sequence, but on the list first */
    {"9876543210zyx", NOBODY, SEQUENCE},
    /* rows of keys */
    {"asdfghjkl;'zxcv", NOBODY, KEYBOARD},
    {"bnm,./ghjkl;'", NOBODY, KEYBOARD},
    /* dates and years */
    {"198719881989", NOBODY, DATE},
    /* common words, names and passwords */
    {"manchesterunited", NOBODY, WORDS},
    {"ilovemychildren", NOBODY, WORDS},
    {"sunshine12345", NOBODY, WORDS},
    {"Blackpool2025!", NOBODY, WORDS},
    {"liverpool1234", NOBODY, WORDS},
    {NULL, NULL, NULL, NULL},
};

static void test_problem_valid(void **state)
{
	(void)state;
	for (size_t i = 0; valid[i].password; i++) {
		const char *got = password_problem(valid[i].password, valid[i].name, valid[i].email);
		if (got)
			print_error("\"%s\" (%s): %s\n", valid[i].password, valid[i].why, got);
		assert_null(got);
	}
}

static void test_problem_invalid(void **state)
{
	(void)state;
	bool all = true;
	for (size_t i = 0; invalid[i].password; i++) {
		const char *got = password_problem(invalid[i].password, invalid[i].name, invalid[i].email);
		if (!got || strcmp(got, invalid[i].message) != 0) {
			print_error("\"%s\": got %s, want %s\n", invalid[i].password, got ? got : "NULL",
			            invalid[i].message);
			all = false;
		}
	}
	assert_true(all);
	assert_string_equal(password_problem(NULL, NOBODY), ENTER);
}

/* `count` copies of the character `ch` (UTF-8). Caller frees. */
static char *repeat(const char *ch, size_t count)
{
	size_t n = strlen(ch);
	char *s = malloc(n * count + 1);
	assert_non_null(s);
	for (size_t i = 0; i < count; i++)
		memcpy(s + i * n, ch, n);
	s[n * count] = '\0';
	return s;
}

static void test_problem_max_length(void **state)
{
	(void)state;
	/*
	 * The limit is in characters: 256 four-byte ones (1024 bytes) are not
	 * too long, 257 one-byte ones are. (Each is refused as a repeat, which
	 * is another matter: only the length is asked here.)
	 */
	static const char *const chars[] = {"a", "é", "安", "😀", NULL};
	for (size_t i = 0; chars[i]; i++) {
		char *s = repeat(chars[i], PASSWORD_MAX_LENGTH);
		const char *got = password_problem(s, NOBODY);
		assert_true(got == NULL || strcmp(got, LONG) != 0);
		free(s);
		s = repeat(chars[i], PASSWORD_MAX_LENGTH + 1);
		assert_string_equal(password_problem(s, NOBODY), LONG);
		free(s);
	}
}

static void test_hash_verify(void **state)
{
	(void)state;
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(password_hash("correct horse battery staple", hash, sizeof hash), HAVEN_OK);
	assert_non_null(strstr(hash, "$argon2id$"));

	bool rehash = true;
	assert_true(password_verify("correct horse battery staple", hash, &rehash));
	assert_false(rehash);
	rehash = true;
	assert_false(password_verify("correct horse battery stapler", hash, &rehash));
	assert_false(rehash);
	assert_false(password_verify("Correct horse battery staple", hash, NULL));
	assert_false(password_verify("", hash, NULL));
	assert_false(password_verify(NULL, hash, NULL));

	/* Salted: the same password never hashes the same twice. */
	char again[crypto_pwhash_STRBYTES];
	assert_int_equal(password_hash("correct horse battery staple", again, sizeof again), HAVEN_OK);
	assert_string_not_equal(hash, again);
	assert_true(password_verify("correct horse battery staple", again, NULL));

	/* Too small an output is a bug, reported, not a buffer overflow. */
	char small[crypto_pwhash_STRBYTES - 1];
	assert_int_equal(password_hash("correct horse battery staple", small, sizeof small),
	                 HAVEN_ERR_INTERNAL);
}

static void test_needs_rehash(void **state)
{
	(void)state;
	assert_true(sodium_init() >= 0);
	const char *pw = "an old account's password";
	bool rehash = false;

	/* argon2id with weaker parameters than today's. */
	char weak[crypto_pwhash_STRBYTES];
	int rc =
	    crypto_pwhash_str(weak, pw, strlen(pw), crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
	assert_int_equal(rc, 0);
	assert_true(password_verify(pw, weak, &rehash));
	assert_true(rehash);

	/* Another algorithm (argon2i) verifies, and needs redoing. */
	char argon2i[crypto_pwhash_argon2i_STRBYTES];
	rc = crypto_pwhash_argon2i_str(argon2i, pw, strlen(pw), crypto_pwhash_argon2i_OPSLIMIT_MIN,
	                               crypto_pwhash_argon2i_MEMLIMIT_MIN);
	assert_int_equal(rc, 0);
	rehash = false;
	assert_true(password_verify(pw, argon2i, &rehash));
	assert_true(rehash);

	/* A wrong password says nothing about the hash. */
	rehash = true;
	assert_false(password_verify("wrong", weak, &rehash));
	assert_false(rehash);
}

static void test_malformed(void **state)
{
	(void)state;
	const char *pw = "correct horse battery staple";
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(password_hash(pw, hash, sizeof hash), HAVEN_OK);

	char cut[crypto_pwhash_STRBYTES];
	memcpy(cut, hash, sizeof cut);
	cut[strlen(cut) - 5] = '\0';
	char changed[crypto_pwhash_STRBYTES];
	memcpy(changed, hash, sizeof changed);
	size_t last = strlen(changed) - 1;
	changed[last] = changed[last] == 'A' ? 'B' : 'A';

	const char *const bad[] = {
	    "",
	    "not a hash",
	    "$argon2id$",
	    "$argon2id$v=19$m=65536,t=2,p=1$",
	    "$2y$10$abcdefghijklmnopqrstuuMeJLg4XcD0pPaqzO3f4tUhcZ8vIH8K", /* bcrypt */
	    cut,
	    changed,
	    NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		bool rehash = true;
		if (password_verify(pw, bad[i], &rehash))
			print_error("accepted stored hash \"%s\"\n", bad[i]);
		assert_false(password_verify(pw, bad[i], &rehash));
		assert_false(rehash);
	}
	assert_false(password_verify(pw, NULL, NULL));
}

static void test_verify_dummy(void **state)
{
	(void)state;
	/* Only that it runs, and keeps running: its point is the time it takes. */
	password_verify_dummy("someone's guess at a password");
	password_verify_dummy("");
	password_verify_dummy(NULL);
}

/* ---- the concurrency limit ---- */

#define THREADS 3

static pthread_barrier_t start;

static void *hash_thread(void *arg)
{
	(void)arg;
	char hash[crypto_pwhash_STRBYTES];
	pthread_barrier_wait(&start);
	if (password_hash("correct horse battery staple", hash, sizeof hash) != HAVEN_OK)
		return (void *)1;
	return NULL;
}

/* The most hashes running at once while THREADS threads each hash, all starting together. */
static unsigned run_threads(unsigned limit)
{
	password_set_concurrency(limit);
	(void)password_hashes_running_max(); /* start counting afresh */
	pthread_t threads[THREADS];
	assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
	for (size_t i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, hash_thread, NULL), 0);
	for (size_t i = 0; i < THREADS; i++) {
		void *result;
		assert_int_equal(pthread_join(threads[i], &result), 0);
		assert_null(result);
	}
	pthread_barrier_destroy(&start);
	return password_hashes_running_max();
}

static void test_concurrency(void **state)
{
	(void)state;
	assert_int_equal(run_threads(1), 1);
	/*
	 * And the counter does see overlap when it is allowed: three threads
	 * released together, each hashing for tens of milliseconds, overlap.
	 */
	unsigned peak = run_threads(THREADS);
	assert_true(peak >= 2 && peak <= THREADS);
	assert_int_equal(run_threads(2) <= 2, 1);
	password_set_concurrency(2); /* the default, for any test after this */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_problem_valid),      cmocka_unit_test(test_problem_invalid),
	    cmocka_unit_test(test_problem_max_length), cmocka_unit_test(test_hash_verify),
	    cmocka_unit_test(test_needs_rehash),       cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_verify_dummy),       cmocka_unit_test(test_concurrency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
