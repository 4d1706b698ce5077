// Every page that creates a record says what it made in its success banner,
// in the words of the area's own pages ("The plan was added"), never the
// default "Your changes have been saved" (RESPONSE_SUCCESS_DEFAULT): each create
// form below is posted in a browser session and the banner on the page it
// leads to is read. A create added later must say what it made too: this list
// is where its banner is checked.
//
// Run: node --test tests/http/create-banners.test.mjs   (needs build/haven, or HAVEN_BIN)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { demoEmail, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});
const sql = (query) => sqlText(haven.dbPath, query);

/** A date as the GOV.UK date input posts it: three boxes named after the field. */
const dateBoxes = (name, iso) => {
  const [year, month, day] = iso.split("-");
  return [[`${name}-day`, day], [`${name}-month`, month], [`${name}-year`, year]];
};
const daysFromToday = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

// A submitted return of the demo's, which the partnership may challenge; and the police's, submitted with
// training scored amber, to which the police add an action.
const submittedReturn = () =>
  sql("SELECT r.id FROM qa_returns r WHERE r.submitted_on IS NOT NULL ORDER BY r.id LIMIT 1");
const policeReturn = () =>
  sql(`SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id
       WHERE a.slug = 'lancashire-constabulary' AND r.submitted_on IS NOT NULL ORDER BY r.id LIMIT 1`);

