/*
 * password.c — hashing and choosing passwords (see password.h).
 *
 * Hashes are libsodium's argon2id strings ("$argon2id$v=19$m=...,t=...,p=1$
 * salt$hash"), which carry their own parameters and salt, so a hash made
 * today still verifies after the parameters are raised, and
 * password_verify tells the caller when to store a new one. Every hash and
 * verify passes through a counting semaphore, because each one takes
 * MEMLIMIT_INTERACTIVE (64 MiB) of memory for its whole run.
 *
 * Choosing follows the NCSC: a minimum length and no composition rules,
 * but nothing easy to guess. Two checks do that. An exact deny list, the
 * embedded file data/common-passwords.txt (long passwords common in
 * breaches, built by scripts/common-passwords.mjs from the
 * @zxcvbn-ts/language-common npm package), loaded once on first use: many
 * of its entries look random to an estimator ("1qa2ws3ed4rf") but are
 * tried early by every cracker. And zxcvbn-c (Debian's libzxcvbn), which
 * estimates how many guesses a password takes from the patterns it finds:
 * words of its built-in dictionaries (tens of thousands of common
 * passwords, English words, first names and surnames), the person's own
 * name and email (given as its user dictionary), repeats, sequences, rows
 * of keys, dates, and leet spellings of all these.
 */
#include "auth/password.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zxcvbn.h>

#include "auth/sodium.h"
#include "core/alloc.h"
#include "core/embedded.h"
#include "core/utf8.h"
#include "store/store.h"

/*
 * libsodium's "interactive" parameters (argon2id, t=2, m=64 MiB, p=1): the
 * ones it recommends for online sign-in, where a person waits for the
 * answer, and above the OWASP minimum for argon2id (m=19 MiB, t=2). The
 * "moderate" and "sensitive" sets take 256 MiB and 1 GiB a hash, which a
 * small server handling a burst of sign-ins cannot afford.
 */
#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

#define COMMON_FILE "data/common-passwords.txt"

/* ---- the semaphore limiting hashes that run at once ---- */

static pthread_mutex_t slots_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_free = PTHREAD_COND_INITIALIZER;
static unsigned slots_limit = 2;
static unsigned slots_running;
static unsigned slots_peak; /* the most running at once since last read */

void password_set_concurrency(unsigned n)
{
	pthread_mutex_lock(&slots_mutex);
	/* Zero would make every sign-in wait forever. */
	slots_limit = n ? n : 1;
	/* A raised limit lets waiting threads in now. */
	pthread_cond_broadcast(&slots_free);
	pthread_mutex_unlock(&slots_mutex);
}

unsigned password_hashes_running_max(void)
{
	pthread_mutex_lock(&slots_mutex);
	unsigned peak = slots_peak;
	slots_peak = slots_running;
	pthread_mutex_unlock(&slots_mutex);
	return peak;
}

static void slot_take(void)
{
	/* A hash reads nothing: the request's snapshot is not kept through it (and the wait for a slot),
	 * where it would keep the write-ahead log from being checkpointed meanwhile (store.h). */
	store_read_release();
	auth_start_sodium();
	pthread_mutex_lock(&slots_mutex);
	while (slots_running >= slots_limit)
		pthread_cond_wait(&slots_free, &slots_mutex);
	slots_running++;
	if (slots_running > slots_peak)
		slots_peak = slots_running;
	pthread_mutex_unlock(&slots_mutex);
}

static void slot_give(void)
{
	pthread_mutex_lock(&slots_mutex);
	slots_running--;
	pthread_cond_signal(&slots_free);
	pthread_mutex_unlock(&slots_mutex);
}

/* ---- the deny list ---- */

struct word {
	const char *text; /* into the embedded file: not NUL-terminated */
	size_t len;
};

static pthread_once_t common_once = PTHREAD_ONCE_INIT;
static struct word *common_words; /* sorted; static lifetime */
static size_t common_count;

static int word_cmp(const void *pa, const void *pb)
{
	const struct word *a = pa, *b = pb;
	int c = memcmp(a->text, b->text, a->len < b->len ? a->len : b->len);
	if (c)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static void load_common(void)
{
	const struct embedded_file *f = embedded_find(COMMON_FILE);
	if (!f) {
		/* A build without it would quietly accept "passwordpassword". */
		fprintf(stderr, "haven: built-in file %s is missing\n", COMMON_FILE);
		abort();
	}
	size_t lines = 0;
	for (size_t i = 0; i < f->size; i++)
		lines += f->data[i] == '\n';
	common_words = xcalloc(lines + 1, sizeof *common_words);
	const char *p = f->data, *end = f->data + f->size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t len = (size_t)(stop - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len)
			common_words[common_count++] = (struct word){p, len};
		p = stop + 1;
	}
	/* The generator sorts it, but a hand-edited file must not break the search. */
	qsort(common_words, common_count, sizeof *common_words, word_cmp);
}

