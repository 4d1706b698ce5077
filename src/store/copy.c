/*
 * copy.c — store_copy_to_postgresql (copy.h): a partnership's SQLite
 * database copied into an empty PostgreSQL database, both backends open at
 * once behind db_ops (backend.h), and the copy checked table by table.
 *
 * Its statements name tables found at run time (every table PostgreSQL's
 * schema has), so they are prepared once each through the backend, not
 * through db_prepare's registry, which holds the areas' fixed statements and
 * is checked against SQLite's schema. Names come from PostgreSQL's own
 * catalog and are quoted as identifiers; every value is bound.
 *
 * The tables PostgreSQL's triggers fill (figure counts, agency_names and
 * child_agency_names) are data like any other: their rows are copied as
 * they are, with the schema's own triggers disabled meanwhile, so the copy
 * holds exactly the source's figures. SQLite's FTS5 index agency_names is a
 * plain table on PostgreSQL: its rows are read through the virtual table,
 * and its shadow tables (agency_names_data, ...) are skipped as derived.
 */
#include "store/copy.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/words.h"
#include "store/backend.h"

/* Rows per INSERT, at most; fewer for wide tables (PostgreSQL takes 65535 values a statement). */
#define BATCH_ROWS 256
#define BATCH_VALUES 16384

struct table {
	char *name;
	char **columns; /* those PostgreSQL lets a row be given (not generated ones), in order */
	size_t column_count;
	char **identities; /* identity columns, whose counters go past the highest id */
	size_t identity_count;
	char **self_keys; /* foreign keys to the table itself, deferred while rows go in */
	size_t self_key_count;
	char **parents; /* tables this one's foreign keys name */
	size_t parent_count;
	bool placed;  /* put in the copying order already */
	long long in; /* rows in the source's snapshot */
};

struct copy {
	db_conn *source, *target;
	struct table *tables;
	size_t count;
	struct table **order; /* parents before children */
	char **err;
};

static void push(char ***list, size_t *count, const char *value)
{
	*list = xrealloc(*list, (*count + 1) * sizeof **list);
	(*list)[(*count)++] = xstrdup(value);
}

static void free_list(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

/* `name` as an SQL identifier, quoted, into b. */
static void put_name(struct buf *b, const char *name)
{
	buf_append_char(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_append_char(b, '"');
		buf_append_char(b, *p);
	}
	buf_append_char(b, '"');
}

/* A table's columns, quoted, in its order: the same list for the read and the insert. */
static void put_columns(struct buf *b, const struct table *t)
{
	for (size_t i = 0; i < t->column_count; i++) {
		if (i)
			buf_append_str(b, ", ");
		put_name(b, t->columns[i]);
	}
}

static struct table *find_table(struct copy *c, const char *name)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->tables[i].name, name) == 0)
			return &c->tables[i];
	return NULL;
}

/* A failure of `db` while doing `what`, in *err. */
static enum haven_status failed(struct copy *c, db_conn *db, const char *what)
{
	return fail_with(c->err, HAVEN_ERR_DB, "%s: %s", what, db->ops->error(db));
}

/* Runs SQL with no values and no rows on `db`. */
static enum haven_status run(struct copy *c, db_conn *db, const char *sql, const char *what)
{
	return db->ops->exec_script(db, sql) == HAVEN_OK ? HAVEN_OK : failed(c, db, what);
}

/* The one number a statement with no values finds, in *out. */
static enum haven_status number(struct copy *c, db_conn *db, const char *sql, long long *out,
                                const char *what)
{
	db_stmt *stmt = db->ops->prepare(db, sql);
	if (!stmt)
		return failed(c, db, what);
	enum db_step step = db->ops->step(stmt);
	if (step == DB_STEP_ROW)
		*out = db->ops->column_int(stmt, 0);
	db->ops->finalize(stmt);
	return step == DB_STEP_ROW ? HAVEN_OK : failed(c, db, what);
}

