/*
 * suppress.h — small numbers about people hidden in anything Haven
 * publishes (the annual report, the scrutineer's figures), the one way.
 *
 * A count of children, victims or other people from 1 to 4 is shown as
 * "fewer than 5" (primary suppression). A table that also publishes totals
 * could give such a count away by subtraction: a row of 3, 7 and 10 with its
 * total 20 shown would reveal the 3 from 20 - 7 - 10. So a table is
 * suppressed as a whole: in every line that publishes a total (a row with its
 * row total, a column with its column total, the totals with the grand
 * total), no hidden entry is left alone. Where one is, a second entry of that
 * line is hidden too (secondary suppression): the smallest count above zero
 * that is not the line's total, else the line's total. Two hidden entries
 * can still give a count away, since a reader knows "fewer than 5" is 1 to 4
 * and "not shown" 5 or more: 6, two counts "fewer than 5" and the total 8
 * leave 2 for the two, so each is 1. So what each line's sum tells of its
 * hidden entries is worked out too, and where a count "fewer than 5" comes to
 * one number, another entry of its line is hidden; where every entry of its
 * lines is hidden already (1 beside two "not shown", the grand total 11
 * leaving it 1), more of its table is, the grand total first. Hiding one entry can
 * change what another line gives away, so the rules are applied until no
 * line gives anything away.
 *
 * Tables published together can share a count: a report's table of
 * requests received by local authority and its table of re-referrals, whose
 * rows add up to those same requests, or a headline figure that is a
 * table's total. A count hidden in one and shown in the other would be
 * given away, and so would a total one table hides and the other shows. So
 * such tables are suppressed together (suppress_tables): an entry shared by
 * links is one count, hidden everywhere it is published or nowhere, and the
 * lines of every table are settled as one set, a total published by any of
 * them counting as published for all. That is the least that closes the
 * hole: the one rule, over one larger set of lines, rather than a second
 * pass that reconciles tables after each is settled (which could leave one
 * table's secondary suppression undone by another's).
 *
 * What is not hidden, and why:
 * - zero: nobody is counted, so it reveals nothing about a person (so a
 *   reader knows each hidden count is 1 or more: a table whose every count
 *   is 1, all hidden under a grand total "fewer than 5", still says so);
 * - counts of the partnership's own activities (review meetings, reviews
 *   published, courses, audits): SUPPRESS_ACTIVITIES shows them as they are,
 *   as the partnership's own report does ("1 published").
 *
 * The rules are the ones statistical releases use for tables of counts:
 * each line is one equation, and no equation on its own, with what is known
 * of every entry (narrowed by the other lines' equations in turn), may pin a
 * small count to one number. They do not claim to defeat an attacker solving
 * many lines at once as a linear programme, which tables of a few rows and
 * columns do not invite.
 *
 * Pure and thread-safe; tested in tests/unit/test_suppress.c.
 */
#ifndef HAVEN_CORE_SUPPRESS_H
#define HAVEN_CORE_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

/* Counts of people below this (and above zero) are hidden. */
#define SUPPRESS_BELOW 5

/* The words shown in place of a hidden count. */
#define SUPPRESS_WORDS "fewer than 5"

/*
 * The words shown in place of a count hidden only so that a total cannot
 * give a small one away (secondary suppression): it may be any size, so
 * "fewer than 5" would be untrue.
 */
#define SUPPRESS_SECONDARY_WORDS "not shown"

/* What a figure counts: people are suppressed, the partnership's own activities are not. */
enum suppress_kind { SUPPRESS_PEOPLE, SUPPRESS_ACTIVITIES };

/* Whether one count of `kind` standing alone is hidden: a count of people from 1 to 4. */
bool suppress_hides(enum suppress_kind kind, long long count);

/*
 * A table of counts and the totals it publishes. The caller fills `rows`,
 * `columns`, `kind`, which totals are published and the cells; suppress_table
 * works out the totals and which entries are hidden.
 *
 * Entries are kept in a grid of (rows + 1) x (columns + 1), row by row: cell
 * (r, c) at r * (columns + 1) + c, row r's total in column `columns`, column
 * c's total in row `rows`, and the grand total in the corner. Use
 * suppress_at / suppress_hidden_at rather than the arithmetic.
 */
struct suppress_table {
	size_t rows, columns;
	enum suppress_kind kind;
	bool row_totals;    /* each row's total is published */
	bool column_totals; /* each column's total is published */
	long long *value;   /* the grid (owned): cells set by the caller, totals by suppress_table */
	bool *hidden;       /* the grid (owned): set by suppress_table */
};

/* A table of `rows` x `columns` cells, all zero, no totals published; aborts on no memory. */
void suppress_table_init(struct suppress_table *table, size_t rows, size_t columns, enum suppress_kind kind);

/* Frees the grids (not the struct); a zeroed table is fine. */
void suppress_table_free(struct suppress_table *table);

/*
 * The entry at row r, column c: r == rows is the totals row and c == columns
 * the totals column (so suppress_at(t, t->rows, t->columns) is the grand
 * total). Set cells through it before suppress_table; counts are never
 * negative.
 */
long long *suppress_at(struct suppress_table *table, size_t r, size_t c);
bool suppress_hidden_at(const struct suppress_table *table, size_t r, size_t c);

/*
 * Works out the totals (the grand total is published when row and column
 * totals both are, as src/app/figures.c publishes it),
 * hides counts of people from 1 to 4 and then, line by line, every entry a
 * published total would give away, as the file comment says. A table of
 * SUPPRESS_ACTIVITIES hides nothing. May be run again after cells change.
 */
void suppress_table(struct suppress_table *table);

/* An entry of one of several tables: tables[table], row `row`, column `column` (as suppress_at). */
struct suppress_entry {
	size_t table, row, column;
};

/* Two entries that publish the same count (a headline figure and a table's total, say). */
struct suppress_link {
	struct suppress_entry a, b;
};

/*
 * Suppresses tables published together as one (the file comment says why):
 * each table as suppress_table would, with the entries each link joins
 * taken as one count, hidden in every table or in none, and every line of
 * every table settled together. An entry a table does not publish itself
 * (a total it does not show) counts as published when a linked entry is.
 * Linked entries must hold the same count; links are between tables of
 * people (one touching a table of activities is ignored: it hides nothing).
 */
void suppress_tables(struct suppress_table *tables, size_t n_tables, const struct suppress_link *links,
                     size_t n_links);

/*
 * What is published for entry (r, c) of a table suppress_table has settled,
 * written into out[size]: its number, SUPPRESS_WORDS for a count of 1 to 4
 * hidden, or SUPPRESS_SECONDARY_WORDS for one hidden to protect another.
 * Returns out.
 */
char *suppress_table_format(const struct suppress_table *table, size_t r, size_t c, char *out, size_t size);

/*
 * Writes what is published for a count into out[size]: SUPPRESS_WORDS when
 * hidden, else the number with commas between thousands ("1,108"). Returns
 * out; a size under 32 is a caller's mistake and writes what fits.
 */
char *suppress_format(long long count, bool hidden, char *out, size_t size);

#endif