static bool is_common(const char *lower, size_t len)
{
	pthread_once(&common_once, load_common);
	struct word key = {lower, len};
	return bsearch(&key, common_words, common_count, sizeof *common_words, word_cmp) != NULL;
}

/* ---- choosing ---- */

/*
 * zxcvbn's score 3, "safely unguessable: moderate protection from an
 * offline slow-hash scenario": 10^8 guesses, log2(10^8) bits. Hashes are
 * argon2id and sign-in is throttled, so this is far beyond an online
 * attack and costly offline.
 */
#define MIN_ENTROPY_BITS 26.575
/* This much of a password from the person's name or email refuses it whatever the estimate. */
#define MAX_PERSONAL_CHARS 3

#define MESSAGE_COMMON "Password is too common: choose a password that is harder to guess"
#define MESSAGE_PERSONAL "Password must not contain your name or email address"
#define HINT ". Use 3 or more random words"
#define MESSAGE_WORDS "Password is too easy to guess: it is mostly common words, names or passwords" HINT
#define MESSAGE_REPEAT                                                                                       \
	"Password is too easy to guess: it repeats characters or words (like aaaa or abcabc)" HINT
#define MESSAGE_SEQUENCE "Password is too easy to guess: it has a sequence (like abcd or 1234)" HINT
#define MESSAGE_KEYBOARD "Password is too easy to guess: it has a row of keys (like qwerty or 1q2w3e)" HINT
#define MESSAGE_DATE "Password is too easy to guess: it is mostly a date or a year" HINT
#define MESSAGE_WEAK "Password is too easy to guess" HINT

/* The kinds of pattern a message can name, in the order a tie is named. */
enum pattern {
	PATTERN_NONE,
	PATTERN_PERSONAL,
	PATTERN_REPEAT,
	PATTERN_SEQUENCE,
	PATTERN_KEYBOARD,
	PATTERN_DATE,
	PATTERN_WORDS,
	PATTERN_COUNT
};

static const char *const pattern_message[PATTERN_COUNT] = {
    [PATTERN_NONE] = MESSAGE_WEAK,         [PATTERN_PERSONAL] = MESSAGE_PERSONAL,
    [PATTERN_REPEAT] = MESSAGE_REPEAT,     [PATTERN_SEQUENCE] = MESSAGE_SEQUENCE,
    [PATTERN_KEYBOARD] = MESSAGE_KEYBOARD, [PATTERN_DATE] = MESSAGE_DATE,
    [PATTERN_WORDS] = MESSAGE_WORDS,
};

static enum pattern pattern_of(ZxcTypeMatch_t type)
{
	if (type & MULTIPLE_MATCH)
		return PATTERN_REPEAT; /* a part that comes again: "passwordpassword" */
	switch (type) {
	case USER_MATCH:
	case USER_LEET_MATCH: return PATTERN_PERSONAL;
	case REPEATS_MATCH: return PATTERN_REPEAT;
	case SEQUENCE_MATCH: return PATTERN_SEQUENCE;
	case SPATIAL_MATCH: return PATTERN_KEYBOARD;
	case DATE_MATCH:
	case YEAR_MATCH: return PATTERN_DATE;
	case DICTIONARY_MATCH:
	case DICT_LEET_MATCH: return PATTERN_WORDS;
	default: return PATTERN_NONE; /* characters zxcvbn found no pattern in */
	}
}

/* Letters and digits, and every byte of a non-ASCII character: what a word is made of. */
static bool word_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (unsigned char)c >= 0x80;
}

#define MAX_WORDS 32

struct words {
	const char *list[MAX_WORDS + 1]; /* NULL-terminated, for ZxcvbnMatch */
	size_t count;
	char text[1024]; /* the words, lower-cased, each NUL-terminated */
	size_t used;
};

/* Adds `len` bytes at `start` as a word, lower-cased, if it is 3 bytes or more and there is room. */
static void add_word(struct words *w, const char *start, size_t len)
{
	if (len < 3 || w->count == MAX_WORDS || w->used + len + 1 > sizeof w->text)
		return;
	char *copy = w->text + w->used;
	for (size_t i = 0; i < len; i++)
		copy[i] = start[i] >= 'A' && start[i] <= 'Z' ? (char)(start[i] - 'A' + 'a') : start[i];
	copy[len] = '\0';
	w->used += len + 1;
	w->list[w->count++] = copy;
	w->list[w->count] = NULL;
}

/*
 * The words zxcvbn should treat as the first guesses: each part of the
 * person's name and of their email address, and the
 * email's whole local part ("jane.smith"), as people type it. A domain's
 * last label ("uk", "org") is left out: it says nothing about the person.
 */
