// The set-up steps that were commands only, as pages and API for an
// administrator with no shell: the partnership's name (/admin/partnership,
// GET /api/v1/partnership; PUT /api/v1/partnership saves it) and a local
// authority area's school term dates (/admin/local-authorities/CODE/
// term-dates and its API twin), uploaded as the CSV `haven import
// term-dates` reads. A bad file (a bad date, a file that is not CSV, one
// too large) is refused naming the row and the reason, and changes nothing;
// only administrators may; every change is audited with who made it.
// Adding an agency or an area from its page: a blank slug is made from the
// name (on the API too), a slug already used is refused naming the field and
// the slug, and the success banner says what was added and offers the way
// back to the checklist, as every step page does.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, request, token } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();
const adminId = () => sql("SELECT id FROM users WHERE email = 'admin@demo.haven.example'");

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const TERMS = [
  "name,first_day,last_day",
  "Autumn 2026 first half,2026-09-03,2026-10-23",
  "Autumn 2026 second half,2026-11-02,2026-12-18",
  "Spring 2027 first half,2027-01-05,2027-02-12",
].join("\n") + "\n";

/** A multipart upload of `bytes` as the part "file" (plus `fields`), as `who` through the API. */
async function upload(who, path, bytes, { name = "terms.csv", fields = {} } = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (bytes !== null) form.append("file", new Blob([bytes]), name);
  const res = await request(path, { method: "POST", body: form, token: who ? await token(who) : undefined });
  const text = await res.text();
  return { status: res.status, text, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null, location: res.headers.get("location") };
}

