// Every `haven import` reads its file as a stream: a file over a limit, or
// broken, is refused as soon as that is known, with a message naming the
// limit, and the command's memory stays bounded whatever the file's size
// (before, a 61 MiB incidents file took 1.7 GB before being refused, and a
// 200 MB settings file was read whole into memory). Peak memory is the
// child's maximum resident set size, from /usr/bin/time -v (Debian package
// time, installed by scripts/deps.sh). Nothing is imported.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { sqlText } from "../lib/api.mjs";
import { havenBin, runHaven } from "../lib/haven.mjs";

const MB = 1 << 20;
const RSS_LIMIT_MB = 100; // generous: the reads below need a few MB, the files are 60 to 200 MB

let dir;
let db;

before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-imports-"));
  db = path.join(dir, "haven.db");
  const init = runHaven(["init", "--db", db]);
  assert.equal(init.status, 0, init.stderr);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `head`, then `line` over and over until the file is at least `mb` MB; its path. */
function bigFile(name, head, line, mb) {
  const file = path.join(dir, name);
  const fd = openSync(file, "w");
  writeSync(fd, head);
  const block = Buffer.from(line.repeat(Math.ceil(MB / line.length)));
  for (let written = head.length; written < mb * MB; written += block.length) writeSync(fd, block);
  closeSync(fd);
  return file;
}

/** Runs haven ARGS under /usr/bin/time -v; { status, stderr (haven's lines), rssMb, seconds }. */
function measured(args) {
  assert.ok(existsSync("/usr/bin/time"), "/usr/bin/time is installed (Debian package time; make deps)");
  const started = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-v", havenBin(), ...args], { encoding: "utf8", timeout: 120_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  assert.ok(rss, `time -v reported the peak memory: ${r.stderr}`);
  const stderr = r.stderr
    .split("\n")
    .filter((l) => l.startsWith("haven: "))
    .join("\n");
  return { status: r.status, stderr, rssMb: Number(rss[1]) / 1024, seconds };
}

function refusedWithin(r, what, pattern) {
  assert.equal(r.status, 1, `${what}: exit 1 (${r.stderr})`);
  assert.match(r.stderr, pattern);
  assert.match(r.stderr, /nothing was imported/);
  assert.ok(r.rssMb < RSS_LIMIT_MB, `${what}: peak memory ${r.rssMb.toFixed(1)} MB, under ${RSS_LIMIT_MB} MB`);
  console.log(`# ${what}: refused in ${r.seconds.toFixed(2)} s with at most ${r.rssMb.toFixed(1)} MB resident`);
}

const INCIDENTS_HEADER = "police_reference,occurred_at,la_code,risk_level,circumstances,person,given_name,family_name\n";

