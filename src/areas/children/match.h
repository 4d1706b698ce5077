/*
 * match.h (children) — who a child is, checked and matched: the field checks
 * every area uses before it records a child, the name keys that find likely
 * duplicates, and the writes that add a child to the register or link an
 * agency to one.
 *
 * Other areas (requests for support, Encompass, Provide) create and find
 * children through this header, inside their own db_write units of work, so
 * a child and whatever refers to them are written in one transaction and
 * every record carries the same match keys.
 *
 * Matching: the register stores, for each given and family name, a
 * normalised key (the letters of any script, case-folded, NFKC, Latin
 * accents folded) and a phonetic key (the primary key of Lawrence Philips'
 * Double Metaphone, 2000, at its published length of four characters, of the
 * Latin letters alone: "" for a name with none). A record is a likely
 * duplicate when it has the same date of birth (or expected date of birth)
 * and a similar name; it is certainly the same child when it has the same NHS
 * number (or the same UPN: both are issued to one child only) and the same
 * date of birth. An identifier alone matches nothing: otherwise anyone who
 * typed a guessed number would be shown who it belongs to.
 *
 * Taking an existing record links the taker's agency to the whole of it, so
 * it is accountable: a candidate shows only what recognising the child needs
 * (the given name's initial, the family name, the date of birth and the
 * local authority), only a candidate of what was typed may be taken, the
 * taker gives a reason, and both the candidates shown ("child.match") and
 * the record taken ("child.link", with the reason) are in the audit trail,
 * where the information governance review lists each record taken.
 */
#ifndef HAVEN_AREAS_CHILDREN_MATCH_H
#define HAVEN_AREAS_CHILDREN_MATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/store.h"

struct actor; /* auth/actor.h */

/*
 * The identifying part of a child's record, as typed (all borrowed). NULL or
 * "" means not given. date_of_birth and expected_date_of_birth are
 * "YYYY-MM-DD"; exactly one of them is given for a valid record (the second
 * for an unborn child). sex is one of "female", "male", "indeterminate",
 * "not_known". la_code is the DfE code of the local authority the child
 * lives in (0: not given).
 */
struct child_identity {
	const char *given_name, *family_name, *other_names, *date_of_birth, *expected_date_of_birth, *sex,
	    *postcode, *upn, *nhs_number;
	int la_code;
};

/* Room for a name key or sound key and its NUL (longer keys are cut to fit): a name of 100 characters
 * in a script of 3 or 4 bytes a letter fits whole. */
#define MATCH_KEY_SIZE 512
/* Room for a normalised postcode ("SW1A 1AA") and its NUL. */
#define MATCH_POSTCODE_SIZE 9
/* Room for a normalised NHS number (10 digits) or UPN (13 characters) and its NUL. */
#define MATCH_NHS_SIZE 11
#define MATCH_UPN_SIZE 14

/* The values a child's sex may take (NULL-terminated), for field specs. */
extern const char *const children_sex_choices[];

/*
 * The normalised form of a name: its letters, of any script, case-folded
 * (where the script has case) and in Unicode NFKC, so that a name typed in
 * capitals, full-width letters or Arabic presentation forms has the key of
 * the letters it shows. Latin letters are folded to ASCII (é -> e, ß -> ss,
 * Æ -> ae, Ł -> l); a letter of another script keeps the marks that follow
 * it (an Indic vowel sign). Everything else (spaces, hyphens, apostrophes,
 * digits, the Arabic tatweel) is dropped. A letter that looks like Latin
 * ones (its UTS #39 confusables skeleton is ASCII letters) is keyed as
 * those, in a name with other Latin letters or made wholly of such letters:
 * "Ѕаm" with a Cyrillic Ѕ and а -> "sam", but "Мария" keeps its "а".
 * "Zoë O'Brien-Smith" ->
 * "zoeobriensmith", "МАРИЯ" -> "мария", "王小明" -> "王小明". "" for a name
 * with no letters. Always writes a NUL-terminated string into out (size >
 * 0), cut to fit at the start of a character, so a shorter key is a start of
 * a longer one. `name` may be NULL (gives "").
 */
void match_name_key(const char *name, char *out, size_t size);

/*
 * The phonetic key of a name: the Double Metaphone primary key (up to four
 * characters from "AFHJKLMNPRSTX0") of its normalised form, upper case.
 * Jon/John -> "JN", Smith/Smyth -> "SM0", Catherine/Kathryn -> "K0RN",
 * Mohammed/Muhammad -> "MHMT", Steven/Stephen -> "STFN". Made from the
 * key's Latin letters alone: "" for a name with none ("يوسف", "王小明"), and for a name of vowels
 * alone ("İ", "Aya"), whose key would be "A" like every such name's. Writes a NUL-terminated string into
 * out (size > 0).
 */
