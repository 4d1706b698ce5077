#!/usr/bin/env python3
"""make-seeds.py — writes the seed corpus of the fuzz targets listed at the
end into tests/fuzz/corpus/TARGET/, from the repository's own fixtures (the
Mustache spec, the GIAS and bank-holiday files, the demo levels-of-need
framework and neglect tool, the route table) and small synthetic inputs like
those in the HTTP tests. The other targets' seeds (attendance_csv, date_parts,
elearning_csv, encoding, json_text, missing_csv) are written by hand, and this
leaves them alone.

Run it from anywhere after changing a fixture, a route or a target's input
format, and commit what it writes: it replaces the folders of the targets it
makes. Each seed is named by the SHA-1 of its bytes (as libFuzzer names what
it learns), so the same inputs always give the same files, and a route or
fixture added or dropped adds or removes its own seed without renaming the
rest. `--check` writes nothing and says which folders differ from what it
would write (exit 1). Seeds are small on purpose: libFuzzer grows the corpus
itself, and `make check` replays these once each.
"""
import hashlib
import json
import pathlib
import re
import shutil
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/fuzz/corpus"


def named(seeds):
    """{file name: bytes} of a target's seeds: each named by the SHA-1 of its bytes."""
    out = {}
    for seed in seeds:
        data = seed if isinstance(seed, bytes) else seed.encode()
        out[hashlib.sha1(data).hexdigest()] = data
    return out


def write(target, seeds):
    folder = CORPUS / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in named(seeds).items():
        (folder / name).write_bytes(data)


def differs(target, seeds):
    """True, having said how, if the committed folder is not exactly what write() would make."""
    want = named(seeds)
    folder = CORPUS / target
    have = {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}
    extra = sorted(set(have) - set(want))
    missing = sorted(set(want) - set(have))
    changed = sorted(n for n in set(want) & set(have) if want[n] != have[n])
    if extra or missing or changed:
        print(f"{folder.relative_to(ROOT)}: {len(missing)} seeds to add, {len(extra)} to remove,"
              f" {len(changed)} changed", file=sys.stderr)
        return True
    return False


def form():
    return ["", "a=1&b=2", "name=Zo%C3%AB+O%27Brien&csrf_token=abc123", "email=pat%40example.org&x=",
            "flag&=v&&last=", "x=1&x=2&x=3", "bad=%zz", "nul=%00", "half=%4", "plus=a+b+c%2Bd",
            "date=2026-03-27&la_code=889&notes=line%0D%0Abreak"]


def cookie():
    """A name, a newline, then a Cookie header: as browsers send them and as no browser would."""
    session = "haven_session=" + "A" * 43
    return ["haven_session\n" + session, "haven_device\nhaven_csrf=abc; " + session + "; haven_device=d.e-v_1",
            "a\n  a = 1 ;\tb=2\t", "a\na=\"quoted\"", "a\na=\"", "a\na=first; a=second", "a\na=bad value; a=good",
            "a\na=; b", "a\na", "a\n=1", "a\na=1, b=2", "a\na=caf\u00e9", "__Host-haven_session\n__Host-haven_session=x",
            "", "haven_session"]


def limit_address():
    """Client addresses as a peer or X-Forwarded-For may give them, and text that is none."""
    return ["192.0.2.7", "2001:db8:1:2::1", "2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd", "fe80::1%eth0",
            "::ffff:192.0.2.7", "::1", "::", "64:ff9b::192.0.2.7", "unknown", "", "2001:db8::1::2",
            "[2001:db8::1]", "192.0.2.7%eth0", "fe80::1%", "2001:db8:1:2::/64"]


METHODS = {"GET": 0, "HEAD": 1, "POST": 2, "PUT": 3, "PATCH": 4, "DELETE": 5, "OPTIONS": 6}


def route_patterns():
    """(method, pattern) of every route in src/areas, as the areas declare them."""
    found = []
    for path in sorted((ROOT / "src/areas").glob("*/*.c")):
        text = path.read_text()
        for m in re.finditer(r"\.method\s*=\s*HTTP_([A-Z]+)[^}]*?\.pattern\s*=\s*\"([^\"]+)\"", text):
            found.append((m.group(1), m.group(2)))
    return found


def router():
    seeds = []
    for method, pattern in route_patterns():
        path = re.sub(r"\{[a-z_]+:int\}", "42", pattern)
        path = re.sub(r"\{[a-z_]+:slug\}", "some-slug", path)
        path = re.sub(r"\{[a-z_]+\}", "haven.css", path)
        seeds.append(bytes([METHODS[method]]) + path.encode())
    seeds += [b"\x00/", b"\x01/healthz", b"\x02/healthz", b"\x07/", b"\x00//", b"\x00/children/0",
              b"\x00/children/99999999999999999999", b"\x00/assets/govuk/x.js", b"\x00no-slash"]
    return seeds


