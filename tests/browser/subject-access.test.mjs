// Subject access requests in a real browser: the partnership team follows
// the dashboard's link to the open requests (the overdue one tagged),
// records a request (first with nothing chosen, so the GOV.UK error summary
// shows and what was typed is kept; the form does not ask about identity),
// another member of the team checks the requester's identity, and the first
// opens the pack of everything Haven holds about the child, with its warning
// to redact third parties' data, then extends the request and closes it. A
// request whose requester's identity is not yet verified has no pack: its page offers the check as the
// next step, the pack's page says what is missing, and once the check is
// recorded by another member of the team (the person who recorded the
// request may not; the form offers only the evidence that fits who asked;
// first with nothing chosen) the pack opens and the opening is listed in
// the information governance review. Every page state is checked with axe.
//
// Run: node --test tests/browser/subject-access.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { plusDays } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();

s.test("the partnership team records a request, reads its pack, extends it and closes it", { timeout: 90_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  await s.visit(page, "/dashboard");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Subject access requests" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the open requests", { title: "Subject access requests" });
  assert.match(await mainText(page), /Overdue/);

  res = await s.navigateBy(page, page.getByRole("link", { name: "Record a request" }));
  await s.checkPage(page, "the new request form", { title: "Record a subject access request" });
  await page.getByLabel("The child's record number").fill("3");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the request" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the new request form with errors", { title: "Error: Record a subject access request" });
  await assertErrorsTiedToFields(page, "who asked and the date");
  assert.equal(await page.getByLabel("The child's record number").inputValue(), "3", "what was typed is kept");

  await page.getByLabel("A parent or carer with parental responsibility").check();
  const received = plusDays(-2);
  await fillDate(page, "The date the request was received", received);
  assert.equal(await page.getByText("identity", { exact: false }).count(), 0, "recording does not ask about identity");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the request" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/subject-access\/\d+$/);
  const id = page.url().match(/(\d+)$/)[1];
  const title = `Subject access request ${id}`;
  await s.checkPage(page, "the request as recorded", { title });
  assert.match(await mainText(page), /Jo Fictional/);
  assert.match(await mainText(page), /Identity verified\s+No/, "recorded unverified");
  assert.equal(await page.getByRole("link", { name: "Everything Haven holds about this child" }).count(), 0, "no pack yet");

  // another member of the partnership team checks who asked: a parent, so proof of parental responsibility
  const checker = (await s.signedIn({ email: "partnership2@demo.haven.example" })).page;
  await s.visit(checker, `/subject-access/${id}#verify`);
  await checker.getByLabel(/^Photo identity and proof of parental responsibility/).check();
  await fillDate(checker, "The date the identity was checked", received);
  res = await s.navigateBy(checker, checker.getByRole("button", { name: "Record the identity as verified" }));
  assert.equal(res.status(), 200);
  await s.checkPage(checker, "the request checked by another of the team", { title });

  res = await s.visit(page, `/subject-access/${id}`);
  await s.checkPage(page, "the request as verified, seen by the person who recorded it", { title });
  assert.match(await mainText(page), /Yes: Photo identity and proof of parental responsibility/);

  res = await s.navigateBy(page, page.getByRole("link", { name: "Everything Haven holds about this child" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the pack", { title: "Everything Haven holds about this child" });
  const pack = await mainText(page);
  assert.match(pack, /redact other people's information/);
  assert.match(pack, /The child's record/);
  assert.match(pack, /Who has seen or changed the child's records/);
  await page.goBack();

  await page.getByLabel("2 further months").check();
  await page.getByLabel("Why it is extended").fill("Fictional: complex, records from several agencies");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Extend the request" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the extended request", { title });
  assert.match(await mainText(page), /2 of up to 2 further months/);

  await page.getByLabel("Answered in part, with reasons").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Close the request" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the close form with errors", { title: `Error: ${title}` });
  await fillDate(page, "The date the request was answered", plusDays(0));
  await page.getByLabel("The reasons (needed when answered in part or refused)").fill("Fictional: a third party's details withheld");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Close the request" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the closed request", { title });
  assert.match(await mainText(page), /Answered in part, with reasons: Fictional: a third party's details withheld/);
  assert.equal(await page.getByRole("button", { name: "Close the request" }).count(), 0);

  // the register keeps it among those answered in the last 12 months
  res = await s.visit(page, "/subject-access");
  await s.checkPage(page, "the register with a request answered", { title: "Subject access requests" });
  const answered = page.getByRole("region", { name: "Subject access requests answered in the last 12 months" });
  assert.match(await answered.innerText(), new RegExp(`${title.replace("Subject access request", "Request")}[\\s\\S]*On time[\\s\\S]*Answered in part, with reasons`));
});

s.test("a request not yet verified: the pack waits for the check, then opens and is reviewed", { timeout: 90_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  await s.visit(page, "/subject-access/new");
  await page.getByLabel("The child's record number").fill("2");
  await page.getByLabel("The child", { exact: true }).check();
  const received = plusDays(-3);
  await fillDate(page, "The date the request was received", received);
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Record the request" }));
  assert.equal(res.status(), 200);
  const id = page.url().match(/(\d+)$/)[1];
  const title = `Subject access request ${id}`;
  await s.checkPage(page, "a request waiting for the identity check, seen by the person who recorded it", { title });
  assert.match(await mainText(page), /Next: check the requester's identity/);
  assert.match(await mainText(page), /You recorded this request, so another member of the partnership team checks the requester's identity/);
  assert.equal(await page.getByRole("button", { name: "Record the identity as verified" }).count(), 0, "no form the recorder would be refused");
  assert.equal(await page.getByRole("link", { name: "Everything Haven holds about this child" }).count(), 0);

  res = await s.visit(page, `/subject-access/${id}/pack`);
  assert.equal(res.status(), 409);
  await s.checkPage(page, "the pack refused until the identity is verified", { title: "Error: Everything Haven holds about this child" });
  await assertFocusedErrorSummary(page);
  assert.match(await mainText(page), /The pack is not gathered yet: the requester's identity is not verified/);
  assert.doesNotMatch(await mainText(page), /The child's record/);
  const next = page.getByRole("link", { name: "record the check on the request's page" });
  assert.equal(await next.getAttribute("href"), `/subject-access/${id}#verify`, "to the check's form");
  // another member of the partnership team checks who asked
  const checker = (await s.signedIn({ email: "partnership2@demo.haven.example" })).page;
  res = await s.visit(checker, `/subject-access/${id}#verify`);
  assert.equal(res.status(), 200);
  await s.checkPage(checker, "a request waiting for the identity check, seen by another of the team", { title });
  const evidence = checker.getByRole("group", { name: "The evidence of identity you saw" });
  assert.deepEqual(
    (await evidence.getByRole("radio").evaluateAll((radios) => radios.map((r) => r.labels[0].textContent))).map((l) => l.split(" ")[0]),
    ["Photo", "Known"],
    "only the evidence that fits a request from the child",
  );

  res = await s.navigateBy(checker, checker.getByRole("button", { name: "Record the identity as verified" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(checker);
  await s.checkPage(checker, "the identity check with errors", { title: `Error: ${title}` });
  await assertErrorsTiedToFields(checker, "the evidence and the date checked");

  await checker.getByLabel(/^Known to a practitioner/).check();
  await fillDate(checker, "The date the identity was checked", plusDays(0));
  res = await s.navigateBy(checker, checker.getByRole("button", { name: "Record the identity as verified" }));
  assert.equal(res.status(), 200);
  await s.checkPage(checker, "the request with its identity verified", { title });
  assert.match(await mainText(checker), /Yes: Known to a practitioner, who met them in person and confirmed who they are, seen by Rhys Records-Officer/);

  res = await s.navigateBy(checker, checker.getByRole("link", { name: "Everything Haven holds about this child" }));
  assert.equal(res.status(), 200);
  await s.checkPage(checker, "the pack once the identity is verified", { title: "Everything Haven holds about this child" });
  assert.match(await mainText(checker), /The child's record/);
  assert.match(await mainText(checker), /UPN/);

  await s.visit(page, "/governance/break-glass");
  await s.checkPage(page, "the review with the packs opened", { title: "Break-glass access" });
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `Request ${id}`, exact: true }) });
  assert.equal(await row.count(), 2, "the refused opening and the pack read");
  assert.match(await row.first().innerText(), /child 2/);
});
