/*
 * pg_stmt.c — the PostgreSQL backend's statements: SQLite's SQL translated
 * (placeholders, index hints), prepared on the server under a generated
 * name when first run, values bound as text (types left to the server,
 * except integers as int8, reals as float8 and blobs as binary bytea, which
 * it cannot always infer), and a result stepped row by row, each column's
 * kind read from its type.
 *
 * A statement is prepared when it first runs, not when db_prepare returns
 * it, because only then are its values' types known; it is prepared again
 * if a later run binds a value of another type where one was declared, or
 * if the connection was re-established since (a fail-over). An integer
 * where the statement wants another type (a flag in `?2 OR …`, SQLite's
 * 0/1 for a boolean; an integer compared with text) makes the server refuse
 * int8; the statement is then prepared again with its integers' types left
 * to the server, which reads their text as the type it wants, as SQLite
 * converts by affinity. Inside a transaction a refused prepare would abort
 * it, so it is prepared under a savepoint there.
 */
#include "store/pg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"

/* PostgreSQL's type OIDs (pg_type.dat) the backend names. */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700
};

struct pg_stmt {
	const char *sql; /* as written */
	char *text;      /* as sent */
	int count;       /* parameters */
	char **names;    /* each parameter's :name, or NULL */
	char name[32];   /* on the server */
	unsigned epoch;  /* the connection's when prepared; 0: not prepared */
	bool loose;      /* integers' types are left to the server (see the top of this file) */
	Oid *declared;   /* the types it was prepared with */
	Oid *types;      /* this run's */
	const char **values;
	int *lengths, *formats;
	char (*numbers)[32]; /* integers' and reals' text */
	PGresult *result;
	int row, rows;
	long long changes;
	unsigned char *blob; /* the bytea column blob_column of the current row, unescaped */
	size_t blob_size;
	int blob_column;
};

static struct pg_stmt *ps(db_stmt *stmt)
{
	return stmt->handle;
}

static struct pg_conn *pc(db_stmt *stmt)
{
	return stmt->conn->handle;
}

/* ---- translation ---- */

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* True if `p` starts the word `word` (any case) with no identifier character either side. */
static bool word_at(const char *sql, const char *p, const char *word)
{
	size_t n = strlen(word);
	return (p == sql || !ident_char(p[-1])) && strncasecmp(p, word, n) == 0 && !ident_char(p[n]);
}

/* Room in *named for `highest` parameters' names. */
static void make_room(char ***named, int *capacity, int highest)
{
	if (highest <= *capacity)
		return;
	int more = highest * 2;
	*named = xrealloc(*named, (size_t)more * sizeof **named);
	memset(*named + *capacity, 0, (size_t)(more - *capacity) * sizeof **named);
	*capacity = more;
}

