// Who opens the demo's records, type by type: households, missing episodes, exploitation
// screenings and NRM referrals, neglect assessments, case notes and their documents, places,
// groups and persons of concern, MACE meetings and their actions, the partnership's plan
// actions, meetings and scrutiny challenges, self-assessment returns and their standards' evidence,
// case audits and their actions, requests for support, domestic abuse incidents, Operation
// Encompass notifications, IDVA referrals and a school's own details. The access matrix
// (access-matrix.test.mjs) tries these record types only by a number that does not exist, so it
// does not hold the server to who is related to a real one; this file does, for every demo
// account: another agency's DSL, another local authority's front door, the scrutineer, the
// administrator and the agency administrator are refused (403 for a role that may never, 404 for
// a record they have no relationship to, as for one that does not exist), and every audited read
// that opens a record leaves an audit row.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);

const ACCOUNTS = ["admin", "partnership", "practitioner", "frontdoor", "police", "dsl", "idva", "scrutineer", "dsl2", "frontdoor2", "idva2", "agencyadmin"];
// Every account but these: the roles refused a record only a few roles may reach.
const except = (...who) => ACCOUNTS.filter((account) => !who.includes(account));
// Who may take the contextual area's actions: those who screen children, and the exploitation teams.
const SCREENERS = ["practitioner", "frontdoor", "police", "dsl", "dsl2", "frontdoor2"];
const EXPLOITATION_TEAMS = ["frontdoor", "police", "frontdoor2"];