/* "SELECT count(*) FROM table" on db. */
static enum haven_status count_rows(struct copy *c, db_conn *db, const char *table, long long *out)
{
	struct buf sql = BUF_INIT;
	buf_append_str(&sql, "SELECT count(*) FROM ");
	put_name(&sql, table);
	char what[160];
	snprintf(what, sizeof what, "cannot count the rows of %s in %s", table, db->ops->name);
	enum haven_status st = number(c, db, buf_cstr(&sql), out, what);
	buf_free(&sql);
	return st;
}

/*
 * The rows of a catalog query of two text columns, each passed to `add`;
 * the statements below use no parameters and no "::" (which the
 * PostgreSQL backend would read as a named parameter).
 */
static enum haven_status each_pair(struct copy *c, db_conn *db, const char *sql, const char *what,
                                   void (*add)(struct copy *, const char *, const char *))
{
	db_stmt *stmt = db->ops->prepare(db, sql);
	if (!stmt)
		return failed(c, db, what);
	enum db_step step;
	while ((step = db->ops->step(stmt)) == DB_STEP_ROW)
		add(c, db->ops->column_text(stmt, 0), db->ops->column_text(stmt, 1));
	db->ops->finalize(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : failed(c, db, what);
}

static void add_table(struct copy *c, const char *name, const char *unused)
{
	(void)unused;
	c->tables = xrealloc(c->tables, (c->count + 1) * sizeof *c->tables);
	c->tables[c->count++] = (struct table){.name = xstrdup(name)};
}

static void add_column(struct copy *c, const char *table, const char *column)
{
	struct table *t = find_table(c, table);
	if (t)
		push(&t->columns, &t->column_count, column);
}

static void add_identity(struct copy *c, const char *table, const char *column)
{
	struct table *t = find_table(c, table);
	if (t)
		push(&t->identities, &t->identity_count, column);
}

static void add_parent(struct copy *c, const char *table, const char *parent)
{
	struct table *t = find_table(c, table);
	if (t && strcmp(table, parent) != 0 && find_table(c, parent))
		push(&t->parents, &t->parent_count, parent);
}

static void add_self_key(struct copy *c, const char *table, const char *constraint)
{
	struct table *t = find_table(c, table);
	if (t)
		push(&t->self_keys, &t->self_key_count, constraint);
}

/* What PostgreSQL's schema holds: its tables (bar schema_migrations), columns and keys. */
static enum haven_status read_target_schema(struct copy *c)
{
	static const struct {
		const char *sql;
		void (*add)(struct copy *, const char *, const char *);
	} reads[] = {
	    {"SELECT table_name, table_name FROM information_schema.tables WHERE table_schema = "
	     "current_schema()"
	     " AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name",
	     add_table},
	    {"SELECT table_name, column_name FROM information_schema.columns"
	     " WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY table_name, "
	     "ordinal_position",
	     add_column},
	    {"SELECT table_name, column_name FROM information_schema.columns"
	     " WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name, "
	     "ordinal_position",
	     add_identity},
	    {"SELECT t.relname, p.relname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
	     " JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
	     " WHERE k.contype = 'f' AND n.nspname = current_schema() ORDER BY 1, 2",
	     add_parent},
	    {"SELECT t.relname, k.conname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
	     " JOIN pg_namespace n ON n.oid = t.relnamespace"
	     " WHERE k.contype = 'f' AND k.conrelid = k.confrelid AND n.nspname = current_schema() ORDER BY "
	     "1, 2",
	     add_self_key},
	};
	enum haven_status st = HAVEN_OK;
	for (size_t i = 0; i < sizeof reads / sizeof reads[0] && st == HAVEN_OK; i++)
		st = each_pair(c, c->target, reads[i].sql, "cannot read PostgreSQL's catalog", reads[i].add);
	return st;
}

/* c->order: every table after the tables its foreign keys name. */
static enum haven_status order_tables(struct copy *c)
{
	c->order = xcalloc(c->count ? c->count : 1, sizeof *c->order);
	size_t placed = 0;
	while (placed < c->count) {
		size_t before = placed;
		for (size_t i = 0; i < c->count; i++) {
			struct table *t = &c->tables[i];
			bool ready = !t->placed;
			for (size_t p = 0; p < t->parent_count && ready; p++) {
				const struct table *parent = find_table(c, t->parents[p]);
				ready = !parent || parent->placed; /* add_parent keeps only tables copied */
			}
			if (ready)
				c->order[placed++] = t;
		}
		for (size_t i = before; i < placed; i++)
			c->order[i]->placed = true;
		if (placed == before)
			return fail_with(c->err, HAVEN_ERR_INTERNAL,
			                 "PostgreSQL's tables name each other in a cycle of foreign keys "
			                 "(%s among them): they cannot be copied in order",
			                 c->tables[0].name);
	}
	return HAVEN_OK;
}

/*
 * Every SQLite table is in PostgreSQL's schema but FTS5's shadow tables
 * (the rows of a virtual table's index, which PostgreSQL keeps its own
 * way), and every PostgreSQL table is in SQLite. *derived: shadow tables.
 */
static enum haven_status compare_tables(struct copy *c, size_t *derived)
{
	static const char *const what = "cannot read the source's tables";
	db_stmt *stmt = c->source->ops->prepare(
	    c->source,
	    "SELECT t.name, (SELECT v.name FROM sqlite_master v WHERE v.type = 'table'"
	    " AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')"
	    " FROM sqlite_master t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	    " AND t.name <> 'schema_migrations' ORDER BY t.name");
	if (!stmt)
		return failed(c, c->source, what);
	enum haven_status st = HAVEN_OK;
	char **seen = NULL; /* the source's tables PostgreSQL has too */
	size_t found = 0;
	enum db_step step;
	while (st == HAVEN_OK && (step = c->source->ops->step(stmt)) == DB_STEP_ROW) {
		const char *name = c->source->ops->column_text(stmt, 0);
		if (find_table(c, name))
			push(&seen, &found, name);
		else if (c->source->ops->column_kind(stmt, 1) != DB_KIND_NULL)
			(*derived)++;
		else
			st = fail_with(c->err, HAVEN_ERR_VERSION,
			               "table %s is in the source but not in PostgreSQL's schema", name);
	}
	c->source->ops->finalize(stmt);
	if (st == HAVEN_OK && step != DB_STEP_DONE)
		st = failed(c, c->source, what);
	for (size_t i = 0; i < c->count && st == HAVEN_OK; i++) {
		bool there = false;
		for (size_t k = 0; k < found && !there; k++)
			there = strcmp(seen[k], c->tables[i].name) == 0;
		if (!there)
			st = fail_with(c->err, HAVEN_ERR_VERSION,
			               "table %s is in PostgreSQL's schema but not in the source",
			               c->tables[i].name);
	}
	free_list(seen, found);
	return st;
}

/* The migrations each side records, "number name" a line, into b. */
static enum haven_status migrations_of(struct copy *c, db_conn *db, struct buf *b)
{
	db_stmt *stmt = db->ops->prepare(db, "SELECT version, name FROM schema_migrations ORDER BY version");
	if (!stmt)
		return failed(c, db, "cannot read schema_migrations");
	enum db_step step;
	while ((step = db->ops->step(stmt)) == DB_STEP_ROW)
		buf_printf(b, "%lld %s\n", db->ops->column_int(stmt, 0), db->ops->column_text(stmt, 1));
	db->ops->finalize(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : failed(c, db, "cannot read schema_migrations");
}

static enum haven_status compare_migrations(struct copy *c)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	enum haven_status st = migrations_of(c, c->source, &from);
	if (st == HAVEN_OK)
		st = migrations_of(c, c->target, &to);
	if (st == HAVEN_OK && strcmp(buf_cstr(&from), buf_cstr(&to)) != 0)
		st =
		    fail_with(c->err, HAVEN_ERR_VERSION,
		              "schema_migrations differ: the source and PostgreSQL's schema record different "
		              "migrations (run haven init --db on the source with this Haven first)");
	buf_free(&from);
	buf_free(&to);
	return st;
}

/* "ALTER TABLE t <what>" for every table (and `per_key` for each self-referencing key, if not NULL). */
static enum haven_status alter_all(struct copy *c, const char *what, const char *per_key)
{
	for (size_t i = 0; i < c->count; i++) {
		struct table *t = &c->tables[i];
		struct buf sql = BUF_INIT;
		buf_append_str(&sql, "ALTER TABLE ");
		put_name(&sql, t->name);
		buf_printf(&sql, " %s", what);
		for (size_t k = 0; per_key && k < t->self_key_count; k++) {
			buf_append_str(&sql, ", ALTER CONSTRAINT ");
			put_name(&sql, t->self_keys[k]);
			buf_printf(&sql, " %s", per_key);
		}
		enum haven_status st =
		    run(c, c->target, buf_cstr(&sql), "cannot prepare PostgreSQL's tables");
		buf_free(&sql);
		if (st != HAVEN_OK)
			return fail_with(c->err, st, "table %s: %s", t->name,
			                 c->target->ops->error(c->target));
	}
	return HAVEN_OK;
}

/* Empties every table of the rows the schema's migrations put in (the source has its own). */
static enum haven_status empty_tables(struct copy *c)
{
	struct buf sql = BUF_INIT;
	buf_append_str(&sql, "TRUNCATE ");
	for (size_t i = 0; i < c->count; i++) {
		if (i)
			buf_append_str(&sql, ", ");
		put_name(&sql, c->tables[i].name);
	}
	enum haven_status st =
	    c->count ? run(c, c->target, buf_cstr(&sql), "cannot empty PostgreSQL's new tables") : HAVEN_OK;
	buf_free(&sql);
	return st;
}

/* "INSERT INTO t (cols) VALUES (?, ...), ..." for `rows` rows. */
static db_stmt *prepare_insert(struct copy *c, const struct table *t, size_t rows)
{
	struct buf sql = BUF_INIT;
	buf_append_str(&sql, "INSERT INTO ");
	put_name(&sql, t->name);
	buf_append_str(&sql, " (");
	put_columns(&sql, t);
	buf_append_str(&sql, ") VALUES ");
	for (size_t r = 0; r < rows; r++) {
		buf_append_str(&sql, r ? ", (" : "(");
		for (size_t i = 0; i < t->column_count; i++)
			buf_append_str(&sql, i ? ", ?" : "?");
		buf_append_char(&sql, ')');
	}
	db_stmt *stmt = c->target->ops->prepare(c->target, buf_cstr(&sql));
	buf_free(&sql);
	return stmt;
}

/* A batch of source rows held until their INSERT runs (bound values are not copied). */
struct batch {
	struct db_value *values;
	void **owned; /* each value's copy of its text or blob, or NULL */
	size_t rows, width, capacity;
};

static void batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->rows * b->width; i++) {
		free(b->owned[i]);
		b->owned[i] = NULL;
	}
	b->rows = 0;
}

