// Input validation: query strings, forms and JSON bodies, the error formats
// (problem+json for the API, GOV.UK error pages for browsers), and that
// feedback really reaches the database.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven, demoAgencyCount, SQLITE_ONLY } from "../lib/haven.mjs";
import { parseResponse, rawExchange } from "./raw.mjs";

let haven;
before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) await haven.stop();
});

const { post, call } = apiClient(() => haven);
const req = (path, init) => fetch(haven.url + path, { signal: AbortSignal.timeout(5000), ...init });
const postJson = (path, body) =>
  req(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
// Forms posted to pages must carry the CSRF token a page gave out, with the
// matching cookie (double submit for people not signed in).
let csrf;
async function csrfPair() {
  if (csrf) return csrf;
  const res = await req("/feedback");
  const html = await res.text();
  const cookie = res.headers.get("set-cookie").split(";")[0];
  const token = html.match(/name="csrf_token" value="([^"]+)"/)[1];
  return (csrf = { cookie, token });
}
const postForm = async (path, body, { withCsrf = true } = {}) => {
  const text = typeof body === "string" ? body : new URLSearchParams(body).toString();
  const headers = { "content-type": "application/x-www-form-urlencoded" };
  let sent = text;
  if (withCsrf) {
    const { cookie, token } = await csrfPair();
    headers.cookie = cookie;
    sent = `csrf_token=${encodeURIComponent(token)}&${text}`;
  }
  return req(path, { method: "POST", headers, body: sent, redirect: "manual" });
};

async function problem(res, status) {
  assert.equal(res.status, status);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const p = await res.json();
  assert.equal(p.status, status);
  assert.equal(p.type, "about:blank");
  assert.equal(typeof p.title, "string");
  return p;
}

const fieldsOf = (p) => (p.errors ?? []).map((e) => e.field);

describe("query validation", () => {
  test("API: invalid type and area give 400 with every field's error", async () => {
    const p = await problem(await req("/api/v1/agencies?type=bogus&area=Not_A_Slug"), 400);
    assert.deepEqual(fieldsOf(p).sort(), ["area", "type"]);
    for (const e of p.errors) {
      assert.equal(e.pointer, `#/${e.field}`);
      assert.equal(typeof e.detail, "string");
      assert.ok(e.detail.length > 0);
    }
  });

  test("API: unknown and repeated query parameters are 400", async () => {
    let p = await problem(await req("/api/v1/agencies?colour=blue"), 400);
    assert.deepEqual(fieldsOf(p), ["colour"]);
    p = await problem(await req("/api/v1/agencies?type=school&type=police"), 400);
    assert.deepEqual(fieldsOf(p), ["type"]);
    assert.match(p.errors[0].detail, /more than once/);
  });

  test("API: an area slug over 100 characters is 400", async () => {
    const p = await problem(await req(`/api/v1/agencies?area=${"a".repeat(101)}`), 400);
    assert.deepEqual(fieldsOf(p), ["area"]);
  });

  test("API: empty filters mean no filter", async () => {
    const res = await req("/api/v1/agencies?type=&area=");
    assert.equal(res.status, 200);
    assert.equal((await res.json()).count, demoAgencyCount());
  });

  test("API: a query string on a route that takes none is 400", async () => {
    const p = await problem(await req("/api/v1/areas?x=1"), 400);
    assert.deepEqual(fieldsOf(p), ["x"]);
  });

  test("API: a NUL (%00) in a query value or name is refused naming its field, never read as cut short", async () => {
    const letters = /must only include letters, numbers and punctuation/;
    for (const query of ["limit=1%00abc", "limit=%00"]) {
      const r = await call("police", `/api/v1/contexts?${query}`);
      assert.equal(r.status, 400, query);
      assert.deepEqual(errorFields(r.body), ["limit"], query);
      assert.match(r.body.errors[0].detail, letters, query);
    }
    const period = await call("scrutineer", "/api/v1/scrutiny?from=2025-10-06%00junk&to=2026-03-31");
    assert.equal(period.status, 400, period.text);
    assert.deepEqual(errorFields(period.body), ["from"]);
    assert.match(period.body.errors[0].detail, letters);
    // a name holding one is not "limit" (nor any name): refused as a form's name would be
    const named = await call("police", "/api/v1/contexts?limit%00x=5");
    assert.equal(named.status, 400, named.text);
    assert.equal(named.body.errors[0].detail, "The form has a field whose name is not valid text");
    assert.equal((await call("police", "/api/v1/contexts?limit=1")).status, 200, "the same without the NUL");
  });

  test("a NUL (%00) in the path matches no route, never the path before it", async () => {
    // the practitioner may read child 1: libmicrohttpd's own decoding answered each path below as that
    assert.equal((await call("practitioner", "/api/v1/children/1")).status, 200, "the child, without the NUL");
    for (const path of ["/api/v1/children/1%00", "/api/v1/children/1%00/anything", "/api/v1/children/1%00.json"]) {
      const r = await call("practitioner", path);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers.get("content-type"), "application/problem+json", `${path}: the API's answer`);
      assert.doesNotMatch(r.text, /"date_of_birth"/, path);
    }
    const page = await req("/feedback%00.css");
    assert.equal(page.status, 404, "a page's path holding a NUL is no page");
  });

  test("page: invalid filter is a 400 page with a GOV.UK error summary", async () => {
    const res = await req("/agencies?type=bogus");
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    assert.match(html, /<title>Error: /);
    assert.match(html, /class="govuk-error-summary"/);
    assert.match(html, /<a href="#type">Select the type of agency from the list<\/a>/);
    assert.match(html, /id="type-error" class="govuk-error-message"/);
    assert.match(html, /govuk-select--error/);
  });
});