char *pg_translate(const char *sql, int *count, char ***names)
{
	struct buf out = BUF_INIT;
	int highest = 0, capacity = 8;
	char **named = xcalloc((size_t)capacity, sizeof *named);
	const char *p = sql;
	while (isspace((unsigned char)*p))
		p++;
	if (word_at(sql, p, "PRAGMA")) {
		/* SQLite's settings of its own engine (secure_delete, say) have no meaning here: no row */
		*count = 0;
		*names = named;
		return xstrdup("SELECT NULL WHERE false");
	}
	while (*p) {
		if (*p == '\'' || *p == '"') { /* quoted text or name, '' or "" doubled inside */
			char quote = *p;
			const char *end = p + 1;
			while (*end && !(*end == quote && end[1] != quote))
				end += *end == quote ? 2 : 1;
			if (*end)
				end++;
			buf_append(&out, p, (size_t)(end - p));
			p = end;
		} else if (p[0] == '-' && p[1] == '-') {
			const char *end = strchr(p, '\n');
			end = end ? end : p + strlen(p);
			buf_append(&out, p, (size_t)(end - p));
			p = end;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			end = end ? end + 2 : p + strlen(p);
			buf_append(&out, p, (size_t)(end - p));
			p = end;
		} else if (*p == '?') {
			int n;
			p++;
			if (isdigit((unsigned char)*p)) {
				n = (int)strtol(p, (char **)&p, 10);
			} else {
				n = highest + 1;
			}
			if (n > highest)
				highest = n;
			buf_printf(&out, "$%d", n);
		} else if (*p == ':' && p[1] != ':' && (p == sql || p[-1] != ':') &&
		           (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *end = p + 1;
			while (ident_char(*end))
				end++;
			char *name = xstrndup(p, (size_t)(end - p));
			int n = 0;
			for (int i = 0; i < highest && !n; i++)
				if (named[i] && strcmp(named[i], name) == 0)
					n = i + 1;
			if (n) {
				free(name);
			} else {
				n = ++highest;
				make_room(&named, &capacity, highest);
				named[n - 1] = name;
			}
			buf_printf(&out, "$%d", n);
			p = end;
		} else if (word_at(sql, p, "INDEXED")) {
			/* SQLite's index hint, INDEXED BY name: PostgreSQL plans for itself */
			const char *q = p + 7;
			while (isspace((unsigned char)*q))
				q++;
			if (word_at(sql, q, "BY")) {
				q += 2;
				while (isspace((unsigned char)*q))
					q++;
				while (ident_char(*q))
					q++;
				p = q;
			} else {
				buf_append(&out, p, 7);
				p += 7;
			}
		} else {
			buf_append(&out, p, 1);
			p++;
		}
		make_room(&named, &capacity, highest);
	}
	*count = highest;
	*names = named;
	return buf_steal(&out, NULL);
}

/* ---- statements ---- */

db_stmt *pg_prepare(db_conn *db, const char *sql)
{
	struct pg_stmt *s = xcalloc(1, sizeof *s);
	s->sql = sql;
	s->text = pg_translate(sql, &s->count, &s->names);
	size_t n = (size_t)(s->count ? s->count : 1);
	s->declared = xcalloc(n, sizeof *s->declared);
	s->types = xcalloc(n, sizeof *s->types);
	s->values = xcalloc(n, sizeof *s->values);
	s->lengths = xcalloc(n, sizeof *s->lengths);
	s->formats = xcalloc(n, sizeof *s->formats);
	s->numbers = xcalloc(n, sizeof *s->numbers);
	db_stmt *stmt = xcalloc(1, sizeof *stmt);
	stmt->conn = db;
	stmt->handle = s;
	return stmt;
}

static void clear_result(struct pg_stmt *s)
{
	PQclear(s->result);
	s->result = NULL;
	s->row = s->rows = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	s->blob_size = 0;
}

void pg_reset(db_stmt *stmt)
{
	struct pg_stmt *s = ps(stmt);
	clear_result(s);
	for (int i = 0; i < s->count; i++) {
		s->values[i] = NULL;
		s->types[i] = 0;
		s->lengths[i] = s->formats[i] = 0;
	}
}

void pg_finalize(db_stmt *stmt)
{
	struct pg_stmt *s = ps(stmt);
	clear_result(s);
	for (int i = 0; i < s->count; i++)
		free(s->names[i]);
	free(s->names);
	free(s->text);
	free(s->declared);
	free(s->types);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s->numbers);
	free(s);
	free(stmt);
}

bool pg_bind(db_stmt *stmt, int index, const struct db_value *v)
{
	struct pg_stmt *s = ps(stmt);
	if (index < 1 || index > s->count) {
		snprintf(pc(stmt)->error, sizeof pc(stmt)->error, "the statement has %d parameters, not %d",
		         s->count, index);
		return false;
	}
	int i = index - 1;
	s->values[i] = NULL;
	s->types[i] = 0;
	s->lengths[i] = s->formats[i] = 0;
	switch (v->type) {
	case DB_VALUE_INT:
		snprintf(s->numbers[i], sizeof s->numbers[i], "%lld", v->integer);
		s->values[i] = s->numbers[i];
		s->types[i] = OID_INT8;
		break;
	case DB_VALUE_REAL:
		snprintf(s->numbers[i], sizeof s->numbers[i], "%.17g", v->real);
		s->values[i] = s->numbers[i];
		s->types[i] = OID_FLOAT8;
		break;
	case DB_VALUE_TEXT: s->values[i] = v->text; break;
	case DB_VALUE_JSON: s->values[i] = json_is_string(v->json) ? json_string_value(v->json) : NULL; break;
	case DB_VALUE_BLOB:
		s->values[i] = v->size ? v->blob : ""; /* an empty blob is not NULL */
		s->lengths[i] = (int)v->size;
		s->formats[i] = 1;
		s->types[i] = OID_BYTEA;
		break;
	case DB_VALUE_NULL:
	default: break;
	}
	return true;
}