describe("imports refuse big and broken files early, in bounded memory", () => {
  test("incidents: a 60 MB CSV (under the size limit) with more rows than a batch can hold", () => {
    let n = 0;
    const file = path.join(dir, "many.csv");
    const fd = openSync(file, "w");
    writeSync(fd, INCIDENTS_HEADER);
    let size = INCIDENTS_HEADER.length;
    while (size < 60 * MB) {
      let chunk = "";
      for (let i = 0; i < 5000; i++, n++)
        chunk += `PR${n},2026-11-30T22:15:00Z,889,high,"Shouting heard by neighbours, call ${n}",child,Sam,Example\n`;
      size += writeSync(fd, chunk);
    }
    closeSync(fd);
    refusedWithin(
      measured(["import", "incidents", "--db", db, "--force", "lancashire-constabulary", file]),
      "incidents CSV of 60 MB",
      /many\.csv: more than 25,000 rows, more than a batch can hold \(at most 1,000 incidents/,
    );
  });

  test("e-learning: a file over 32 MB is refused by its size before it is read", () => {
    const file = path.join(dir, "huge-elearning.csv");
    writeFileSync(file, "email,module,completed_on\n");
    truncateSync(file, 200 * MB); // sparse: nothing to write
    refusedWithin(
      measured(["import", "elearning", "--db", db, file]),
      "e-learning CSV of 200 MB",
      /huge-elearning\.csv: too large: 200 MB, over the 32 MB limit of haven import elearning/,
    );
  });

  test("e-learning: a broken row early in a 30 MB file is refused there, without reading the rest", () => {
    const head =
      "email,module,completed_on\n" +
      "practitioner@demo.haven.example,Neglect,2026-01-10\n".repeat(1000) +
      'practitioner@demo.haven.example,Neg"lect,2026-01-10\n';
    const file = bigFile("broken-elearning.csv", head, "practitioner@demo.haven.example,Neglect,2026-01-11\n", 30);
    const r = measured(["import", "elearning", "--db", db, file]);
    refusedWithin(r, "e-learning CSV of 30 MB broken at line 1002", /line 1002: not valid CSV: a quote inside a field/);
    // read whole, the file alone would take 30 MB; streamed, a window and a thousand rows
    assert.ok(r.rssMb < 20, `peak memory ${r.rssMb.toFixed(1)} MB, well under the file's 30 MB`);
  });

  test("e-learning: a row longer than 64 KB is refused as the wrong file", () => {
    const file = bigFile("long-row.csv", "email,module,completed_on\n", "x", 1);
    refusedWithin(
      measured(["import", "elearning", "--db", db, file]),
      "e-learning CSV with a 1 MB row",
      /line 2: a row is longer than 64 KB: is it the right file\?/,
    );
    assert.equal(sqlText(db, "SELECT count(*) FROM training_elearning_completions"), "0");
  });

  test("incidents: a 200 MB file is refused by its size before it is read", () => {
    const file = path.join(dir, "huge.csv");
    writeFileSync(file, INCIDENTS_HEADER);
    truncateSync(file, 200 * MB); // sparse: nothing to write
    refusedWithin(
      measured(["import", "incidents", "--db", db, "--force", "lancashire-constabulary", file]),
      "incidents CSV of 200 MB",
      /huge\.csv: too large: 200 MB, over the 64 MB limit of haven import incidents/,
    );
  });

  test("incidents: JSON has a lower limit, since a document is held whole in memory", () => {
    const file = bigFile("big.json", '{"incidents": [', '{"police_reference": "PR1"},', 20);
    refusedWithin(
      measured(["import", "incidents", "--db", db, "--force", "lancashire-constabulary", file]),
      "incidents JSON of 20 MB",
      /big\.json: too large: \d+ MB, over the 16 MB limit of haven import incidents/,
    );
  });

  test("settings: a 200 MB GIAS file whose quote is never closed is refused at the first megabyte of the row", () => {
    const file = bigFile(
      "edubasealldata.csv",
      "URN,EstablishmentName,LA (code),LA (name),TypeOfEstablishment (name),EstablishmentStatus (name)," +
        "PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,Postcode\r\n" +
        '100001,"A school whose name never ends,889,Blackburn with Darwen\r\n',
      "and the name goes on over many lines without a closing quote\r\n",
      200,
    );
    refusedWithin(
      measured(["import", "settings", "--db", db, file]),
      "settings CSV of 200 MB",
      /edubasealldata\.csv: line 2: a row runs on for more than 1 MB \(a quoted field never closed\?\)/,
    );
  });

  test("settings: a file with a NUL byte is refused at once", () => {
    const file = bigFile("nul.csv", "URN,\0EstablishmentName\n", "1,2\n", 20);
    refusedWithin(
      measured(["import", "settings", "--db", db, file]),
      "settings CSV of 20 MB with a NUL byte",
      /nul\.csv: line 1: not a CSV file \(it holds a NUL byte\)/,
    );
  });

  test("term dates: more than 200 terms are refused as they are read", () => {
    const file = bigFile("terms.csv", "name,first_day,last_day\n", "Autumn,2026-09-03,2026-10-23\n", 10);
    refusedWithin(
      measured(["import", "term-dates", "--db", db, "--la", "889", file]),
      "term dates CSV of 10 MB",
      /terms\.csv: more than 200 terms: a file may hold at most 200/,
    );
  });

  test("bank holidays and frameworks: over their limits, refused before reading", () => {
    const holidays = bigFile("bank-holidays.json", '{"england-and-wales": {"events": [', '{"title": "x"},', 3);
    refusedWithin(
      measured(["import", "bank-holidays", "--db", db, holidays]),
      "bank holidays JSON of 3 MB",
      /bank-holidays\.json: too large: \d+ MB, over the 2 MB limit of haven import bank-holidays/,
    );
    const framework = bigFile("framework.json", '{"levels": [', '{"level": 1},', 5);
    refusedWithin(
      measured(["import", "framework", "--db", db, framework]),
      "framework JSON of 5 MB",
      /framework\.json: too large: \d+ MB, over the 4 MB limit of haven import framework/,
    );
  });

  test("nothing was imported", () => {
    assert.equal(sqlText(db, "SELECT count(*) FROM da_incidents;"), "0");
    assert.equal(sqlText(db, "SELECT count(*) FROM settings;"), "0");
    assert.equal(sqlText(db, "SELECT count(*) FROM school_terms;"), "0");
  });
});
