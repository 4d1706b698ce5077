// Schools, colleges and early years settings (src/areas/settings):
// `haven import settings` on a synthetic file in the exact shape of the DfE
// GIAS establishment download (tests/http/data/edubasealldata-fictional.csv:
// the full header row, Windows-1252 bytes, CRLF, quoted fields with commas,
// quotes and a line break; schools in the partnership's three local
// authorities and in two outside it), importing it again, and broken copies
// of it (a wrong header, a bad URN, a line cut short, a quote never closed):
// each is refused with its line and reason, and the database is compared
// before and after to show nothing changed. Then the directory, a setting's
// page and its school-day start over the API and the page forms, across
// roles: everyone signed in reads; a Key Adult changes only their own
// setting's start; the partnership any setting's; every change audited.
//
// The imports run while `haven serve` has the database open, as they would
// in production.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiClient, sqlText } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";
import { HEADER, ROWS, gias, windows1252 } from "./data/make-gias-fixture.mjs";

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), "data", "edubasealldata-fictional.csv");
const ROLES = ["admin", "partnership", "practitioner", "frontdoor", "police", "dsl", "idva", "scrutineer"];
let haven;
const { call } = apiClient(() => haven);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

const importFile = (file) => runHaven(["import", "settings", "--db", haven.dbPath, file]);

const sql = (query) => sqlText(haven.dbPath, query);

/** Everything an import could touch: every agency and setting, and how long the audit trail is. */
const snapshot = () =>
  sql(
    "SELECT 'agency', id, slug, name, type, la_code FROM agencies ORDER BY id;" +
      "SELECT 'setting', agency_id, urn, establishment_type, phase, status, low_age, high_age, postcode," +
      " school_day_start, updated_at FROM settings ORDER BY agency_id;" +
      "SELECT 'audit', count(*) FROM audit_log;",
  );

let n = 0;
function file(bytes) {
  const p = path.join(haven.dir, `edubasealldata-${++n}.csv`);
  writeFileSync(p, bytes);
  return p;
}

const idOf = (slug) => Number(sql(`SELECT id FROM agencies WHERE slug = '${slug}';`));

