/*
 * replay.c — runs saved inputs through a fuzz target once each, without
 * libFuzzer: `replay_NAME DIR...` feeds every file in each directory (in
 * name order; names starting with '.' are skipped) to the target's
 * LLVMFuzzerTestOneInput. ctest runs it on tests/fuzz/corpus/NAME and
 * tests/fuzz/regressions/NAME, so `make check` proves, with the project's
 * own compiler and in the ASan build, that no input ever found to crash
 * crashes again. A crash aborts the run; the file being replayed is named
 * first so it can be found.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "fuzz.h"

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, used = 0;
	char *data = xmalloc(cap);
	size_t n;
	while ((n = fread(data + used, 1, cap - used, f)) > 0) {
		used += n;
		if (used == cap)
			data = xrealloc(data, cap *= 2);
	}
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(data);
		return NULL;
	}
	*len = used;
	return data;
}

static bool visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int visible_entry(const struct dirent *e)
{
	return visible(e);
}

/* Replays every file in `dir`; adds how many to *count. False if the directory cannot be read. */
static bool replay_dir(const char *dir, size_t *count)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, visible_entry, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return false;
	}
	bool ok = true;
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		size_t len = 0;
		char *data = read_whole(path, &len);
		if (!data) {
			fprintf(stderr, "replay: %s: cannot read it\n", path);
			ok = false;
		} else {
			/* Named before it runs: if it crashes, this is the last line. */
			fprintf(stderr, "replay: %s\n", path);
			LLVMFuzzerTestOneInput((const uint8_t *)data, len);
			free(data);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR...\n", argv[0]);
		return 2;
	}
	size_t count = 0;
	bool ok = true;
	for (int i = 1; i < argc; i++)
		ok = replay_dir(argv[i], &count) && ok;
	if (count == 0) {
		fprintf(stderr, "replay: no inputs: a replay of nothing proves nothing\n");
		return 1;
	}
	printf("%s: %zu inputs replayed\n", argv[0], count);
	return ok ? 0 : 1;
}