describe("feedback form (browser)", () => {
  test("a form without the CSRF token, or with another one, is refused (403) and saves nothing", async () => {
    let res = await postForm("/feedback", { satisfaction: "satisfied" }, { withCsrf: false });
    assert.equal(res.status, 403);
    await res.arrayBuffer();
    const { cookie } = await csrfPair();
    res = await req("/feedback", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: "csrf_token=" + "A".repeat(43) + "&satisfaction=satisfied",
      redirect: "manual",
    });
    assert.equal(res.status, 403);
    await res.arrayBuffer();
  });

  test("a valid form is saved and redirected to /feedback/sent (303)", async () => {
    const res = await postForm("/feedback", { satisfaction: "satisfied", comments: "Works well" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/feedback/sent");
    assert.equal(res.headers.get("cache-control"), "no-store");
    await res.arrayBuffer();
  });

  test("a missing choice re-shows the form (422) with the typed comments kept", async () => {
    const comments = 'Keep me <b>"&</b> please';
    const res = await postForm("/feedback", { comments });
    assert.equal(res.status, 422);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    assert.match(html, /<title>Error: /);
    assert.match(html, /class="govuk-error-summary"/);
    assert.match(html, /<a href="#satisfaction">Select how satisfied you are with Haven<\/a>/);
    assert.match(html, /id="satisfaction-error"/);
    // kept, and HTML-escaped
    const textarea = /<textarea[^>]*>([^<]*)<\/textarea>/.exec(html);
    assert.ok(textarea, "the comments textarea is there");
    assert.equal(textarea[1], "Keep me &lt;b&gt;&quot;&amp;&lt;/b&gt; please");
    assert.ok(!html.includes("<b>\"&</b>"), "the typed text is never echoed raw");
  });

  test("comments over 1200 characters are 422; exactly 1200 (multi-byte) is fine", async () => {
    let res = await postForm("/feedback", { satisfaction: "neutral", comments: "x".repeat(1201) });
    assert.equal(res.status, 422);
    assert.match(await res.text(), /1200 characters or fewer/);
    res = await postForm("/feedback", { satisfaction: "neutral", comments: "é".repeat(1200) });
    assert.equal(res.status, 303);
    await res.arrayBuffer();
  });

  test("an unknown choice and an unknown field are 422", async () => {
    const res = await postForm("/feedback", { satisfaction: "ecstatic", extra: "1" });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /href="#satisfaction"/);
    assert.match(html, /href="#extra"/);
  });

  test("a badly encoded value shows the form again naming its field, keeping the rest", async () => {
    // a NUL (%00) or a bare % cannot be read as text: that field is refused, the others are kept
    for (const comments of ["abc%00def", "50%"]) {
      const res = await postForm("/feedback", `satisfaction=neutral&comments=${comments}`);
      assert.equal(res.status, 422, comments);
      const html = await res.text();
      assert.match(html, /class="govuk-error-summary"/);
      assert.match(html, /<a href="#comments">Your comments must only include letters, numbers and punctuation<\/a>/);
      assert.match(html, /<input[^>]*value="neutral"[^>]*checked/, "the choice made is kept");
    }
    const res = await postForm("/feedback", "satisfaction=%zz&comments=Keep+this");
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /<a href="#satisfaction">/);
    assert.equal(/<textarea[^>]*>([^<]*)<\/textarea>/.exec(html)[1], "Keep this");
  });

  test("one unknown field sent many times is named once, and only distinct names are counted", async () => {
    const repeats = Array.from({ length: 3000 }, (_, i) => `a=${i}`).join("&");
    let res = await postForm("/feedback", `satisfaction=neutral&${repeats}`);
    assert.equal(res.status, 422);
    let html = await res.text();
    assert.equal(html.match(/<a href="#a">A is not a field this accepts<\/a>/g)?.length, 1);
    assert.doesNotMatch(html, /more field/);
    // eleven names, each sent 300 times: ten named, one counted
    const names = "bcdefghijkl".split("");
    const mixed = Array.from({ length: 3300 }, (_, i) => `${names[i % 11]}=1`).join("&");
    res = await postForm("/feedback", `satisfaction=neutral&${mixed}`);
    assert.equal(res.status, 422);
    html = await res.text();
    assert.match(html, /There is 1 more field this does not accept/);
    assert.equal(html.match(/<a href="#b">B is not a field this accepts<\/a>/g)?.length, 1);
  });

  test("a field whose name is badly encoded is named plainly, with the rest kept", async () => {
    const res = await postForm("/feedback", "satisfaction=neutral&comments=Still+here&%zz=1");
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /The form has a field whose name is not valid text/);
    assert.equal(/<textarea[^>]*>([^<]*)<\/textarea>/.exec(html)[1], "Still here");
  });
});

