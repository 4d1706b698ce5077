/*
 * fuzz.c — the helpers fuzz.h declares, linked into every fuzz target and
 * replay driver.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz property broken: %s\n", file, line, what);
	abort();
}

void fuzz_check_problems(const json_t *problems, bool ok, size_t max)
{
	FUZZ_ASSERT(ok == (json_array_size(problems) == 0));
	FUZZ_ASSERT(json_array_size(problems) <= max);
	size_t i;
	const json_t *p;
	json_array_foreach(problems, i, p)
	{
		FUZZ_ASSERT(json_string_length(json_object_get(p, "path")) > 0);
		FUZZ_ASSERT(json_string_length(json_object_get(p, "message")) > 0);
	}
}
