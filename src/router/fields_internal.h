/*
 * fields_internal.h — what the files behind fields.h share (fields.c,
 * fields_dates.c, fields_in_emails.c, fields_text.c, fields_typed.c) and nothing outside
 * src/router needs.
 */
#ifndef HAVEN_ROUTER_FIELDS_INTERNAL_H
#define HAVEN_ROUTER_FIELDS_INTERNAL_H

#include "router/fields.h"

/* The spec of the field `name` in `specs` (may be NULL), or NULL if it declares none. Borrowed. */
const struct field_spec *fields_find_spec(const struct field_spec *specs, const char *name);

/* Adds GOV.UK's error for the required field `f` left out: "Select …" for a choice, else "Enter …". */
void fields_add_missing(json_t *errors, const struct field_spec *f);

/* The date input `specs` declares whose box the form field `name` is ("dob-month": dob, *part month), or
 * NULL. */
const struct field_spec *fields_date_box_of(const struct field_spec *specs, const char *name,
                                            enum date_part *part);

/*
 * Checks a date typed in the boxes of the date input `f` (`boxes`: {"day": text, ...}), GOV.UK's way: a
 * real date is set in `values` as YYYY-MM-DD, else its error added (or, for FIELD_TEXT, the boxes passed
 * on to the handler as "YEAR-MONTH-DAY").
 */
void fields_check_date_boxes(const struct field_spec *f, const json_t *boxes, json_t *values, json_t *errors);

/*
 * Why text typed for a field that goes into Haven's emails (in_emails) cannot be written there, to follow
 * "<the field> must ", or NULL if it can (fields_in_emails.c).
 */
const char *fields_unsafe_in_emails(const char *s);

/*
 * fields_trim_text, or for a secret (a password) what Haven has always trimmed from one, ASCII's white space
 * and nothing else: a password set with a no-break space at its end was stored with it, and must still
 * match when typed again (fields_text.c).
 */
char *fields_trim(const char *s, bool secret);

/* How many characters of UTF-8 text `s` a person counts: spaces, as they type them, but not the unseen
 * ones, so a "10 characters or more" reason cannot be two letters padded with soft hyphens or joiners. */
long long fields_shown_length(const char *s);

#endif