// Each create: who posts it, the page with its form, where it posts, what it sends, and the banner.
const CREATES = [
  {
    what: "a child's record",
    who: "practitioner",
    form: "/children/new",
    post: "/children/new",
    fields: () => [["given_name", "Bannerchild"], ["family_name", "Fictional"], ...dateBoxes("date_of_birth", "2016-02-03"),
      ["sex", "female"], ["la_code", "890"], ["confirm_new", "yes"]],
    banner: "The child's record was created",
  },
  {
    what: "a case note",
    who: "dsl",
    form: "/children/1/notes/new",
    post: "/children/1/notes",
    fields: () => [...dateBoxes("happened_on", daysFromToday(-1)), ["category", "contact"], ["visibility", "own_agency"],
      ["body", "Fictional note: a banner's note."]],
    banner: "The note was added",
  },
  {
    what: "a place or group",
    who: "dsl",
    form: "/contexts",
    post: "/contexts",
    fields: () => [["kind", "place"], ["name", "Banner Street car park (fictional)"]],
    banner: "The place or group was recorded",
  },
  {
    what: "a person of concern",
    who: "police",
    form: "/persons-of-concern",
    post: "/persons-of-concern",
    fields: () => [["name", "A fictional person of concern"]],
    banner: "The person of concern was recorded",
  },
  {
    what: "an exploitation screening",
    who: "frontdoor2",
    form: "/exploitation/children/2/screenings",
    post: "/exploitation/children/2/screenings",
    fields: () => [["indicators", "cce-weapon"], ["judgement", "high"]],
    banner: "The screening was recorded",
  },
  {
    what: "an NRM referral",
    who: "frontdoor2",
    form: "/exploitation/children/2/screenings",
    post: "/exploitation/children/2/nrm-referrals",
    fields: () => [...dateBoxes("referred_on", daysFromToday(-1)), ["first_responder", "Fictional council"]],
    banner: "The NRM referral was recorded",
  },
  {
    what: "a MACE meeting",
    who: "police",
    form: "/mace/meetings",
    post: "/mace/meetings",
    fields: () => [["level", "1"], ...dateBoxes("held_on", daysFromToday(0))],
    banner: "The meeting was set up",
  },
  {
    what: "a plan",
    who: "partnership",
    form: "/plans/new",
    post: "/plans",
    fields: () => [["priority", "neglect"], ...dateBoxes("starts_on", "2027-04-01"), ...dateBoxes("ends_on", "2028-03-31"),
      ["aims", "Fictional: a banner's plan."]],
    banner: "The plan was added",
  },
  {
    what: "a priority",
    who: "partnership",
    form: "/priorities/new",
    post: "/priorities",
    fields: () => [["name", "Banner priority (fictional)"]],
    banner: "The priority was added",
  },
  {
    what: "a challenge",
    who: "scrutineer",
    form: "/challenges/new",
    post: "/challenges",
    fields: () => [["subject", "Fictional subject"], ["detail", "Fictional detail"], ["owner", "brookfield-primary"],
      ...dateBoxes("respond_by", daysFromToday(21))],
    banner: "The challenge was raised",
  },
  {
    what: "a subject access request",
    who: "partnership",
    form: "/subject-access/new",
    post: "/subject-access",
    fields: () => [["child", "1"], ["requester", "parent"], ...dateBoxes("received_on", daysFromToday(-1))],
    banner: "The request was recorded",
  },
  {
    what: "a quality assurance cycle",
    who: "partnership",
    form: "/quality-assurance/cycles/new",
    post: "/quality-assurance/cycles",
    // Section 11: the demo's schools' cycle is open today, and a kind has one cycle open at a time
    fields: () => [["standards", sql("SELECT max(id) FROM qa_standard_sets WHERE kind = 'section11'")], ["title", "Banner cycle (fictional)"],
      ...dateBoxes("opens_on", daysFromToday(0)), ...dateBoxes("returns_due_on", daysFromToday(30))],
    banner: "The cycle was opened",
  },
  {
    what: "a case audit",
    who: "partnership",
    form: "/quality-assurance/case-audits/new",
    post: "/quality-assurance/case-audits",
    fields: () => [["title", "Banner audit (fictional)"], ["theme", "Neglect"], ["findings_due_on-day", "31"], ["findings_due_on-month", "3"], ["findings_due_on-year", String(new Date().getUTCFullYear() + 1)], ["children", "1"], ["auditors", demoEmail("police")]],
    banner: "The audit was started",
  },
  {
    what: "a question on a return",
    who: "partnership",
    form: () => `/quality-assurance/returns/${submittedReturn()}`,
    post: () => `/quality-assurance/returns/${submittedReturn()}/challenges`,
    fields: () => [["question", "How do you know the training reached night shifts?"]],
    banner: "The question was sent",
  },
  {
    what: "an action on a return",
    who: "police",
    form: () => `/quality-assurance/returns/${policeReturn()}`,
    post: () => `/quality-assurance/returns/${policeReturn()}/actions`,
    fields: () => [["standard", "training"], ["action", "Fictional: train the night shift."], ["owner", "Named nurse"],
      ...dateBoxes("due_on", daysFromToday(60))],
    banner: "The action was added",
  },
  {
    what: "an account",
    who: "admin",
    form: "/admin/users/new",
    post: "/admin/users",
    fields: () => [["name", "Bea Banner"], ["email", "bea.banner@brookfield.example"], ["agency", "brookfield-primary"],
      ["roles", "practitioner"], ["password", "quiet harbour lantern 9 kettle"]],
    banner: "The account was added",
  },
  {
    what: "a break-glass grant",
    who: "police",
    form: "/children/1",
    post: "/break-glass",
    fields: () => [["resource_type", "child"], ["resource_id", "1"], ["reason", "Fictional: a strategy discussion this afternoon"]],
    banner: "Your reason was recorded: you can see this record for 1 hour",
  },
];

const resolve = (value) => (typeof value === "function" ? value() : value);

describe("a create says what it made in its banner", () => {
  for (const create of CREATES) {
    test(create.what, async () => {
      const b = cookieClient(() => haven);
      await b.signIn(create.who);
      const form = await b.request(resolve(create.form));
      assert.ok([200, 403].includes(form.status), `${form.status} ${form.text.slice(0, 300)}`);
      const answer = await b.request(resolve(create.post), {
        method: "POST",
        form: [["csrf_token", b.csrfOf(form.text)], ...create.fields()],
      });
      assert.equal(answer.status, 303, answer.text);
      const page = await b.request(answer.location);
      const banner = page.text.match(/govuk-notification-banner__heading">\s*([^<]*?)\s*</)?.[1].replaceAll("&#39;", "'");
      assert.equal(banner, create.banner);
      assert.doesNotMatch(page.text, /Your changes have been saved/);
    });
  }
});