/* The type parameter i is declared with for this run: an integer's is the server's to choose once loose. */
static Oid type_to_declare(const struct pg_stmt *s, int i)
{
	return s->loose && s->types[i] == OID_INT8 ? 0 : s->types[i];
}

/* True if this run's value of parameter i fits the type it was prepared with (a NULL fits any). */
static bool fits(const struct pg_stmt *s, int i)
{
	if (!s->values[i] || s->types[i] == s->declared[i])
		return true;
	/* a loose integer is sent as text, which reads as whatever the server chose for it */
	return s->loose && s->types[i] == OID_INT8 && s->declared[i] != OID_BYTEA;
}

/*
 * True if the statement must be prepared (again) for this run's values: not
 * yet on this connection, or a value of a type other than the one declared.
 * The types to declare are then this run's.
 */
static bool needs_prepare(struct pg_stmt *s, const struct pg_conn *c)
{
	bool again = s->epoch != c->epoch;
	for (int i = 0; i < s->count && !again; i++)
		again = !fits(s, i);
	if (again)
		for (int i = 0; i < s->count; i++)
			if (s->values[i] || s->epoch != c->epoch)
				s->declared[i] = type_to_declare(s, i);
	return again;
}

/*
 * How to declare the parameters again after the server refused them with
 * SQLSTATE `state`, or false if that refusal is final: a type it cannot
 * work out (`? IS NULL`) becomes text; integers it will not take where it
 * wants another type become its to choose.
 */
static bool declare_again(struct pg_stmt *s, const char *state)
{
	bool changed = false;
	if (strcmp(state, "42P18") == 0) { /* indeterminate datatype */
		for (int i = 0; i < s->count; i++)
			if (!s->declared[i]) {
				s->declared[i] = OID_TEXT;
				changed = true;
			}
	} else if (!s->loose && (strcmp(state, "42804") == 0 || strcmp(state, "42883") == 0)) {
		/* datatype mismatch (an integer where a boolean goes), no such operator (bigint = text) */
		for (int i = 0; i < s->count; i++)
			if (s->declared[i] == OID_INT8 && s->types[i] == OID_INT8) {
				s->declared[i] = 0;
				changed = true;
			}
		s->loose = changed;
	}
	return changed;
}

static bool prepare_on_server(db_stmt *stmt)
{
	struct pg_stmt *s = ps(stmt);
	struct pg_conn *c = pc(stmt);
	bool in_transaction = PQtransactionStatus(c->pg) == PQTRANS_INTRANS;
	if (in_transaction && !pg_command(c, "SAVEPOINT haven_prepare")) {
		stmt->failure = HAVEN_ERR_DB;
		return false;
	}
	PGresult *r = NULL;
	for (int attempt = 0; attempt < 3; attempt++) {
		PQclear(r);
		snprintf(s->name, sizeof s->name, "haven_%llu", ++c->names);
		r = PQprepare(c->pg, s->name, s->text, s->count, s->declared);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (PQresultStatus(r) == PGRES_COMMAND_OK || !state || !declare_again(s, state))
			break;
		if (in_transaction && !pg_command(c, "ROLLBACK TO SAVEPOINT haven_prepare"))
			break;
	}
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (ok)
		s->epoch = c->epoch;
	else
		stmt->failure = pg_failed(c, r);
	PQclear(r);
	if (in_transaction) {
		/* a refused statement leaves the transaction as it was, as on SQLite; its error is kept */
		char error[sizeof c->error], sqlstate[sizeof c->sqlstate];
		memcpy(error, c->error, sizeof error);
		memcpy(sqlstate, c->sqlstate, sizeof sqlstate);
		if ((!ok && !pg_command(c, "ROLLBACK TO SAVEPOINT haven_prepare")) ||
		    !pg_command(c, "RELEASE SAVEPOINT haven_prepare")) {
			stmt->failure = HAVEN_ERR_DB;
			return false;
		}
		memcpy(c->error, error, sizeof error);
		memcpy(c->sqlstate, sqlstate, sizeof sqlstate);
	}
	return ok;
}

/* True if the statement may be sent in the pipeline as it is: prepared on this session for these values'
 * types (a prepare is a round trip of its own, and may need a savepoint: pg_step does it). */
static bool sendable(const struct pg_stmt *s, const struct pg_conn *c)
{
	if (PQstatus(c->pg) != CONNECTION_OK || s->epoch != c->epoch)
		return false;
	for (int i = 0; i < s->count; i++)
		if (!fits(s, i))
			return false;
	return true;
}

