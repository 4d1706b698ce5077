// Households with repeat incidents in a real browser: the partnership sets
// when incidents at one household count as repeats (first with a count too
// small: the GOV.UK error summary, tied to the field), and Blackpool's front
// door reads the households of its area. Every page state is checked with axe.
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
});
