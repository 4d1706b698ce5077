// A police incident is never lost to a calendar with no school day. Uploads
// now refuse a bank-holidays file listing weekends or more holidays in a year
// than England has had (setup-steps.test.mjs), but a database can hold such
// holidays from before that check, or from a hand-made import. With every
// weekday a holiday for 800 days no school day was found: the incident was
// answered 200 `{}` ("unchanged") and nothing was saved; for a shorter
// stretch its deadline was weeks away. Now, once the search passes over more
// bank holidays than a year may hold (15), the incident is saved and the
// setting is told by the next weekday's start, with the fault in the log.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();

/** Every weekday from yesterday for `days` days, as the rows a broken import would have left. */
function everyWeekday(days) {
  const dates = [];
  for (let i = -1; i < days; i++) {
    const d = new Date(Date.now() + i * 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) dates.push(d.toISOString().slice(0, 10));
  }
  return dates;
}

before(async () => {
  haven = await startHaven();
  // six weeks of weekdays: more holidays than a year holds, but a school day within 800 days
  const values = everyWeekday(42).map((d) => `('${d}', 'Broken import')`).join(", ");
  sqlText(haven.dbPath, `INSERT INTO bank_holidays (date, title) VALUES ${values};`);
  // the server counts with the database's holidays from its start
  await haven.stop({ keepDir: true });
  haven = await startHaven({ dir: haven.dir });
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("an incident is saved and due at the next weekday's start when the calendar has no school day", async () => {
  const occurred = new Date(Date.now() - 60 * 60 * 1000);
  const r = await post("police", "/api/v1/da-incidents", {
    police_reference: "CAL-FAULT-1",
    occurred_at: occurred.toISOString(),
    la_code: 889,
    risk_level: "medium",
    circumstances: "Fictional, for the test of a broken calendar.",
    adults: [{ name: "Lee Example", role: "suspect" }],
    children: [{ given_name: "Alex", family_name: "Example", date_of_birth: "2016-04-12", present: true, spoken_to: false }],
  });
  assert.equal(r.status, 201, r.text);
  const due = sql(
    "SELECT n.due_at FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id" +
      " JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = 'CAL-FAULT-1';",
  );
  assert.match(due, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "the setting has a deadline");
  const dueAt = new Date(due);
  assert.ok(dueAt > occurred, `due ${due} after the incident`);
  assert.ok(dueAt - occurred <= 4 * 86_400_000, `due ${due} within the next weekday, not years away`);
  assert.ok(![0, 6].includes(dueAt.getUTCDay()), `${due} is a weekday`);
  assert.ok(
    haven.stderrLines().some((line) => /no school day within 800 days .*check the bank holidays/.test(line)),
    "the fault is in the log",
  );
});