bool pg_send(db_stmt *stmt)
{
	struct pg_stmt *s = ps(stmt);
	struct pg_conn *c = pc(stmt);
	/* only in a unit of the writer's */
	if (!c->in_unit || !sendable(s, c))
		return false;
	if (!pg_pipe(c) ||
	    PQsendQueryPrepared(c->pg, s->name, s->count, s->values, s->lengths, s->formats, 0) != 1)
		return false; /* run by pg_step, which settles what was sent first */
	pg_owe(c, false);
	return true;
}

/* Keeps `r`, the statement's result, to step through; false (cleared, the failure recorded) if it failed. */
static bool take_result(db_stmt *stmt, PGresult *r)
{
	struct pg_stmt *s = ps(stmt);
	ExecStatusType status = PQresultStatus(r);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		stmt->failure = pg_failed(pc(stmt), r);
		PQclear(r);
		return false;
	}
	s->result = r;
	s->rows = PQntuples(r);
	s->row = -1;
	s->changes = strtoll(PQcmdTuples(r), NULL, 10);
	return true;
}

/*
 * Runs the statement after those sent ahead in the writer's pipeline (its
 * BEGIN, a savepoint, rows sent without reading them back), in the same round
 * trip: DB_STEP_ROW or DB_STEP_DONE once its result is kept, DB_STEP_ERROR if
 * it or one sent ahead failed (that failure is then this one's, as in
 * pg_step), or -1 if it could not be sent, nothing sent (pg_step then runs it
 * as any other).
 */
static int step_in_flight(db_stmt *stmt)
{
	struct pg_stmt *s = ps(stmt);
	struct pg_conn *c = pc(stmt);
	if (!sendable(s, c) ||
	    PQsendQueryPrepared(c->pg, s->name, s->count, s->values, s->lengths, s->formats, 0) != 1)
		return -1;
	PGresult *r = pg_settle_keeping_last(c);
	if (c->sent_failure != HAVEN_OK) {
		PQclear(r);
		stmt->failure = c->sent_failure;
		return DB_STEP_ERROR;
	}
	if (!r) {
		snprintf(c->error, sizeof c->error, "the connection to PostgreSQL is broken");
		c->sqlstate[0] = '\0';
		stmt->failure = HAVEN_ERR_DB;
		return DB_STEP_ERROR;
	}
	return take_result(stmt, r) ? DB_STEP_DONE : DB_STEP_ERROR;
}

enum db_step pg_step(db_stmt *stmt)
{
	struct pg_stmt *s = ps(stmt);
	struct pg_conn *c = pc(stmt);
	if (!s->result && c->piped) {
		int flown = step_in_flight(stmt);
		if (flown == DB_STEP_ERROR)
			return DB_STEP_ERROR;
		if (flown < 0 && !pg_settle(c)) {
			/* a statement sent ahead failed: the transaction is aborted, and that failure is this
			 * one's */
			stmt->failure = c->sent_failure;
			return DB_STEP_ERROR;
		}
	}
	if (!s->result) {
		/* A reader may reconnect at any statement; the writer only between transactions (ready). */
		if (PQstatus(c->pg) != CONNECTION_OK && (c->mode == DB_OPEN_WRITER || !pg_reconnect(c))) {
			snprintf(c->error, sizeof c->error, "the connection to PostgreSQL is broken");
			c->sqlstate[0] = '\0';
			stmt->failure = HAVEN_ERR_DB;
			return DB_STEP_ERROR;
		}
		/* Outside a transaction (a read, the writer's BEGIN) nothing is lost with a connection found
		 * broken only now, so the statement is tried once more on a new one. */
		bool idle = PQtransactionStatus(c->pg) == PQTRANS_IDLE;
		if (needs_prepare(s, c) && !prepare_on_server(stmt) &&
		    !(idle && PQstatus(c->pg) == CONNECTION_BAD && pg_reconnect(c) && needs_prepare(s, c) &&
		      prepare_on_server(stmt)))
			return DB_STEP_ERROR;
		PGresult *r = PQexecPrepared(c->pg, s->name, s->count, s->values, s->lengths, s->formats, 0);
		if (idle && PQstatus(c->pg) == CONNECTION_BAD && pg_reconnect(c) &&
		    (!needs_prepare(s, c) || prepare_on_server(stmt))) {
			PQclear(r);
			r = PQexecPrepared(c->pg, s->name, s->count, s->values, s->lengths, s->formats, 0);
		}
		if (!take_result(stmt, r))
			return DB_STEP_ERROR;
	}
	PQfreemem(s->blob);
	s->blob = NULL;
	if (s->row < s->rows)
		s->row++;
	return s->row < s->rows ? DB_STEP_ROW : DB_STEP_DONE;
}