/* The source statement's current row appended to the batch, by each value's own kind. */
static void batch_add(struct batch *b, db_conn *source, db_stmt *row)
{
	for (size_t i = 0; i < b->width; i++) {
		size_t at = b->rows * b->width + i;
		int col = (int)i;
		switch (source->ops->column_kind(row, col)) {
		case DB_KIND_INT: b->values[at] = DB_INT(source->ops->column_int(row, col)); break;
		case DB_KIND_REAL: b->values[at] = DB_REAL(source->ops->column_real(row, col)); break;
		case DB_KIND_TEXT: {
			const char *text = source->ops->column_text(row, col);
			b->owned[at] = xstrdup(text ? text : "");
			b->values[at] = DB_TEXT(b->owned[at]);
			break;
		}
		case DB_KIND_BLOB: {
			size_t size = 0;
			const void *bytes = source->ops->column_blob(row, col, &size);
			b->owned[at] = xmalloc(size ? size : 1);
			if (size)
				memcpy(b->owned[at], bytes, size);
			b->values[at] = DB_BLOB(b->owned[at], size);
			break;
		}
		case DB_KIND_NULL:
		default: b->values[at] = DB_NULL; break;
		}
	}
	b->rows++;
}

/* Inserts the batch's rows with `stmt` (prepared for exactly that many rows). */
static enum haven_status batch_insert(struct copy *c, const struct table *t, db_stmt *stmt, struct batch *b)
{
	const struct db_ops *ops = c->target->ops;
	bool bound = stmt != NULL;
	for (size_t i = 0; bound && i < b->rows * b->width; i++)
		bound = ops->bind(stmt, (int)i + 1, &b->values[i]);
	enum haven_status st = bound && ops->step(stmt) != DB_STEP_ERROR ? HAVEN_OK : HAVEN_ERR_DB;
	if (stmt)
		ops->reset(stmt);
	if (st != HAVEN_OK)
		st = fail_with(c->err, HAVEN_ERR_DB, "table %s: PostgreSQL refused its rows: %s", t->name,
		               ops->error(c->target));
	batch_clear(b);
	return st;
}

