// Routes, pages, assets, security headers, methods and the access log of a
// running haven serve on the demo database.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHaven, demoAgencyCount } from "../lib/haven.mjs";
import { parseResponse, rawExchange, waitFor } from "./raw.mjs";

let haven;
before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const get = (path, init) => fetch(haven.url + path, { signal: AbortSignal.timeout(5000), ...init });

function assertSecurityHeaders(res, { asset = false } = {}) {
  const h = res.headers;
  const csp = h.get("content-security-policy");
  assert.ok(csp, "Content-Security-Policy is set");
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /default-src 'self'/);
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
  assert.ok(scriptSrc, "CSP has script-src");
  assert.doesNotMatch(scriptSrc, /unsafe-inline|unsafe-eval/);
  assert.equal(h.get("x-content-type-options"), "nosniff");
  assert.equal(h.get("referrer-policy"), "no-referrer");
  assert.equal(h.get("x-frame-options"), "DENY");
  if (asset) assert.match(h.get("cache-control"), /^public, max-age=\d+/);
  else assert.equal(h.get("cache-control"), "no-store");
}

describe("pages", () => {
  test("GET / is the start page", async () => {
    const res = await get("/");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<html lang="en"/);
    assert.match(html, /Demo data is fictional\./, "the footer says so on the demo database");
    assertSecurityHeaders(res);
  });

  test("GET /agencies lists the demo agencies in a table", async () => {
    const res = await get("/agencies");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, new RegExp(`Agencies found: ${demoAgencyCount()}\\b`));
    // The rows are inside {{#agencies.0}} in partnership/agencies.mustache.
    assert.match(html, /<table class="govuk-table haven-cards">/, "the agencies table is rendered");
    assert.match(html, /href="\/agencies\/brookfield-primary"/);
    assertSecurityHeaders(res);
  });

  test("GET /agencies?type=school&area=blackpool filters", async () => {
    const res = await get("/agencies?type=school&area=blackpool");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Agencies found: 2/);
    assert.match(html, /<option value="school" selected>/);
    assert.match(html, /<option value="blackpool" selected>/);
  });

  test("GET /agencies/{slug} shows one agency; unknown slugs are 404 pages", async () => {
    const res = await get("/agencies/brookfield-primary");
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Brookfield Primary School \(fictional\)/);

    for (const path of ["/agencies/no-such-agency", "/agencies/Brookfield-Primary", "/agencies/"]) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers.get("content-type"), "text/html; charset=utf-8");
      assert.match(await r.text(), /Page not found/);
      assertSecurityHeaders(r);
    }
  });

  test("GET /feedback shows the form; GET /feedback/sent thanks", async () => {
    const form = await get("/feedback");
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /<form method="post" action="\/feedback"/);
    assert.match(html, /name="satisfaction"/);
    const sent = await get("/feedback/sent");
    assert.equal(sent.status, 200);
    assert.match(await sent.text(), /Thank you for your feedback/);
  });

  test("unknown paths are 404 HTML pages with security headers", async () => {
    const res = await get("/no/such/page");
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(await res.text(), /Page not found/);
    assertSecurityHeaders(res);
  });
});

describe("health", () => {
  test("GET /healthz is alive", async () => {
    const res = await get("/healthz");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepEqual(await res.json(), { status: "alive" });
    assertSecurityHeaders(res);
  });

  test("GET /readyz is ready", async () => {
    const res = await get("/readyz");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ready" });
  });
});

describe("assets", () => {
  const assets = [
    ["/assets/haven.css", /^text\/css/],
    ["/assets/haven.js", /^text\/javascript/],
    ["/assets/govuk-frontend.min.js", /^text\/javascript/],
    ["/assets/favicon.svg", /^image\/svg\+xml/],
  ];
  for (const [path, type] of assets) {
    test(`GET ${path}`, async () => {
      const res = await get(path);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type"), type);
      assert.ok((await res.arrayBuffer()).byteLength > 0);
      assertSecurityHeaders(res, { asset: true });
    });
  }

  test("unknown assets and path tricks are 404", async () => {
    for (const path of ["/assets/nope.css", "/assets/..%2f..%2fetc%2fpasswd", "/assets/../main.c"]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("cache-control"), "no-store");
      await res.arrayBuffer();
    }
  });
});

