#!/usr/bin/env python3
"""lint_create_banners.py — a page that creates a record says what it made.

After a create a browser is led to the new record with a GOV.UK success
banner; without a response_success call it says RESPONSE_SUCCESS_DEFAULT,
"Your changes have been saved", which tells the person nothing about what
was made. The default stays for the changes to a record (an edit does save
changes); a create names what it made ("The plan was added") in the words of
its area's pages, or "" where the page it leads to says so itself.

The check reads every C file under src/, splits it into its top-level
functions, and fails on a function that answers a create (response_created,
or the shared helpers that call it: record_created, account_answer_created)
without a response_success call of its own, naming file, line and function.
The helpers themselves (whose callers say the words) are skipped.
tests/http/create-banners.test.mjs checks the words each create shows.

Run by scripts/lint.sh (`make lint`, part of `make check`). With --self-test
it proves it fails on a violation and passes a clean file.

Usage: lint_create_banners.py [--self-test] [SRC_DIR]   (default: src)
"""
import os
import re
import sys
import tempfile

CREATES = ("response_created", "record_created", "account_answer_created")
# a function's name on the line that opens it: `... name(` at the start of its definition
DEFINITION = re.compile(r"^[A-Za-z_][\w \*]*?\b(\w+)\s*\(")


def functions(text):
    """Each top-level function of C `text` as (line of its name, name, body), by braces at column 0."""
    lines = text.split("\n")
    depth, start = 0, None
    for i, line in enumerate(lines):
        if depth == 0 and line.startswith("{"):
            start = i
        depth += line.count("{") - line.count("}")
        if depth == 0 and start is not None:
            k = start - 1
            while k > 0 and not DEFINITION.match(lines[k]):
                k -= 1
            match = DEFINITION.match(lines[k])
            yield k + 1, match.group(1) if match else "?", "\n".join(lines[start : i + 1])
            start = None


def check(top):
    problems = []
    for root, _, files in sorted(os.walk(top)):
        for name in sorted(files):
            if not name.endswith(".c"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for line, function, body in functions(text):
                if function in CREATES:
                    continue
                creates = [c for c in CREATES if re.search(r"\b" + c + r"\(", body)]
                if creates and not re.search(r"\bresponse_success\(", body):
                    problems.append(
                        f"{path}:{line}: {function} answers a create ({creates[0]}) without response_success: "
                        'say what it made ("The plan was added"), not "Your changes have been saved"'
                    )
    return problems


def self_test():
    """The check fails on a create without its banner, and passes one with it and a change without."""
    files = {
        "silent.c": "static enum haven_status add(struct request *req, struct response *res)\n{\n"
        '\tresponse_created(res, model, "/plans/%lld", id);\n\treturn HAVEN_OK;\n}\n',
        "said.c": "enum haven_status plans_add(struct request *req, struct response *res)\n{\n"
        '\tresponse_success(res, "The plan was added");\n'
        '\treturn record_created(res, st, id, plan_shown, "/plans");\n}\n'
        "static enum haven_status edit(struct request *req, struct response *res)\n{\n"
        '\tresponse_done(res, NULL, "/plans/%lld", id);\n\treturn HAVEN_OK;\n}\n',
    }
    with tempfile.TemporaryDirectory() as top:
        for name, text in files.items():
            with open(os.path.join(top, name), "w", encoding="utf-8") as f:
                f.write(text)
        found = [p[len(top) + 1 :] for p in check(top)]
    if len(found) != 1 or not found[0].startswith("silent.c:1: add answers a create"):
        return ["self-test: expected exactly silent.c:1: add answers a create ... but got " + "; ".join(found)]
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
