// Per-address limits count an IPv6 client by its /64 (RFC 6177: a client is
// usually given a whole /64 and may take any address in it), over HTTP
// against the real binary. Clients are presented through the trusted proxy
// (--trusted-proxy 127.0.0.1, X-Forwarded-For), as in hostile.test.mjs:
// addresses in one /64 share the feedback allowance and the sign-in
// throttle; addresses in another /64 do not; an IPv4-mapped address counts
// as its IPv4 address. The audit log keeps the full address.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, requestOn, sqlRows } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
before(async () => {
  haven = await startHaven({ args: ["--trusted-proxy", "127.0.0.1"], env: { HAVEN_FEEDBACK_LIMIT: "2" } });
});
after(async () => {
  await haven?.stop();
});

describe("the feedback allowance", () => {
  const { call } = apiClient(() => haven);
  const send = (from) =>
    call(null, "/api/v1/feedback", {
      method: "POST",
      headers: { "x-forwarded-for": from },
      json: { satisfaction: "neutral", comments: `from ${from}` },
    });

  test("is one for a whole IPv6 /64, however its addresses are written", async () => {
    assert.equal((await send("2001:db8:1:2::1")).status, 201);
    assert.equal((await send("2001:DB8:1:2:aaaa:bbbb:cccc:dddd")).status, 201);
    const third = await send("2001:0db8:0001:0002:0000:0000:0000:0003");
    assert.equal(third.status, 429, `the /64's allowance is used: ${third.text}`);
    // another /64 has its own
    assert.equal((await send("2001:db8:1:3::1")).status, 201);
  });

  test("is one for an IPv4 address and the same address mapped into IPv6", async () => {
    assert.equal((await send("192.0.2.7")).status, 201);
    assert.equal((await send("::ffff:192.0.2.7")).status, 201);
    assert.equal((await send("192.0.2.7")).status, 429);
    assert.equal((await send("192.0.2.8")).status, 201, "the next IPv4 address is another client");
  });
});

describe("the sign-in throttle", () => {
  const signIn = (i, from) =>
    requestOn(haven.url, "POST", "/api/v1/session", {
      headers: { "x-forwarded-for": from },
      json: { email: `nobody-${i}@example.org`, password: "not-the-password-4711" },
    });

  test("counts guesses from any address of a /64 together, and not another /64's", async () => {
    // An address's 20 failures cost nothing; the 21st makes it wait. Each guess here is from a
    // fresh address of one /64, at a fresh email, so only the address's counter can fill.
    for (let i = 1; i <= 20; i++) {
      const r = await signIn(i, `2001:db8:5:6::${i.toString(16)}`);
      assert.equal(r.status, 401, `guess ${i}: ${r.text}`);
    }
    const next = await signIn(21, "2001:db8:5:6:ffff:1:2:3");
    assert.equal(next.status, 429, `the /64's 21st failure waits: ${next.text}`);
    assert.ok(Number(next.headers["retry-after"]) >= 1, `Retry-After ${next.headers["retry-after"]}`);
    const elsewhere = await signIn(22, "2001:db8:5:7::1");
    assert.equal(elsewhere.status, 401, `another /64 is not throttled: ${elsewhere.text}`);
    // the audit log keeps each full address, not the /64
    const rows = sqlRows(haven.dbPath, "SELECT client_address FROM audit_log WHERE client_address LIKE '2001:db8:5:6:%'");
    assert.ok(rows.some((r) => r.client_address === "2001:db8:5:6:ffff:1:2:3"), JSON.stringify(rows));
    assert.ok(!rows.some((r) => r.client_address.endsWith("/64")), JSON.stringify(rows));
  });
});
