// Who opens the demo's records of the newer areas: households, missing episodes, MACE meetings,
// places, documents, exploitation screenings and NRM referrals, neglect assessments,
// self-assessment returns and case audits. The access matrix (access-matrix.test.mjs) tries
// these record types only by a number that does not exist, so it does not hold the server to
// who is related to a real one; this file does, for every demo account: another agency's
// DSL, another local authority's front door, the scrutineer, the administrator and the agency
// administrator are refused (403 for a role that may never, 404 for a record they have no
// relationship to, as for one that does not exist), and every record naming a child that is opened leaves an audit row.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);

const ACCOUNTS = ["admin", "partnership", "practitioner", "frontdoor", "police", "dsl", "idva", "scrutineer", "dsl2", "frontdoor2", "idva2", "agencyadmin"];

// Each record: how to find its id in the demo, the accounts that open it, and those refused
// 403 for a role that may never take the action (every other account is answered 404);
// childData false for a record that names no child (an agency's self-assessment), whose
// reads are not audited.
const RECORDS = [
  {
    name: "a household in Lancashire (888)",
    path: (id) => `/api/v1/households/${id}`,
    id: "SELECT id FROM households WHERE address_key = '4 demo lane, preston (fictional)'",
    opens: ["frontdoor", "police"],
    roleRefused: ["admin", "partnership", "scrutineer", "agencyadmin"],
  },
  {
    name: "a household in Blackburn with Darwen (889)",
    path: (id) => `/api/v1/households/${id}`,
    id: "SELECT id FROM households WHERE address_key = '1 example row, demoton'",
    opens: ["practitioner", "police", "dsl", "dsl2"],
    roleRefused: ["admin", "partnership", "scrutineer", "agencyadmin"],
  },
  {
    name: "a household in Blackpool (890)",
    path: (id) => `/api/v1/households/${id}`,
    id: "SELECT id FROM households WHERE address_key = '1 example row, blackpool (fictional)'",
    opens: ["police", "frontdoor2"],
    roleRefused: ["admin", "partnership", "scrutineer", "agencyadmin"],
  },
  {
    name: "a missing episode",
    path: (id) => `/api/v1/missing-episodes/${id}`,
    id: "SELECT min(id) FROM missing_episodes",
    opens: ["frontdoor", "police"],
    roleRefused: ["admin", "partnership", "dsl", "idva", "scrutineer", "dsl2", "idva2", "agencyadmin"],
  },
  {
    name: "an exploitation screening",
    path: (id) => `/api/v1/exploitation/screenings/${id}`,
    id: "SELECT min(id) FROM exploitation_screenings",
    opens: ["police", "frontdoor2"],
    roleRefused: ["admin", "partnership", "idva", "scrutineer", "idva2", "agencyadmin"],
  },
  {
    name: "an NRM referral",
    path: (id) => `/api/v1/exploitation/nrm-referrals/${id}`,
    id: "SELECT min(id) FROM nrm_referrals",
    opens: ["police", "frontdoor2"],
    roleRefused: ["admin", "partnership", "idva", "scrutineer", "idva2", "agencyadmin"],
  },
  {
    name: "a finished neglect assessment",
    path: (id) => `/api/v1/neglect/assessments/${id}`,
    id: "SELECT id FROM neglect_assessments WHERE status = 'finished'",
    opens: ["police", "idva", "frontdoor2"],
    roleRefused: ["admin", "partnership", "scrutineer", "agencyadmin"],
  },
  {
    name: "the front door's draft neglect assessment",
    path: (id) => `/api/v1/neglect/assessments/${id}`,
    id: "SELECT id FROM neglect_assessments WHERE status = 'draft'",
    opens: ["frontdoor"],
    roleRefused: ["admin", "partnership", "scrutineer", "agencyadmin"],
  },
  {
    name: "a case note's document",
    path: (id) => `/api/v1/documents/${id}`,
    id: "SELECT min(id) FROM documents WHERE owner_type = 'case_note'",
    opens: ["practitioner", "dsl"],
    roleRefused: [],
  },
  {
    name: "the police's submitted self-assessment",
    path: (id) => `/api/v1/qa/returns/${id}`,
    id: "SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE a.slug = 'lancashire-constabulary'",
    opens: ["partnership", "police"],
    roleRefused: ["admin", "scrutineer"],
    childData: false,
  },
  {
    name: "a school's draft self-assessment",
    path: (id) => `/api/v1/qa/returns/${id}`,
    id: "SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE a.slug = 'brookfield-primary'",
    opens: ["partnership", "dsl", "agencyadmin"],
    roleRefused: ["admin", "scrutineer"],
    childData: false,
  },
  {
    name: "a case audit",
    path: (id) => `/api/v1/qa/case-audits/${id}`,
    id: "SELECT min(id) FROM qa_case_audits",
    opens: ["partnership", "idva"],
    roleRefused: ["admin", "scrutineer"],
  },
];

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("who opens the demo's records of the newer areas", () => {
  for (const record of RECORDS) {
    test(record.name, async () => {
      const id = Number(sql(record.id));
      assert.ok(id > 0, `the demo holds ${record.name}`);
      const got = {};
      const want = {};
      for (const who of ACCOUNTS) {
        const audits = Number(sql("SELECT count(*) FROM audit_log"));
        const res = await call(who, record.path(id));
        got[who] = res.status;
        want[who] = record.opens.includes(who) ? 200 : record.roleRefused.includes(who) ? 403 : 404;
        if (res.status === 200 && record.childData !== false)
          assert.ok(Number(sql("SELECT count(*) FROM audit_log")) > audits, `${who}'s read of ${record.name} is audited`);
      }
      assert.deepEqual(got, want);
    });
  }
});
