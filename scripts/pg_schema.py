#!/usr/bin/env python3
"""pg_schema.py — writes src/store/pg/schema.sql, PostgreSQL's baseline schema
(issue 21), from the schema every SQLite migration to date makes.

    build/haven init --db /tmp/x.db
    scripts/pg_schema.py /tmp/x.db > src/store/pg/schema.sql

The SQLite database is the truth: its sqlite_master is read and each table,
index and trigger translated by the rules below (types as agreed in
docs/architecture.md's store section: INTEGER PRIMARY KEY of a rowid table →
identity, INTEGER → bigint, REAL → double precision, BLOB → bytea). What does
not translate by rule is written here by hand, each with its reason:
SQLite functions in CHECKs, defaults and triggers become the small functions
of COMPAT below; the FTS5 table agency_names becomes a plain table; UNIQUE
COLLATE NOCASE becomes a unique index on lower(column). The output ends by
recording every migration the database has applied, so the migration runner
on PostgreSQL counts them done.

Run it again after a new migration and commit both (the schema test,
tests/store/pg_schema_test.py, fails when the two schemas differ).
"""
import re
import sqlite3
import sys

# Functions and aggregates the schema and the areas' SQL use, where SQLite
# has one built in and PostgreSQL has not (or has it under another name).
COMPAT = r"""
-- group_concat(x) and group_concat(x, sep): SQLite's aggregates, with
-- string_agg's semantics (NULL values skipped; the separator defaults to ',').
CREATE FUNCTION group_concat_step(acc text, value text, sep text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || coalesce(sep, '') || value END $$;
CREATE FUNCTION group_concat_step(acc text, value text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT group_concat_step(acc, value, ',') $$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = group_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(text) (SFUNC = group_concat_step, STYPE = text);

-- instr(haystack, needle): SQLite's name for strpos (1-based; 0 when absent).
CREATE FUNCTION instr(haystack text, needle text) RETURNS integer
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ SELECT strpos(haystack, needle) $$;

-- unixepoch(t): seconds since 1970 of a stored time text, as SQLite's
-- unixepoch(t) reads it ('YYYY-MM-DD', optional 'THH:MM[:SS[.fff…]]' or
-- ' HH:MM…', then optional 'Z' or ±HH:MM; no zone means UTC), NULL for
-- anything else. It computes what SQLite's date.c computes, field by field,
-- so the two agree on every text the pattern admits: a day past its month's
-- end counts on into the next month ('2025-02-30' is 2 March), hour 24 is
-- midnight ending the day, minute or second 60, month 13 or a zone past
-- ±14:59 make no time, the second is rounded to the millisecond as a double
-- ('59.9995' is the next second), and only years 0000 to 9999 count.
-- IMMUTABLE is true of it: a text with no zone is read as UTC, never in the
-- session's time zone. PARALLEL SAFE: it catches no error (the regular
-- expression admits only what it can read, and its arithmetic cannot
-- overflow), so a parallel plan may call it (migration 0186; an EXCEPTION
-- block, a subtransaction, may not run in one: 0183). It matches without
-- capturing and reads the fields by place: PostgreSQL's regexp_match with
-- this pattern's ten groups cost twenty times what the whole function does.
CREATE FUNCTION unixepoch(t text) RETURNS bigint
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	AS $$
DECLARE
	zoned boolean;  -- ends in ±HH:MM
	body text;      -- t without its zone
	y int;
	m int;
	day_number bigint;
	fraction double precision := 0;
	scale double precision := 1;
	instant bigint;
BEGIN
	-- The shape alone (a match without captures is quick); its fields then stand at known places.
	IF t !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$' THEN
		RETURN NULL;
	END IF;
	zoned := length(t) > 16 AND substr(t, length(t) - 5, 1) IN ('+', '-');
	body := CASE WHEN zoned THEN left(t, -6) ELSE rtrim(t, 'Z') END;
	m := substr(t, 6, 2)::int;
	IF m NOT BETWEEN 1 AND 12 OR substr(t, 9, 2)::int NOT BETWEEN 1 AND 31 OR (length(t) > 10
			AND (substr(t, 12, 2)::int > 24 OR substr(t, 15, 2)::int > 59 OR nullif(substr(body, 18, 2), '')::int > 59))
			OR (zoned AND (substr(t, length(t) - 4, 2)::int > 14 OR right(t, 2)::int > 59)) THEN
		RETURN NULL;
	END IF;
	-- SQLite's Julian day number (Meeus's formula, as date.c's computeJD; integer division truncates,
	-- as C's does). The day is added, not looked up, so a day past the month's end counts on.
	y := substr(t, 1, 4)::int - (m <= 2)::int;
	m := m + 12 * (m <= 2)::int;
	day_number := 36525 * (y + 4716) / 100 + 306001 * (m + 1) / 10000 + substr(t, 9, 2)::int
		+ 2 - y / 100 + y / 100 / 4;
	-- The fraction of a second as SQLite reads it, digit by digit in doubles: the digits as a whole
	-- number over a power of ten. To 15 digits both are exact, so one division is the same. Beyond,
	-- either may pass the largest double and become infinite, as in C, where PostgreSQL's arithmetic
	-- would stop with an error instead: x * 10 overflows exactly when x / 16 * 10, the same product a
	-- power of two smaller and so rounded alike, reaches 2^1020.
	IF length(body) BETWEEN 21 AND 35 THEN
		fraction := substr(body, 21)::float8 / ('1e' || length(body) - 20)::float8;
	ELSIF length(body) > 35 THEN
		FOR i IN 21 .. length(body) LOOP
			fraction := CASE WHEN fraction / 16 * 10 >= 2::float8 ^ 1020 THEN 'Infinity' ELSE fraction * 10 END
				+ ascii(substr(body, i, 1)) - 48;
			scale := CASE WHEN scale / 16 * 10 >= 2::float8 ^ 1020 THEN 'Infinity' ELSE scale * 10 END;
		END LOOP;
		IF fraction = 'Infinity' THEN  -- infinite over infinite: in SQLite a time out of range
			RETURN NULL;
		END IF;
		fraction := fraction / scale;
	END IF;
	-- Milliseconds since SQLite's Julian day 0, the seconds rounded to the millisecond, less the zone.
	instant := day_number * 86400000 - 131716800000;
	IF length(t) > 10 THEN
		instant := instant + substr(t, 12, 2)::int * 3600000 + substr(t, 15, 2)::int * 60000
			+ trunc((coalesce(nullif(substr(body, 18, 2), '')::int, 0) + fraction) * 1000 + 0.5)::bigint;
	END IF;
	IF zoned THEN
		instant := instant - 60000 * (substr(t, length(t) - 5, 3)::int * 60  -- signed hours and minutes
			+ (substr(t, length(t) - 5, 1) || right(t, 2))::int);
	END IF;
	IF instant NOT BETWEEN 0 AND 464269060799999 THEN  -- SQLite's years 0000 to 9999
		RETURN NULL;
	END IF;
	RETURN instant / 1000 - 210866760000;
END $$;

-- utc_day(t) and utc_hour(t): SQLite's date(t) and strftime('%H', t) of a
-- stored time text, in UTC; NULL when t is not a time. (Of a day past its
-- month's end or hour 24 with no zone, SQLite's give back the text's own
-- fields, '2025-02-30' and '24'; these, the time unixepoch counts, 2 March
-- and '00'. Haven stores no such time: its times are checked in C.)
CREATE FUNCTION utc_day(t text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ SELECT to_char(to_timestamp(unixepoch(t)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') $$;
CREATE FUNCTION utc_hour(t text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ SELECT to_char(to_timestamp(unixepoch(t)) AT TIME ZONE 'UTC', 'HH24') $$;

-- Column defaults for "now": SQLite's strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
-- strftime('%Y-%m-%dT%H:%M:%SZ', 'now') and CAST(strftime('%s', 'now') AS
-- INTEGER): the statement's start, as SQLite's 'now' is one instant per
-- statement. (Haven computes the times it stores in C; these only fill a
-- column a statement leaves out.)
CREATE FUNCTION utc_now_ms() RETURNS text
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
CREATE FUNCTION utc_now_seconds() RETURNS text
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
CREATE FUNCTION unix_now() RETURNS bigint
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT floor(extract(epoch FROM statement_timestamp()))::bigint $$;

-- json_valid(t): SQLite's test, so that CHECK (json_valid(x)) fails as a
-- CHECK (SQLSTATE 23514, a constraint) rather than as a cast error.
-- PostgreSQL's JSON is RFC 8259; SQLite (3.42+) also accepts JSON5, which
-- Haven never writes. PARALLEL UNSAFE: its EXCEPTION block is a
-- subtransaction, which nothing may start while a parallel plan runs, in its
-- workers or its leader (migration 0183); PostgreSQL 15 has no test of JSON
-- that does not raise (16's `IS JSON` would make it safe).
CREATE FUNCTION json_valid(t text) RETURNS boolean
	LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE
	AS $$
BEGIN
	IF t IS NULL THEN
		RETURN NULL;
	END IF;
	PERFORM t::jsonb;
	RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
	RETURN false;
END $$;
"""