/** The same from a signed-in browser's session (the page's form), with its CSRF token. */
async function uploadAsPage(b, path, bytes, csrf) {
  const form = new FormData();
  if (csrf) form.append("csrf_token", csrf);
  form.append("file", new Blob([bytes]), "terms.csv");
  const res = await fetch(haven.url + path, { method: "POST", body: form, redirect: "manual",
    headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
  for (const line of res.headers.getSetCookie()) { // the success banner's flash, as a browser keeps it
    const pair = line.split(";")[0], at = pair.indexOf("=");
    b.jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return { status: res.status, text: await res.text(), location: res.headers.get("location") };
}

const termsOf = (code) => sql(`SELECT count(*) FROM school_terms WHERE la_code = ${code}`);

describe("the partnership's name", () => {
  test("the API shows it to administrators only", async () => {
    const r = await call("admin", "/api/v1/partnership");
    assert.equal(r.status, 200, r.text);
    assert.equal(typeof r.body.name, "string");
    assert.ok(r.body.name.length > 0);
    assert.equal(r.body.slug, "csap");
    assert.equal((await call("partnership", "/api/v1/partnership")).status, 403);
    assert.equal((await call("practitioner", "/api/v1/partnership")).status, 403);
    assert.equal((await call(null, "/api/v1/partnership")).status, 401);
  });

  test("the page shows it, refuses an empty name changing nothing, and saves a new one, audited", async () => {
    const before = sql("SELECT name FROM agencies WHERE type = 'partnership'");
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    let page = await b.request("/admin/partnership");
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`value="${before.replaceAll("'", "&#39;")}"`), "the name as it is, in the box");
    let r = await b.request("/admin/partnership", { method: "POST", form: { csrf_token: b.csrfOf(page.text), name: "" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /href="#name"/);
    assert.equal(sql("SELECT name FROM agencies WHERE type = 'partnership'"), before, "nothing changed");
    r = await b.request("/admin/partnership", { method: "POST", form: { name: "Moorland Partnership (fictional)" } });
    assert.equal(r.status, 403, "no CSRF token: refused");
    r = await b.request("/admin/partnership", { method: "POST", form: { csrf_token: b.csrfOf(page.text), name: "Moorland Partnership (fictional)" } });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, "/admin/setup");
    assert.equal(sql("SELECT name FROM agencies WHERE type = 'partnership'"), "Moorland Partnership (fictional)");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'partnership.set' AND user_id = ${adminId()}`), "1");
    page = await b.request("/admin/setup");
    assert.match(page.text, /href="\/admin\/partnership"/, "the checklist links the step to its page");
    assert.match(page.text, /Moorland Partnership \(fictional\)/);
  });

  test("someone who is not an administrator is refused the page", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    assert.equal((await b.request("/admin/partnership")).status, 403);
    const home = await b.request("/dashboard");
    const r = await b.request("/admin/partnership", { method: "POST", form: { csrf_token: b.csrfOf(home.text), name: "Taken over" } });
    assert.equal(r.status, 403);
    assert.equal(sql("SELECT name FROM agencies WHERE type = 'partnership'"), "Moorland Partnership (fictional)");
  });
});

describe("school term dates", () => {
  const path = "/api/v1/local-authorities/888/term-dates";

  test("none known at first; an administrator's CSV adds them, audited as theirs", async () => {
    let r = await call("admin", path);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.terms, []);
    assert.equal(r.body.area.name, "Lancashire");
    r = await upload("admin", path, TERMS);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.terms.map((t) => [t.name, t.first_day, t.last_day]), [
      ["Autumn 2026 first half", "2026-09-03", "2026-10-23"],
      ["Autumn 2026 second half", "2026-11-02", "2026-12-18"],
      ["Spring 2027 first half", "2027-01-05", "2027-02-12"],
    ]);
    assert.equal(termsOf(888), "3");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates' AND resource_id = '888' AND user_id = ${adminId()}`), "1");
  });

  test("a bad date is named by its row and changes nothing", async () => {
    const bad = TERMS + "Spring 2027 second half,2027-02-30,2027-03-26\nSummer,2027-04-12,2027-04-01\n";
    const r = await upload("admin", path, bad);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["file", "file"]);
    assert.match(r.body.errors[0].detail, /^Row 5: first_day must be a real date/);
    assert.match(r.body.errors[1].detail, /^Row 6: last_day \(2027-04-01\) is before first_day/);
    assert.equal(termsOf(888), "3", "all or nothing");
  });

  test("a file with its dates filled down is told once a term, not once a pair of terms", async () => {
    // 200 terms on the same days (a spreadsheet's dates filled down): each overlaps 199 others, 19,900
    // pairs, whose messages once made an answer of megabytes (over the response limit: a 500)
    const before = termsOf(888);
    const rows = Array.from({ length: 200 }, (_, i) => `${"Term ".padEnd(180, "x")} ${i},2027-04-12,2027-05-28`);
    const r = await upload("admin", path, ["name,first_day,last_day", ...rows].join("\n") + "\n");
    assert.equal(r.status, 422, r.text.slice(0, 200));
    assert.equal(r.body.errors.length, 199, "one message for each term after the first");
    assert.ok(r.body.errors.every((e) => e.field === "file" && /overlap$/.test(e.detail)));
    assert.equal(termsOf(888), before, "nothing changed");
  });

  test("a file that is not CSV, none, a wrong header, one too large, or JSON is refused, changing nothing", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    let r = await upload("admin", path, png, { name: "terms.png" });
    assert.equal(r.status, 422, r.text);
    assert.match(r.body.errors[0].detail, /not a CSV file/);
    r = await upload("admin", path, null);
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["file"]);
    r = await upload("admin", path, "term,from,to\nAutumn,2026-09-03,2026-10-23\n");
    assert.equal(r.status, 422);
    assert.match(r.body.errors[0].detail, /^Row 1: the header row must name the columns name, first_day and last_day/);
    r = await upload("admin", path, "name,first_day,last_day\n" + "x".repeat(1024 * 1024) + "\n");
    assert.equal(r.status, 413);
    r = await call("admin", path, { method: "POST", json: { terms: [] } });
    assert.equal(r.status, 415);
    r = await upload("admin", path, TERMS, { fields: { extra: "1" } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["extra"]);
    assert.equal(termsOf(888), "3");
  });

  test("an area that does not exist is not found; others than administrators are refused", async () => {
    assert.equal((await call("admin", "/api/v1/local-authorities/777/term-dates")).status, 404);
    assert.equal((await upload("admin", "/api/v1/local-authorities/777/term-dates", TERMS)).status, 404);
    for (const who of ["partnership", "frontdoor", "agencyadmin"]) {
      assert.equal((await call(who, path)).status, 403, who);
      assert.equal((await upload(who, path, TERMS)).status, 403, who);
    }
    assert.equal((await call(null, path)).status, 401);
    assert.equal((await upload(null, path, TERMS)).status, 401);
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates'"), "1");
  });

  test("the page lists the terms, shows a bad file's rows in its error summary, and saves a good one", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const areas = await b.request("/admin/local-authorities");
    assert.match(areas.text, /href="\/admin\/local-authorities\/888\/term-dates"/);
    const page = await b.request("/admin/local-authorities/888/term-dates");
    assert.equal(page.status, 200);
    assert.match(page.text, /Autumn 2026 second half/);
    assert.match(page.text, /enctype="multipart\/form-data"/);
    const csrf = b.csrfOf(page.text);
    let r = await uploadAsPage(b, "/admin/local-authorities/888/term-dates", "name,first_day,last_day\nAutumn,2026-09-03,3 Sept\n", csrf);
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /Row 2: last_day must be a real date/);
    assert.equal(termsOf(888), "3");
    r = await uploadAsPage(b, "/admin/local-authorities/888/term-dates", TERMS, null);
    assert.equal(r.status, 403, "no CSRF token: refused");
    const replaced = "name,first_day,last_day\nAutumn 2026,2026-09-03,2026-12-18\n";
    r = await uploadAsPage(b, "/admin/local-authorities/888/term-dates", replaced, csrf);
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, "/admin/local-authorities/888/term-dates");
    assert.equal(termsOf(888), "1", "the school year the file covers is replaced");
    const shown = await b.request(r.location);
    assert.match(shown.text, /The term dates are saved/);
    assert.match(shown.text, /Autumn 2026/);
  });

  test("a file that skips a school year replaces the years it holds terms for and keeps the one between", async () => {
    let r = await upload("admin", path, [
      "name,first_day,last_day",
      "Autumn 2024,2024-09-04,2024-12-20",
      "Autumn 2025,2025-09-03,2025-12-19",
      "Autumn 2026,2026-09-03,2026-12-18",
    ].join("\n") + "\n");
    assert.equal(r.status, 200, r.text);
    // 2024-25 and 2026-27, not 2025-26: the earliest to the latest year would span it
    r = await upload("admin", path, "name,first_day,last_day\nSpring 2025,2025-01-06,2025-03-28\nSpring 2027,2027-01-05,2027-03-26\n");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.terms.map((t) => [t.name, t.first_day, t.last_day]), [
      ["Spring 2025", "2025-01-06", "2025-03-28"],
      ["Autumn 2025", "2025-09-03", "2025-12-19"],
      ["Spring 2027", "2027-01-05", "2027-03-26"],
    ]);
    const page = cookieClient(() => haven);
    await page.signIn("admin");
    assert.match((await page.request("/admin/local-authorities/888/term-dates")).text, /A file may skip a year/);
  });

  test("a name holding a control character is refused naming its row, and changes nothing", async () => {
    const before = (await call("admin", path)).body.terms;
    const audits = sql("SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates'");
    const r = await upload("admin", path, [
      "name,first_day,last_day",
      "Autumn 2027,2027-09-02,2027-10-22",
      '"Spring 2028\nfirst half",2028-01-04,2028-02-11',
      "Summer\t2028,2028-04-17,2028-05-26",
    ].join("\n") + "\n");
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["file", "file"]);
    assert.match(r.body.errors[0].detail, /^Row 3: the term's name holds a control character \(a line break, a tab or another unseen character\)/);
    assert.match(r.body.errors[1].detail, /^Row 4: the term's name holds a control character/);
    assert.deepEqual((await call("admin", path)).body.terms, before, "nothing changed");
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates'"), audits);
  });
});

