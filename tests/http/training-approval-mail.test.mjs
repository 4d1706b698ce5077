// Training approval's emails over a real SMTP exchange (smtp_sink.py on loopback, aiosmtpd): the approver
// named on a request for a place is emailed when it is asked, and again when the person who asked
// withdraws it (src/areas/training/emails/approval-withdrawn.mustache), so nobody goes looking for a
// request that is no longer there. Neither email names the course, the session or the person: "sign in
// to see it", as every training approval email says. The person who asked is told when the approver they
// named can no longer decide it (a work alert, with the task), and when another approver of the agency
// decides it instead.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, until } from "../lib/api.mjs";
import { freePort, startHaven } from "../lib/haven.mjs";
import { startSink } from "../lib/smtp.mjs";
import { addManager, approvalCourse, newSession } from "../lib/training.mjs";

const MANAGER = "manager.mail@example.org";
const MANAGER_PASSWORD = "lantern copper meadow eight";

let dir, inbox, sink, haven;
const passwords = { [MANAGER]: MANAGER_PASSWORD }; // the people the tests add sign in with theirs
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000, passwords });

/** The messages the sink has saved for `to`: [{ subject, text }], oldest first. */
function receivedBy(to) {
  return readdirSync(inbox)
    .filter((f) => f.endsWith(".eml"))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .filter((f) => JSON.parse(readFileSync(path.join(inbox, f.replace(".eml", ".json")), "utf8")).rcpt_tos.includes(to))
    .map((f) => {
      const text = readFileSync(path.join(inbox, f), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
      return { subject: (text.match(/^Subject: (.*)$/m) ?? [])[1], text };
    });
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-training-approval-mail-"));
  inbox = path.join(dir, "inbox");
  mkdirSync(inbox);
  const port = await freePort();
  sink = await startSink(port, inbox);
  haven = await startHaven({
    // the work alerts' job every second (as every minute in service)
    env: { HAVEN_SMTP_URL: `smtp://127.0.0.1:${port}`, HAVEN_SMTP_FROM: "haven@partnership.example", HAVEN_WORK_JOB_SECONDS: "1" },
  });
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
  if (sink) {
    const exited = new Promise((r) => sink.once("exit", r));
    sink.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("the approver is emailed when asked, and again when the request is withdrawn; neither names anything", async () => {
  await addManager(post, { name: "Morgan Mailed-Manager", email: MANAGER, password: MANAGER_PASSWORD });
  const session = await newSession(post, await approvalCourse(post, "Mailed approval course"));

  const asked = await post("practitioner", `/api/v1/training/sessions/${session}/book`, { approver_email: MANAGER });
  assert.equal(asked.status, 202, asked.text);
  await until("the request's email", () => receivedBy(MANAGER).length === 1, { timeoutMs: 15_000 });
  assert.equal(receivedBy(MANAGER)[0].subject, "A training booking needs your approval");

  const gone = await post("practitioner", `/api/v1/training/sessions/${session}/cancel`);
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.body.status, "withdrawn");
  await until("the withdrawal's email", () => receivedBy(MANAGER).length === 2, { timeoutMs: 15_000 });
  const [, withdrawn] = receivedBy(MANAGER);
  assert.equal(withdrawn.subject, "A training booking request was withdrawn");
  assert.match(withdrawn.text, /was withdrawn by the person who asked\. There is nothing for you to decide\./);
  for (const mail of receivedBy(MANAGER))
    assert.doesNotMatch(mail.text, /Mailed approval course|Priya|Practitioner|Town Hall/, "no personal data, no course");
  // and the approver's list says so
  assert.equal((await call(MANAGER, "/api/v1/training/approvals")).body.approvals[0].decision, "withdrawn");
});

test("the approver named is deactivated: the person is alerted to name another; another approver decides it and the person is told", async () => {
  const PERSON = "practitioner@demo.haven.example";
  const people = {};
  for (const name of ["Nell Named", "Olive Other"]) {
    const email = `${name.toLowerCase().replace(/\W+/g, ".")}@example.org`;
    const id = await addManager(post, { name, email, password: MANAGER_PASSWORD });
    assert.ok(id);
    passwords[email] = MANAGER_PASSWORD;
    people[name] = { email, id };
  }
  const named = people["Nell Named"], other = people["Olive Other"];
  const session = await newSession(post, await approvalCourse(post, "Alerted approval course"));
  const asked = await post("practitioner", `/api/v1/training/sessions/${session}/book`, { approver_email: named.email });
  assert.equal(asked.status, 202, asked.text);
  const approval = asked.body.approval_id;

  const mails = receivedBy(PERSON).length;
  const off = await post("admin", `/api/v1/users/${named.id}/disable`, { reason: "Left the agency" });
  assert.equal(off.status, 200, off.text);
  await until("the person's alert", () => receivedBy(PERSON).length > mails, { timeoutMs: 15_000 });
  assert.match(receivedBy(PERSON).at(-1).text, /Name another approver for your request for a training place/);

  const told = receivedBy(PERSON).length;
  const decided = await post(other.email, `/api/v1/training/approvals/${approval}/decline`);
  assert.equal(decided.status, 200, decided.text);
  await until("the person's email of the decision", () => receivedBy(PERSON).length > told, { timeoutMs: 15_000 });
  assert.ok(receivedBy(PERSON).slice(told).some((m) => m.subject === "Your training booking has an update"));
  const tasks = (await call("practitioner", "/api/v1/tasks")).body.tasks;
  assert.ok(!tasks.some((t) => t.kind === "training.approver" && t.record_id === session), "nothing left to do");
});