# agency_names is an FTS5 index over agencies.name in SQLite (external
# content, kept by triggers). On PostgreSQL it is a plain table with the same
# columns (rowid is the agency's id, as FTS5's rowid is) and a full-text index.
# Search on it is one statement text for both engines: FTS5's table-valued
# form `agency_names(?)` (the query an FTS5 phrase, `"words"*`: its quotes
# doubled, its last word a prefix) is here a function of the same name
# returning the rows whose names have the phrase's words in a row, the last
# as a prefix. agency_name_words reads a name or a phrase as FTS5's
# unicode61 tokenizer with remove_diacritics does: case and the accents of
# Latin letters folded, words the runs of letters and digits between the rest.
AGENCY_NAMES = """
CREATE TABLE agency_names (
	rowid bigint PRIMARY KEY,
	name text NOT NULL
);
CREATE FUNCTION agency_name_words(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT regexp_replace(translate(lower(name),
		'àáâãäåçèéêëìíîïñòóôõöøùúûüýÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňōŏőŕŗřśŝşšţťŧũūŭůűųŵŷźżž',
		'aaaaaaceeeeiiiinoooooouuuuyyaaaccccddeeeeegggghhiiiiijklllllnnnooorrrsssstttuuuuuuwyzzz'),
		'[^[:alnum:]]+', ' ', 'g')
$$;
CREATE INDEX agency_names_words ON agency_names USING gin (to_tsvector('simple', agency_name_words(name)));
CREATE FUNCTION agency_names(query text) RETURNS TABLE (rowid bigint, name text) LANGUAGE sql STABLE AS $$
	SELECT n.rowid, n.name FROM agency_names n
	WHERE to_tsvector('simple', agency_name_words(n.name)) @@ to_tsquery('simple', regexp_replace(
		phraseto_tsquery('simple', agency_name_words(replace(substr(query, 2, length(query) - 3), '""', '"')))::text,
		'''$', ''':*'))
$$;
"""