def fields():
    bodies = {
        0: ["q=Alex&page=2", "status=open&sort=date&from=2026-01-01&to=2026-12-31"],
        1: ["name=Alex&email=pat%40example.org&la_code=889&date_of_birth=2016-04-12&csrf_token=x",
            "given_name=Alex&family_name=Example&sex=female&agree=yes&tags=a&tags=b"],
        2: ['{"name": "Alex", "email": "pat@example.org", "la_code": 889, "date": "2026-03-27"}',
            '{"incidents": [{"police_reference": "T-1"}], "active": true, "tags": ["a", "b"]}', '[]', '{"x": null}'],
    }
    seeds = []
    for route in range(0, 256, 7):
        for kind, inputs in bodies.items():
            seeds.append(bytes([route, kind]) + inputs[route % len(inputs)].encode())
    # figures pages' periods (encompass, reviews, provide figures when these seeds were made), as queries
    periods = ["", "from=2026-05-01&to=2026-01-01", "from=2023-01-01&to=2026-01-01", "from=2199-01-01",
               "to=2024-03-31", "from=2024-02-29&to=2024-02-29"]
    for route in (38, 60, 102):
        seeds += [bytes([route, 0]) + period.encode() for period in periods]
    # names that go into Haven's emails (an administrator's and an agency administrator's new accounts and
    # invitations when these seeds were made), as a form and as JSON: as people write them, and hosts
    names = ["St.John Smith", "J. R. Hartley", "Zoë Ng (she/her)", "Visit evil.com/login", "haven.gov.uk",
             "x.co", "пример.РФ", "evil。com", "203.0.113.5", "Visit evil.example/login", "\\\\evil\\share"]
    for route in (3, 4, 12, 13, 135):
        seeds += [bytes([route, 1]) + ("name=" + urllib.parse.quote(name)).encode() for name in names]
        seeds += [bytes([route, 2]) + json.dumps({"name": name}, ensure_ascii=False).encode() for name in names]
    return seeds


def mustache():
    seeds = []
    for path in sorted((ROOT / "tests/unit/data/mustache-spec").glob("*.json")):
        for case in json.loads(path.read_text())["tests"]:
            if "lambda" in json.dumps(case.get("data")):
                continue
            parts = [case["template"], json.dumps(case.get("data", {}))]
            parts += [f"{name}\n{src}" for name, src in case.get("partials", {}).items()]
            seeds.append("\0".join(parts))
    return seeds


GIAS_HEADER = ("URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),"
               "EstablishmentStatus (name),StatutoryLowAge,StatutoryHighAge,Postcode")


def gias():
    fixture = (ROOT / "tests/http/data/edubasealldata-fictional.csv").read_bytes()
    small = "\r\n".join([
        GIAS_HEADER,
        '100001,888,Lancashire,Example Primary School,Community school,Primary,"Open",4,11,PR1 2HH',
        '100002,889,Blackburn with Darwen,"Sample Academy, Upper",Academy converter,Secondary,Open,11,18,bb1 1aa',
        '100003,890,Blackpool,Little Ones Nursery,Local authority nursery school,Nursery,Open,,,FY1 1AA',
        "100001,888,Lancashire,Duplicate,Community school,Primary,Open,4,11,PR1 2HH",
    ]) + "\r\n"
    cp1252 = (GIAS_HEADER + "\r\n100004,888,Lancashire,St Ren\xe9e's School,Voluntary aided school,Primary,"
              "Open,4,11,PR2 3AB\r\n").encode("latin-1")
    bom = b"\xef\xbb\xbf" + small.encode()
    broken = GIAS_HEADER + '\r\n100005,888,"unclosed,Primary\r\n12,888,X,Y,Z,Open,a,b,ZZ\r\n'
    return [fixture, small, cp1252, bom, broken, "", "URN\r\n1\r\n"]


CSV_HEADER = ("police_reference,occurred_at,location,la_code,risk_level,circumstances,person,name,role,"
              "date_of_birth,contact_phone,safe_to_call,safe_to_leave_message,safe_times,safe_number,given_name,"
              "family_name,setting_name,setting_urn,present,where_during,spoken_to,child_said")


