/*
 * suppress.c — small-number suppression of published tables (see
 * suppress.h for the rule and why). Every line of a table is one run of
 * entries through the grid (a row: stride 1; a column: stride columns + 1)
 * followed by the total that line publishes, so rows, columns and the
 * totals' own row and column are settled by one function.
 */
#include "core/suppress.h"

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
 * Hides a second entry of a line whose one hidden entry its total would give
 * away: the smallest count above zero that is shown (the first of equals),
 * else the total. True when it hid something.
 */
static bool settle_line(struct suppress_table *table, struct line line)
{
	size_t hidden = table->hidden[line.total] ? 1 : 0;
	for (size_t i = 0; i < line.n; i++)
		hidden += table->hidden[line.first + i * line.stride];
	if (hidden != 1)
		return false;
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
	return false; /* the total alone is hidden and every entry is zero: it cannot be above zero */
}

void suppress_table(struct suppress_table *table)
{
	size_t rows = table->rows, columns = table->columns, width = columns + 1;
	bool any_totals = table->row_totals || table->column_totals;

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
			                 (r == rows && c == columns && any_totals);
			size_t at = index_of(table, r, c);
			table->hidden[at] = published && suppress_hides(table->kind, table->value[at]);
		}

	/*
	 * Secondary: the lines that publish a total are each row (with row
	 * totals) and the totals row (with column totals), each column (with
	 * column totals) and the totals column (with row totals).
	 */
	bool changed;
	do {
		changed = false;
		for (size_t r = 0; r <= rows; r++)
			if (r < rows ? table->row_totals : table->column_totals)
				changed |=
				    settle_line(table, (struct line){.first = index_of(table, r, 0),
				                                     .stride = 1,
				                                     .n = columns,
				                                     .total = index_of(table, r, columns)});
		for (size_t c = 0; c <= columns; c++)
			if (c < columns ? table->column_totals : table->row_totals)
				changed |=
				    settle_line(table, (struct line){.first = index_of(table, 0, c),
				                                     .stride = width,
				                                     .n = rows,
				                                     .total = index_of(table, rows, c)});
	} while (changed);
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
