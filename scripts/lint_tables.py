#!/usr/bin/env python3
"""lint_tables.py — only the owning area writes its tables.

An area owns the tables its migrations create (src/areas/NAME/migrations/*.sql
-> NAME). The tables created by src/store/migrations (users, sessions,
audit_log, audit_children, haven_meta, ...) and by the store's own code
(schema_migrations) are the core's: only src/auth and src/store write them,
and every other module changes them through auth/account_write.h,
auth/agency_write.h, auth/audit.h or the store's own functions. A migration
already applied never moves, so the few tables whose owner is not the folder
of the migration that made them are declared in HANDED_OVER, each with why.

The check reads every C file under src/, joins each run of adjacent string
literals (the way the compiler does), and finds the SQL writes in them:
INSERT [OR ...] INTO, REPLACE INTO, UPDATE [OR ...] and DELETE FROM, with
keywords in upper case as the code writes them. A write to a table that the
file's module does not own fails, naming file, line, table and owner: call a
function of the owning area instead, inside the caller's unit of work (as the
incidents area calls provide_refer and encompass_notify). A write to a table
no migration creates fails too (a typo, or a table created outside the
migrations). Reads across areas are allowed: SELECT is not checked, and the
FROM of a subquery inside a write is not a write.

Run by scripts/lint.sh (`make lint`, part of `make check`). With --self-test
it proves it fails on a violation and passes a clean file.

Usage: lint_tables.py [--self-test] [SRC_DIR]   (default: src)
"""
import os
import re
import sys
import tempfile

CORE = "core"  # the owner of src/store/migrations' tables: src/auth and src/store

# Tables owned by another module than the one whose migration created them.
HANDED_OVER = {
    # Every account belongs to an agency and the access policy decides by its type: agencies are core,
    # like users (auth reads them for every session). The partnership area decides, checks and audits
    # changes to them and writes them through auth/agency_write.h. Made by 0002 and 0036 (partnership).
    "agencies": CORE,
    "agencies_new": CORE,
    "agency_areas": CORE,
    # A review's actions and 7-minute briefings are the learning area's (its pages, its writes), made by
    # 0007_reviews.sql before learning was an area of its own; reviews only reads them.
    "review_actions": "learning",
    "review_briefings": "learning",
}

WRITE = re.compile(
    r"\b(INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+[A-Z]+)?|DELETE\s+FROM)"
    r"\s+([A-Za-z_][A-Za-z0-9_]*)"
)
CREATE = re.compile(r"\bCREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.I)
# Words that may follow UPDATE without being a table: an upsert's "DO UPDATE SET".
NOT_A_TABLE = {"SET"}


def module_of(path, src):
    """The module a file belongs to: the area's name, 'core' for src/auth and src/store, else its folder."""
    parts = os.path.relpath(path, src).split(os.sep)
    if parts[0] == "areas" and len(parts) > 2:
        return parts[1]
    if parts[0] in ("auth", "store"):
        return CORE
    return parts[0] if len(parts) > 1 else os.path.splitext(parts[0])[0]


def owners(src):
    """{table: module} from every migration under src (and CREATE TABLE in C); a table created by two
    modules is an error."""
    found, problems = {}, []
    for root, _dirs, files in os.walk(src):
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(".sql") and os.path.basename(root) == "migrations":
                with open(path, encoding="utf-8") as f:
                    created = CREATE.findall(f.read())
            elif name.endswith(".c"):
                with open(path, encoding="utf-8") as f:
                    created = [t for _line, sql in literals(f.read()) for t in CREATE.findall(sql)]
            else:
                continue
            module = module_of(path, src)
            for table in created:
                if found.setdefault(table, module) != module:
                    problems.append(f"{path}: table {table} is created by {found[table]} and {module}")
    found.update((table, owner) for table, owner in HANDED_OVER.items() if table in found)
    return found, problems


def literals(text):
    """Yields (line, text) for each run of adjacent C string literals, skipping comments and char literals."""
    i, n, line = 0, len(text), 1
    run, run_line = [], 0
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r\f\v":
            i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c == '"' or c == "'":
            j, parts = i + 1, []
            while j < n and text[j] != c:
                if text[j] == "\\" and j + 1 < n:
                    parts.append(text[j : j + 2])
                    j += 2
                else:
                    if text[j] == "\n":
                        line += 1
                    parts.append(text[j])
                    j += 1
            if c == '"':
                if not run:
                    run_line = line
                run.append("".join(parts))
            i = j + 1
            continue
        else:
            if run:
                yield run_line, "".join(run)
                run = []
            i += 1
            continue
        # whitespace and comments keep a run of literals going
    if run:
        yield run_line, "".join(run)


def check(src):
    """Every problem found under src, as 'file:line: message' strings."""
    tables, problems = owners(src)
    for root, _dirs, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith(".c"):
                continue
            path = os.path.join(root, name)
            module = module_of(path, src)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for line, sql in literals(text):
                for match in WRITE.finditer(sql):
                    table = match.group(2)
                    if table in NOT_A_TABLE:
                        continue
                    owner = tables.get(table)
                    if owner is None:
                        problems.append(f"{path}:{line}: writes table {table}, which no migration creates")
                    elif owner != module:
                        problems.append(
                            f"{path}:{line}: {module} writes table {table}, owned by {owner}: "
                            f"call a function of {owner} in the same unit of work"
                        )
    return problems


def self_test():
    """The check fails on a cross-area write and passes the same write by its owner."""
    with tempfile.TemporaryDirectory() as src:
        def write(path, text):
            os.makedirs(os.path.dirname(os.path.join(src, path)), exist_ok=True)
            with open(os.path.join(src, path), "w", encoding="utf-8") as f:
                f.write(text)

        write("areas/owner/migrations/0001_t.sql", "CREATE TABLE owned_rows (id INTEGER) STRICT;\n")
        write("store/migrations/0002_core.sql", "CREATE TABLE IF NOT EXISTS users (id INTEGER);\n")
        write("areas/owner/store_sqlite.c", 'x = db_prepare(db, "INSERT INTO owned_rows (id) "\n  "VALUES (?)");\n')
        write("auth/store_sqlite.c", 'x = "UPDATE users SET id = 1";\n')
        clean = check(src)
        if clean:
            return ["self-test: an owner's own writes were refused: " + "; ".join(clean)]
        write("areas/other/store_sqlite.c",
              '/* "DELETE FROM owned_rows" in a comment is not SQL */\n'
              'x = "SELECT 1 FROM owned_rows"; y = "INSERT OR IGNORE "\n  "INTO owned_rows (id) VALUES (1)";\n'
              'z = "UPDATE users SET id = 2 WHERE id IN (SELECT id FROM owned_rows)";\n')
        found = check(src)
        want = [
            "areas/other/store_sqlite.c:2: other writes table owned_rows, owned by owner",
            "areas/other/store_sqlite.c:4: other writes table users, owned by core",
        ]
        missing = [w for w in want if not any(w in p for p in found)]
        if missing or len(found) != len(want):
            return ["self-test: expected exactly " + "; ".join(want) + " but got " + "; ".join(found)]
    return []


def main(argv):
    args = [a for a in argv[1:] if a != "--self-test"]
    problems = self_test() if "--self-test" in argv[1:] else []
    problems += check(args[0] if args else "src")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
