// A browser of sorts for HTTP tests of what only a browser's session sees
// (a kept form, a success banner): a cookie jar, forms sent urlencoded, and
// redirects not followed, so each step's answer can be checked.
//
//   const b = cookieClient(() => haven);
//   await b.signIn("partnership");              // through the sign-in form
//   const page = await b.request("/training/courses/new");
//   await b.request("/training/courses", { method: "POST", form: { csrf_token: b.csrfOf(page.text), ... } });
//
// request(path, { method, form, headers }) resolves to { status, location, text, setCookies }; b.jar is the Map of cookies.

import assert from "node:assert/strict";

import { DEMO_PASSWORD, demoEmail, letSocketsSettle } from "./api.mjs";

export function cookieClient(server) {
  const jar = new Map();
  async function request(path, { method = "GET", form, headers: extra = {} } = {}) {
    const headers = { ...extra };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body;
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(form).toString();
    }
    await letSocketsSettle();
    const res = await fetch(server().url + path, { method, headers, body, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at), value = pair.slice(at + 1);
      if (attributes.some((a) => a.trim().toLowerCase() === "max-age=0") || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return { status: res.status, location: res.headers.get("location"), text: await res.text(), setCookies: res.headers.getSetCookie() };
  }
  /** The CSRF token of the (first) form on a page. */
  const csrfOf = (html) => html.match(/name="csrf_token" value="([^"]+)"/)[1];
  /** Signs in through the sign-in form as `who` (a demo name or an email); asserts it leads to the dashboard. */
  async function signIn(who) {
    const page = await request("/sign-in");
    const res = await request("/sign-in", {
      method: "POST",
      form: { csrf_token: csrfOf(page.text), email: demoEmail(who), password: DEMO_PASSWORD },
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.location, "/dashboard");
  }
  return { jar, request, csrfOf, signIn };
}
