// Households with repeat incidents in a real browser: the partnership sets
// when incidents at one household count as repeats (first with a count too
// small: the GOV.UK error summary, tied to the field), and Blackpool's front
// door reads the households of its area, opens one (flagged for its review),
// records an adult living there (first with nothing chosen: the error
// summary) and marks the repeat incidents reviewed; the police force that
// attended reads its own part of it (its incidents and the adults it named,
// not the front door's adult, nor the flag, which is the front door's). Every
// page state is checked with axe.
//
// Run: node --test tests/browser/households.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { apiClient } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();
const { post } = apiClient(() => s.haven);

s.test("the partnership sets the repeat rule and the front door reads its area's households", async () => {
  // two incidents at one Blackpool household this month
  for (const [ref, days] of [["BHH-1", 12], ["BHH-2", 3]]) {
    const res = await post("police", "/api/v1/da-incidents", {
      police_reference: ref,
      occurred_at: new Date(Date.now() - days * 86400_000).toISOString().replace(/\.\d+Z$/, "Z"),
      location: "5 Browser Lane",
      la_code: 890,
      risk_level: "standard",
      circumstances: "Fictional circumstances for the browser tests.",
      adults: [{ name: "Lee Browser", role: "suspect" }],
      children: [],
    });
    assert.equal(res.status, 201, res.text);
  }

  const partnership = await s.signedIn({ email: "partnership@demo.haven.example" });
  let res = await s.visit(partnership.page, "/households/settings");
  assert.equal(res.status(), 200);
  await s.checkPage(partnership.page, "the repeat rule", { title: "When incidents at a household are repeats" });
  await partnership.page.getByLabel("Number of incidents").fill("1");
  res = await s.navigateBy(partnership.page, partnership.page.getByRole("button", { name: "Save" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(partnership.page);
  await s.checkPage(partnership.page, "the repeat rule refused", { title: "Error: When incidents at a household are repeats" });
  await assertErrorsTiedToFields(partnership.page, "the count's error");
  await partnership.page.getByLabel("Number of incidents").fill("2");
  res = await s.navigateBy(partnership.page, partnership.page.getByRole("button", { name: "Save" }));
  assert.equal(res.status(), 200);
  assert.equal(await partnership.page.getByLabel("Number of incidents").inputValue(), "2");

  const frontDoor = await s.signedIn({ email: "frontdoor2@demo.haven.example" });
  res = await s.navigateBy(frontDoor.page, frontDoor.page.getByRole("link", { name: "Households with repeat incidents" }));
  assert.equal(res.status(), 200);
  await s.checkPage(frontDoor.page, "the households with repeat incidents", { title: "Households with repeat incidents" });
  assert.match(await mainText(frontDoor.page), /5 Browser Lane\s+Blackpool\s+2/);

  // the household itself: a third incident flags it for this front door
  const third = await post("police", "/api/v1/da-incidents", {
    police_reference: "BHH-3",
    occurred_at: new Date(Date.now() - 86400_000).toISOString().replace(/\.\d+Z$/, "Z"),
    location: "5 Browser Lane",
    la_code: 890,
    risk_level: "standard",
    circumstances: "Fictional circumstances for the browser tests.",
    adults: [{ name: "Lee Browser", role: "suspect" }],
    children: [],
  });
  assert.equal(third.status, 201, third.text);
  res = await s.visit(frontDoor.page, "/households");
  res = await s.navigateBy(frontDoor.page, frontDoor.page.getByRole("link", { name: "5 Browser Lane", exact: true }));
  assert.equal(res.status(), 200);
  await s.checkPage(frontDoor.page, "a household waiting for review", { title: "Household" });
  assert.match(await mainText(frontDoor.page), /waiting for review/);
  res = await s.navigateBy(frontDoor.page, frontDoor.page.getByRole("link", { name: "Add an adult living here" }));
  assert.equal(res.status(), 200);
  await s.checkPage(frontDoor.page, "the adult form", { title: "Add an adult to a household" });
  await frontDoor.page.getByLabel("Their name").fill("Sam Browser");
  res = await s.navigateBy(frontDoor.page, frontDoor.page.getByRole("button", { name: "Add the adult" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(frontDoor.page);
  await s.checkPage(frontDoor.page, "the adult form with an error", { title: "Error: Add an adult to a household" });
  await assertErrorsTiedToFields(frontDoor.page, "the relationship's error");
  assert.equal(await frontDoor.page.getByLabel("Their name").inputValue(), "Sam Browser");
  await frontDoor.page.getByLabel("Parent", { exact: true }).check();
  res = await s.navigateBy(frontDoor.page, frontDoor.page.getByRole("button", { name: "Add the adult" }));
  assert.equal(res.status(), 200);
  await s.checkPage(frontDoor.page, "the household with its adult", { title: "Household" });
  assert.match(await mainText(frontDoor.page), /Sam Browser\s+Parent/);
  res = await s.navigateBy(frontDoor.page, frontDoor.page.getByRole("button", { name: "Mark the repeat incidents as reviewed" }));
  assert.equal(res.status(), 200);
  await s.checkPage(frontDoor.page, "the household reviewed", { title: "Household" });
  assert.match(await mainText(frontDoor.page), /reviewed/);

  // the force that attended reads its own part: its incidents and the adults it named, not the front door's adult
  const police = await s.signedIn("police@demo.haven.example");
  res = await s.visit(police.page, "/households");
  res = await s.navigateBy(police.page, police.page.getByRole("link", { name: "5 Browser Lane", exact: true }));
  assert.equal(res.status(), 200);
  await s.checkPage(police.page, "a household as its force reads it", { title: "Household" });
  const text = await mainText(police.page);
  assert.match(text, /Your force's incidents here\s+3 in all/);
  assert.match(text, /Lee Browser \(suspect\)/);
  assert.doesNotMatch(text, /Sam Browser/);
  // the flag and its review are the household's, raised by any force's incidents: the front door's, not the force's
  assert.doesNotMatch(text, /Flagged|reviewed|waiting for review/);
  assert.match(text, /Repeat incidents\s+\d+ incidents in \d+ days are repeats; the front door of \S+ reviews them/);
});