describe("haven import settings", () => {
  test("--help, and usage errors are one line with exit 2", () => {
    let r = runHaven(["import", "settings", "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: haven import settings --db PATH FILE\.csv/);
    assert.match(r.stdout, /All or nothing/);
    r = runHaven(["import", "settings", "x.csv"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--db PATH is required/);
    r = runHaven(["import", "settings", "--db", "x.db"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /FILE\.csv is required/);
    assert.match(runHaven(["--help"]).stdout, /import settings/);
  });

  test("the fixture is the real file's shape: full header, Windows-1252, CRLF", () => {
    const bytes = readFileSync(FIXTURE);
    assert.ok(HEADER.length > 130, "every GIAS column");
    assert.equal(bytes.toString("latin1").split("\r\n")[0], HEADER.join(","));
    assert.ok(bytes.includes(Buffer.from([0x92])), "’ as the single Windows-1252 byte 0x92");
    assert.ok(bytes.includes(Buffer.from("\xC9cole", "latin1")), "É as the single byte 0xC9");
    assert.ok(!bytes.toString("latin1").includes("\xC3"), "no UTF-8 in it");
    // regenerating it from the rows gives the same bytes
    assert.deepEqual(windows1252(gias()), bytes);
  });

  const broken = [];
  test("broken files change nothing and name the line and the reason", () => {
    const before = snapshot();
    const good = readFileSync(FIXTURE).toString("latin1");
    const lines = good.split("\r\n");
    const latin1 = (text) => Buffer.from(text, "latin1");
    // a row that would be new, so a file that changed anything would show it
    const extra = { ...ROWS[0], URN: "990150", EstablishmentName: "Would Be New Primary (fictional)" };
    const withExtra = (rows) => windows1252(gias([...rows, extra])).toString("latin1");
    const cases = [
      {
        what: "a wrong header (a required column renamed)",
        bytes: latin1(withExtra(ROWS).replace(",Postcode,", ",PostCode (name),")),
        errors: [/line 1: the header row lacks the column "Postcode": this is not the GIAS establishment file \(edubasealldata\); nothing was imported$/],
      },
      {
        what: "the wrong file altogether",
        bytes: latin1("email,module,completed_on\r\nsomeone@example.org,Neglect,2026-01-10\r\n"),
        errors: [/line 1: the header row lacks the columns "URN", "EstablishmentName", .*"Postcode": this is not the GIAS/],
      },
      {
        what: "a bad URN",
        bytes: latin1(withExtra(ROWS.map((r) => (r.URN === "990105" ? { ...r, URN: "99O105" } : r)))),
        // the header is line 1; the third row's quoted Street holds a line break, so 990105 is on line 7
        errors: [/line 7: URN "99O105" is not a URN \(six digits\); row rejected$/, /1 row rejected; nothing was imported$/],
      },
      {
        what: "a line cut short (the download stopped mid-row)",
        bytes: latin1(withExtra(ROWS) + lines[1].slice(0, 80)),
        errors: [/line 14: the row has \d+ fields but the header has 140: the line is cut short; row rejected$/],
      },
      {
        what: "a line cut short inside a quoted field",
        bytes: latin1(withExtra(ROWS) + lines[3].slice(0, lines[3].indexOf("Sainte"))),
        errors: [/line 14: a quoted field is never closed: the file ends inside it \(cut short\?\); row rejected$/],
      },
      {
        // found by tests/fuzz/fuzz_gias.c: the bytes went into the register as they were
        what: "a byte order mark saying UTF-8 on a file whose names are Windows-1252",
        bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1(withExtra(ROWS))]),
        errors: [/line \d+: \w+ is not valid UTF-8, which the file's byte order mark says it is; row rejected$/],
      },
      {
        // found by tests/fuzz/fuzz_gias.c: the quote was cut at 20 bytes, inside a letter
        what: "a long bad value: its first 20 letters quoted, none cut in half",
        bytes: latin1(withExtra(ROWS.map((r) => (r.URN === "990101" ? { ...r, Postcode: "A" + "É".repeat(30) } : r)))),
        errors: [/line 2: Postcode "AÉ{19}" is not a UK postcode; row rejected$/],
      },
      {
        what: "several bad rows: each is named",
        bytes: latin1(
          withExtra(
            ROWS.map((r) =>
              r.URN === "990101" ? { ...r, EstablishmentName: "" } : r.URN === "990104" ? { ...r, StatutoryLowAge: "sixteen" } : r,
            ),
          ),
        ),
        errors: [
          /line 2: EstablishmentName is missing; row rejected$/,
          /line 6: StatutoryLowAge "sixteen" is not an age \(a whole number from 0 to 99\); row rejected$/,
          /2 rows rejected; nothing was imported$/,
        ],
      },
    ];
    for (const c of cases) {
      const r = importFile(file(c.bytes));
      assert.equal(r.status, 1, `${c.what}: exit 1 (${r.stderr})`);
      const stderr = r.stderr.trimEnd().split("\n");
      for (const e of c.errors) assert.ok(stderr.some((l) => e.test(l)), `${c.what}: ${e} in\n${r.stderr}`);
      assert.equal(snapshot(), before, `${c.what}: the database is unchanged`);
      broken.push(c.what);
    }
    assert.equal(sql("SELECT count(*) FROM settings WHERE urn = 990150;"), "0");
  });

  test("a good file creates and updates settings by URN, skipping other areas' and closed ones", async () => {
    const seafront = idOf("seafront-primary");
    const r = importFile(FIXTURE);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "6 added, 1 updated, 0 unchanged, 3 skipped, 0 rejected\n");
    assert.equal(
      sql(
        "SELECT a.slug || '|' || a.name || '|' || a.type || '|' || a.la_code || '|' || s.establishment_type || '|' ||" +
          " s.phase || '|' || s.status || '|' || coalesce(CAST(s.low_age AS text), '-') || '-' || coalesce(CAST(s.high_age AS text), '-') || '|' ||" +
          " coalesce(s.postcode, '') || '|' || s.school_day_start FROM settings s JOIN agencies a ON a.id = s.agency_id" +
          " WHERE s.urn > 990100 ORDER BY s.urn;",
      ),
      [
        "urn-990101|Seaview Community Primary School (fictional)|school|890|Community school|Primary|Open|3-11|ZZ99 1SV|08:45",
        "urn-990102|St Anne’s Catholic Primary School – Fylde Coast (fictional)|school|890|Voluntary aided school|Primary|Open|4-11|ZZ99 2SA|08:45",
        'urn-990103|École Sainte-Hélène, "The Old Mill" Academy (fictional)|school|889|Academy converter|Secondary|Open|11-16|ZZ99 3EH|08:45',
        "urn-990104|Ribble Valley College of Further Education (fictional)|college|888|Further education|16 plus|Open|16-99|ZZ99 4RV|08:45",
        "urn-990105|Daisy Chain Nursery School (fictional)|early_years|889|Local authority nursery school|Nursery|Open|2-5|ZZ99 5DC|08:45",
        "urn-990109|Pendle Sixth Form Centre (fictional)|college|888|Sixth form centres|16 plus|Open, but proposed to close|16-19|ZZ99 9PS|08:45",
      ].join("\n"),
    );
    // other local authorities' establishments and a school closed before Haven knew it are not there
    assert.equal(sql("SELECT count(*) FROM settings WHERE urn IN (990106, 990107, 990108);"), "0");
    // the demo setting is updated in place, keeping its own school-day start
    assert.equal(
      sql(`SELECT a.slug || '|' || s.establishment_type || '|' || s.school_day_start FROM settings s JOIN agencies a ON a.id = s.agency_id WHERE s.urn = 990003;`),
      "seafront-primary|Academy converter|08:55",
    );
    assert.equal(idOf("seafront-primary"), seafront);
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'setting.import';"), "1");
    // the new settings are in the directory at once, names in UTF-8
    const found = await call("practitioner", "/api/v1/settings?name=" + encodeURIComponent("sainte-hélène"));
    assert.equal(found.status, 200);
    assert.deepEqual(found.body.settings.map((s) => s.name), ['École Sainte-Hélène, "The Old Mill" Academy (fictional)']);
  });

  test("importing the same file again changes nothing and duplicates nothing", () => {
    const before = snapshot().replace(/\n'?audit.*$/, "");
    const r = importFile(FIXTURE);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "0 added, 0 updated, 7 unchanged, 3 skipped, 0 rejected\n");
    assert.equal(snapshot().replace(/\n'?audit.*$/, ""), before);
    assert.equal(sql("SELECT count(*) FROM agencies WHERE slug LIKE 'urn-%';"), "6");
  });

  test("a changed file updates the setting, not a second one", () => {
    const changed = ROWS.map((r) =>
      r.URN === "990101" ? { ...r, EstablishmentName: "Seaview Primary Academy (fictional)", "TypeOfEstablishment (name)": "Academy converter" } : r,
    );
    const r = importFile(file(windows1252(gias(changed))));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "0 added, 1 updated, 6 unchanged, 3 skipped, 0 rejected\n");
    assert.equal(
      sql("SELECT a.slug || '|' || a.name || '|' || s.establishment_type FROM settings s JOIN agencies a ON a.id = s.agency_id WHERE s.urn = 990101;"),
      "urn-990101|Seaview Primary Academy (fictional)|Academy converter",
    );
    // a UTF-8 copy (as a spreadsheet would save it, with a byte order mark) reads the same
    const utf8 = importFile(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(gias(changed), "utf8")])));
    assert.equal(utf8.status, 0, utf8.stderr);
    assert.equal(utf8.stdout, "0 added, 0 updated, 7 unchanged, 3 skipped, 0 rejected\n");
    assert.ok(broken.length >= 5);
  });
});

