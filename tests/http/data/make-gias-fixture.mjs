// make-gias-fixture.mjs — writes edubasealldata-fictional.csv beside it: a
// small file in the exact shape of the DfE "Get Information about Schools"
// establishment download (edubasealldata*.csv) for the settings import tests
// (tests/http/settings.test.mjs). Every establishment in it is invented.
//
// The shape is the real file's: its full header row (every column GIAS
// publishes, in its order), Windows-1252 bytes (é, ’ and – are single bytes),
// CRLF line ends, and fields quoted only when they hold a comma, a quote or a
// line break, with quotes doubled. Run `node tests/http/data/make-gias-fixture.mjs`
// after changing the rows below.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const HEADER = [
  "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (code)",
  "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)", "EstablishmentTypeGroup (name)",
  "EstablishmentStatus (code)", "EstablishmentStatus (name)", "ReasonEstablishmentOpened (code)",
  "ReasonEstablishmentOpened (name)", "OpenDate", "ReasonEstablishmentClosed (code)",
  "ReasonEstablishmentClosed (name)", "CloseDate", "PhaseOfEducation (code)", "PhaseOfEducation (name)",
  "StatutoryLowAge", "StatutoryHighAge", "Boarders (code)", "Boarders (name)", "NurseryProvision (name)",
  "OfficialSixthForm (code)", "OfficialSixthForm (name)", "Gender (code)", "Gender (name)",
  "ReligiousCharacter (code)", "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (code)",
  "Diocese (name)", "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity",
  "SpecialClasses (code)", "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys",
  "NumberOfGirls", "PercentageFSM", "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)",
  "Trusts (name)", "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)",
  "Federations (code)", "Federations (name)", "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)",
  "OfstedLastInsp", "OfstedSpecialMeasures (code)", "OfstedSpecialMeasures (name)", "LastChangedDate",
  "Street", "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum",
  "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "InspectorateName (name)",
  "InspectorateReport", "DateOfLastInspectionVisit", "NextInspectionVisit", "TeenMoth (name)",
  "TeenMothPlaces", "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)",
  "EdByOther (name)", "Section41Approved (name)", "SEN1 (name)", "SEN2 (name)", "SEN3 (name)", "SEN4 (name)",
  "SEN5 (name)", "SEN6 (name)", "SEN7 (name)", "SEN8 (name)", "SEN9 (name)", "SEN10 (name)", "SEN11 (name)",
  "SEN12 (name)", "SEN13 (name)", "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll",
  "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)", "GOR (name)",
  "DistrictAdministrative (code)", "DistrictAdministrative (name)", "AdministrativeWard (code)",
  "AdministrativeWard (name)", "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)",
  "UrbanRural (code)", "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing", "MSOA (name)",
  "LSOA (name)", "SENStat", "SENNoStat", "BoardingEstablishment (name)", "PropsName", "PreviousLA (code)",
  "PreviousLA (name)", "PreviousEstablishmentNumber", "OfstedRating (name)", "RSCRegion (name)",
  "Country (name)", "UPRN", "SiteName", "MSOA (code)", "LSOA (code)", "FSM", "BSOInspectorateName (name)",
  "CHNumber", "EstablishmentAccredited (code)", "EstablishmentAccredited (name)", "QABName (code)",
  "QABName (name)", "QABReport", "AccreditationExpiryDate",
];

