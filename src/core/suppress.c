/*
 * suppress.c — small-number suppression of published tables (see
 * suppress.h for the rule and why). Every line of a table is one run of
 * entries through the grid (a row: stride 1; a column: stride columns + 1)
 * followed by the total that line publishes, so rows, columns and the
 * totals' own row and column are settled by one function.
 */
#include "core/suppress.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

bool suppress_hides(enum suppress_kind kind, long long count)
{
	return kind == SUPPRESS_PEOPLE && count > 0 && count < SUPPRESS_BELOW;
}

void suppress_table_init(struct suppress_table *table, size_t rows, size_t columns, enum suppress_kind kind)
{
	size_t entries = (rows + 1) * (columns + 1);
	*table = (struct suppress_table){.rows = rows, .columns = columns, .kind = kind};
	table->value = xcalloc(entries, sizeof *table->value);
	table->hidden = xcalloc(entries, sizeof *table->hidden);
}

void suppress_table_free(struct suppress_table *table)
{
	free(table->value);
	free(table->hidden);
	table->value = NULL;
	table->hidden = NULL;
}

static size_t index_of(const struct suppress_table *table, size_t r, size_t c)
{
	return r * (table->columns + 1) + c;
}

long long *suppress_at(struct suppress_table *table, size_t r, size_t c)
{
	return &table->value[index_of(table, r, c)];
}

bool suppress_hidden_at(const struct suppress_table *table, size_t r, size_t c)
{
	return table->hidden[index_of(table, r, c)];
}

/* One line: `n` entries from `first`, `stride` apart, then the total it publishes. */
struct line {
	size_t first, stride, n, total;
};

/*
 * The lines that publish a total, into lines[rows + columns + 2]: each row
 * with row totals, each column with column totals, and the totals' own row
 * and column where both are published, with the grand total between them.
 * Returns how many.
 */
static size_t published_lines(const struct suppress_table *table, struct line *lines)
{
	size_t rows = table->rows, columns = table->columns, width = columns + 1, n = 0;
	bool both = table->row_totals && table->column_totals;
	for (size_t r = 0; r <= rows; r++)
		if (r < rows ? table->row_totals : both)
			lines[n++] = (struct line){.first = index_of(table, r, 0),
			                           .stride = 1,
			                           .n = columns,
			                           .total = index_of(table, r, columns)};
	for (size_t c = 0; c <= columns; c++)
		if (c < columns ? table->column_totals : both)
			lines[n++] = (struct line){.first = index_of(table, 0, c),
			                           .stride = width,
			                           .n = rows,
			                           .total = index_of(table, rows, c)};
	return n;
}

/*
 * Hides one more entry of a line: the smallest count above zero that is
 * shown (the first of equals), else the total. True when it hid something.
 */
static bool hide_another(struct suppress_table *table, struct line line)
{
	size_t pick = 0;
	bool found = false;
	for (size_t i = 0; i < line.n; i++) {
		size_t at = line.first + i * line.stride;
		if (table->hidden[at] || table->value[at] <= 0)
			continue;
		if (!found || table->value[at] < table->value[pick]) {
			pick = at;
			found = true;
		}
	}
	if (found) {
		table->hidden[pick] = true;
		return true;
	}
	if (!table->hidden[line.total]) {
		table->hidden[line.total] = true;
		return true;
	}
	return false; /* everything above zero in the line is hidden already */
}

/* Hides a second entry of a line whose one hidden entry its total would give away. */
static bool settle_line(struct suppress_table *table, struct line line)
{
	size_t hidden = table->hidden[line.total] ? 1 : 0;
	for (size_t i = 0; i < line.n; i++)
		hidden += table->hidden[line.first + i * line.stride];
	return hidden == 1 && hide_another(table, line);
}

/*
 * What a reader of the published table knows of an entry: a number shown is
 * itself; "fewer than 5" is 1 to 4; "not shown" is 5 or more, since every
 * count of 1 to 4 is hidden as itself and a zero is never hidden.
 */
#define UNBOUNDED LLONG_MAX
struct range {
	long long lo, hi; /* hi UNBOUNDED: no upper end known */
};

static struct range known_range(const struct suppress_table *table, size_t at)
{
	long long v = table->value[at];
	if (!table->hidden[at])
		return (struct range){v, v};
	if (suppress_hides(table->kind, v))
		return (struct range){1, SUPPRESS_BELOW - 1};
	return (struct range){SUPPRESS_BELOW, UNBOUNDED};
}

static long long add_capped(long long a, long long b)
{
	return a == UNBOUNDED || b == UNBOUNDED || a > UNBOUNDED - b ? UNBOUNDED : a + b;
}

/*
 * The sum of the lower (`upper` false) or upper ends of a line's parts'
 * ranges, leaving out entry `skip` (SIZE_MAX: none left out).
 */
static long long parts_sum(const struct range *known, struct line line, bool upper, size_t skip)
{
	long long sum = 0;
	for (size_t i = 0; i < line.n; i++) {
		size_t at = line.first + i * line.stride;
		if (at != skip)
			sum = add_capped(sum, upper ? known[at].hi : known[at].lo);
	}
	return sum;
}

/*
 * Narrows what is known of each entry of a line from its sum: the total lies
 * between its parts' lowest and highest sums, and each part between the
 * total less the others' highest and the total less the others' lowest.
 * True when some range narrowed.
 */