describe("the directory and a setting's page", () => {
  test("everyone signed in may read them; nobody else", async () => {
    const brookfield = idOf("brookfield-primary");
    for (const who of ROLES) {
      assert.equal((await call(who, "/api/v1/settings")).status, 200, `${who} reads the directory`);
      assert.equal((await call(who, `/api/v1/settings/${brookfield}`)).status, 200, `${who} reads a setting`);
      assert.equal((await call(who, "/settings")).status, 200, `${who} sees the directory page`);
    }
    assert.equal((await call(null, "/api/v1/settings")).status, 401);
    assert.equal((await call(null, `/api/v1/settings/${brookfield}`)).status, 401);
    const page = await call(null, "/settings");
    assert.equal(page.status, 303);
    assert.match(page.headers.get("location"), /\/sign-in/);
  });

  test("filtered by local authority and by part of the name", async () => {
    let r = await call("police", "/api/v1/settings?area=blackpool");
    assert.equal(r.status, 200);
    assert.ok(r.body.settings.length >= 3);
    assert.ok(r.body.settings.every((s) => s.la_name === "Blackpool"), "only Blackpool's");
    assert.equal(r.body.count, r.body.settings.length);
    r = await call("police", "/api/v1/settings?area=blackburn-with-darwen&name=LARKHILL");
    assert.deepEqual(r.body.settings.map((s) => [s.name, s.urn, s.school_day_start]), [["Larkhill Academy (fictional)", 990002, "08:40"]]);
    r = await call("police", "/api/v1/settings?area=lancashire&name=larkhill");
    assert.deepEqual(r.body.settings, []);
    // a name with characters that mean something to SQL LIKE is taken literally
    r = await call("police", "/api/v1/settings?name=" + encodeURIComponent("%_"));
    assert.deepEqual(r.body.settings, []);
    r = await call("police", "/api/v1/settings?name=" + "x".repeat(101));
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors.map((e) => e.field), ["name"]);
    r = await call("police", "/api/v1/settings?area=Not_A_Slug");
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors.map((e) => e.field), ["area"]);
    // the page keeps the chosen filter
    const page = await call("police", "/settings?area=blackpool&name=seafront");
    assert.equal(page.status, 200);
    assert.match(page.text, /<option value="blackpool" selected>Blackpool<\/option>/);
    assert.match(page.text, /value="seafront"/);
    assert.match(page.text, /Seafront Primary School \(fictional\)/);
    assert.doesNotMatch(page.text, /Larkhill Academy/);
  });

  test("a setting's page: register details, Key Adults, school-day start", async () => {
    const brookfield = idOf("brookfield-primary");
    const r = await call("practitioner", `/api/v1/settings/${brookfield}`);
    assert.equal(r.status, 200);
    const s = r.body.setting;
    assert.equal(s.urn, 990001);
    assert.equal(s.type, "Community school");
    assert.equal(s.phase, "Primary");
    assert.equal(s.age_range, "4 to 11");
    assert.equal(s.la_name, "Blackburn with Darwen");
    assert.equal(s.postcode, "ZZ99 1BF");
    assert.deepEqual(s.key_adults, [{ name: "Dee Safeguarding-Lead", email: "dsl@demo.haven.example" }]);
    assert.equal(r.body.can_change, false, "a practitioner may not change it");
    assert.equal((await call("dsl", `/api/v1/settings/${brookfield}`)).body.can_change, true);
    assert.equal((await call("dsl2", `/api/v1/settings/${brookfield}`)).body.can_change, false);
    assert.equal((await call("partnership", `/api/v1/settings/${brookfield}`)).body.can_change, true);
    // a second Key Adult is listed by name; once their account is disabled, no longer
    const add = runHaven(
      ["user", "add", "--db", haven.dbPath, "--email", "second-dsl@example.org", "--name", "Abe Second-Lead",
        "--agency", "brookfield-primary", "--role", "dsl"],
      { input: "a long fictional password 42\n" },
    );
    assert.equal(add.status, 0, add.stderr);
    let adults = (await call("practitioner", `/api/v1/settings/${brookfield}`)).body.setting.key_adults;
    assert.deepEqual(adults.map((a) => a.name), ["Abe Second-Lead", "Dee Safeguarding-Lead"]);
    const disable = runHaven(["user", "disable", "--db", haven.dbPath, "--email", "second-dsl@example.org", "--reason", "Left the partnership"]);
    assert.equal(disable.status, 0, disable.stderr);
    adults = (await call("practitioner", `/api/v1/settings/${brookfield}`)).body.setting.key_adults;
    assert.deepEqual(adults.map((a) => a.name), ["Dee Safeguarding-Lead"]);
    // someone invited as a DSL is not a Key Adult until they accept: the address is not yet shown to be theirs
    const invited = await call("agencyadmin", "/api/v1/agency/invitations", {
      method: "POST",
      json: { name: "Ivy Invited-Lead", email: "ivy-invited@example.org", roles: ["dsl"] },
    });
    assert.equal(invited.status, 201, invited.text);
    adults = (await call("practitioner", `/api/v1/settings/${brookfield}`)).body.setting.key_adults;
    assert.deepEqual(adults.map((a) => a.name), ["Dee Safeguarding-Lead"], "an invited DSL is not listed");
    const page = await call("idva", `/settings/${brookfield}`);
    assert.match(page.text, /Dee Safeguarding-Lead/);
    assert.doesNotMatch(page.text, /Change<span class="govuk-visually-hidden"> when the school day starts/);
    // not a setting, or no agency at all
    assert.equal((await call("dsl", `/api/v1/settings/${idOf("lancashire-constabulary")}`)).status, 404);
    assert.equal((await call("dsl", "/api/v1/settings/999999")).status, 404);
  });
});

