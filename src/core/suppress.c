/*
 * suppress.c — small-number suppression of published tables (see
 * suppress.h for the rule and why). Every line of a table (a row, a column,
 * the totals' own row and column) is a list of entries and the total they
 * add up to, so every line of every linked table is settled by one function.
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

/*
 * Linked tables are settled as one set of entries: every table's grid laid
 * end to end (table t's from offset[t]), and entries a link joins counted
 * once, at the first of them (its canonical entry), so hiding it hides it in
 * every table that publishes it.
 */
struct entries {
	size_t n;
	size_t *canonical; /* each entry's canonical entry */
	long long *value;  /* by canonical entry */
	bool *published;   /* by canonical entry: some table publishes it */
	bool *hidden;      /* by canonical entry */
};

/* One line: its parts (canonical entries), the total they add up to, and the table it is of. */
struct line {
	const size_t *parts;
	size_t n, total, table;
};

/* Whether entry (r, c) of a table is one it publishes: every cell, and the totals it says. */
static bool publishes(const struct suppress_table *table, size_t r, size_t c)
{
	bool row_total = c == table->columns, column_total = r == table->rows;
	if (row_total && column_total)
		return table->row_totals && table->column_totals;
	return (!row_total || table->row_totals) && (!column_total || table->column_totals);
}

static size_t find(size_t *canonical, size_t at)
{
	while (canonical[at] != at)
		at = canonical[at] = canonical[canonical[at]];
	return at;
}

/*
 * Every line of every table of people, into lines (parts into parts): each
 * row and column with its total, and the totals' own row and column. A line
 * whose total no table publishes is still an equation a reader knows, with
 * one more unknown in it: its entries' ranges say so (known_range), so all
 * are kept and one rule serves every way a total comes to be published.
 */
static size_t all_lines(const struct suppress_table *tables, size_t n_tables, const size_t *offset,
                        const struct entries *e, struct line *lines, size_t *parts)
{
	size_t n = 0;
	for (size_t t = 0; t < n_tables; t++) {
		const struct suppress_table *table = &tables[t];
		size_t rows = table->rows, columns = table->columns;
		if (table->kind != SUPPRESS_PEOPLE)
			continue;
		for (size_t r = 0; r <= rows; r++) {
			for (size_t c = 0; c < columns; c++)
				parts[c] = e->canonical[offset[t] + index_of(table, r, c)];
			lines[n++] = (struct line){parts, columns,
			                           e->canonical[offset[t] + index_of(table, r, columns)], t};
			parts += columns;
		}
		for (size_t c = 0; c <= columns; c++) {
			for (size_t r = 0; r < rows; r++)
				parts[r] = e->canonical[offset[t] + index_of(table, r, c)];
			lines[n++] =
			    (struct line){parts, rows, e->canonical[offset[t] + index_of(table, rows, c)], t};
			parts += rows;
		}
	}
	return n;
}

/* Whether the reader sees entry `at` as a number: published and not hidden. */
static bool shown(const struct entries *e, size_t at)
{
	return e->published[at] && !e->hidden[at];
}

/*
 * Hides one more entry of a line: the smallest count above zero that is
 * shown (the first of equals), else the total. True when it hid something.
 */
static bool hide_another(struct entries *e, struct line line)
{
	size_t pick = 0;
	bool found = false;
	for (size_t i = 0; i < line.n; i++) {
		size_t at = line.parts[i];
		if (!shown(e, at) || e->value[at] <= 0)
			continue;
		if (!found || e->value[at] < e->value[pick]) {
			pick = at;
			found = true;
		}
	}
	if (found) {
		e->hidden[pick] = true;
		return true;
	}
	if (shown(e, line.total)) {
		e->hidden[line.total] = true;
		return true;
	}
	return false; /* everything above zero in the line is hidden already */
}

/*
 * Hides a second entry of a line whose one hidden entry its total would give
 * away: one entry not shown, and that one hidden (an entry nobody publishes
 * is an unknown of its own, so a line with one is not subtraction alone).
 */