void match_name_sound(const char *name, char *out, size_t size);

/*
 * The key (match_name_key) of the next word of a child's other names, each
 * name its own key as a search matches a word: words are split at spaces
 * and commas, and a word with no letters is skipped. *cursor starts at the
 * other names (may be NULL) and is moved past the word; false when no word
 * is left. Writes a NUL-terminated key into out (MATCH_KEY_SIZE bytes).
 */
bool match_next_other_name_key(const char **cursor, char *out);

/*
 * Whether `text` is an NHS number: ten digits, written together or as
 * 3-3-4 with single spaces ("943 476 5919"), whose last digit is the
 * modulus 11 check digit of the first nine (weights 10 down to 2; a check
 * value of 11 means 0, and 10 means the number is not valid).
 */
bool match_nhs_number_valid(const char *text);

/* Writes the ten digits of a valid NHS number into out; false (out "") if it is not valid. */
bool match_nhs_number_normalise(const char *text, char out[static MATCH_NHS_SIZE]);

/*
 * Whether `text` is a unique pupil number as the DfE specifies it: 13
 * characters, a check letter, 11 digits, then a digit (permanent UPN) or a
 * letter (temporary UPN); letters from "ABCDEFGHJKLMNPQRTUVWXYZ" (not I, O,
 * S), either case. The check letter is the sum of characters 2 to 13 times
 * their positions (2 to 13; a final letter counts as its place in that list,
 * A = 0), modulo 23, as a letter of that list.
 */
bool match_upn_valid(const char *text);

/* Writes a valid UPN in upper case into out; false (out "") if it is not valid. */
bool match_upn_normalise(const char *text, char out[static MATCH_UPN_SIZE]);

/*
 * Normalises a UK postcode: case and spacing forgiven ("pr12hh", "PR1  2HH"),
 * written upper case with one space before the inward code ("PR1 2HH").
 * Accepts the formats A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA
 * (the inward letters never C, I, K, M, O or V) and GIR 0AA. False (out "")
 * if it is not a postcode.
 */
bool match_postcode_normalise(const char *text, char out[static MATCH_POSTCODE_SIZE]);

/*
 * Checks a child's identity as a caller is about to record it, appending a
 * {field, message} error (router/errors.h) for every problem, with field
 * names prefixed by `field_prefix` (may be NULL or ""; "child_" gives
 * "child_given_name"). Checks: given and family name present (at most 100
 * characters, with at least one letter of any script), other names at most 200; exactly
 * one of date of birth (not after `today`, not more than 25 years before)
 * or expected date of birth (not more than 31 days before `today`, nor more
 * than 10 months after); sex one of children_sex_choices if given; postcode,
 * UPN and NHS number valid if given; la_code given (whether it is one of the
 * partnership's is children_check_identity_now's read). Returns true if it
 * added no error. Reads nothing.
 */
bool children_check_identity(const struct child_identity *c, const char *field_prefix, int32_t today,
                             json_t *errors);

/*
 * children_check_identity for a request handler, with today's date in
 * Europe/London, and la_code (when given) read on this thread's read
 * connection to be a local authority of the partnership. HAVEN_OK having
 * appended an error for every problem (none if the identity is good), or
 * the read's failure (HAVEN_ERR_DB if there is no read connection): a store
 * that cannot answer never passes a local authority as known.
 */
enum haven_status children_check_identity_now(const struct child_identity *c, const char *field_prefix,
                                              json_t *errors) HAVEN_MUST_CHECK;

/*
 * The likely duplicates of `q` in the register, best first, as a new JSON
 * array in *out of {id, given_initial, family_name, date_of_birth,
 * expected_date_of_birth, la_code, la_name, strength, reasons} (only what
 * recognising the child needs: never the full given name, the identifiers,
 * the postcode, the settings or the agencies linked): "certain" for the same
 * NHS number or UPN together with the same date of birth (or expected date
 * of birth; an identifier without a date matches nothing); "likely" for the
 * same date of birth (or
 * expected date of birth) and a similar name: the family names equal when
 * normalised or sounding the same, and the given names equal when normalised,
 * sounding the same, or one starting the other ("Sam", "Samuel"); or the
 * given and family names swapped. `reasons` says which in words ("same NHS
 * number", "same date of birth", "family name sounds the same", ...).
 * An empty array when there are none. `tx` may be a reader (store_read_tx) or
 * a unit of work (to check just before inserting).
 */