static void personal_words(const char *name, const char *email, struct words *w)
{
	w->count = w->used = 0;
	w->list[0] = NULL;
	const char *at = email ? strchr(email, '@') : NULL;
	if (at)
		add_word(w, email, (size_t)(at - email));
	const char *sources[] = {name, email};
	for (size_t s = 0; s < 2; s++) {
		for (const char *p = sources[s]; p && *p;) {
			while (*p && !word_byte(*p))
				p++;
			const char *start = p;
			while (word_byte(*p))
				p++;
			bool top_level = s == 1 && at && start > at && !strchr(p, '.');
			if (!top_level)
				add_word(w, start, (size_t)(p - start));
		}
	}
}

/* zxcvbn's view of the password: NULL if it is hard enough to guess, else why not. */
static const char *estimate_problem(const char *password, const char *name, const char *email)
{
	struct words words;
	personal_words(name, email, &words);
	ZxcMatch_t *info = NULL;
	double bits = ZxcvbnMatch(password, words.list, &info);
	/* How many characters each kind of pattern covers. */
	int covered[PATTERN_COUNT] = {0};
	for (ZxcMatch_t *m = info; m; m = m->Next) {
		covered[pattern_of(m->Type)] += m->Length;
		/*
		 * zxcvbn-c looks for patterns in the first 100 characters only and
		 * credits the rest with a few bits for its length, so 120
		 * characters of "ab1ab1..." would pass. The rest earns nothing
		 * here: a real passphrase has plenty in its first 100.
		 */
		if (m->Type == LONG_PWD_MATCH)
			bits -= m->Entrpy;
	}
	ZxcvbnFreeInfo(info);
	if (covered[PATTERN_PERSONAL] > MAX_PERSONAL_CHARS)
		return MESSAGE_PERSONAL;
	if (bits >= MIN_ENTROPY_BITS)
		return NULL;
	enum pattern worst = PATTERN_NONE;
	for (enum pattern p = PATTERN_PERSONAL; p < PATTERN_COUNT; p++)
		if (covered[p] > covered[worst] || (worst == PATTERN_NONE && covered[p]))
			worst = p;
	return pattern_message[worst];
}

const char *password_problem(const char *password, const char *name, const char *email)
{
	if (!password || !*password)
		return "Enter a password";
	size_t bytes = strlen(password), chars = utf8_characters(password);
	if (chars < PASSWORD_MIN_LENGTH)
		return "Password must be 12 characters or more";
	if (chars > PASSWORD_MAX_LENGTH)
		return "Password must be 256 characters or fewer";

	/*
	 * Fold ASCII letters only: the list is ASCII, and folding other
	 * letters would need a locale. At most 4 bytes a character.
	 */
	char lower[PASSWORD_MAX_LENGTH * 4];
	/* More bytes than 256 characters can take: not UTF-8, so too long whichever way it is counted. */
	if (bytes > sizeof lower)
		return "Password must be 256 characters or fewer";
	for (size_t i = 0; i < bytes; i++) {
		char c = password[i];
		lower[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	bool common = is_common(lower, bytes);
	sodium_memzero(lower, bytes);
	if (common)
		return MESSAGE_COMMON;
	return estimate_problem(password, name, email);
}

/* ---- hashing ---- */

enum haven_status password_hash(const char *password, char *out, size_t size)
{
	if (!password || !out || size < crypto_pwhash_STRBYTES)
		return HAVEN_ERR_INTERNAL;
	slot_take();
	int rc = crypto_pwhash_str(out, password, strlen(password), OPSLIMIT, MEMLIMIT);
	slot_give();
	/* Fails only when the memory cannot be had. */
	return rc == 0 ? HAVEN_OK : HAVEN_ERR_INTERNAL;
}

bool password_verify(const char *password, const char *stored, bool *needs_rehash)
{
	if (needs_rehash)
		*needs_rehash = false;
	if (!password || !stored)
		return false;
	slot_take();
	/* -1 for a wrong password, a malformed hash, or one that is not argon2. */
	bool ok = crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
	slot_give();
	if (ok && needs_rehash)
		*needs_rehash = crypto_pwhash_str_needs_rehash(stored, OPSLIMIT, MEMLIMIT) != 0;
	return ok;
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
	/*
	 * A random password nobody knows, hashed with today's parameters so
	 * verifying against it costs what a real account's verify does. The
	 * first call pays for this hash too; every later one costs the same.
	 */
	auth_start_sodium();
	unsigned char secret[32];
	char text[sizeof secret * 2 + 1];
	randombytes_buf(secret, sizeof secret);
	sodium_bin2hex(text, sizeof text, secret, sizeof secret);
	if (password_hash(text, dummy_hash, sizeof dummy_hash) != HAVEN_OK) {
		fprintf(stderr, "haven: could not make the dummy password hash\n");
		abort();
	}
	sodium_memzero(secret, sizeof secret);
}

void password_verify_dummy(const char *password)
{
	pthread_once(&dummy_once, make_dummy);
	(void)password_verify(password ? password : "", dummy_hash, NULL);
}