def incidents_csv():
    inc = lambda ref: f'{ref},2025-11-19T22:00:00Z,"2 Sample Street, Blackburn",889,high,"Neighbours called police; shouting heard."'
    full = "\r\n".join([
        CSV_HEADER,
        f"{inc('T-6001')},adult,Pat Sample,victim,1990-01-01,01632 960002,no,no,never call after 17:00,01632 960003,,,,,,,,",
        f'{inc("T-6001")},child,,,2016-04-12,,,,,,Alex,Example,,,yes,living room,yes,"She said ""they were shouting"""',
        f"{inc('T-6001')},child,,,2015-05-05,,,,,,Robin,Sample,,119002,no,at a friend's,no,",
        f"{inc('T-6002')},adult,Sam Other,other,,,,,,,,,,,,,,",
    ]) + "\r\n"
    short_header = ("police_reference,occurred_at,la_code,risk_level,circumstances,person,name,role,given_name,"
                    "family_name,date_of_birth,present,spoken_to")
    short = "\n".join([short_header,
                       "T-7001,2025-11-19T22:00:00Z,889,high,Shouting,child,,,Alex,Example,2016-04-12,yes,no",
                       "T-7002,2025-11-19T22:00:00+01:00,889,high,Shouting,child,,,Kim,Sample,2016-13-01,yes,no"]) + "\n"
    return [full, short, "police_reference,person\nT-1,child\n", f'{short_header}\nT-1,"unclosed\n', ""]


def incident(ref, **extra):
    victim = {"name": "Pat Example", "role": "victim", "contact_phone": "01632 960001", "safe_to_call": True,
              "safe_to_leave_message": False, "safe_times": "weekdays 10:00 to 14:00 only"}
    child = {"given_name": "Alex", "family_name": "Example", "date_of_birth": "2016-04-12", "present": True,
             "spoken_to": False}
    out = {"police_reference": ref, "occurred_at": "2025-11-19T19:30:00Z", "location": "1 Example Road",
           "la_code": 889, "risk_level": "medium",
           "circumstances": "Verbal argument between adults; children upstairs.",
           "adults": [victim, {"name": "Lee Example", "role": "suspect"}], "children": [child]}
    out.update(extra)
    return out


def incidents_json():
    return [json.dumps([incident("T-1101")]),
            json.dumps({"incidents": [incident("T-1102"), incident("T-1103", occurred_at="2025-11-19T20:30:00+01:00",
                                                                   location=None)]}),
            json.dumps([incident("T-1104", children=[], risk_level="severe", la_code=1)]),
            json.dumps([incident("T-1105", adults=[{"name": "Pat", "role": "victim", "safe_to_call": True,
                                                    "safe_to_leave_message": True, "safe_number": "01632 960009"}])]),
            "[]", '{"incidents": {}}', "[1, \"x\", null]"]


def framework():
    demo = json.loads((ROOT / "src/areas/threshold/data/framework-demo.json").read_text())
    small = dict(demo)
    small["indicators"] = demo["indicators"][:8]
    small["local_authorities"] = demo["local_authorities"][:1]
    bad = dict(small)
    bad["levels"] = [{"number": 2, "name": ""}]
    bad["suggestion_rule"] = {"highest_level": 9}
    return [json.dumps(demo), json.dumps(small), json.dumps(bad), "{}", "[]"]


def neglect_tool():
    demo = json.loads((ROOT / "src/areas/neglect/data/tool-demo.json").read_text())
    small = dict(demo)
    small["areas"] = demo["areas"][:1]
    small["age_bands"] = demo["age_bands"][:1]
    bad = dict(small)
    bad["grades"] = [{"grade": 2, "name": ""}]
    bad["areas"] = [{"id": "X", "sub_areas": [{"id": "x", "descriptors": [{"grade": 9, "age_bands": ["nowhere"]}]}]}]
    return [json.dumps(demo), json.dumps(small), json.dumps(bad), "{}", "[]"]


def match():
    return ["Zoë\nO'Brien-Smith\n\n2016-04-12\n\nfemale\npr1 2hh\nA801200001001\n943 476 5919\n888",
            "Catherine\nKathryn\nMary Ann\n\n2026-06-01\nnot_known\nSW1A 1AA\n\n9434765919\n889",
            "Mohammed\nMuhammad\n\n2030-01-01\n2016-02-30\nunknown\nGIR 0AA\nB80120000100Z\n943-476-5919\n0",
            "Łukasz Ærø ß\nSmyth\n", "Steven", "Stephen", "Jon", "John", "ĳsbrand", "\u00c6thelstan", "", "X",
            # names in their own scripts, and forms that normalise to them
            "يوسف\nالحسيني\nمحـــمد\n2017-03-09\n\nmale\n\n\n\n890",
            "王小明\n김민준\nप्रिया Σοφία ΣΟΦΊΑ Мария\n2019-11-21", "Ｊｏｈｎ Nguyễn Ali علي",
            "\ufee3\ufea3\ufee4\ufeaa"]