describe("bank holidays", () => {
  const path = "/api/v1/bank-holidays";
  const govuk = (events) => JSON.stringify({
    "england-and-wales": { division: "england-and-wales", events },
    scotland: { division: "scotland", events: [{ title: "St Andrew’s Day", date: "2028-11-30" }] },
  });
  const YEAR_2028 = [
    { title: "New Year’s Day", date: "2028-01-03", notes: "Substitute day", bunting: true },
    { title: "Good Friday", date: "2028-04-14", notes: "", bunting: false },
    { title: "Christmas Day", date: "2028-12-25", notes: "", bunting: true },
  ];
  const imported = () => sql("SELECT count(*) FROM bank_holidays");

  test("the API shows the range known, built in", async () => {
    const r = await call("admin", path);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.known.first, "2019-01-01");
    assert.match(r.body.known.last, /^2027-12-/);
    assert.equal(typeof r.body.covers_this_year_and_next, "boolean");
  });

  test("gov.uk's file adds the holidays at once, audited as the administrator's", async () => {
    const r = await upload("admin", path, govuk(YEAR_2028), { name: "bank-holidays.json" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.known.last, "2028-12-25", "counted at once, without a restart");
    assert.equal(imported(), "3", "England and Wales only");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'calendar.bank_holidays' AND user_id = ${adminId()}`), "1");
  });

  test("a bad date, a file that is not JSON, none, or one too large is refused, changing nothing", async () => {
    let r = await upload("admin", path, govuk([...YEAR_2028, { title: "Early May", date: "2029-02-30" }]));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["file"]);
    assert.match(r.body.errors[0].detail, /england-and-wales\.events\[3\]\.date: "2029-02-30" is not a real date/);
    r = await upload("admin", path, Buffer.from("89504e470d0a1a0a", "hex"), { name: "holidays.png" });
    assert.equal(r.status, 422);
    assert.match(r.body.errors[0].detail, /^The file is not JSON/);
    r = await upload("admin", path, JSON.stringify({ events: [] }));
    assert.equal(r.status, 422);
    assert.match(r.body.errors[0].detail, /not the gov.uk bank-holidays.json format/);
    r = await upload("admin", path, null);
    assert.equal(r.status, 422);
    r = await upload("admin", path, " ".repeat(2 * 1024 * 1024 + 1));
    assert.equal(r.status, 413);
    assert.equal(imported(), "3");
    assert.equal((await call("admin", path)).body.known.last, "2028-12-25");
  });

  test("a holiday at a weekend is refused, changing nothing", async () => {
    // gov.uk lists a weekday substitute for a holiday at a weekend; a file listing every day is not its list
    const everyDay = [];
    for (let d = Date.UTC(2029, 0, 1); d < Date.UTC(2031, 0, 1); d += 86400000) {
      everyDay.push({ title: "Holiday", date: new Date(d).toISOString().slice(0, 10) });
    }
    const r = await upload("admin", path, govuk(everyDay));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["file"]);
    assert.match(r.body.errors[0].detail, /events\[5\]\.date: 2029-01-06 is a Saturday; bank holidays fall on weekdays/);
    assert.equal(imported(), "3", "nothing changed");
  });

  test("a date listed twice is refused naming the repeat and the first, changing nothing", async () => {
    const r = await upload("admin", path, govuk([...YEAR_2028, { title: "Good Friday again", date: "2028-04-14" }]));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["file"]);
    assert.match(r.body.errors[0].detail, /england-and-wales\.events\[3\]\.date: 2028-04-14 is also events\[1\]'s date/);
    assert.equal(imported(), "3", "nothing changed");
  });

  test("a date before 2000 or more than ten years ahead is refused, naming the event and the years", async () => {
    const last = new Date().getUTCFullYear() + 10; // Haven counts years from England's today; one day off at New Year
    for (const date of ["1999-12-31", `${last + 2}-01-01`]) {
      const r = await upload("admin", path, govuk([...YEAR_2028, { title: "Far away", date }]));
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(errorFields(r.body), ["file"]);
      assert.match(r.body.errors[0].detail,
        new RegExp(`england-and-wales\\.events\\[3\\]\\.date: ${date} is outside the years bank holidays are kept for, 2000 to \\d{4}`));
    }
    assert.equal(imported(), "3", "nothing changed");
    assert.equal((await call("admin", path)).body.known.last, "2028-12-25");
  });

  test("only administrators", async () => {
    for (const who of ["partnership", "frontdoor", "agencyadmin"]) {
      assert.equal((await call(who, path)).status, 403, who);
      assert.equal((await upload(who, path, govuk(YEAR_2028))).status, 403, who);
    }
    assert.equal((await call(null, path)).status, 401);
    assert.equal((await upload(null, path, govuk(YEAR_2028))).status, 401);
  });

  test("the page shows the range, a bad file's error, and saves a good one", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const page = await b.request("/admin/bank-holidays");
    assert.equal(page.status, 200);
    assert.match(page.text, /25 December 2028/);
    const csrf = b.csrfOf(page.text);
    let r = await uploadAsPage(b, "/admin/bank-holidays", "{not json", csrf);
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /The file is not JSON/);
    r = await uploadAsPage(b, "/admin/bank-holidays", govuk([{ title: "Boxing Day", date: "2029-12-26" }]), null);
    assert.equal(r.status, 403, "no CSRF token: refused");
    r = await uploadAsPage(b, "/admin/bank-holidays", govuk([{ title: "Boxing Day", date: "2029-12-26" }]), csrf);
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, "/admin/bank-holidays");
    const shown = await b.request(r.location);
    assert.match(shown.text, /The bank holidays are saved/);
    assert.match(shown.text, /26 December 2029/);
    const setup = await b.request("/admin/setup");
    assert.match(setup.text, /href="\/admin\/bank-holidays"/);
    assert.match(setup.text, /href="\/admin\/local-authorities"[^>]*aria-describedby="term_dates-hint/);
  });

  test("a file of holidays all known already says that nothing changed, not that they are saved", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const page = await b.request("/admin/bank-holidays");
    const r = await uploadAsPage(b, "/admin/bank-holidays", govuk([{ title: "Boxing Day", date: "2029-12-26" }]), b.csrfOf(page.text));
    assert.equal(r.status, 303, r.text);
    const shown = await b.request(r.location);
    assert.match(shown.text, /Haven already knew every bank holiday in the file: nothing changed/);
    assert.doesNotMatch(shown.text, /The bank holidays are saved/);
  });
});

describe("adding agencies and areas, and the way back to the checklist", () => {
  const agencyCount = () => sql("SELECT count(*) FROM agencies");
  /** The success banner of a page, or "" if it has none. */
  const banner = (html) => html.match(/<div class="govuk-notification-banner govuk-notification-banner--success"[\s\S]*?<\/div>\s*<\/div>/)?.[0] ?? "";

  test("an agency added from the page with no slug gets one made from its name, and the banner says so", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const form = await b.request("/admin/agencies/new");
    assert.equal(form.status, 200);
    assert.match(form.text, /<label class="govuk-label govuk-label--s" for="slug">Slug \(optional\)<\/label>/);
    assert.match(form.text, /<a class="govuk-link" href="\/admin\/setup">Back to setting up the partnership<\/a>/);
    const before = agencyCount();
    let r = await b.request("/admin/agencies", { method: "POST",
      form: { csrf_token: b.csrfOf(form.text), name: "Seaview Housing Trust (fictional)", slug: "", type: "housing" } });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, "/admin/agencies");
    assert.equal(sql("SELECT type FROM agencies WHERE slug = 'seaview-housing-trust-fictional'"), "housing");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'agency.create' AND user_id = ${adminId()}`), "1");
    const list = await b.request(r.location);
    const shown = banner(list.text);
    assert.match(shown, /The agency was added/);
    assert.match(shown, /href="\/admin\/setup">Back to setting up the partnership</, "the banner offers the way back");
    assert.doesNotMatch(list.text, /Your changes have been saved/);

    // the same name again: its made slug is taken, named on the slug box, and nothing is added
    r = await b.request("/admin/agencies", { method: "POST",
      form: { csrf_token: b.csrfOf(form.text), name: "Seaview Housing Trust (fictional)", type: "housing" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#slug"/);
    assert.match(r.text, /This slug is already used by another agency: choose another \(seaview-housing-trust-fictional is taken\)/);
    assert.match(r.text, /value="Seaview Housing Trust \(fictional\)"/, "what was typed is kept");
    // a name with no letter or digit makes no slug: the slug box says so
    r = await b.request("/admin/agencies", { method: "POST", form: { csrf_token: b.csrfOf(form.text), name: "—", type: "housing" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#slug"[^>]*>Enter a slug: the name has no letters or digits to make one from/);
    assert.equal(agencyCount(), String(Number(before) + 1));
    // a slug given is kept as given
    r = await b.request("/admin/agencies", { method: "POST",
      form: { csrf_token: b.csrfOf(form.text), name: "Seaview Housing Trust (fictional)", slug: "seaview-housing", type: "housing" } });
    assert.equal(r.status, 303, r.text);
    assert.equal(sql("SELECT count(*) FROM agencies WHERE slug = 'seaview-housing'"), "1");
  });

  test("the API makes the slug from the name too, and names a clash on the slug", async () => {
    let r = await call("admin", "/api/v1/agencies", { method: "POST", json: { name: "Bayside Youth Justice (fictional)", type: "youth_justice" } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { slug: "bayside-youth-justice-fictional", name: "Bayside Youth Justice (fictional)", type: "youth_justice", la: [] });
    r = await call("admin", "/api/v1/agencies", { method: "POST", json: { name: "Bayside Youth Justice (fictional)", type: "other" } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["slug"]);
    assert.match(r.body.errors[0].detail, /\(bayside-youth-justice-fictional is taken\)/);
    r = await call("admin", "/api/v1/agencies", { method: "POST", json: { name: "***", type: "other" } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["slug"]);
  });

  test("an area added from the page: the banner names what was added and offers the way back", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const page = await b.request("/admin/local-authorities");
    assert.equal(banner(page.text), "", "no banner before a change");
    const r = await b.request("/admin/local-authorities", { method: "POST",
      form: { csrf_token: b.csrfOf(page.text), code: "876", name: "Halton", slug: "" } });
    assert.equal(r.status, 303, r.text);
    assert.equal(sql("SELECT slug FROM local_authorities WHERE code = 876"), "halton");
    const shown = banner((await b.request(r.location)).text);
    assert.match(shown, /The local authority area was added/);
    assert.match(shown, /href="\/admin\/setup">Back to setting up the partnership</);
    const again = await b.request("/admin/local-authorities", { method: "POST",
      form: { csrf_token: b.csrfOf(page.text), code: "877", name: "Halton" } });
    assert.equal(again.status, 422);
    assert.match(again.text, /This slug is already used by another local authority: choose another \(halton is taken\)/);
    assert.equal(sql("SELECT count(*) FROM local_authorities WHERE code = 877"), "0");
  });

  test("every step page links to the checklist; a saved step's banner offers the way back", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const setup = await b.request("/admin/setup");
    const steps = [...setup.text.matchAll(/govuk-task-list__link" href="([^"]+)"/g)].map((m) => m[1]);
    const ours = [...new Set([...steps, "/admin/local-authorities/888/term-dates"])]
      .filter((path) => path.startsWith("/admin/") && path !== "/admin/invitations/new"); // not another area's pages
    assert.deepEqual(ours.sort(), ["/admin/agencies", "/admin/agencies/new", "/admin/bank-holidays", "/admin/local-authorities",
      "/admin/local-authorities/888/term-dates", "/admin/partnership"]);
    for (const path of ours) {
      const page = await b.request(path);
      assert.equal(page.status, 200, path);
      assert.match(page.text, /href="\/admin\/setup"[^>]*>Back to setting up the partnership</, path);
    }
    const page = await b.request("/admin/local-authorities/888/term-dates");
    const r = await uploadAsPage(b, "/admin/local-authorities/888/term-dates", TERMS, b.csrfOf(page.text));
    assert.equal(r.status, 303, r.text);
    const shown = banner((await b.request(r.location)).text);
    assert.match(shown, /The term dates are saved/);
    assert.match(shown, /href="\/admin\/setup">Back to setting up the partnership</);
    // an area that is not the partnership's is not found, read by its code alone
    assert.equal((await b.request("/admin/local-authorities/777/term-dates")).status, 404);
  });
});
