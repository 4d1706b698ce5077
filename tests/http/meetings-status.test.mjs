// A board or group meeting's status moves in one order (src/areas/meetings): planned to held, only on
// or after the meeting's day in England, or to cancelled; a cancelled meeting planned again
// (reinstated); held is final. Every other move is refused 409 naming `status` and the reason, and
// nothing changes (no status, no audit row), on the API and the meeting's page alike, so a meeting not
// yet held never counts in the board's attendance figures.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const statusOf = (id) => sql(`SELECT status FROM meetings WHERE id = ${id}`);
const moves = (id) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.status' AND resource_id = '${id}'`));
const move = (id, status) => post("partnership", `/api/v1/meetings/${id}/status`, { status });
const add = async (held_on) => {
  const res = await post("partnership", "/api/v1/meetings", { held_on, starts_at: "10:00", place: "Fictional Town Hall" });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
};

/* `status` asked of meeting `id` is refused 409 on `status` saying `why`, and nothing changes. */
async function refused(id, status, why) {
  const [was, audited] = [statusOf(id), moves(id)];
  const res = await move(id, status);
  assert.equal(res.status, 409, `${was} to ${status}: ${res.text}`);
  assert.deepEqual(errorFields(res.body), ["status"]);
  assert.match(JSON.stringify(res.body.errors), why);
  assert.equal(statusOf(id), was, "the status stays");
  assert.equal(moves(id), audited, "nothing audited");
}

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a meeting's status", () => {
  test("a meeting in the future is not held; it is cancelled and reinstated", async () => {
    const future = await add(plusDays(30));
    await refused(future, "held", /only on or after its date/);
    await refused(future, "planned", /planned meeting can be marked held or cancelled/);
    assert.equal((await move(future, "cancelled")).status, 200);
    await refused(future, "held", /cancelled one planned again/);
    await refused(future, "cancelled", /cancelled one planned again/);
    const back = await move(future, "planned");
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.meeting.status, "planned");
    assert.equal(moves(future), 2);
  });

  test("a meeting on or before today is held, and held is final", async () => {
    const past = await add(plusDays(-1));
    const held = await move(past, "held");
    assert.equal(held.status, 200, held.text);
    assert.equal(held.body.meeting.status, "held");
    for (const status of ["planned", "cancelled", "held"]) await refused(past, status, /was held: its status cannot change/);
    // the page says so in place of the form
    const page = await call("partnership", `/meetings/${past}`);
    assert.match(page.text, /This meeting was held: its status cannot change/);
    assert.doesNotMatch(page.text, /Save the status/);
  });

  test("the page says why, and changes nothing", async () => {
    const future = await add(plusDays(30));
    const page = await call("partnership", `/meetings/${future}/status`, { method: "POST", form: { status: "held" } });
    assert.equal(page.status, 409, page.text);
    assert.match(page.text, /govuk-error-summary/);
    assert.match(page.text, /A meeting can be marked held only on or after its date/);
    assert.equal(statusOf(future), "planned");
  });
});

describe("a held meeting's date", () => {
  test("cannot be corrected to after today: 409 on held_on, nothing changed; on or before today it can", async () => {
    const past = await add(plusDays(-3));
    assert.equal((await move(past, "held")).status, 200);
    const corrections = () => Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.correct' AND resource_id = '${past}'`));
    const before = [sql(`SELECT held_on FROM meetings WHERE id = ${past}`), corrections()];
    const res = await post("partnership", `/api/v1/meetings/${past}`, { held_on: plusDays(30), starts_at: "10:00", place: "Fictional Town Hall" });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["held_on"]);
    assert.match(JSON.stringify(res.body.errors), /its date cannot be after today/);
    assert.deepEqual([sql(`SELECT held_on FROM meetings WHERE id = ${past}`), corrections()], before, "nothing changed");
    const ok = await post("partnership", `/api/v1/meetings/${past}`, { held_on: plusDays(-2), starts_at: "10:00", place: "Fictional Town Hall" });
    assert.equal(ok.status, 200, ok.text);
    // a planned meeting may move to any day
    const planned = await add(plusDays(-1));
    const moved = await post("partnership", `/api/v1/meetings/${planned}`, { held_on: plusDays(30), starts_at: "10:00", place: "Fictional Town Hall" });
    assert.equal(moved.status, 200, moved.text);
  });
});