describe("feedback API (JSON)", () => {
  test("a valid body gives 201 {id, status}", async () => {
    const res = await postJson("/api/v1/feedback", { satisfaction: "very_satisfied", comments: "Great" });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("content-type"), "application/json");
    const body = await res.json();
    assert.equal(typeof body.id, "number");
    assert.ok(Number.isInteger(body.id) && body.id > 0);
    assert.equal(body.status, "saved");
  });

  test("charset parameter on the content type is accepted", async () => {
    const res = await req("/api/v1/feedback", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ satisfaction: "neutral" }),
    });
    assert.equal(res.status, 201);
    await res.arrayBuffer();
  });

  test("the API refuses a urlencoded form (415, JSON only) and saves nothing", async () => {
    const marker = `form-to-api-${process.pid}-${Date.now()}`;
    // with and without the page's CSRF token and cookie: a form is refused either way
    for (const withCsrf of [true, false]) {
      const res = await postForm("/api/v1/feedback", { satisfaction: "dissatisfied", comments: marker }, { withCsrf });
      const p = await problem(res, 415);
      assert.match(p.detail, /application\/json/);
    }
    // the same fields as JSON are saved, so the refusal was the content type
    const ok = await postJson("/api/v1/feedback", { satisfaction: "dissatisfied", comments: `${marker}-json` });
    assert.equal(ok.status, 201);
    await ok.arrayBuffer();
    const saved = sqlText(haven.dbPath, `SELECT comments FROM feedback WHERE comments LIKE '${marker}%'`);
    assert.deepEqual(saved.split("\n"), [`${marker}-json`], "only the JSON feedback was saved");
  });

  test("invalid fields: 422 listing each (unknown, wrong type, bad choice)", async () => {
    const p = await problem(
      await postJson("/api/v1/feedback", { satisfaction: "meh", comments: 5, surprise: true }),
      422,
    );
    assert.deepEqual(fieldsOf(p).sort(), ["comments", "satisfaction", "surprise"]);
    for (const e of p.errors) assert.equal(e.pointer, `#/${e.field}`);
  });

  test("missing required field is 422", async () => {
    const p = await problem(await postJson("/api/v1/feedback", { comments: "hi" }), 422);
    assert.deepEqual(fieldsOf(p), ["satisfaction"]);
    const q = await problem(await postJson("/api/v1/feedback", { satisfaction: null }), 422);
    assert.deepEqual(fieldsOf(q), ["satisfaction"]);
  });

  test("a body that is not an object is refused", async () => {
    // An array parses, then fails validation (422).
    const p = await problem(await postJson("/api/v1/feedback", "[]"), 422);
    assert.equal(p.errors.length, 1);
    assert.match(p.errors[0].detail, /must be a JSON object/);
    // A bare scalar is not accepted by the parser at all (400).
    for (const body of ['"satisfied"', "42", "null"]) {
      const q = await problem(await postJson("/api/v1/feedback", body), 400);
      assert.match(q.errors[0].detail, /not valid JSON/, body);
    }
  });

  test("comments: 1200 characters ok, 1201 not; control characters refused", async () => {
    let res = await postJson("/api/v1/feedback", { satisfaction: "neutral", comments: "€".repeat(1200) });
    assert.equal(res.status, 201);
    await res.arrayBuffer();
    let p = await problem(
      await postJson("/api/v1/feedback", { satisfaction: "neutral", comments: "a".repeat(1201) }),
      422,
    );
    assert.deepEqual(fieldsOf(p), ["comments"]);
    p = await problem(await postJson("/api/v1/feedback", { satisfaction: "neutral", comments: "a\u0007b" }), 422);
    assert.deepEqual(fieldsOf(p), ["comments"]);
  });

  test("a \\u0000 in a value is refused naming the field, in plain words", async () => {
    const p = await problem(await postJson("/api/v1/feedback", '{"satisfaction":"neutral","comments":"a\\u0000b"}'), 422);
    assert.deepEqual(fieldsOf(p), ["comments"]);
    assert.equal(p.errors[0].detail, "Your comments must only include letters, numbers and punctuation");
    // a choice's value too: never jansson's own words
    const q = await problem(await postJson("/api/v1/feedback", '{"satisfaction":"neutral\\u0000"}'), 422);
    assert.deepEqual(fieldsOf(q), ["satisfaction"]);
    assert.doesNotMatch(JSON.stringify(q), /JSON_ALLOW_NUL/);
  });

  test("a very long unknown field is named cut to 100 bytes, in field, pointer and detail alike", async () => {
    const name = "é".repeat(50_000); // 100,000 bytes
    const p = await problem(await postJson("/api/v1/feedback", { satisfaction: "neutral", [name]: 1 }), 422);
    assert.equal(p.errors.length, 1);
    const cut = "é".repeat(50);
    assert.equal(p.errors[0].field, cut);
    assert.equal(p.errors[0].pointer, `#/${cut}`);
    assert.equal(p.errors[0].detail, `${cut} is not a field this accepts`);
    // a query's the same
    const q = await problem(await req(`/api/v1/agencies?${"x".repeat(5000)}=1`), 400);
    assert.equal(q.errors[0].field, "x".repeat(100));
  });

  test("a body of many unknown fields names ten and counts the rest, so the answer stays small", async () => {
    const body = { satisfaction: "neutral" };
    for (let i = 0; i < 70_000; i++) body[`k${i}`] = 1;
    const text = JSON.stringify(body);
    const res = await postJson("/api/v1/feedback", text);
    const answer = await res.text();
    assert.equal(res.status, 422);
    assert.ok(answer.length < text.length / 10, `answer ${answer.length} bytes for a body of ${text.length}`);
    const p = JSON.parse(answer);
    assert.equal(p.errors.length, 11);
    assert.equal(p.errors[0].detail, "K0 is not a field this accepts");
    assert.equal(p.errors[10].detail, "There are 69,990 more fields this does not accept");
  });

  test("malformed JSON is 400 with line and column", async () => {
    const p = await problem(await postJson("/api/v1/feedback", '{\n  "satisfaction": neutral\n}'), 400);
    assert.equal(p.errors.length, 1);
    assert.match(p.errors[0].detail, /line 2, column \d+/);
    const empty = await problem(await postJson("/api/v1/feedback", ""), 400);
    assert.match(empty.errors[0].detail, /line \d+, column \d+/);
  });

  test("a number too large to hold names the field it was given for, or quotes it", async () => {
    let p = await problem(await postJson("/api/v1/feedback", '{"satisfaction": "neutral", "comments": 1e400}'), 400);
    assert.deepEqual(fieldsOf(p), ["comments"]);
    assert.equal(p.errors[0].detail, "Your comments must be a string: 1e400 is too large a number");
    const links = await call("frontdoor", "/api/v1/contexts/1/links", {
      method: "POST",
      body: '{"child": 99999999999999999999, "nature": "Seen there", "source": "Police"}',
      headers: { "content-type": "application/json" },
    });
    assert.equal(links.status, 400, links.text);
    assert.deepEqual(errorFields(links.body), ["child"]);
    assert.match(links.body.errors[0].detail, /^The child's record number must be between 1 and \d+$/);
    // not a field it takes (nor a member at all, in a list): the number itself, and where it is
    p = await problem(await postJson("/api/v1/feedback", '{"satisfaction": "neutral", "limit": 1e400}'), 400);
    assert.deepEqual(fieldsOf(p), [""]);
    assert.equal(p.errors[0].detail, "The body is not valid JSON: the number 1e400 (line 1, column 42) is too large");
    p = await problem(await postJson("/api/v1/feedback", `{"x": [-${"9".repeat(40)}]}`), 400);
    assert.match(p.errors[0].detail, /the number -9{23}… \(line 1, column \d+\) is too large$/);
  });

  test("duplicate JSON keys are rejected at parse (400)", async () => {
    const p = await problem(
      await postJson("/api/v1/feedback", '{"satisfaction":"neutral","satisfaction":"satisfied"}'),
      400,
    );
    assert.match(p.errors[0].detail, /duplicate/);
  });

  test("unsupported content types are 415", async () => {
    for (const type of ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/jsonx"]) {
      const res = await req("/api/v1/feedback", {
        method: "POST",
        headers: { "content-type": type },
        body: '{"satisfaction":"neutral"}',
      });
      const p = await problem(res, 415);
      assert.match(p.detail, /application\/json/, type);
    }
  });

  test("a compressed body is 415 naming Content-Encoding, and nothing is saved", async () => {
    const { gzipSync } = await import("node:zlib");
    const before = sqlText(haven.dbPath, "SELECT count(*) FROM feedback");
    for (const coding of ["gzip", "deflate", "br"]) {
      const res = await req("/api/v1/feedback", {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": coding },
        body: gzipSync('{"satisfaction":"neutral"}'),
      });
      const p = await problem(res, 415);
      assert.match(p.detail, /compressed request body: send it without Content-Encoding/, coding);
    }
    // "identity" is no encoding at all
    const plain = await req("/api/v1/feedback", {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "identity" },
      body: '{"satisfaction":"neutral"}',
    });
    assert.equal(plain.status, 201);
    await plain.arrayBuffer();
    assert.equal(Number(sqlText(haven.dbPath, "SELECT count(*) FROM feedback")), Number(before) + 1);
  });

  test("415 on a page route is an HTML page", async () => {
    const res = await req("/feedback", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    assert.equal(res.status, 415);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    await res.arrayBuffer();
  });

  test("a body sent to a route that takes none is 400", async () => {
    const { text } = await rawExchange(
      haven.port,
      "GET /api/v1/areas HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        "Content-Length: 2\r\nConnection: close\r\n\r\n{}",
    );
    const res = parseResponse(text);
    assert.equal(res.status, 400);
    assert.equal(res.headers["content-type"], "application/problem+json");
    assert.match(JSON.parse(res.body).detail, /does not accept a request body/);
  });
});