describe("API", () => {
  test("GET /api/v1/areas", async () => {
    const res = await get("/api/v1/areas");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const body = await res.json();
    assert.deepEqual(
      body.areas.map((a) => a.slug).sort(),
      ["blackburn-with-darwen", "blackpool", "lancashire"],
    );
    assertSecurityHeaders(res);
  });

  test("GET /api/v1/agencies with and without filters", async () => {
    const all = await (await get("/api/v1/agencies")).json();
    assert.equal(all.count, demoAgencyCount());
    assert.equal(all.agencies.length, demoAgencyCount());
    assert.deepEqual(all.filter, {});
    assert.equal(all.options, undefined, "the page-only filter options are not in the API");

    const res = await get("/api/v1/agencies?type=school&area=blackburn-with-darwen");
    assert.equal(res.status, 200);
    const some = await res.json();
    assert.deepEqual(some.agencies.map((a) => a.slug).sort(), ["brookfield-primary", "larkhill-academy"]);
    assert.deepEqual(some.filter, { type: "school", area: "blackburn-with-darwen" });
    for (const a of some.agencies) assert.equal(a.type_label, "School");
  });

  test("GET /api/v1/agencies/{slug}", async () => {
    const res = await get("/api/v1/agencies/brookfield-primary");
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.agency.slug, "brookfield-primary");
    assert.equal(body.agency.type, "school");
  });

  test("API 404s are problem+json", async () => {
    for (const path of ["/api/v1/agencies/no-such-agency", "/api/v1/nothing", "/api/v1/agencies/UPPER"]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      const p = await res.json();
      assert.equal(p.status, 404);
      assert.equal(p.type, "about:blank");
      assert.equal(typeof p.title, "string");
      assertSecurityHeaders(res);
    }
  });
});

describe("methods", () => {
  test("HEAD / is 200 with headers and no body", async () => {
    const { text } = await rawExchange(
      haven.port,
      "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    const res = parseResponse(text);
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(res.headers["x-frame-options"], "DENY");
    assert.equal(res.body, "", "HEAD has no body");
  });

  test("HEAD via fetch on an API route", async () => {
    const res = await get("/api/v1/areas", { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  const wrong = [
    ["POST", "/", "GET, HEAD", "text/html"],
    ["DELETE", "/agencies", "GET, HEAD", "text/html"],
    ["PUT", "/feedback", "GET, HEAD, POST", "text/html"],
    ["GET", "/api/v1/feedback", "POST", "application/problem+json"],
    ["DELETE", "/api/v1/agencies/brookfield-primary", "GET, HEAD, PATCH", "application/problem+json"],
    ["PATCH", "/healthz", "GET, HEAD", "text/html"],
  ];
  for (const [method, path, allow, type] of wrong) {
    test(`${method} ${path} is 405 with Allow: ${allow}`, async () => {
      const res = await get(path, { method });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), allow);
      assert.ok(res.headers.get("content-type").startsWith(type));
      assertSecurityHeaders(res);
      await res.arrayBuffer();
    });
  }

  test("OPTIONS on a known path is 405", async () => {
    const res = await get("/agencies", { method: "OPTIONS" });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "GET, HEAD");
    await res.arrayBuffer();
  });
});

describe("access log", () => {
  test("logs the route pattern, never the raw path or query string", async () => {
    const marker = "zq-secret-query-value";
    let res = await get("/agencies/brookfield-primary");
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    res = await get(`/api/v1/agencies?area=${marker}`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    res = await get(`/agencies/${marker}-missing`);
    assert.equal(res.status, 404);
    await res.arrayBuffer();

    const lines = await waitFor(
      () => {
        const log = haven.accessLog().filter((l) => l.event === "request");
        return log.some((l) => l.route === "/agencies/{slug:slug}" && l.status === 404) && log;
      },
      { what: "the access log lines" },
    );
    const entry = lines.find((l) => l.route === "/agencies/{slug:slug}" && l.status === 200);
    assert.ok(entry, "GET /agencies/brookfield-primary is logged by its pattern");
    assert.equal(entry.method, "GET");
    assert.equal(typeof entry.duration_ms, "number");
    assert.ok(entry.duration_ms >= 0);
    assert.ok(!Number.isNaN(Date.parse(entry.time)), `time ${entry.time} is a timestamp`);
    assert.ok(lines.some((l) => l.route === "/api/v1/agencies" && l.status === 200));

    const stderr = haven.stderrLines().join("\n");
    assert.ok(!stderr.includes("brookfield-primary"), "the raw slug is not logged");
    assert.ok(!stderr.includes(marker), "query strings and unmatched paths are not logged");
  });

  test("every access log line is one JSON object with the fields", async () => {
    const res = await get("/nowhere");
    await res.arrayBuffer();
    const line = await waitFor(() =>
      haven.accessLog().find((l) => l.event === "request" && l.status === 404 && l.route === "-"),
    );
    for (const key of ["time", "method", "route", "status", "duration_ms"]) assert.ok(key in line, key);
    assert.ok(!haven.stderrLines().join("\n").includes("/nowhere"));
  });
});