# The FTS5 table's triggers, rewritten for the plain table above.
TRIGGER_BODIES = {
    'agency_names_insert': 'INSERT INTO agency_names (rowid, name) VALUES (NEW.id, NEW.name);',
    'agency_names_delete': 'DELETE FROM agency_names WHERE rowid = OLD.id;',
    'agency_names_update': 'UPDATE agency_names SET name = NEW.name WHERE rowid = OLD.id;',
}

# Tables SQLite makes for its own purposes (FTS5's shadow tables).
SKIPPED_TABLES = re.compile(r'^(sqlite_|agency_names(_\w+)?$)')


def strip_comments(sql):
    """sql without its -- comments (outside string literals)."""
    out, i, quote = [], 0, None
    while i < len(sql):
        c = sql[i]
        if quote:
            out.append(c)
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
            out.append(c)
        elif sql.startswith('--', i):
            while i < len(sql) and sql[i] != '\n':
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def glob_to_regex(pattern):
    """A SQLite GLOB pattern as an anchored POSIX regular expression."""
    out, i = ['^'], 0
    while i < len(pattern):
        c = pattern[i]
        if c == '*':
            out.append('.*')
        elif c == '?':
            out.append('.')
        elif c == '[':
            j = pattern.index(']', i + 1)
            out.append(pattern[i:j + 1])
            i = j
        elif c in '.^$|()+{}\\':
            out.append('\\' + c)
        else:
            out.append(c)
        i += 1
    return ''.join(out) + '$'