describe("hidden characters in text", () => {
  const child = (given_name) => ({
    given_name,
    family_name: "Hiddencheck",
    date_of_birth: "2015-01-01",
    sex: "not_known",
    la_code: 890,
    settings: ["seafront-primary"],
    confirm_new: true,
  });

  test("a child's name with a direction override, byte order mark, line separator or other invisible character is refused, naming it", async () => {
    const ignorable = ["A\u034fnn", "A\u180enn", "\u3164Ann", "\u115fAnn", "A\u1160nn", "Ann\u{e0041}", "\ufe0fAnn"];
    for (const given of ["\u202eAnn", "Ann\u2066x\u2069", "\ufeffAnn", "Ann\u2028Lee", "A\u200bnn", ...ignorable]) {
      const r = await post("practitioner", "/api/v1/children", child(given));
      assert.equal(r.status, 422, JSON.stringify(given));
      assert.deepEqual(errorFields(r.body), ["given_name"]);
      assert.equal(
        r.body.errors[0].detail,
        "The child's given name must not include hidden characters, such as ones that change the direction of text",
      );
    }
    assert.equal(sqlText(haven.dbPath, "SELECT count(*) FROM children WHERE family_name = 'Hiddencheck'"), "0");
  });

  test("the joiners and direction marks some scripts' names need are kept", async () => {
    // (the register's name key reads Latin letters only, so a name must have some: a separate matter)
    const r = await post("practitioner", "/api/v1/children", child("Ann\u200cMa\u200dri\u200ee"));
    assert.equal(r.status, 201, r.text);
  });
});

