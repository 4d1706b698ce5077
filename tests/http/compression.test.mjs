// Compression (issue 16, point 13), over HTTP against the real server: text
// assets are served as compressed at build time (brotli where the client
// accepts it, else gzip, else as they are), pages and JSON are compressed per
// answer, and every answer that can vary says so with Vary: Accept-Encoding.
// A page is compressed only for a request Haven's own pages or the person
// made (Sec-Fetch-Site), or an API client with a bearer token, never for one
// another site could have caused (BREACH).
//
// Run: HAVEN_BIN=build/haven node --test tests/http/compression.test.mjs

import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";
import zlib from "node:zlib";

import { apiClient } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const api = apiClient(() => haven);

before(async () => {
  haven = await startHaven({ demo: true });
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** GET path with these headers; resolves to { status, headers, body (the raw bytes, not decoded) }. */
function rawGet(path, headers = {}) {
  const u = new URL(haven.url + path);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const decode = (res) =>
  res.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(res.body)
  : res.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(res.body)
  : res.body;

test("text assets come compressed at build time, as the client accepts, and say they vary", async () => {
  for (const asset of ["/assets/haven.css", "/assets/govuk-frontend.min.js", "/assets/haven.js"]) {
    const plain = await rawGet(asset);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers["content-encoding"], undefined, `${asset} as it is without Accept-Encoding`);
    assert.equal(plain.headers.vary, "Accept-Encoding");

    const br = await rawGet(asset, { "accept-encoding": "gzip, deflate, br" });
    assert.equal(br.headers["content-encoding"], "br", asset);
    assert.equal(br.headers.vary, "Accept-Encoding");
    assert.ok(br.body.length < plain.body.length / 2, `${asset}: ${br.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(decode(br), plain.body, `${asset} decompresses to itself`);

    const gz = await rawGet(asset, { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip", asset);
    assert.deepEqual(decode(gz), plain.body);
    assert.ok(br.body.length < gz.body.length, "brotli is the smaller");

    const refused = await rawGet(asset, { "accept-encoding": "br;q=0, gzip;q=0" });
    assert.equal(refused.headers["content-encoding"], undefined, "q=0 refuses a coding");
  }
});

test("pages are compressed per answer for Haven's own requests, never for another site's", async () => {
  const token = await api.token("dsl");
  const own = { authorization: `Bearer ${token}`, "accept-encoding": "gzip, deflate, br" };
  const page = await rawGet("/dashboard", { ...own, "sec-fetch-site": "same-origin" });
  assert.equal(page.status, 200);
  assert.equal(page.headers["content-encoding"], "br");
  assert.equal(page.headers.vary, "Accept-Encoding");
  assert.match(decode(page).toString(), /^<!DOCTYPE html>[\s\S]*Your dashboard[\s\S]*<\/html>\s*$/);

  // a browser's request from another site (cookies, no bearer) is never compressed
  const anonymous = { "accept-encoding": "gzip, deflate, br" };
  for (const site of ["cross-site", "same-site", undefined]) {
    const res = await rawGet("/sign-in", site ? { ...anonymous, "sec-fetch-site": site } : anonymous);
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], undefined, `Sec-Fetch-Site ${site}`);
    assert.equal(res.headers.vary, "Accept-Encoding");
  }
  const typed = await rawGet("/sign-in", { ...anonymous, "sec-fetch-site": "none" });
  assert.equal(typed.headers["content-encoding"], "br", "an address the person typed or followed from a bookmark");
  assert.match(decode(typed).toString(), /<form method="post" action="\/sign-in"/);
});

test("API answers are compressed for bearer clients; small answers and other types are not", async () => {
  const token = await api.token("partnership");
  const list = await rawGet("/api/v1/agencies", { authorization: `Bearer ${token}`, "accept-encoding": "gzip" });
  assert.equal(list.status, 200);
  assert.equal(list.headers["content-encoding"], "gzip");
  assert.ok(JSON.parse(decode(list).toString()).agencies.length > 0);

  const small = await rawGet("/healthz", { "accept-encoding": "gzip, br", "sec-fetch-site": "none" });
  assert.equal(small.headers["content-encoding"], undefined, "under a kilobyte: as it is");
});