/* Copies one table's rows from the source's snapshot; *copied gets how many. */
static enum haven_status copy_table(struct copy *c, const struct table *t, long long *copied)
{
	*copied = 0;
	struct buf sql = BUF_INIT;
	buf_append_str(&sql, "SELECT ");
	put_columns(&sql, t);
	buf_append_str(&sql, " FROM ");
	put_name(&sql, t->name);
	db_stmt *read = c->source->ops->prepare(c->source, buf_cstr(&sql));
	buf_free(&sql);
	if (!read)
		return fail_with(c->err, HAVEN_ERR_DB, "table %s: cannot read it in the source: %s", t->name,
		                 c->source->ops->error(c->source));

	size_t per_batch = BATCH_VALUES / (t->column_count ? t->column_count : 1);
	per_batch = per_batch > BATCH_ROWS ? BATCH_ROWS : per_batch ? per_batch : 1;
	struct batch b = {.width = t->column_count, .capacity = per_batch};
	b.values = xcalloc(per_batch * b.width + 1, sizeof *b.values);
	b.owned = xcalloc(per_batch * b.width + 1, sizeof *b.owned);
	db_stmt *full = NULL;
	enum haven_status st = HAVEN_OK;
	enum db_step step;
	while (st == HAVEN_OK && (step = c->source->ops->step(read)) == DB_STEP_ROW) {
		batch_add(&b, c->source, read);
		(*copied)++;
		if (b.rows == b.capacity) {
			if (!full)
				full = prepare_insert(c, t, b.capacity);
			st = batch_insert(c, t, full, &b);
		}
	}
	if (st == HAVEN_OK && step != DB_STEP_DONE)
		st = fail_with(c->err, HAVEN_ERR_DB, "table %s: cannot read it in the source: %s", t->name,
		               c->source->ops->error(c->source));
	if (st == HAVEN_OK && b.rows) {
		db_stmt *rest = prepare_insert(c, t, b.rows);
		st = batch_insert(c, t, rest, &b);
		if (rest)
			c->target->ops->finalize(rest);
	}
	batch_clear(&b);
	free(b.values);
	free(b.owned);
	if (full)
		c->target->ops->finalize(full);
	c->source->ops->finalize(read);
	return st;
}