describe("persistence", () => {
  test("feedback posted through the API is in the database file after stop", { skip: SQLITE_ONLY }, async (t) => {
    const sqlite = spawnSync("sqlite3", ["-version"], { encoding: "utf8" });
    if (sqlite.error) {
      t.skip("the sqlite3 command-line tool is not installed");
      return;
    }
    const own = await startHaven();
    let stopped = false;
    try {
      const marker = `persist-${process.pid}-${Date.now()}`;
      const ids = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${own.url}/api/v1/feedback`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ satisfaction: "satisfied", comments: `${marker} ${i}` }),
          signal: AbortSignal.timeout(5000),
        });
        assert.equal(res.status, 201);
        ids.push((await res.json()).id);
      }
      assert.equal(new Set(ids).size, 3, "ids are distinct");
      assert.equal(await own.stop({ keepDir: true }), 0);
      stopped = true;
      const q = spawnSync(
        "sqlite3",
        [
          own.dbPath,
          `SELECT count(*) FROM feedback WHERE comments LIKE '${marker}%';` +
            "SELECT group_concat(id) FROM (SELECT id FROM feedback ORDER BY id);" +
            "PRAGMA integrity_check;",
        ],
        { encoding: "utf8", timeout: 10_000 },
      );
      assert.equal(q.status, 0, q.stderr);
      const [count, allIds, integrity] = q.stdout.trim().split("\n");
      assert.equal(count, "3");
      for (const id of ids) assert.ok(allIds.split(",").includes(String(id)));
      assert.equal(integrity, "ok");
    } finally {
      if (!stopped) await own.stop();
      rmSync(own.dir, { recursive: true, force: true });
    }
  });
});