static bool settle_line(struct entries *e, struct line line)
{
	size_t unknown = !shown(e, line.total), hidden = e->hidden[line.total];
	for (size_t i = 0; i < line.n; i++) {
		unknown += !shown(e, line.parts[i]);
		hidden += e->hidden[line.parts[i]];
	}
	return unknown == 1 && hidden == 1 && hide_another(e, line);
}

/*
 * What a reader of the published tables knows of an entry: a number shown is
 * itself; "fewer than 5" is 1 to 4; "not shown" is 5 or more, since every
 * count of 1 to 4 is hidden as itself and a zero is never hidden; an entry
 * nobody publishes is any count.
 */
#define UNBOUNDED LLONG_MAX
struct range {
	long long lo, hi; /* hi UNBOUNDED: no upper end known */
};

static struct range known_range(const struct entries *e, size_t at)
{
	long long v = e->value[at];
	if (!e->published[at])
		return (struct range){0, UNBOUNDED};
	if (!e->hidden[at])
		return (struct range){v, v};
	if (suppress_hides(SUPPRESS_PEOPLE, v))
		return (struct range){1, SUPPRESS_BELOW - 1};
	return (struct range){SUPPRESS_BELOW, UNBOUNDED};
}

static long long add_capped(long long a, long long b)
{
	return a == UNBOUNDED || b == UNBOUNDED || a > UNBOUNDED - b ? UNBOUNDED : a + b;
}

/*
 * The sum of the lower (`upper` false) or upper ends of a line's parts'
 * ranges, leaving out its `skip`th part (SIZE_MAX: none left out).
 */
static long long parts_sum(const struct range *known, struct line line, bool upper, size_t skip)
{
	long long sum = 0;
	for (size_t i = 0; i < line.n; i++)
		if (i != skip)
			sum = add_capped(sum, upper ? known[line.parts[i]].hi : known[line.parts[i]].lo);
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
		struct range *part = &known[line.parts[i]];
		long long others_hi = parts_sum(known, line, true, i),
		          others_lo = parts_sum(known, line, false, i);
		if (others_hi != UNBOUNDED && total->lo - others_hi > part->lo) {
			part->lo = total->lo - others_hi;
			narrowed = true;
		}
		if (total->hi != UNBOUNDED && total->hi - others_lo < part->hi) {
			part->hi = total->hi - others_lo;
			narrowed = true;
		}
	}
	return narrowed;
}