/*
 * The highest id SQLite's AUTOINCREMENT has given in `table` (it never
 * gives one again, even once the row is gone), or 0.
 */
static long long autoincrement_high(struct copy *c, const char *table)
{
	long long has = 0, high = 0;
	if (number(c, c->source, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'", &has,
	           "cannot read sqlite_master") != HAVEN_OK ||
	    !has)
		return 0;
	db_stmt *stmt = c->source->ops->prepare(c->source, "SELECT seq FROM sqlite_sequence WHERE name = ?");
	if (stmt && c->source->ops->bind(stmt, 1, &DB_TEXT(table)) &&
	    c->source->ops->step(stmt) == DB_STEP_ROW)
		high = c->source->ops->column_int(stmt, 0);
	if (stmt)
		c->source->ops->finalize(stmt);
	return high;
}

/* Each identity column's counter past the highest id it holds (or SQLite ever gave). */
static enum haven_status move_counters(struct copy *c, const struct table *t)
{
	for (size_t i = 0; i < t->identity_count; i++) {
		struct buf sql = BUF_INIT;
		buf_append_str(&sql, "SELECT coalesce(max(");
		put_name(&sql, t->identities[i]);
		buf_append_str(&sql, "), 0) FROM ");
		put_name(&sql, t->name);
		long long high = 0;
		enum haven_status st =
		    number(c, c->target, buf_cstr(&sql), &high, "cannot find a table's highest id");
		buf_free(&sql);
		if (st != HAVEN_OK)
			return st;
		long long given = autoincrement_high(c, t->name);
		high = given > high ? given : high;
		/* the sequence's name from the table's (quoted, as pg_get_serial_sequence wants it) */
		struct buf quoted = BUF_INIT;
		put_name(&quoted, t->name);
		db_stmt *set = c->target->ops->prepare(
		    c->target, "SELECT setval(pg_get_serial_sequence(?, ?), greatest(CAST(? AS bigint), 1),"
		               " CAST(? AS bigint) > 0)");
		bool ok = set && c->target->ops->bind(set, 1, &DB_TEXT(buf_cstr(&quoted))) &&
		          c->target->ops->bind(set, 2, &DB_TEXT(t->identities[i])) &&
		          c->target->ops->bind(set, 3, &DB_INT(high)) &&
		          c->target->ops->bind(set, 4, &DB_INT(high)) &&
		          c->target->ops->step(set) == DB_STEP_ROW;
		if (set)
			c->target->ops->finalize(set);
		buf_free(&quoted);
		if (!ok)
			return fail_with(c->err, HAVEN_ERR_DB, "table %s: cannot move the counter of %s: %s",
			                 t->name, t->identities[i], c->target->ops->error(c->target));
	}
	return HAVEN_OK;
}

