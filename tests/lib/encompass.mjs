// Operation Encompass fixtures shared by the HTTP tests of its figures and
// deadlines: an incident the police send about one child the demo's register
// knows, or about the children given, and the notification its school was
// sent. Not a test file.

/** An incident from the police with one child, Alex Example, whom the demo's register has at Brookfield Primary. */
export const encompassIncident = (ref, occurred_at) => ({
  police_reference: ref,
  occurred_at,
  location: "1 Example Road",
  la_code: 889,
  risk_level: "standard",
  circumstances: "Verbal argument between adults; the child was upstairs (fictional).",
  adults: [{ name: "Pat Example", role: "victim", safe_to_call: false, safe_to_leave_message: false }],
  children: [{ given_name: "Alex", family_name: "Example", date_of_birth: "2016-04-12", present: true, spoken_to: false }],
});

/** The id of the notification sent about incident `ref` (undefined if none), read with `sql` (sqlRows on the test's database). */
export const notificationOfIncident = (sql, ref) =>
  sql(`SELECT n.id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
       JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = '${ref}'`)[0]?.id;

/** A child as the police describe one in an incident: present and not spoken to, unless `extra` says otherwise. */
export const incidentChild = (given, family, dob, extra = {}) => ({
  given_name: given,
  family_name: family,
  ...(dob ? { date_of_birth: dob } : {}),
  present: true,
  spoken_to: false,
  ...extra,
});

/** An incident from the police in Lancashire (889) about `children`, occurred at `occurred_at`, for the test that `why` says. */
export const incidentAbout = (ref, occurred_at, children, why) => ({
  police_reference: ref,
  occurred_at,
  location: "1 Example Road",
  la_code: 889,
  risk_level: "medium",
  circumstances: `Fictional, for the test of ${why}.`,
  adults: [{ name: "Lee Example", role: "suspect" }],
  children,
});