/* Whether entry `at` is one of line's parts or its total. */
static bool in_line(struct line line, size_t at)
{
	if (at == line.total)
		return true;
	for (size_t i = 0; i < line.n; i++)
		if (line.parts[i] == at)
			return true;
	return false;
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
static bool hide_what_sums_give_away(struct entries *e, const struct line *lines, size_t n_lines)
{
	struct range *known = xcalloc(e->n, sizeof *known);
	for (size_t at = 0; at < e->n; at++)
		known[at] = known_range(e, at);
	bool narrowed = true;
	for (int pass = 0; narrowed && pass < 1000; pass++) {
		narrowed = false;
		for (size_t l = 0; l < n_lines; l++)
			narrowed |= narrow_line(known, lines[l]);
	}
	bool hid = false;
	for (size_t at = 0; at < e->n && !hid; at++) {
		if (!e->hidden[at] || !suppress_hides(SUPPRESS_PEOPLE, e->value[at]) ||
		    known[at].lo != known[at].hi)
			continue;
		size_t table = SIZE_MAX;
		for (size_t l = 0; l < n_lines && !hid; l++) {
			if (in_line(lines[l], at)) {
				hid = hide_another(e, lines[l]);
				table = lines[l].table;
			}
		}
		/* every entry of its own lines is hidden already, yet the other lines pin it (1 with two "not
		 * shown" and the grand total 11 leave it 1): hide more of its table, the grand total's lines
		 * first (they are its table's last) */
		for (size_t l = n_lines; l-- > 0 && !hid;)
			if (lines[l].table == table)
				hid = hide_another(e, lines[l]);
	}
	free(known);
	return hid;
}

/* Works out a table's totals from its cells. */
static void add_up(struct suppress_table *table)
{
	size_t rows = table->rows, columns = table->columns;
	for (size_t r = 0; r < rows; r++) {
		long long sum = 0;
		for (size_t c = 0; c < columns; c++)
			sum += table->value[index_of(table, r, c)];
		table->value[index_of(table, r, columns)] = sum;
	}
	for (size_t c = 0; c <= columns; c++) {
		long long sum = 0;
		for (size_t r = 0; r < rows; r++)
			sum += table->value[index_of(table, r, c)];
		table->value[index_of(table, rows, c)] = sum;
	}
}

void suppress_tables(struct suppress_table *tables, size_t n_tables, const struct suppress_link *links,
                     size_t n_links)
{
	size_t *offset = xcalloc(n_tables + 1, sizeof *offset), n_parts = 0, n_lines = 0;
	for (size_t t = 0; t < n_tables; t++) {
		struct suppress_table *table = &tables[t];
		add_up(table);
		memset(table->hidden, 0, (table->rows + 1) * (table->columns + 1) * sizeof *table->hidden);
		offset[t + 1] = offset[t] + (table->rows + 1) * (table->columns + 1);
		n_parts += (table->rows + 1) * table->columns + (table->columns + 1) * table->rows;
		n_lines += table->rows + table->columns + 2;
	}
	struct entries e = {.n = offset[n_tables]};
	e.canonical = xcalloc(e.n, sizeof *e.canonical);
	e.value = xcalloc(e.n, sizeof *e.value);
	e.published = xcalloc(e.n, sizeof *e.published);
	e.hidden = xcalloc(e.n, sizeof *e.hidden);
	for (size_t at = 0; at < e.n; at++)
		e.canonical[at] = at;
	/* only tables of people are joined: the partnership's own activities hide nothing */
	for (size_t k = 0; k < n_links; k++) {
		const struct suppress_entry *a = &links[k].a, *b = &links[k].b;
		if (tables[a->table].kind != SUPPRESS_PEOPLE || tables[b->table].kind != SUPPRESS_PEOPLE)
			continue;
		size_t x = find(e.canonical,
		                offset[a->table] + index_of(&tables[a->table], a->row, a->column)),
		       y = find(e.canonical,
		                offset[b->table] + index_of(&tables[b->table], b->row, b->column));
		e.canonical[x > y ? x : y] = x < y ? x : y;
	}
	for (size_t t = 0; t < n_tables; t++)
		for (size_t r = 0; r <= tables[t].rows; r++)
			for (size_t c = 0; c <= tables[t].columns; c++) {
				size_t at = offset[t] + index_of(&tables[t], r, c),
				       to = e.canonical[at] = find(e.canonical, at);
				if (to == at)
					e.value[to] = tables[t].value[index_of(&tables[t], r, c)];
				if (tables[t].kind == SUPPRESS_PEOPLE && publishes(&tables[t], r, c))
					e.published[to] = true;
			}

	/* Primary: every published count of people from 1 to 4. */
	for (size_t at = 0; at < e.n; at++)
		e.hidden[at] = e.published[at] && suppress_hides(SUPPRESS_PEOPLE, e.value[at]);

	/* Secondary: no line with a lone hidden entry, then none whose sum gives a small count away. */
	struct line *lines = xcalloc(n_lines, sizeof *lines);
	size_t *parts = xcalloc(n_parts ? n_parts : 1, sizeof *parts);
	n_lines = all_lines(tables, n_tables, offset, &e, lines, parts);
	bool changed;
	do {
		do {
			changed = false;
			for (size_t l = 0; l < n_lines; l++)
				changed |= settle_line(&e, lines[l]);
		} while (changed);
		changed = hide_what_sums_give_away(&e, lines, n_lines);
	} while (changed);

	for (size_t t = 0; t < n_tables; t++)
		for (size_t r = 0; r <= tables[t].rows; r++)
			for (size_t c = 0; c <= tables[t].columns; c++) {
				size_t at = index_of(&tables[t], r, c);
				tables[t].hidden[at] = tables[t].kind == SUPPRESS_PEOPLE &&
				                       publishes(&tables[t], r, c) &&
				                       e.hidden[e.canonical[offset[t] + at]];
			}
	free(lines);
	free(parts);
	free(e.canonical);
	free(e.value);
	free(e.published);
	free(e.hidden);
	free(offset);
}

void suppress_table(struct suppress_table *table)
{
	suppress_tables(table, 1, NULL, 0);
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
