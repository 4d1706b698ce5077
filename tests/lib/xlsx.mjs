// Reading an XLSX workbook back in a test: its sheets in order, each with its
// name and rows of cells (text as strings, numbers as numbers, an empty cell
// as null). Node has no spreadsheet reader here, so Python's zipfile and
// ElementTree (python3, as tests/http/assurance.test.mjs uses) open the zip
// and read the sheets' XML: what Excel itself reads.

import { spawnSync } from "node:child_process";

const READER = String.raw`
import io, json, re, sys, zipfile
import xml.etree.ElementTree as ET
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
        shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
targets = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(REL + "Relationship")}
def column(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
sheets = []
for s in ET.fromstring(z.read("xl/workbook.xml")).iter("{%s}sheet" % NS["m"]):
    target = targets[s.get("{%s}id" % NS["r"])]
    rows = []
    for row in ET.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/"))).iter("{%s}row" % NS["m"]):
        cells = []
        for c in row.findall("m:c", NS):
            while len(cells) < column(c.get("r")):
                cells.append(None)
            kind, v = c.get("t"), c.find("m:v", NS)
            if kind == "inlineStr":
                cells.append("".join(t.text or "" for t in c.iter("{%s}t" % NS["m"])))
            elif kind == "s":
                cells.append(shared[int(v.text)])
            elif kind == "str":
                cells.append(v.text)
            else:
                cells.append(None if v is None else float(v.text))
        rows.append(cells)
    sheets.append({"name": s.get("name"), "rows": rows})
print(json.dumps(sheets))
`;

/** The workbook in `bytes` (a Buffer or ArrayBuffer) as [{ name, rows: [[cell, ...], ...] }, ...]. */
export function readXlsx(bytes) {
  const read = spawnSync("python3", ["-c", READER], { input: Buffer.from(bytes), encoding: "utf8" });
  if (read.status !== 0) throw new Error(`the workbook cannot be read: ${read.stderr}`);
  return JSON.parse(read.stdout);
}
