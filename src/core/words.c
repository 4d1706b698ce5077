/*
 * words.c — counts in words people read (see words.h).
 */
#include "core/words.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *words_noun(long long n, const char *one, const char *many)
{
	return n == 1 || n == -1 ? one : many;
}

void words_count(struct buf *out, long long n, const char *one, const char *many)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%lld", n);
	for (int i = 0; i < len; i++) {
		if (i > 0 && digits[i - 1] != '-' && (len - i) % 3 == 0)
			buf_append_char(out, ',');
		buf_append_char(out, digits[i]);
	}
	buf_printf(out, " %s", words_noun(n, one, many));
}

static bool ends_with(const char *word, size_t len, const char *tail)
{
	size_t n = strlen(tail);
	return len >= n && memcmp(word + len - n, tail, n) == 0;
}

void words_singular(struct buf *out, const char *many)
{
	/* a list of two kinds is one of either */
	if (strcmp(many, "places and groups") == 0) {
		buf_append_str(out, "place or group");
		return;
	}
	const char *space = strrchr(many, ' ');
	const char *last = space ? space + 1 : many;
	size_t len = strlen(last);
	buf_append(out, many, (size_t)(last - many));
	/* the irregular plurals Haven's pages use */
	static const char *const irregular[][2] = {{"children", "child"}, {"people", "person"}};
	for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++)
		if (strcmp(last, irregular[i][0]) == 0) {
			buf_append_str(out, irregular[i][1]);
			return;
		}
	if (ends_with(last, len, "ies") && len > 3) {
		buf_append(out, last, len - 3);
		buf_append_char(out, 'y');
	} else if (ends_with(last, len, "sses") || ends_with(last, len, "ches") ||
	           ends_with(last, len, "shes") || ends_with(last, len, "xes")) {
		buf_append(out, last, len - 2);
	} else if (ends_with(last, len, "s") && !ends_with(last, len, "ss")) {
		buf_append(out, last, len - 1);
	} else {
		buf_append_str(out, last);
	}
}
