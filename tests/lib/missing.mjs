// A child put on the register by a police missing report, for the HTTP tests
// of what agencies see of them (contexts, and who a change's audit row names).
// Not a test file.

import assert from "node:assert/strict";

/**
 * Reports a Lancashire (888) child missing as the demo police, with the
 * reference and the child's name and date of birth given, and answers the
 * child's record id (the child the report added, or matched for certain).
 * `api` is an apiClient (tests/lib/api.mjs).
 */
export async function reportedChild(api, reference, given, family, born) {
  const r = await api.post("police", "/api/v1/missing-episodes", {
    police_reference: reference, given_name: given, family_name: family, date_of_birth: born,
    la_code: 888, reported_at: "2026-11-20T21:30:00Z", risk_grading: "high", missing_from: "home",
  });
  assert.equal(r.status, 201, r.text);
  return (await api.call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`)).body.episode.child_id;
}
