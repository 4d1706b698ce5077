// `haven user add|list|disable` and `haven agency list`: accounts and
// agencies from the command line, checked against a running server.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sqlText } from "../lib/api.mjs";
import { assertUsageError, demoAccountEmails, runHaven, startHaven } from "../lib/haven.mjs";

let haven;

const run = (args, input) => runHaven(args, { input: input ?? "" });

function oneLineFailure(r, pattern) {
  assert.equal(r.status, 1, `exit 1 (stderr: ${r.stderr})`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0], pattern);
}

async function signIn(email, password) {
  const res = await fetch(haven.url + "/api/v1/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, data: await res.json() };
}

const users = () =>
  run(["user", "list", "--db", haven.dbPath])
    .stdout.trimEnd()
    .split("\n")
    .map((l) => l.split("\t"));

before(async () => {
  haven = await startHaven();
});

after(async () => {
  await haven?.stop();
});

test("every command answers --help with its usage", () => {
  for (const [words, usage] of [
    [["user", "add"], /^Usage: haven user add --db PATH --email EMAIL --name NAME --agency SLUG --role ROLE/],
    [["user", "list"], /^Usage: haven user list --db PATH/],
    [["user", "disable"], /^Usage: haven user disable --db PATH --email EMAIL/],
    [["agency", "list"], /^Usage: haven agency list --db PATH/],
  ]) {
    const r = run([...words, "--help"]);
    assert.equal(r.status, 0, words.join(" "));
    assert.match(r.stdout, usage);
    assert.equal(r.stderr, "");
  }
  const help = run(["--help"]);
  for (const c of ["user add", "user list", "user disable", "agency list"]) assert.ok(help.stdout.includes(c), c);
});

test("usage errors exit 2 with one line", () => {
  const db = haven.dbPath;
  assertUsageError(run(["user", "add", "--db", db, "--name", "N", "--agency", "csap", "--role", "admin"]), /--email EMAIL is required/);
  assertUsageError(run(["user", "add", "--email", "a@example.org", "--name", "N", "--agency", "csap", "--role", "admin"]), /--db PATH is required/);
  assertUsageError(run(["user", "add", "--db", db, "--email", "a@example.org", "--agency", "csap", "--role", "admin"]), /--name NAME is required/);
  assertUsageError(run(["user", "add", "--db", db, "--email", "a@example.org", "--name", "N", "--role", "admin"]), /--agency SLUG is required/);
  assertUsageError(run(["user", "add", "--db", db, "--email", "a@example.org", "--name", "N", "--agency", "csap"]), /--role ROLE/);
  assertUsageError(run(["user", "add", "--db", db, "--email", "not-an-email", "--name", "N", "--agency", "csap", "--role", "admin"]), /--email in the correct format/);
  assertUsageError(run(["user", "add", "--db", db, "--email"]), /--email needs a value/);
  assertUsageError(run(["user", "add", "--db", db, "--bogus"]), /unknown option --bogus/);
  assertUsageError(run(["user", "list"]), /--db PATH is required/);
  assertUsageError(run(["user", "list", "--db", db, "extra"]), /unexpected argument extra/);
  assertUsageError(run(["user", "disable", "--db", db]), /--email EMAIL is required/);
  // an administrator's disable says why, as an agency administrator's does
  assertUsageError(run(["user", "disable", "--db", db, "--email", "a@example.org"]), /--reason TEXT is required/);
  assertUsageError(run(["user", "disable", "--db", db, "--email", "a@example.org", "--reason", ""]), /--reason TEXT is required/);
  assertUsageError(run(["agency", "list"]), /--db PATH is required/);
  assertUsageError(run(["agency", "list", "--db", db, "--role", "x"]), /unknown option --role/);
});

test("agency list shows every agency with its slug, type and area", () => {
  const r = run(["agency", "list", "--db", haven.dbPath]);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trimEnd().split("\n").map((l) => l.split("\t"));
  const school = rows.find((row) => row[0] === "brookfield-primary");
  assert.deepEqual(school, ["brookfield-primary", "school", "Blackburn with Darwen", "Brookfield Primary School (fictional)"]);
  const csap = rows.find((row) => row[0] === "csap");
  assert.equal(csap[2], "partnership-wide");
  for (const row of rows) assert.equal(row.length, 4);
});

test("user add reads the password from stdin; the person can then sign in", async () => {
  const password = "a-cli-made-first-password";
  const r = run(
    ["user", "add", "--db", haven.dbPath, "--email", "Cli.Person@Example.org", "--name", "Cli Person",
      "--agency", "brookfield-primary", "--role", "dsl", "--role", "practitioner"],
    `${password}\n`,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /cli\.person@example\.org/);
  assert.doesNotMatch(r.stderr, /Password:/); // no prompt when stdin is not a terminal

  const s = await signIn("cli.person@example.org", password);
  assert.equal(s.status, 201);
  assert.equal(s.data.user.name, "Cli Person");
  assert.deepEqual(s.data.user.roles.sort(), ["dsl", "practitioner"]);

  const row = users().find((u) => u[0] === "cli.person@example.org");
  assert.deepEqual(row, ["cli.person@example.org", "Cli Person", "brookfield-primary", "dsl,practitioner", "active"]);
});

test("user add refuses a weak password, an unknown role or agency, a taken email: exit 1", () => {
  const base = ["user", "add", "--db", haven.dbPath, "--name", "Someone"];
  oneLineFailure(run([...base, "--email", "weak@example.org", "--agency", "csap", "--role", "admin"], "short\n"),
    /^haven: Password must be 12 characters or more$/);
  oneLineFailure(run([...base, "--email", "weak@example.org", "--agency", "csap", "--role", "admin"], "password1234\n"),
    /^haven: .*common/i);
  oneLineFailure(run([...base, "--email", "weak@example.org", "--agency", "csap", "--role", "admin"], ""),
    /^haven: give the first password on standard input$/);
  oneLineFailure(run([...base, "--email", "role@example.org", "--agency", "csap", "--role", "wizard"], "a-good-long-password\n"),
    /^haven: unknown role wizard/);
  oneLineFailure(run([...base, "--email", "agency@example.org", "--agency", "nowhere", "--role", "admin"], "a-good-long-password\n"),
    /^haven: unknown agency nowhere/);
  oneLineFailure(run([...base, "--email", "DSL@demo.haven.example", "--agency", "csap", "--role", "admin"], "a-good-long-password\n"),
    /already exists/);
  const emails = users().map((u) => u[0]);
  for (const e of ["weak@example.org", "role@example.org", "agency@example.org"]) assert.ok(!emails.includes(e), e);
});

// A role Haven knows that the database's own list does not (a CHECK on user_roles behind this version, or
// changed by hand) is a constraint the store refuses, not an email address taken: the person is told which
// option and why, and nothing is added, with or without --invite. The refusal is made here by a trigger
// (SQLite) or a CHECK (PostgreSQL) on user_roles, dropped afterwards.
test("user add names a role the database refuses, not a taken email, and adds nothing", () => {
  const postgres = /^postgres(ql)?:/.test(haven.dbPath);
  sqlText(haven.dbPath, postgres
    ? "ALTER TABLE user_roles ADD CONSTRAINT test_refused_role CHECK (role <> 'partnership') NOT VALID"
    : "CREATE TRIGGER test_refused_role BEFORE INSERT ON user_roles WHEN NEW.role = 'partnership'" +
      " BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: role'); END");
  try {
    const base = ["user", "add", "--db", haven.dbPath, "--name", "Rory Refused", "--agency", "csap",
      "--role", "partnership"];
    for (const [email, extra, input] of [
      ["refused.role@example.org", [], "a-good-long-password\n"],
      ["refused.invite@example.org", ["--invite"], ""],
    ]) {
      const r = run([...base, "--email", email, ...extra], input);
      oneLineFailure(r, /^haven: --role: The database does not accept one of these roles .*\(agency csap\)$/);
      assert.doesNotMatch(r.stderr, /already exists/);
      assert.ok(!users().some((u) => u[0] === email), `${email} not added`);
      assert.equal(sqlText(haven.dbPath,
        `SELECT count(*) FROM mail_outbox WHERE to_address = '${email}'`).trim(), "0", "no invitation queued");
    }
  } finally {
    sqlText(haven.dbPath, postgres
      ? "ALTER TABLE user_roles DROP CONSTRAINT test_refused_role"
      : "DROP TRIGGER test_refused_role");
  }
});

test("user list shows the demo users", () => {
  const rows = users();
  const demo = rows.filter((u) => u[0].endsWith("@demo.haven.example"));
  assert.equal(demo.length, demoAccountEmails().length);
  assert.deepEqual(rows.find((u) => u[0] === "police@demo.haven.example"),
    ["police@demo.haven.example", "Pat Police", "lancashire-constabulary", "police", "active"]);
});

test("user disable: the person's token stops working and they cannot sign in", async () => {
  const password = "another-cli-password";
  const add = run(
    ["user", "add", "--db", haven.dbPath, "--email", "leaver@example.org", "--name", "Lee Leaver",
      "--agency", "csap", "--role", "partnership"],
    `${password}\n`,
  );
  assert.equal(add.status, 0, add.stderr);
  const s = await signIn("leaver@example.org", password);
  assert.equal(s.status, 201);
  const me = () => fetch(haven.url + "/api/v1/me", { headers: { authorization: `Bearer ${s.data.token}` } });
  assert.equal((await me()).status, 200);

  const r = run(["user", "disable", "--db", haven.dbPath, "--email", "leaver@example.org", "--reason", "Left the partnership"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await me()).status, 401);
  assert.equal((await signIn("leaver@example.org", password)).status, 401);
  assert.equal(users().find((u) => u[0] === "leaver@example.org")[4], "disabled");

  const again = run(["user", "disable", "--db", haven.dbPath, "--email", "leaver@example.org", "--reason", "Left the partnership"]);
  assert.equal(again.status, 0);
  oneLineFailure(run(["user", "disable", "--db", haven.dbPath, "--email", "nobody@example.org", "--reason", "Left the partnership"]), /^haven: no account/);
});