// The establishments: the columns Haven reads, plus a few others the real
// file fills in (Haven must ignore them, line breaks and commas included).
export const ROWS = [
  { URN: "990101", "LA (code)": "890", "LA (name)": "Blackpool", EstablishmentName: "Seaview Community Primary School (fictional)",
    "TypeOfEstablishment (name)": "Community school", "PhaseOfEducation (name)": "Primary",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "3", StatutoryHighAge: "11", Postcode: "ZZ99 1SV",
    Street: "1 Promenade View", Town: "Blackpool", TelephoneNum: "01632960101" },
  { URN: "990102", "LA (code)": "890", "LA (name)": "Blackpool", EstablishmentName: "St Anne’s Catholic Primary School – Fylde Coast (fictional)",
    "TypeOfEstablishment (name)": "Voluntary aided school", "PhaseOfEducation (name)": "Primary",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "4", StatutoryHighAge: "11", Postcode: "zz99 2sa",
    "ReligiousCharacter (name)": "Roman Catholic", "Diocese (name)": "Diocese of Nowhere (fictional)" },
  { URN: "990103", "LA (code)": "889", "LA (name)": "Blackburn with Darwen", EstablishmentName: "École Sainte-Hélène, \"The Old Mill\" Academy (fictional)",
    "TypeOfEstablishment (name)": "Academy converter", "PhaseOfEducation (name)": "Secondary",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "11", StatutoryHighAge: "16", Postcode: "ZZ99 3EH",
    Street: "Mill Lane,\r\nUpper Floor", "Trusts (name)": "Northern Lights Learning Trust, Ltd (fictional)" },
  { URN: "990104", "LA (code)": "888", "LA (name)": "Lancashire", EstablishmentName: "Ribble Valley College of Further Education (fictional)",
    "TypeOfEstablishment (name)": "Further education", "PhaseOfEducation (name)": "16 plus",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "16", StatutoryHighAge: "99", Postcode: "ZZ99 4RV",
    "FurtherEducationType (name)": "General further education college" },
  { URN: "990105", "LA (code)": "889", "LA (name)": "Blackburn with Darwen", EstablishmentName: "Daisy Chain Nursery School (fictional)",
    "TypeOfEstablishment (name)": "Local authority nursery school", "PhaseOfEducation (name)": "Nursery",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "2", StatutoryHighAge: "5", Postcode: "ZZ99 5DC" },
  { URN: "990106", "LA (code)": "888", "LA (name)": "Lancashire", EstablishmentName: "Old Quarry Lane County Primary School (fictional)",
    "TypeOfEstablishment (name)": "Community school", "PhaseOfEducation (name)": "Primary",
    "EstablishmentStatus (name)": "Closed", StatutoryLowAge: "4", StatutoryHighAge: "11", Postcode: "ZZ99 6OQ",
    CloseDate: "31-08-2019", "ReasonEstablishmentClosed (name)": "Merged" },
  { URN: "990107", "LA (code)": "340", "LA (name)": "Knowsley", EstablishmentName: "Elsewhere Primary School (fictional)",
    "TypeOfEstablishment (name)": "Community school", "PhaseOfEducation (name)": "Primary",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "", StatutoryHighAge: "", Postcode: "" },
  { URN: "990108", "LA (code)": "909", "LA (name)": "Cumberland", EstablishmentName: "Far Fell High School (fictional)",
    "TypeOfEstablishment (name)": "Foundation school", "PhaseOfEducation (name)": "Secondary",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "11", StatutoryHighAge: "18", Postcode: "ZZ99 8FF" },
  // a demo setting (Seafront Primary, URN 990003) that has since become an academy
  { URN: "990003", "LA (code)": "890", "LA (name)": "Blackpool", EstablishmentName: "Seafront Primary School (fictional)",
    "TypeOfEstablishment (name)": "Academy converter", "PhaseOfEducation (name)": "Primary",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "3", StatutoryHighAge: "11", Postcode: "ZZ99 3SP" },
  { URN: "990109", "LA (code)": "888", "LA (name)": "Lancashire", EstablishmentName: "Pendle Sixth Form Centre (fictional)",
    "TypeOfEstablishment (name)": "Sixth form centres", "PhaseOfEducation (name)": "16 plus",
    "EstablishmentStatus (name)": "Open, but proposed to close", StatutoryLowAge: "16", StatutoryHighAge: "19",
    Postcode: "ZZ99 9PS" },
];

const CP1252 = new Map([["€", 0x80], ["‘", 0x91], ["’", 0x92], ["“", 0x93], ["”", 0x94], ["–", 0x96], ["—", 0x97]]);

/** Text as Windows-1252 bytes (Latin-1 letters are the same byte; a few punctuation marks are not). */
export function windows1252(text) {
  const bytes = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (CP1252.has(ch)) bytes.push(CP1252.get(ch));
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else throw new Error(`${ch} is not in Windows-1252`);
  }
  return Buffer.from(bytes);
}

/** One CSV field as GIAS writes it: quoted only when it must be. */
export function field(value) {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The file's text: the header and one line per row, CRLF ends. */
export function gias(rows = ROWS, header = HEADER) {
  const lines = [header.map(field).join(",")];
  for (const row of rows) lines.push(header.map((h) => field(row[h] ?? "")).join(","));
  return lines.join("\r\n") + "\r\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "edubasealldata-fictional.csv");
  writeFileSync(out, windows1252(gias()));
  console.log(`wrote ${out}`);
}