// Each record: how to find its id in the demo, the accounts that open it, and those refused
// 403 for a role that may never take the action (every other account is answered 404);
// audited false for a record whose reads are not audited (one that names no child: an
// agency's self-assessment, the partnership's plans, meetings and challenges). A record with
// no page to read (a MACE action) is tried by the change it takes, sent with nothing in it:
// `request` is how, `opened` the answer of those who may (422, the missing field), and
// `unchanged` a query whose answer must be the same afterwards. `opened` is otherwise 200, or
// 303 for a route that opens a record by sending the reader to its place on another page.
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
    audited: false,
  },
  {
    name: "a school's draft self-assessment",
    path: (id) => `/api/v1/qa/returns/${id}`,
    id: "SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE a.slug = 'brookfield-primary'",
    opens: ["partnership", "dsl", "agencyadmin"],
    roleRefused: ["admin", "scrutineer"],
    audited: false,
  },
  {
    name: "a case audit",
    path: (id) => `/api/v1/qa/case-audits/${id}`,
    id: "SELECT min(id) FROM qa_case_audits",
    opens: ["partnership", "idva", "frontdoor"],
    // an agency administrator's role is no auditor's: refused by role, not for the record
    roleRefused: ["admin", "scrutineer", "agencyadmin"],
  },
  {
    name: "a case audit's action (the IDVA's)",
    path: (id) => `/quality-assurance/case-audits/${sql(`SELECT audit_id FROM qa_case_audit_actions WHERE id = ${id}`)}/actions/${id}`,
    id: "SELECT min(id) FROM qa_case_audit_actions",
    opens: ["idva"],
    roleRefused: ["admin", "scrutineer"],
  },
  {
    name: "a standard of the police's submitted self-assessment",
    path: (id) => `/quality-assurance/return-standards/${id}`,
    id: "SELECT min(s.id) FROM qa_return_standards s JOIN qa_returns r ON r.id = s.return_id JOIN agencies a ON a.id = r.agency_id WHERE a.slug = 'lancashire-constabulary'",
    opens: ["partnership", "police"],
    opened: 303,
    roleRefused: ["admin", "scrutineer"],
  },
  {
    name: "a standard of a school's draft self-assessment",
    path: (id) => `/quality-assurance/return-standards/${id}`,
    id: "SELECT min(s.id) FROM qa_return_standards s JOIN qa_returns r ON r.id = s.return_id JOIN agencies a ON a.id = r.agency_id WHERE a.slug = 'brookfield-primary'",
    opens: ["dsl", "agencyadmin"],
    opened: 303,
    roleRefused: ["admin", "scrutineer"],
  },
  {
    name: "a case note shared with the child's linked agencies",
    path: (id) => `/api/v1/notes/${id}`,
    id: "SELECT min(id) FROM case_notes",
    opens: ["practitioner", "dsl"],
    roleRefused: ["admin", "scrutineer", "agencyadmin"],
  },
  {
    name: "a place",
    path: (id) => `/api/v1/contexts/${id}`,
    id: "SELECT min(id) FROM contexts WHERE kind = 'place'",
    opens: SCREENERS,
    roleRefused: except(...SCREENERS),
  },
  {
    name: "a group",
    path: (id) => `/api/v1/contexts/${id}`,
    id: "SELECT min(id) FROM contexts WHERE kind = 'group'",
    opens: SCREENERS,
    roleRefused: except(...SCREENERS),
  },
  {
    name: "a person of concern",
    path: (id) => `/api/v1/persons-of-concern/${id}`,
    id: "SELECT min(id) FROM contexts WHERE kind = 'person'",
    opens: EXPLOITATION_TEAMS,
    roleRefused: except(...EXPLOITATION_TEAMS),
  },
  {
    name: "a person of concern asked for as a place or group",
    path: (id) => `/api/v1/contexts/${id}`,
    id: "SELECT min(id) FROM contexts WHERE kind = 'person'",
    opens: [],
    roleRefused: except(...SCREENERS),
  },
  {
    name: "a level 1 MACE meeting (children)",
    path: (id) => `/api/v1/mace/meetings/${id}`,
    id: "SELECT min(id) FROM mace_meetings WHERE level = 1",
    opens: SCREENERS,
    roleRefused: except(...SCREENERS),
  },
  {
    name: "a level 2 MACE meeting (persons of concern and places)",
    path: (id) => `/api/v1/mace/meetings/${id}`,
    id: "SELECT min(id) FROM mace_meetings WHERE level = 2",
    opens: EXPLOITATION_TEAMS,
    roleRefused: except(...SCREENERS),
  },
  {
    name: "an action of a level 2 MACE meeting",
    path: (id) => `/api/v1/mace/actions/${id}`,
    id: "SELECT min(x.id) FROM mace_actions x JOIN mace_meetings m ON m.id = x.meeting_id WHERE m.level = 2",
    request: { method: "POST", json: {} },
    opened: 422,
    unchanged: (id) => `SELECT status, updated_at, updated_by FROM mace_actions WHERE id = ${id}`,
    opens: EXPLOITATION_TEAMS,
    roleRefused: except(...SCREENERS),
    audited: false,
  },
  {
    name: "an action of a priority's plan",
    path: (id) => `/api/v1/plan-actions/${id}`,
    id: "SELECT min(id) FROM plan_actions",
    opens: except("admin"),
    roleRefused: ["admin"],
    audited: false,
  },
  {
    name: "a partnership meeting",
    path: (id) => `/api/v1/meetings/${id}`,
    id: "SELECT min(id) FROM meetings",
    opens: ["partnership", "frontdoor", "police", "dsl", "scrutineer", "agencyadmin"],
    roleRefused: ["admin"],
    audited: false,
  },
  {
    name: "a scrutineer's challenge to a school",
    path: (id) => `/api/v1/challenges/${id}`,
    id: "SELECT c.id FROM scrutiny_challenges c JOIN agencies a ON a.id = c.owner_agency_id WHERE a.slug = 'brookfield-primary'",
    opens: ["partnership", "dsl", "scrutineer", "agencyadmin"],
    roleRefused: ["admin"],
    audited: false,
  },
  {
    name: "the police's request for support to Blackpool's front door",
    path: (id) => `/api/v1/support-requests/${id}`,
    id: "SELECT s.id FROM support_requests s JOIN agencies a ON a.id = s.front_door_agency_id WHERE a.slug = 'blackpool-council'",
    opens: ["police", "frontdoor2"],
    roleRefused: ["admin", "scrutineer", "agencyadmin"],
  },
  {
    name: "a domestic abuse incident in Lancashire (888)",
    path: (id) => `/api/v1/da-incidents/${id}`,
    id: "SELECT min(id) FROM da_incidents WHERE la_code = 888",
    opens: ["frontdoor", "police"],
    roleRefused: except("frontdoor", "police", "frontdoor2"),
  },
  {
    name: "a domestic abuse incident in Blackburn with Darwen (889)",
    path: (id) => `/api/v1/da-incidents/${id}`,
    id: "SELECT min(id) FROM da_incidents WHERE la_code = 889",
    opens: ["police"],
    roleRefused: except("frontdoor", "police", "frontdoor2"),
  },
  {
    name: "a domestic abuse incident in Blackpool (890)",
    path: (id) => `/api/v1/da-incidents/${id}`,
    id: "SELECT min(id) FROM da_incidents WHERE la_code = 890",
    opens: ["police", "frontdoor2"],
    roleRefused: except("frontdoor", "police", "frontdoor2"),
  },
  {
    name: "an Encompass notification to a school in Blackburn with Darwen",
    path: (id) => `/api/v1/encompass/notifications/${id}`,
    id: "SELECT min(n.id) FROM encompass_notifications n JOIN agencies a ON a.id = n.recipient_agency_id WHERE a.slug = 'brookfield-primary'",
    opens: ["police", "dsl"],
    roleRefused: except("frontdoor", "police", "dsl", "dsl2", "frontdoor2"),
  },
  {
    name: "an Encompass notification to a school in Blackpool",
    path: (id) => `/api/v1/encompass/notifications/${id}`,
    id: "SELECT min(n.id) FROM encompass_notifications n JOIN agencies a ON a.id = n.recipient_agency_id WHERE a.slug = 'seafront-primary'",
    opens: ["police", "frontdoor2"],
    roleRefused: except("frontdoor", "police", "dsl", "dsl2", "frontdoor2"),
  },
  {
    name: "an Encompass notification to Lancashire's front door (a child educated at home)",
    path: (id) => `/api/v1/encompass/notifications/${id}`,
    id: "SELECT min(n.id) FROM encompass_notifications n JOIN agencies a ON a.id = n.recipient_agency_id WHERE a.slug = 'lancashire-county-council'",
    opens: ["frontdoor", "police"],
    roleRefused: except("frontdoor", "police", "dsl", "dsl2", "frontdoor2"),
  },
  {
    name: "a referral to the demo IDVA service",
    path: (id) => `/api/v1/provide/referrals/${id}`,
    id: "SELECT min(r.id) FROM idva_referrals r JOIN agencies a ON a.id = r.service_agency_id WHERE a.slug = 'demo-idva-service'",
    opens: ["idva"],
    roleRefused: except("idva", "idva2"),
  },
  {
    name: "a referral to the coast IDVA service",
    path: (id) => `/api/v1/provide/referrals/${id}`,
    id: "SELECT min(r.id) FROM idva_referrals r JOIN agencies a ON a.id = r.service_agency_id WHERE a.slug = 'demo-coast-idva-service'",
    opens: ["idva2"],
    roleRefused: except("idva", "idva2"),
  },
  {
    name: "a school's own details (Brookfield's school-day start)",
    path: (id) => `/settings/${id}/school-day-start`,
    id: "SELECT s.agency_id FROM settings s JOIN agencies a ON a.id = s.agency_id WHERE a.slug = 'brookfield-primary'",
    opens: ["partnership", "dsl"],
    roleRefused: except("partnership", "dsl", "dsl2"),
  },
  {
    name: "another school's own details (Larkhill's school-day start)",
    path: (id) => `/settings/${id}/school-day-start`,
    id: "SELECT s.agency_id FROM settings s JOIN agencies a ON a.id = s.agency_id WHERE a.slug = 'larkhill-academy'",
    opens: ["partnership", "dsl2"],
    roleRefused: except("partnership", "dsl", "dsl2"),
  },
];

