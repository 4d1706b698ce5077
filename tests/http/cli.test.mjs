// The `haven` command line: help, version and usage errors (exit 2, one
// line on stderr).

import { test } from "node:test";
import assert from "node:assert/strict";
import { assertUsageError, runHaven } from "../lib/haven.mjs";

const run = (...args) => runHaven(args, { timeoutMs: 10_000 });

test("haven --help lists the commands", () => {
  for (const flag of ["--help", "-h", "help"]) {
    const r = run(flag);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: haven COMMAND/);
    assert.match(r.stdout, /\binit\b/);
    assert.match(r.stdout, /\bserve\b/);
    assert.equal(r.stderr, "");
  }
});

test("haven --version prints the version and schema version", () => {
  const r = run("--version");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^haven \S+ \(schema version \d+\)\n$/);
});

test("haven COMMAND --help exits 0 with the command's usage", () => {
  const init = run("init", "--help");
  assert.equal(init.status, 0);
  assert.match(init.stdout, /^Usage: haven init --db PATH/);
  const serve = run("serve", "--help");
  assert.equal(serve.status, 0);
  assert.match(serve.stdout, /^Usage: haven serve --db PATH/);
  for (const opt of ["--listen", "--max-body", "--max-header", "--max-per-ip", "--idle-timeout", "--shutdown-grace"])
    assert.ok(serve.stdout.includes(opt), opt);
});

test("no command, unknown command, unknown top-level option: exit 2", () => {
  assertUsageError(run(), /command/);
  assertUsageError(run("frobnicate"), /unknown command frobnicate/);
  assertUsageError(run("--frobnicate"), /unknown option --frobnicate/);
});

test("the first word of two-word commands lists its commands: `haven mail --help`, and `haven mail` alone or with an unknown word is a usage error naming them", () => {
  const help = run("mail", "--help");
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: haven mail COMMAND/);
  for (const c of ["mail list", "mail retry"]) assert.ok(help.stdout.includes(c), c);
  assert.equal(run("import", "--help").status, 0, "every group answers --help");
  for (const [args, message] of [[["mail"], /mail needs a command/], [["mail", "frobnicate"], /unknown command mail frobnicate/]]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, message);
    assert.ok(r.stderr.includes("mail retry"), "the error lists what there is");
  }
});

test("init usage errors: exit 2", () => {
  assertUsageError(run("init"), /--db PATH is required/);
  assertUsageError(run("init", "--db"), /--db needs a value/);
  assertUsageError(run("init", "--db", "x.db", "--bogus"), /unknown option --bogus/);
  assertUsageError(run("init", "--db", "x.db", "extra"), /unexpected argument extra/);
});

test("serve usage errors: exit 2, before touching the database", () => {
  assertUsageError(run("serve"), /--db PATH is required/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--nope"), /unknown option --nope/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--threads", "0"), /--threads/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--threads", "many"), /--threads/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--max-body", "-1"), /--max-body/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--max-header", "100"), /--max-header/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--max-per-ip", "0"), /--max-per-ip/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--idle-timeout", "1x"), /--idle-timeout/);
  assertUsageError(run("serve", "--db", "/nonexistent/x.db", "--listen"), /--listen needs a value/);
});