static bool narrow_line(struct range *known, struct line line)
{
	bool narrowed = false;
	struct range *total = &known[line.total];
	long long lo = parts_sum(known, line, false, SIZE_MAX), hi = parts_sum(known, line, true, SIZE_MAX);
	if (lo > total->lo) {
		total->lo = lo;
		narrowed = true;
	}
	if (hi < total->hi) {
		total->hi = hi;
		narrowed = true;
	}
	for (size_t i = 0; i < line.n; i++) {
		size_t at = line.first + i * line.stride;
		long long others_hi = parts_sum(known, line, true, at),
		          others_lo = parts_sum(known, line, false, at);
		if (others_hi != UNBOUNDED && total->lo - others_hi > known[at].lo) {
			known[at].lo = total->lo - others_hi;
			narrowed = true;
		}
		if (total->hi != UNBOUNDED && total->hi - others_lo < known[at].hi) {
			known[at].hi = total->hi - others_lo;
			narrowed = true;
		}
	}
	return narrowed;
}

/* Whether entry `at` is one of line's parts or its total. */
static bool in_line(struct line line, size_t at)
{
	return at == line.total || (at >= line.first && (at - line.first) % line.stride == 0 &&
	                            (at - line.first) / line.stride < line.n);
}

/*
 * Two or more hidden entries in a line can still give a small count away:
 * with 6, two counts "fewer than 5" and the total 8, the two make 2, so each
 * is 1. What the published lines tell of every entry is worked out (each
 * line's sum narrowing its entries' ranges, until none narrows); where a count
 * hidden as "fewer than 5" is narrowed to one number, one more entry of a line
 * holding it is hidden. True when it hid something. The narrowing is repeated
 * at most a bounded number of times: each step is a sound inference, so a
 * count found to be one number is given away, though a very long chain of
 * lines may be left unfollowed (suppress.h says what the rule does not claim).
 */
static bool hide_what_sums_give_away(struct suppress_table *table, const struct line *lines, size_t n_lines)
{
	size_t entries = (table->rows + 1) * (table->columns + 1);
	struct range *known = xcalloc(entries, sizeof *known);
	for (size_t at = 0; at < entries; at++)
		known[at] = known_range(table, at);
	bool narrowed = true;
	for (int pass = 0; narrowed && pass < 1000; pass++) {
		narrowed = false;
		for (size_t l = 0; l < n_lines; l++)
			narrowed |= narrow_line(known, lines[l]);
	}
	bool hid = false;
	for (size_t at = 0; at < entries && !hid; at++) {
		if (!table->hidden[at] || !suppress_hides(table->kind, table->value[at]) ||
		    known[at].lo != known[at].hi)
			continue;
		for (size_t l = 0; l < n_lines && !hid; l++)
			if (in_line(lines[l], at))
				hid = hide_another(table, lines[l]);
	}
	free(known);
	return hid;
}

void suppress_table(struct suppress_table *table)
{
	size_t rows = table->rows, columns = table->columns, width = columns + 1;
	bool both_totals = table->row_totals && table->column_totals;

	memset(table->hidden, 0, (rows + 1) * width * sizeof *table->hidden);
	for (size_t r = 0; r <= rows; r++) {
		long long sum = 0;
		for (size_t c = 0; c < columns; c++)
			sum += table->value[index_of(table, r, c)];
		if (r < rows)
			table->value[index_of(table, r, columns)] = sum;
	}
	for (size_t c = 0; c <= columns; c++) {
		long long sum = 0;
		for (size_t r = 0; r < rows; r++)
			sum += table->value[index_of(table, r, c)];
		table->value[index_of(table, rows, c)] = sum;
	}
	if (table->kind != SUPPRESS_PEOPLE)
		return;

	/* Primary: every published count of people from 1 to 4. */
	for (size_t r = 0; r <= rows; r++)
		for (size_t c = 0; c <= columns; c++) {
			bool published = (r < rows && c < columns) ||
			                 (r < rows && c == columns && table->row_totals) ||
			                 (r == rows && c < columns && table->column_totals) ||
			                 (r == rows && c == columns && both_totals);
			size_t at = index_of(table, r, c);
			table->hidden[at] = published && suppress_hides(table->kind, table->value[at]);
		}

	/* Secondary: no line with a lone hidden entry, then none whose sum gives a small count away. */
	struct line *lines = xcalloc(rows + columns + 2, sizeof *lines);
	size_t n_lines = published_lines(table, lines);
	bool changed;
	do {
		do {
			changed = false;
			for (size_t l = 0; l < n_lines; l++)
				changed |= settle_line(table, lines[l]);
		} while (changed);
		changed = hide_what_sums_give_away(table, lines, n_lines);
	} while (changed);
	free(lines);
}

char *suppress_format(long long count, bool hidden, char *out, size_t size)
{
	if (size == 0)
		return out;
	if (hidden) {
		snprintf(out, size, "%s", SUPPRESS_WORDS);
		return out;
	}
	/* The magnitude as unsigned, so even LLONG_MIN has one. */
	unsigned long long magnitude =
	    count < 0 ? 0ULL - (unsigned long long)count : (unsigned long long)count;
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%llu", magnitude);
	size_t at = 0;
	if (count < 0 && at + 1 < size)
		out[at++] = '-';
	for (int i = 0; i < n && at + 1 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && at + 1 < size)
			out[at++] = ',';
		if (at + 1 < size)
			out[at++] = digits[i];
	}
	out[at] = '\0';
	return out;
}

char *suppress_table_format(const struct suppress_table *table, size_t r, size_t c, char *out, size_t size)
{
	long long count = table->value[index_of(table, r, c)];
	if (size > 0 && suppress_hidden_at(table, r, c) && !suppress_hides(table->kind, count)) {
		snprintf(out, size, "%s", SUPPRESS_SECONDARY_WORDS);
		return out;
	}
	return suppress_format(count, suppress_hidden_at(table, r, c), out, size);
}
