// A field the page offers as a select of agencies, priorities or local authorities (not a fixed choice
// list) says "Select ...", as GOV.UK asks for anything chosen, when it is left empty: not "Enter ...",
// which asks for typing. Checked through the API, whose errors are the page's (one way to answer).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { post } = apiClient(() => haven);
const message = (body, field) => body.errors.find((e) => e.field === field)?.detail ?? body.errors.find((e) => e.field === field)?.message;

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("a select left empty says Select, naming what to choose", async () => {
  const plan = Number(sqlText(haven.dbPath, "SELECT min(id) FROM plans"));
  const meeting = Number(sqlText(haven.dbPath, "SELECT min(id) FROM meetings"));
  assert.ok(plan > 0 && meeting > 0, "the demo holds a plan and a meeting");
  const cases = [
    ["scrutineer", "/api/v1/challenges", "owner", "Select the agency the challenge is to"],
    ["partnership", "/api/v1/plans", "priority", "Select the priority"],
    ["partnership", `/api/v1/plans/${plan}/actions`, "owner", "Select the agency that owns it"],
    ["partnership", `/api/v1/meetings/${meeting}/attendance`, "agency", "Select the agency"],
    ["partnership", `/api/v1/meetings/${meeting}/actions`, "owner", "Select the agency that owns it"],
    ["partnership", "/api/v1/provide/coverage", "la", "Select the local authority area"],
    ["partnership", "/api/v1/reviews", "la", "Select the local authority"],
    ["admin", "/api/v1/invitations", "agency", "Select the person's agency"],
  ];
  for (const [who, path, field, said] of cases) {
    const res = await post(who, path, {});
    assert.equal(res.status, 422, `${path}: ${res.text}`);
    assert.equal(message(res.body, field), said, `${path}: ${res.text}`);
  }
});
