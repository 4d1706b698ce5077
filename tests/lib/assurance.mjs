// Quality assurance fixtures shared by the HTTP tests of its cycles: opening
// a cycle of one kind of standards as the partnership team, reading a cycle,
// and finding an agency's return in it. Not a test file.

import assert from "node:assert/strict";

/** The latest published standards of `kind` ("section11", "section175"), read with `sql` (sqlText on the test's database). */
export const standardsOf = (sql, kind) => Number(sql(`SELECT max(id) FROM qa_standard_sets WHERE kind = '${kind}'`));

/** Opens a cycle of `kind`'s standards as the partnership team (`post`, an apiClient's): its id. */
export async function openQaCycle(post, sql, kind, title, opens_on, returns_due_on) {
  // confirmed: a cycle whose return date has passed opens only when the user is sure, and tests open such cycles
  // on purpose
  const r = await post("partnership", "/api/v1/qa/cycles", { standards: standardsOf(sql, kind), title, opens_on, returns_due_on, confirmed: true });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

/** Cycle `id` as the partnership team reads it (`call`, an apiClient's), with its returns. */
export async function qaCycle(call, id) {
  const r = await call("partnership", `/api/v1/qa/cycles/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** The return in `cycle` of the agency whose slug is `slug`. */
export const agencyReturn = (sql, cycle, slug) => {
  const name = sql(`SELECT name FROM agencies WHERE slug = '${slug}'`);
  return cycle.returns.find((x) => x.agency === name);
};
