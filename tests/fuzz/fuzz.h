/*
 * fuzz.h — what every fuzz target in tests/fuzz/ shares.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput, the libFuzzer entry point,
 * and is built twice: with clang and -fsanitize=fuzzer into build-fuzz/fuzz_NAME
 * (`make fuzz`), and with the project's own compiler into replay_NAME, which
 * runs the saved corpus and regressions through the same function once each
 * (replay.c; `make check` runs it under ctest, in the ASan build too).
 *
 * A target must give the same answer for the same bytes (no clock, no
 * randomness, no files), free everything it allocates, and stop at nothing
 * but a real bug: an input the code refuses is an ordinary outcome.
 */
#ifndef HAVEN_TESTS_FUZZ_H
#define HAVEN_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (malloc'd; the caller frees), for functions that take C strings. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* Aborts with a message when a property every input must keep is broken, so the fuzzer reports it. */
#define FUZZ_ASSERT(cond)                                                                                    \
	do {                                                                                                 \
		if (!(cond))                                                                                 \
			fuzz_fail(__FILE__, __LINE__, #cond);                                                \
	} while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

typedef struct json_t json_t;

/*
 * The properties every validator of an uploaded document keeps (levels of
 * need framework, neglect tool, quality assurance standards): it accepts the
 * document (`ok`) exactly when it reports no problem, reports at most `max`,
 * and each problem has a path and a message a person can act on.
 */
void fuzz_check_problems(const json_t *problems, bool ok, size_t max);

#endif