def translate_expression(sql):
    """SQLite functions and operators in an expression, as PostgreSQL's."""
    sql = re.sub(r"\(strftime\('%Y-%m-%dT%H:%M:%fZ', 'now'\)\)", '(utc_now_ms())', sql)
    sql = re.sub(r"\(strftime\('%Y-%m-%dT%H:%M:%SZ', 'now'\)\)", '(utc_now_seconds())', sql)
    sql = re.sub(r"\(CAST\(strftime\('%s', 'now'\) AS INTEGER\)\)", '(unix_now())', sql)
    sql = re.sub(r"(\w+) (NOT )?GLOB '([^']*)'",
                 lambda m: "%s %s '%s'" % (m.group(1), '!~' if m.group(2) else '~', glob_to_regex(m.group(3))), sql)
    sql = re.sub(r'\bifnull\(', 'coalesce(', sql)
    return sql


def translate_types(sql):
    sql = re.sub(r'\bINTEGER\b', 'bigint', sql)
    sql = re.sub(r'\bTEXT\b', 'text', sql)
    sql = re.sub(r'\bREAL\b', 'double precision', sql)
    sql = re.sub(r'\bBLOB\b', 'bytea', sql)
    return sql


def rowid_alias(db, table, sql):
    """The column that is the table's rowid (INTEGER PRIMARY KEY of a rowid table), or None."""
    if re.search(r'WITHOUT\s+ROWID', sql, re.I):
        return None
    pk = [r for r in db.execute('SELECT name, type, pk FROM pragma_table_info(?)', (table,)) if r[2] > 0]
    if len(pk) == 1 and pk[0][1].upper() == 'INTEGER':
        return pk[0][0]
    return None


def translate_table(db, name, sql):
    """CREATE TABLE for PostgreSQL, and the statements that must follow it."""
    after = []
    sql = strip_comments(sql)
    sql = re.sub(r'^CREATE TABLE\s+["\']?(\w+)["\']?', 'CREATE TABLE ' + name, sql)
    sql = re.sub(r'\)\s*(STRICT\s*,?\s*)?(WITHOUT\s+ROWID\s*)?(,\s*STRICT\s*)?$', ')', sql.rstrip())
    alias = rowid_alias(db, name, sql)
    if alias:
        sql, n = re.subn(r'\b%s\s+INTEGER\s+(NOT NULL\s+)?PRIMARY KEY(\s+AUTOINCREMENT)?' % alias,
                         '%s bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY' % alias, sql)
        if n != 1:
            sys.exit('pg_schema.py: cannot find the rowid column %s of %s' % (alias, name))
    # UNIQUE COLLATE NOCASE: PostgreSQL compares case-sensitively, so
    # uniqueness without regard to case is a unique index on lower(column).
    for m in re.finditer(r'\b(\w+)\s+TEXT\s+NOT NULL\s+UNIQUE\s+COLLATE\s+NOCASE', sql):
        after.append('CREATE UNIQUE INDEX %s_%s_nocase ON %s (lower(%s));' % (name, m.group(1), name, m.group(1)))
    sql = re.sub(r'\s+UNIQUE\s+COLLATE\s+NOCASE', '', sql)
    sql = re.sub(r'\s+COLLATE\s+NOCASE', '', sql)
    # Generated columns: PostgreSQL 15 stores them (no VIRTUAL); a comparison
    # is boolean there, and the column an integer.
    sql = re.sub(r'\)\s*VIRTUAL', ') STORED', sql)
    sql = sql.replace('GENERATED ALWAYS AS (decided_at IS NOT NULL)',
                      'GENERATED ALWAYS AS ((decided_at IS NOT NULL)::integer)')
    sql = translate_expression(sql)
    sql = translate_types(sql)
    sql = re.sub(r'[ \t]+\n', '\n', sql)
    sql = re.sub(r'\n\s*\n', '\n', sql)
    return sql + ';', after


def translate_index(sql):
    sql = strip_comments(sql)
    sql = re.sub(r'\s+COLLATE\s+NOCASE', '', sql)
    return translate_expression(sql).strip() + ';'


