#!/usr/bin/env python3
"""lint_list_tables.py — every table of more than two columns fits a phone.

A table a user reads on a 320 px screen either becomes cards or scrolls in
its own region (static/haven.scss, "How a table fits a narrow screen"):

- a list (a row for each record) has the class haven-cards, and each of its
  body cells (<td>) a data-label naming its column, shown above the cell in
  its card: all but a row's only cell (a message such as "None yet") and a
  cell under a visually hidden header (an action, its own words saying what
  it does);
- a table of figures (columns read across) is written down as such: it sits
  in a <div class="haven-table-scroll">, which scrolls sideways on its own.

The check reads every Mustache template under the folders given, finds each
<table class="govuk-table ...">, counts its column headers (<th
scope="col">, those inside a section counted too), and for a table of more
than two columns fails, naming file, line and what is missing. A table of one
or two columns fits as it is.

Run by scripts/lint.sh (`make lint`). With --self-test it proves it fails on
a list without cards or labels and passes a card list and a figures table.

Usage: lint_list_tables.py [--self-test] [DIR ...]   (default: src templates)
"""
import os
import re
import sys
import tempfile

TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
TABLE_CLASS = re.compile(r'<table\b[^>]*\bclass="([^"]*)"')
COLUMN = re.compile(r'<th\b[^>]*\bscope="col"')
HEADER = re.compile(r'<th\b[^>]*\bscope="col"[^>]*>.*?</th>', re.S)
BODY = re.compile(r"<tbody\b.*?</tbody>", re.S)
ROW = re.compile(r"<tr\b.*?</tr>", re.S)
CELL = re.compile(r"<t[dh]\b[^>]*>")
SCROLLS = re.compile(r'<div\b[^>]*\bclass="[^"]*\bhaven-table-scroll\b')
MOST_COLUMNS_AS_IS = 2


def check_template(path, text):
    """The problems with the tables in one template, as 'file:line: message' strings."""
    problems, previous_end = [], 0
    for match in TABLE.finditer(text):
        table = match.group(0)
        classes = (TABLE_CLASS.match(table) or [None, ""])[1].split()
        start = match.start()
        before, previous_end = text[previous_end:start], match.end()
        if "govuk-table" not in classes or len(COLUMN.findall(table)) <= MOST_COLUMNS_AS_IS:
            continue
        where = f"{path}:{text.count(chr(10), 0, start) + 1}"
        if "haven-cards" not in classes:
            if not SCROLLS.search(before):  # a table of figures scrolls in its own region
                problems.append(
                    f"{where}: a table of {len(COLUMN.findall(table))} columns is neither a list of cards "
                    '(class haven-cards) nor a table of figures in a <div class="haven-table-scroll">'
                )
            continue
        unlabelled = unlabelled_cells(table)
        if unlabelled:
            problems.append(f"{where}: a list of cards with a cell without its column's data-label: {unlabelled[0]}")
    return problems


def unlabelled_cells(table):
    """The body cells of a list of cards that need a data-label and have none: not a row's only cell
    (a message such as "None yet" across the table), nor a cell under a visually hidden header (an
    action, whose own words say what it does)."""
    hidden = ["govuk-visually-hidden" in header for header in HEADER.findall(table)]
    found = []
    for row in ROW.findall(BODY.search(table).group(0) if BODY.search(table) else table):
        cells = CELL.findall(row)
        if len(cells) == 1:
            continue
        for i, cell in enumerate(cells):
            if cell.startswith("<td") and "data-label=" not in cell and not (i < len(hidden) and hidden[i]):
                found.append(cell)
    return found


def check(dirs):
    """Every problem found in the templates under dirs."""
    problems = []
    for top in dirs:
        for root, _dirs, files in os.walk(top):
            for name in sorted(files):
                if name.endswith(".mustache"):
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8") as f:
                        problems += check_template(path, f.read())
    return problems


def self_test():
    """The check fails on a list without cards and on a card without its label, and passes the rest."""
    head = '<thead><tr><th scope="col">A</th><th scope="col">B</th><th scope="col">C</th></tr></thead>'
    templates = {
        "cards.mustache": '<table class="govuk-table haven-cards"><thead><tr><th scope="col">A</th>'
        '<th scope="col">B</th><th scope="col"><span class="govuk-visually-hidden">Action</span></th></tr></thead>'
        '<tbody><tr><td data-label="A">1</td><td data-label="B">2</td><td><a href="/x">Change</a></td></tr>'
        '<tr><td>None yet</td></tr></tbody></table>',
        "figures.mustache": f'<div class="haven-table-scroll" tabindex="0"><table class="govuk-table">{head}'
        "<tr><td>1</td><td>2</td><td>3</td></tr></table></div>",
        "narrow.mustache": '<table class="govuk-table"><tr><th scope="col">A</th><th scope="col">B</th></tr></table>',
        "bare.mustache": f'\n<table class="govuk-table">{head}<tr><td>1</td></tr></table>',
        "unlabelled.mustache": f'<table class="govuk-table haven-cards">{head}<tr><td data-label="A">1</td>'
        '<td class="govuk-table__cell">2</td><td data-label="C">3</td></tr></table>',
    }
    with tempfile.TemporaryDirectory() as top:
        for name, text in templates.items():
            with open(os.path.join(top, name), "w", encoding="utf-8") as f:
                f.write(text)
        found = [p[len(top) + 1 :] for p in check([top])]
    want = ["bare.mustache:2: a table of 3 columns", "unlabelled.mustache:1: a list of cards with a cell without"]
    if len(found) != len(want) or not all(any(p.startswith(w) for p in found) for w in want):
        return ["self-test: expected exactly " + "; ".join(want) + " but got " + "; ".join(found)]
    return []


def main(argv):
    args = [a for a in argv[1:] if a != "--self-test"]
    problems = self_test() if "--self-test" in argv[1:] else []
    problems += check(args or ["src", "templates"])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