/* Copies every table in order and checks each one's rows against the snapshot's count. */
static enum haven_status copy_tables(struct copy *c, FILE *progress, struct store_copy_summary *summary)
{
	enum haven_status st = alter_all(c, "DISABLE TRIGGER USER", "DEFERRABLE INITIALLY DEFERRED");
	if (st == HAVEN_OK)
		st = empty_tables(c);
	for (size_t i = 0; i < c->count && st == HAVEN_OK; i++) {
		struct table *t = c->order[i];
		long long copied = 0, out = 0;
		if ((st = count_rows(c, c->source, t->name, &t->in)) != HAVEN_OK ||
		    (st = copy_table(c, t, &copied)) != HAVEN_OK ||
		    (st = count_rows(c, c->target, t->name, &out)) != HAVEN_OK)
			break;
		if (t->in != copied || t->in != out)
			st = fail_with(
			    c->err, HAVEN_ERR_INVALID,
			    "table %s differs: the source counts %lld rows, %lld were read from it, "
			    "PostgreSQL holds %lld",
			    t->name, t->in, copied, out);
		else
			st = move_counters(c, t);
		if (st == HAVEN_OK && progress)
			fprintf(progress, "  %-40s %lld %s\n", t->name, out, words_noun(out, "row", "rows"));
		summary->rows += out;
	}
	/* keys checked now, then the schema as it was */
	if (st == HAVEN_OK)
		st = run(c, c->target, "SET CONSTRAINTS ALL IMMEDIATE",
		         "a copied row names a row that is not there");
	if (st == HAVEN_OK)
		st = alter_all(c, "ENABLE TRIGGER USER", "NOT DEFERRABLE");
	if (st == HAVEN_OK)
		st = compare_migrations(c);
	summary->tables = c->count;
	return st;
}

/*
 * How many tables' row counts now differ from the snapshot's, in a new read
 * of the source (a table that cannot be counted now is left out: the copy
 * is done and checked, and this only warns).
 */
static void count_changes(struct copy *c, struct store_copy_summary *summary)
{
	char *ignored = NULL;
	char **err = c->err;
	c->err = &ignored;
	if (c->source->ops->exec_script(c->source, "BEGIN") == HAVEN_OK) {
		for (size_t i = 0; i < c->count; i++) {
			long long now = 0;
			if (count_rows(c, c->source, c->tables[i].name, &now) == HAVEN_OK &&
			    now != c->tables[i].in && summary->changed++ == 0)
				snprintf(summary->first_changed, sizeof summary->first_changed, "%s",
				         c->tables[i].name);
			free(ignored);
			ignored = NULL;
		}
		(void)c->source->ops->exec_script(c->source, "COMMIT");
	}
	c->err = err;
}