def primary_key(db, table):
    rows = sorted((r[2], r[0]) for r in db.execute('SELECT name, type, pk FROM pragma_table_info(?)', (table,)) if r[2] > 0)
    return [name for _, name in rows]


def translate_statement(db, stmt):
    """One statement of a trigger body, as plpgsql."""
    stmt = stmt.strip()
    if re.match(r"SELECT RAISE\(ABORT, '([^']*)'\)", stmt):
        return "RAISE EXCEPTION '%s';" % re.match(r"SELECT RAISE\(ABORT, '([^']*)'\)", stmt).group(1)
    # SQLite's boolean is an integer; PostgreSQL's is not, so each boolean
    # that is counted or stored becomes ::integer.
    stmt = re.sub(r"strftime\('%H', ([\w.]+)\) = '23'", r"(utc_hour(\1) = '23')::integer", stmt)
    stmt = re.sub(r'\bdate\(([\w.]+)\)', r'utc_day(\1)', stmt)
    stmt = re.sub(r'coalesce\(((?:[^()]|\([^()]*\))*), 0\)', r'coalesce((\1)::integer, 0)', stmt)
    stmt = re.sub(r'\* \(((?:[^()]|\([^()]*\))* IS NOT NULL)\)', r'* (\1)::integer', stmt)
    stmt = re.sub(r'sum\((unixepoch\([\w.]+\) IS NOT NULL)\)', r'sum((\1)::integer)', stmt)
    # A join with no condition (SQLite allows it) is a cross join.
    stmt = re.sub(r'(JOIN \(SELECT [^()]*\) \w+)(\s+WHERE)', r'\1 ON true\2', stmt)
    # Grouped rows of one incident: PostgreSQL wants that incident's columns
    # grouped too (it knows no functional dependency through a WHERE).
    if re.search(r'\bda_incidents i\b', stmt):
        stmt = re.sub(r'GROUP BY ', 'GROUP BY i.id, ', stmt)
    target = re.match(r'INSERT (?:OR IGNORE )?INTO (\w+)', stmt)
    if stmt.startswith('INSERT OR IGNORE'):
        stmt = stmt.replace('INSERT OR IGNORE', 'INSERT', 1) + ' ON CONFLICT DO NOTHING'
    # PostgreSQL's DO UPDATE names its conflict: the table's primary key.
    if target and 'ON CONFLICT DO UPDATE' in stmt:
        stmt = stmt.replace('ON CONFLICT DO UPDATE',
                            'ON CONFLICT (%s) DO UPDATE' % ', '.join(primary_key(db, target.group(1))))
    # In SET x = x + excluded.x, plpgsql finds x ambiguous (the row or excluded's):
    # the row's is named.
    if target:
        stmt = re.sub(r'\b(\w+) = \1 \+ excluded\.', r'\1 = %s.\1 + excluded.' % target.group(1), stmt)
    return stmt + ';'


def split_statements(body):
    """The statements of a trigger body (no ';' inside a literal in Haven's triggers)."""
    return [s for s in (part.strip() for part in body.split(';')) if s]


def translate_trigger(db, name, sql):
    """A SQLite trigger as a plpgsql function and a PostgreSQL trigger."""
    sql = strip_comments(sql)
    m = re.match(r'CREATE TRIGGER\s+(\w+)\s+(BEFORE|AFTER)\s+(INSERT|UPDATE|DELETE)(\s+OF\s+[\w\s,]+?)?\s+ON\s+(\w+)'
                 r'(?:\s+WHEN\s+(.*?))?\s+BEGIN\b(.*)\bEND$', sql.strip(), re.S)
    if not m:
        sys.exit('pg_schema.py: cannot read trigger %s' % name)
    _, when, event, columns, table, condition, body = m.groups()
    if name in TRIGGER_BODIES:
        statements = [TRIGGER_BODIES[name]]
    else:
        statements = [translate_statement(db, s) for s in split_statements(body)]
    lines = ['\t' + s.replace('\n', '\n\t') for s in statements]
    if condition:
        condition = ' '.join(condition.split())
        lines = ['\tIF %s THEN' % condition] + ['\t' + line.replace('\n', '\n\t') for line in lines] + ['\tEND IF;']
    columns = ' ' + ' '.join(columns.split()) if columns else ''
    return ('CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n%s\n\tRETURN NULL;\nEND $$;\n'
            'CREATE TRIGGER %s %s %s%s ON %s FOR EACH ROW EXECUTE FUNCTION %s();\n'
            % (name, '\n'.join(lines), name, when, event, columns, table, name))


