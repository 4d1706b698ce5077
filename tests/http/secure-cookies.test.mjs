// An https:// HAVEN_PUBLIC_URL means people reach Haven over TLS (an
// attacker's test: with it but no --secure-cookies, cookies went out without
// Secure and with no HSTS, and nothing said so). It turns --secure-cookies on
// by itself: Secure, __Host- cookies and Strict-Transport-Security. An
// http:// address leaves them off, for trying Haven on plain HTTP.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { startHaven } from "../lib/haven.mjs";

const started = [];
after(async () => {
  for (const h of started) await h.stop();
});

/** The sign-in page's Set-Cookie lines and HSTS header from a server started with `publicUrl`. */
async function signInPage(publicUrl) {
  const haven = await startHaven({ env: { HAVEN_PUBLIC_URL: publicUrl } });
  started.push(haven);
  const res = await fetch(`${haven.url}/sign-in`);
  assert.equal(res.status, 200);
  return { cookies: res.headers.getSetCookie(), hsts: res.headers.get("strict-transport-security") };
}

test("an https:// public address sends Secure, __Host- cookies and HSTS without --secure-cookies", async () => {
  const { cookies, hsts } = await signInPage("https://haven.example.org/");
  assert.ok(cookies.length > 0, "the sign-in page sets its CSRF cookie");
  for (const c of cookies) {
    assert.match(c, /^__Host-/, c);
    assert.match(c, /; Secure/, c);
  }
  assert.equal(hsts, "max-age=31536000");
});

test("an http:// public address leaves them off, for plain HTTP", async () => {
  const { cookies, hsts } = await signInPage("http://127.0.0.1:8080/");
  assert.ok(cookies.length > 0);
  for (const c of cookies) {
    assert.doesNotMatch(c, /^__Host-/, c);
    assert.doesNotMatch(c, /; Secure/, c);
  }
  assert.equal(hsts, null);
});