/* Refuses a target with any table in it, naming it by what it holds. */
static enum haven_status check_empty(struct copy *c, const char *to)
{
	long long tables = 0;
	enum haven_status st =
	    number(c, c->target,
	           "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
	           &tables, "cannot read the PostgreSQL database's tables");
	if (st == HAVEN_OK && tables)
		st = fail_with(
		    c->err, HAVEN_ERR_CONFLICT,
		    "the PostgreSQL database %s is not empty (it has %lld tables): migrate into a new "
		    "database (createdb) only",
		    to, tables);
	return st;
}

/* The source at exactly this Haven's schema version, read in the snapshot. */
static enum haven_status check_source_version(struct copy *c, const char *from)
{
	long long have = 0;
	enum haven_status st = number(c, c->source, "SELECT coalesce(max(version), 0) FROM schema_migrations",
	                              &have, "the source is not a Haven database");
	if (st == HAVEN_OK && have != store_schema_version())
		st = fail_with(c->err, HAVEN_ERR_VERSION,
		               "%s is at schema version %lld and this Haven at %d: %s", from, have,
		               store_schema_version(),
		               have < store_schema_version() ? "run haven init --db on it first"
		                                             : "use the Haven that made it");
	return st;
}

static void free_copy(struct copy *c)
{
	for (size_t i = 0; i < c->count; i++) {
		struct table *t = &c->tables[i];
		free(t->name);
		free_list(t->columns, t->column_count);
		free_list(t->identities, t->identity_count);
		free_list(t->self_keys, t->self_key_count);
		free_list(t->parents, t->parent_count);
	}
	free(c->tables);
	free(c->order);
	if (c->source)
		c->source->ops->disconnect(c->source);
	if (c->target)
		c->target->ops->disconnect(c->target);
}

enum haven_status store_copy_to_postgresql(const char *from, const char *to, FILE *progress,
                                           struct store_copy_summary *summary, char **err)
{
	*summary = (struct store_copy_summary){0};
	*err = NULL;
	struct copy c = {.err = err};
	enum haven_status st = HAVEN_OK;
	bool loaded = false; /* the schema is in the target */
	if (!(c.target = db_postgres_ops.connect(to, DB_OPEN_WRITER, err)) ||
	    !(c.source = db_sqlite_ops.connect(from, DB_OPEN_READ_FILE, err))) {
		st = HAVEN_ERR_DB;
		goto out;
	}
	/* the snapshot begins at the source's first read, and every read below is in it */
	if ((st = check_empty(&c, to)) != HAVEN_OK ||
	    (st = run(&c, c.source, "BEGIN", "cannot read the source")) != HAVEN_OK ||
	    (st = check_source_version(&c, from)) != HAVEN_OK)
		goto out;
	if ((st = pg_migrate(to, NULL, err)) != HAVEN_OK)
		goto out;
	loaded = true;
	if ((st = read_target_schema(&c)) != HAVEN_OK ||
	    (st = compare_tables(&c, &summary->derived)) != HAVEN_OK || (st = order_tables(&c)) != HAVEN_OK)
		goto failed;
	if ((st = run(&c, c.target, "BEGIN", "cannot begin PostgreSQL's transaction")) != HAVEN_OK)
		goto failed;
	st = copy_tables(&c, progress, summary);
	if (st == HAVEN_OK)
		st = run(&c, c.target, "COMMIT", "PostgreSQL could not commit the copy");
	else
		(void)c.target->ops->exec_script(c.target, "ROLLBACK");
	if (st == HAVEN_OK) {
		(void)c.source->ops->exec_script(c.source, "COMMIT");
		count_changes(&c, summary);
		goto out;
	}
failed:
	if (loaded) {
		/* the schema is in, the rows are not: say how to start again */
		char *why = *err;
		*err = NULL;
		fail_with(err, st,
		          "%s; nothing was copied: the PostgreSQL database holds only Haven's new schema now "
		          "(drop it and create it again before another try)",
		          why ? why : "the copy failed");
		free(why);
	}
out:
	free_copy(&c);
	return st;
}