def literal(value):
    """value as a PostgreSQL literal."""
    if value is None:
        return 'NULL'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, bytes):
        return "'\\x%s'::bytea" % value.hex()
    return "'%s'" % value.replace("'", "''")


def seed_rows(db, tables):
    """The rows migrations insert (settings, themes, ...), as INSERTs; a column
    whose default is "now" is left to its default, so the load time is stored,
    as the migration's time is on SQLite."""
    out = ['-- The rows the migrations insert.']
    for name in tables_in_dependency_order(db, list(tables)):
        if name == 'schema_migrations':
            continue
        columns = [r[1] for r in db.execute('SELECT * FROM pragma_table_info(?)', (name,))
                   if not (r[4] and "'now'" in r[4])]
        rows = db.execute('SELECT %s FROM %s ORDER BY 1' % (', '.join('"%s"' % c for c in columns), name)).fetchall()
        if not rows:
            continue
        out.append('INSERT INTO %s (%s) VALUES\n\t%s;' % (
            name, ', '.join(columns), ',\n\t'.join('(%s)' % ', '.join(literal(v) for v in row) for row in rows)))
        alias = rowid_alias(db, name, tables[name])
        if alias:
            # Rows given their ids leave the identity behind: move it past them.
            out.append("SELECT setval(pg_get_serial_sequence('%s', '%s'), max(%s)) FROM %s;" % (name, alias, alias, name))
    out.append('')
    return out


def tables_in_dependency_order(db, tables):
    """Table names, each after the tables its foreign keys reference."""
    ordered, seen = [], set()

    def visit(name, path=()):
        if name in seen or name not in tables:
            return
        if name in path:
            sys.exit('pg_schema.py: foreign keys form a cycle through %s' % name)
        for (ref,) in db.execute('SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)', (name,)):
            if ref != name:
                visit(ref, path + (name,))
        seen.add(name)
        ordered.append(name)

    for name in tables:
        visit(name)
    return ordered


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: scripts/pg_schema.py SQLITE_DB > src/store/pg/schema.sql')
    db = sqlite3.connect('file:%s?mode=ro' % sys.argv[1], uri=True)
    rows = db.execute('SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid').fetchall()
    tables = {name: sql for kind, name, _, sql in rows if kind == 'table' and not SKIPPED_TABLES.match(name)}
    out = [
        '-- schema.sql — PostgreSQL\'s baseline schema for Haven (issue 21): the tables,',
        '-- keys, constraints, indexes and triggers every SQLite migration to date makes,',
        '-- and the SQLite functions the schema and the areas\' SQL use.',
        '-- Written by scripts/pg_schema.py from a database `haven init` made; do not',
        '-- edit by hand: change the script, and write a NNNN_name.pg.sql twin beside',
        '-- each later migration. tests/store/pg_schema_test.py checks the two agree.',
        '',
        COMPAT.strip(),
        '',
    ]
    after = []
    for name in tables_in_dependency_order(db, list(tables)):
        sql, extra = translate_table(db, name, tables[name])
        out.append(sql)
        after.extend(extra)
    out.append(AGENCY_NAMES.strip())
    out.append('')
    out.extend(after)
    out.extend(translate_index(sql) for kind, _, _, sql in rows if kind == 'index')
    out.append('')
    out.extend(translate_trigger(db, name, sql) for kind, name, _, sql in rows if kind == 'trigger')
    out.extend(seed_rows(db, tables))
    out.append('-- Every migration to date, applied: the runner starts after the last.')
    for version, name in db.execute('SELECT version, name FROM schema_migrations ORDER BY version'):
        out.append("INSERT INTO schema_migrations (version, name) VALUES (%d, '%s');" % (version, name))
    print('\n'.join(out))


if __name__ == '__main__':
    main()