int pg_column_count(db_stmt *stmt)
{
	return ps(stmt)->result ? PQnfields(ps(stmt)->result) : 0;
}

const char *pg_column_name(db_stmt *stmt, int column)
{
	return PQfname(ps(stmt)->result, column);
}

/* The current row's value of `column`, or NULL for NULL. */
static const char *value(db_stmt *stmt, int column)
{
	struct pg_stmt *s = ps(stmt);
	if (!s->result || s->row < 0 || s->row >= s->rows || column >= PQnfields(s->result) ||
	    PQgetisnull(s->result, s->row, column))
		return NULL;
	return PQgetvalue(s->result, s->row, column);
}

enum db_kind pg_column_kind(db_stmt *stmt, int column)
{
	const char *v = value(stmt, column);
	if (!v)
		return DB_KIND_NULL;
	switch (PQftype(ps(stmt)->result, column)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
	case OID_BOOL: return DB_KIND_INT;
	case OID_FLOAT4:
	case OID_FLOAT8: return DB_KIND_REAL;
	case OID_NUMERIC: /* sum() of integers is numeric: whole, it reads as SQLite's integer */
		return strpbrk(v, ".eEN") ? DB_KIND_REAL : DB_KIND_INT;
	case OID_BYTEA: return DB_KIND_BLOB;
	default: return DB_KIND_TEXT;
	}
}

static bool is_bool(db_stmt *stmt, int column)
{
	return PQftype(ps(stmt)->result, column) == OID_BOOL;
}

long long pg_column_int(db_stmt *stmt, int column)
{
	const char *v = value(stmt, column);
	if (!v)
		return 0;
	if (is_bool(stmt, column))
		return *v == 't';
	return pg_column_kind(stmt, column) == DB_KIND_REAL ? (long long)strtod(v, NULL)
	                                                    : strtoll(v, NULL, 10);
}

double pg_column_real(db_stmt *stmt, int column)
{
	const char *v = value(stmt, column);
	return !v ? 0.0 : is_bool(stmt, column) ? (double)(*v == 't') : strtod(v, NULL);
}

const char *pg_column_text(db_stmt *stmt, int column)
{
	const char *v = value(stmt, column);
	if (v && is_bool(stmt, column))
		return *v == 't' ? "1" : "0";
	return v;
}

const void *pg_column_blob(db_stmt *stmt, int column, size_t *size)
{
	struct pg_stmt *s = ps(stmt);
	const char *v = value(stmt, column);
	*size = 0;
	if (!v)
		return NULL;
	if (PQftype(s->result, column) != OID_BYTEA) {
		*size = (size_t)PQgetlength(s->result, s->row, column);
		return *size ? v : NULL;
	}
	if (!s->blob || s->blob_column != column) {
		PQfreemem(s->blob);
		s->blob = PQunescapeBytea((const unsigned char *)v, &s->blob_size);
		s->blob_column = column;
	}
	*size = s->blob ? s->blob_size : 0;
	return *size ? s->blob : NULL;
}

size_t pg_column_size(db_stmt *stmt, int column)
{
	const char *v = value(stmt, column);
	if (!v)
		return 0;
	if (PQftype(ps(stmt)->result, column) == OID_BYTEA) {
		size_t size;
		pg_column_blob(stmt, column, &size);
		return size;
	}
	return is_bool(stmt, column) ? 1 : (size_t)PQgetlength(ps(stmt)->result, ps(stmt)->row, column);
}

long long pg_changes(db_stmt *stmt)
{
	return ps(stmt)->changes;
}

int pg_parameter_index(db_stmt *stmt, const char *name)
{
	struct pg_stmt *s = ps(stmt);
	for (int i = 0; i < s->count; i++)
		if (s->names[i] && strcmp(s->names[i], name) == 0)
			return i + 1;
	return 0;
}

const char *pg_sql(db_stmt *stmt)
{
	return ps(stmt)->sql;
}
