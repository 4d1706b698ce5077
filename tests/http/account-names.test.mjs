// A person's name as every way of making an account takes it (an attacker's
// test): the name goes into Haven's own emails ("Hello NAME," in an
// invitation, a password reset, a warning before an account is disabled), so
// it must be one line and hold no web or email address, not even a host
// written bare ("evil.com"), or anyone who may
// invite could make a genuine email from Haven carry a line or a link of
// their own. Each way refuses such a name naming the field and why, and
// makes nobody: an administrator's invitation and new account, an agency
// administrator's invitation, `haven user add` and
// `haven user import`. Names as people write them are still taken.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { assertUsageError, runHaven, startHaven } from "../lib/haven.mjs";

let haven, dir;
const { post } = apiClient(() => haven);
const userCount = () => Number(sqlText(haven.dbPath, "SELECT count(*) FROM users;").trim());
const messageFor = (body, field) => body.errors.find((e) => e.field === field)?.detail ?? "";

const ONE_LINE = /must be on one line, with no line breaks or tabs/;
const NO_ADDRESS = /must not include a web address or an email address/;
const BAD_NAMES = [
  ["Ann\r\nTest", ONE_LINE],
  ["Ann\nTest", ONE_LINE],
  ["Ann\tTest", ONE_LINE],
  ["Visit http://evil.example/reset now", NO_ADDRESS],
  ["Visit HTTPS://evil.example now", NO_ADDRESS],
  ["Go to WWW.evil.example", NO_ADDRESS],
  ["Write to help@evil.example", NO_ADDRESS],
  // a host written bare, which a mail client makes a link of: its last part is a top-level domain
  ["Visit evil.com/login", NO_ADDRESS],
  ["haven.gov.uk", NO_ADDRESS],
  ["x.co", NO_ADDRESS],
  // full-width letters and a soft hyphen, which IDNA maps to "evil.com" and some mail clients link
  ["Visit ｅｖｉｌ．ｃｏｍ", NO_ADDRESS],
  ["Visit evil\u00AD.com", NO_ADDRESS],
  // a path after a host (its dot may be any that IDNA reads as one), and a Windows share
  ["Visit evil.example/login", NO_ADDRESS],
  ["x\u3002y/z", NO_ADDRESS],
  ["\\\\evil\\share", NO_ADDRESS],
];

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-names-"));
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a name with a line break or an address is refused, naming the field, and nobody is made", () => {
  const ways = [
    ["an administrator's invitation", "admin", "/api/v1/invitations", { agency: "brookfield-primary" }],
    ["an administrator's new account", "admin", "/api/v1/users", { agency: "brookfield-primary", password: "a lighthouse of teacups 42" }],
    ["an agency administrator's invitation", "agencyadmin", "/api/v1/agency/invitations", {}],
  ];
  for (const [way, who, url, rest] of ways)
    test(way, async () => {
      const before = userCount();
      for (const [name, message] of BAD_NAMES) {
        const r = await post(who, url, { name, email: "new.person@brookfield.example", roles: ["practitioner"], ...rest });
        assert.equal(r.status, 422, `${JSON.stringify(name)}: ${r.text}`);
        assert.deepEqual(errorFields(r.body), ["name"], JSON.stringify(name));
        assert.match(messageFor(r.body, "name"), new RegExp(`^The person's full name ${message.source}`));
      }
      assert.equal(userCount(), before, "nobody was made");
    });

  test("`haven user add` refuses it as a usage error", () => {
    const before = userCount();
    for (const [name, message] of BAD_NAMES)
      assertUsageError(runHaven(["user", "add", "--db", haven.dbPath, "--email", "cli.person@example.org", "--name", name,
        "--agency", "csap", "--role", "partnership"], { input: "a lighthouse of teacups 42\n" }),
        new RegExp(`--name ${message.source}`));
    assert.equal(userCount(), before);
  });

  test("`haven user import` names the row and the field, and invites nobody", () => {
    const before = userCount();
    const file = path.join(dir, "people.csv");
    writeFileSync(file, ["email,name,agency,roles", "good@example.org,Gus Good,csap,partnership",
      "bad.one@example.org,Visit http://evil.example/reset now,csap,partnership",
      "bad.two@example.org,\"Ann\nTest\",csap,partnership", ""].join("\n"));
    const r = runHaven(["user", "import", "--db", haven.dbPath, file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /line 3: name: The full name must not include a web address or an email address/);
    assert.match(r.stderr, /line 4: name: The full name must be on one line/);
    assert.doesNotMatch(r.stderr, /line 2/);
    assert.equal(userCount(), before);
  });
});

test("names as people write them are taken", async () => {
  for (const [i, name] of ["Siobhán O'Neill-Smith", "Dr. J. R. Okafor", "Zoë Ng (she/her)", "St.John Smith",
    "J. R. Hartley", "Anne-Marie O'Neil", "Zoë Ñúñez", "Dr. Amara Okafor", "Ann\u2026com"].entries()) {
    const r = await post("admin", "/api/v1/invitations",
      { name, email: `person${i}@brookfield.example`, agency: "brookfield-primary", roles: ["practitioner"] });
    assert.equal(r.status, 201, `${name}: ${r.text}`);
  }
});