describe("when the school day starts", () => {
  const put = (who, id, value, method = "PUT") =>
    call(who, `/api/v1/settings/${id}/school-day-start`, { method, json: { school_day_start: value } });
  const start = (id) => sql(`SELECT school_day_start FROM settings WHERE agency_id = ${id};`);

  test("a Key Adult changes their own setting's start, and only theirs", async () => {
    const brookfield = idOf("brookfield-primary"), larkhill = idOf("larkhill-academy");
    let r = await put("dsl", brookfield, "08:50");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.setting.school_day_start, "08:50");
    assert.equal(start(brookfield), "08:50");
    r = await put("dsl", brookfield, "8:35", "POST");
    assert.equal(r.status, 200, r.text);
    assert.equal(start(brookfield), "08:35");
    // another setting's: as if it did not exist
    r = await put("dsl", larkhill, "09:00");
    assert.equal(r.status, 404);
    r = await put("dsl2", brookfield, "09:00");
    assert.equal(r.status, 404);
    assert.equal(start(larkhill), "08:40");
    assert.equal(start(brookfield), "08:35");
    // other roles may not change any setting's; nobody signed in is asked to
    for (const who of ["admin", "practitioner", "frontdoor", "police", "idva", "scrutineer"])
      assert.equal((await put(who, brookfield, "09:00")).status, 403, who);
    assert.equal((await put(null, brookfield, "09:00")).status, 401);
    assert.equal(start(brookfield), "08:35");
  });

  test("the partnership changes any setting's start", async () => {
    const larkhill = idOf("larkhill-academy"), nursery = idOf("little-acorns-nursery");
    assert.equal((await put("partnership", larkhill, "08:55")).status, 200);
    assert.equal((await put("partnership", nursery, "07:30")).status, 200);
    assert.equal(start(larkhill), "08:55");
    assert.equal(start(nursery), "07:30");
    assert.equal((await put("partnership", 999999, "08:55")).status, 404);
    assert.equal((await put("partnership", idOf("lancashire-constabulary"), "08:55")).status, 404);
  });

  test("a time that is not one, or not a school's, is refused naming the field", async () => {
    const brookfield = idOf("brookfield-primary");
    const bad = [
      ["25:00", /24-hour clock, like 08:45/],
      ["08:5", /24-hour clock, like 08:45/],
      ["nine am", /24-hour clock, like 08:45/],
      ["20:45", /must start between 06:00 and 11:00/],
      ["05:59", /must start between 06:00 and 11:00/],
    ];
    for (const [value, message] of bad) {
      const r = await put("dsl", brookfield, value);
      assert.equal(r.status, 422, value);
      assert.deepEqual(r.body.errors.map((e) => e.field), ["school_day_start"], value);
      assert.match(r.body.errors[0].detail, message, value);
    }
    let r = await call("dsl", `/api/v1/settings/${brookfield}/school-day-start`, { method: "PUT", json: {} });
    assert.equal(r.status, 422);
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.detail]), [["school_day_start", "Enter when the school day starts"]]);
    r = await call("dsl", `/api/v1/settings/${brookfield}/school-day-start`, { method: "PUT", json: { school_day_start: "08:45", urn: 1 } });
    assert.equal(r.status, 422);
    assert.equal(start(brookfield), "08:35", "nothing changed");
  });

  test("the page's form: hour and minute, errors by each box, then back to the setting", async () => {
    const brookfield = idOf("brookfield-primary"), larkhill = idOf("larkhill-academy");
    const form = await call("dsl", `/settings/${brookfield}/school-day-start`);
    assert.equal(form.status, 200);
    assert.match(form.text, /id="hour" name="hour" type="text" inputmode="numeric" value="08"/);
    assert.match(form.text, /id="minute" name="minute" type="text" inputmode="numeric" value="35"/);
    assert.equal((await call("dsl", `/settings/${larkhill}/school-day-start`)).status, 404);
    assert.equal((await call("practitioner", `/settings/${brookfield}/school-day-start`)).status, 403);

    let r = await call("dsl", `/settings/${brookfield}/school-day-start`, { method: "POST", form: { hour: "24", minute: "6x" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#hour">The hour the school day starts must be a number from 0 to 23<\/a>/);
    assert.match(r.text, /<a href="#minute">The minute the school day starts must be a number from 0 to 59<\/a>/);
    assert.match(r.text, /value="24"/, "what was typed is kept");
    r = await call("dsl", `/settings/${brookfield}/school-day-start`, { method: "POST", form: { hour: "", minute: "45" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#hour">Enter the hour the school day starts<\/a>/);
    r = await call("dsl", `/settings/${brookfield}/school-day-start`, { method: "POST", form: { hour: "21", minute: "00" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /The school day must start between 06:00 and 11:00/);
    assert.equal(start(brookfield), "08:35");

    r = await call("dsl", `/settings/${brookfield}/school-day-start`, { method: "POST", form: { hour: "8", minute: "40" } });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get("location"), `/settings/${brookfield}`);
    assert.equal(start(brookfield), "08:40");
    const page = await call("dsl", `/settings/${brookfield}`);
    assert.match(page.text, /<dd class="govuk-summary-list__value">08:40<\/dd>/);
    assert.match(page.text, new RegExp(`href="/settings/${brookfield}/school-day-start"`));
  });

  test("every change is audited with who made it and which setting; a refused one is not", async () => {
    const brookfield = idOf("brookfield-primary");
    const audited = () =>
      Number(
        sql(
          "SELECT count(*) FROM audit_log l JOIN users u ON u.id = l.user_id WHERE l.action = 'setting.update'" +
            ` AND l.resource_type = 'setting' AND l.resource_id = '${brookfield}' AND u.email = 'partnership@demo.haven.example';`,
        ),
      );
    const before = audited();
    assert.equal((await put("partnership", brookfield, "08:45")).status, 200);
    assert.equal(audited(), before + 1);
    assert.equal((await put("partnership", brookfield, "23:00")).status, 422);
    assert.equal(audited(), before + 1);
    assert.equal(start(brookfield), "08:45");
  });
});