enum haven_status children_likely_matches(struct store_tx *tx, const struct child_identity *q,
                                          json_t **out) HAVEN_MUST_CHECK;

/*
 * What a list of candidates (children_likely_matches' strengths, each with
 * its child's id at some key) says about who a child is: how many are
 * "certain" and how many "likely", and the one child they point to.
 */
struct children_match_tally {
	size_t certain, likely;
	long long chosen; /* the only certain one or, with none certain, the only likely one; else 0 */
};

/* Tallies `candidates`, each child's id read at `id_key` ("id", "child_id"). */
struct children_match_tally children_tally_matches(const json_t *candidates, const char *id_key);

/*
 * Records in the audit trail that `candidates` (an array of objects with an
 * integer "id": register children) were shown to `actor`: one "child.match"
 * row each, as for any view of a child. Run inside a db_write unit of work,
 * the one that answers with them or one of its own.
 */
enum haven_status children_audit_shown(struct store_tx *tx, const json_t *candidates,
                                       const struct actor *actor) HAVEN_MUST_CHECK;

/* The most characters a reason for taking a record may have, and the fewest. */
#define CHILDREN_TAKE_REASON_MIN 10
#define CHILDREN_TAKE_REASON_MAX 1000

/*
 * How a child's recorded sex ("female", "male", "indeterminate", anything
 * else) reads on a page ("Female", ..., "Not known"); NULL for none.
 */
const char *children_sex_label(const char *sex);

/*
 * Checks the reason given for taking an existing record (required, 10 to
 * 1000 characters, as a break-glass reason), appending a {field, message}
 * error named `field` ("reason", "same_as_reason") if it is not one.
 * Returns true if it added no error.
 */
bool children_check_take_reason(const char *reason, const char *field, json_t *errors);

/*
 * Takes an existing record instead of adding one (run inside a db_write
 * unit of work): links `actor`'s agency to child `child_id` as
 * "raised_concern" and audits "child.link" with `reason`, but only if that
 * child is among the likely duplicates of `typed` (what the user was about
 * to add, looked for again here), so a record cannot be taken by guessing
 * its number. HAVEN_ERR_NOT_FOUND otherwise (the same for a child that does
 * not exist), and when the actor has no agency. `reason` is checked with
 * children_check_take_reason first.
 */
enum haven_status children_take_offered(struct store_tx *tx, long long child_id,
                                        const struct child_identity *typed, const char *reason,
                                        const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Inserts a child into the register (run inside a db_write unit of work)
 * and sets *id to the new record's id. Validates nothing (check with
 * children_check_identity first) but stores the normalised postcode, UPN and
 * NHS number, and the name keys. created_by_user_id 0 records no creator.
 */
enum haven_status children_insert(struct store_tx *tx, const struct child_identity *c,
                                  long long created_by_user_id, long long *id) HAVEN_MUST_CHECK;

/*
 * Replaces child `child_id`'s identity with `c` (checked first, as for
 * children_insert), normalised and with new name keys, and moves the local
 * authority link to the area's (a correction). Run inside a db_write unit of work.
 */
enum haven_status children_update(struct store_tx *tx, long long child_id,
                                  const struct child_identity *c) HAVEN_MUST_CHECK;

/*
 * Links an agency to a child for `relationship` ("setting",
 * "local_authority", "raised_concern", "allocated_team"); an existing link is
 * left as it is. A child merged away is linked through its merges to the
 * record kept. HAVEN_ERR_NOT_FOUND if the child or agency does not exist.
 * Run inside a db_write unit of work.
 */
enum haven_status children_link(struct store_tx *tx, long long child_id, long long agency_id,
                                const char *relationship) HAVEN_MUST_CHECK;

/*
 * Links the local authority agencies of the child's area (every agency of
 * type 'local_authority' with the child's la_code, as the access rules read
 * an area's local authority; partnership_front_door says why not only the
 * front door) as 'local_authority'. No error if that area has no such
 * agency. Run inside a db_write unit of work.
 */
enum haven_status children_link_local_authority(struct store_tx *tx, long long child_id) HAVEN_MUST_CHECK;

/*
 * Fills in the name keys of every child whose keys are missing (rows
 * written by SQL, as the demo data is). Run inside a db_write unit of work;
 * sets *count (may be NULL) to the number of rows filled.
 */
enum haven_status children_fill_keys(struct store_tx *tx, long long *count) HAVEN_MUST_CHECK;

#endif