def calendar():
    return ["2026-03-27", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "2026-3-7",
            "2026-11-26T19:30:00Z", "2026-03-29T01:30:00+01:00", "2026-10-25T01:30:00.125-0030",
            "2026-06-01T12:00+05", "2026-06-01T24:00:00Z", "2026-06-01t12:00:00z", "0001-01-01T00:00:00+01:00",
            "09:30", "23:59", "24:00", "9:30"]


def bank_holidays():
    fixture = (ROOT / "tests/unit/data/bank-holidays-england-and-wales-2019-2027.json").read_text()
    tiny = {"england-and-wales": {"division": "england-and-wales", "events": [
        {"title": "New Year’s Day", "date": "2026-01-01", "notes": "", "bunting": True},
        {"title": "Christmas Day (substitute day)", "date": "2026-12-28"}]},
        "scotland": {"division": "scotland", "events": []}}
    twice = {"england-and-wales": {"events": [{"title": "A", "date": "2026-01-01"}, {"title": "B", "date": "2026-01-01"}]}}
    bad = {"england-and-wales": {"events": [{"title": "", "date": "2026-02-30"}]}}
    return [fixture, json.dumps(tiny, ensure_ascii=False), json.dumps(twice), json.dumps(bad), "{}"]


def term_dates():
    header = "name,first_day,last_day\n"
    year = ("Autumn 2026,2026-09-03,2026-10-23\nAutumn 2026 (2),2026-11-02,2026-12-18\n"
            "Spring 2027,2027-01-05,2027-02-12\nSpring 2027 (2),2027-02-22,2027-03-26\n"
            "Summer 2027,2027-04-12,2027-05-28\nSummer 2027 (2),2027-06-07,2027-07-21\n")
    return [header + year, "\ufeff" + header.replace("\n", "\r\n") + '"Autumn, first half",2026-09-03,2026-10-23\r\n',
            header + "Autumn,2026-09-03,2026-10-23\nOverlap,2026-10-01,2026-11-01\n",
            header + "Bad,2026-02-30,2026-03-01\nBackwards,2026-05-01,2026-04-01\n,2026-06-01,2026-06-02\n",
            "first_day,last_day,name\n2026-09-03,2026-10-23,Autumn\n", "name,first_day\nA,2026-09-03\n",
            header, "", "not,a\0csv",
            # 2024-25 and 2026-27 without 2025-26: only the years held are replaced
            header + "Autumn 2024,2024-09-04,2024-12-20\nSpring 2027,2027-01-05,2027-03-26\n",
            # names with control characters (a quoted line break, a tab, DEL, U+0085) and a long one
            header + '"Autumn\nfirst half",2026-09-03,2026-10-23\nSpring\t1,2027-01-05,2027-02-12\n'
            "Summer\x7f,2027-04-12,2027-05-28\nSummer\u0085 2,2027-06-07,2027-07-21\n",
            header + "\u00e9" * 200 + ",2026-09-03,2026-10-23\n" + "e" * 201 + ",2027-01-05,2027-02-12\n"]


def qa_standards():
    s11 = json.loads((ROOT / "tests/http/data/qa-section11.json").read_text())
    s175 = (ROOT / "tests/http/data/qa-section175.json").read_text()
    bad = dict(s11)
    bad["kind"] = "section12"
    bad["scale"] = [{"value": "1", "label": "One", "definition": "d", "rating": "pink"}]
    bad["standards"] = [{"id": "Has Spaces", "title": ""}, {"id": "Has Spaces"}]
    return [json.dumps(s11), s175, json.dumps(bad), "{}", "[]"]


TARGETS = [("form", form), ("cookie", cookie), ("limit_address", limit_address), ("router", router), ("fields", fields), ("mustache", mustache), ("gias", gias),
           ("incidents_csv", incidents_csv), ("incidents_json", incidents_json), ("framework", framework),
           ("neglect_tool", neglect_tool), ("match", match), ("calendar", calendar),
           ("bank_holidays", bank_holidays), ("qa_standards", qa_standards), ("term_dates", term_dates)]

if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(1 if [name for name, make in TARGETS if differs(name, make())] else 0)
    for name, make in TARGETS:
        write(name, make())
    # every target's regressions folder, kept in git while it is empty
    for source in sorted((ROOT / "tests/fuzz").glob("fuzz_*.c")):
        folder = ROOT / "tests/fuzz/regressions" / source.stem.removeprefix("fuzz_")
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.iterdir()):
            (folder / ".gitkeep").touch()