const READS_AUDITED = "SELECT count(*) FROM audit_log WHERE action NOT LIKE 'sign_in%'";

before(async () => {
  // Each account is refused far more different records here than the limit on refused records allows
  // (tests/http/refusals.test.mjs tests it): the limit would stop the probe, not what it checks.
  haven = await startHaven({ env: { HAVEN_REFUSALS_LIMIT: "100000" } });
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("who opens the demo's records", () => {
  for (const record of RECORDS) {
    test(record.name, async () => {
      const id = Number(sql(record.id));
      assert.ok(id > 0, `the demo holds ${record.name}`);
      const state = record.unchanged ? sql(record.unchanged(id)) : null;
      const got = {};
      const want = {};
      for (const who of ACCOUNTS) {
        // (an account's first call signs it in: that row is not the read's)
        const audits = Number(sql(READS_AUDITED));
        const res = await call(who, record.path(id), record.request);
        got[who] = res.status;
        const opens = record.opens.includes(who);
        want[who] = opens ? (record.opened ?? 200) : record.roleRefused.includes(who) ? 403 : 404;
        if (opens && res.status === want[who] && record.audited !== false)
          assert.ok(Number(sql(READS_AUDITED)) > audits, `${who}'s read of ${record.name} is audited`);
      }
      assert.deepEqual(got, want);
      if (record.unchanged) assert.equal(sql(record.unchanged(id)), state, `${record.name} is unchanged`);
    });
  }
});
