/*
 * fields.h — declarative, typed input validation at the boundary.
 *
 * Every route declares the query and body fields it accepts as an array of
 * struct field_spec ended by {0}. The server validates input against them
 * before the handler runs: handlers only ever see a JSON object of typed,
 * validated values, and anything not declared is rejected as unknown.
 * Messages follow the GOV.UK Design System's error message style, so the same
 * text serves the API's problem+json and the page's error summary.
 */
#ifndef HAVEN_ROUTER_FIELDS_H
#define HAVEN_ROUTER_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/status.h"

enum field_type {
	FIELD_TEXT, /* trimmed UTF-8 text; min/max are lengths in characters */
	FIELD_INT,  /* whole number; min/max are the allowed range */
	FIELD_BOOL, /* true/false (forms: true, false, yes, no, on, 1, 0) */
	/* A real calendar date, YYYY-MM-DD. A form may instead send the GOV.UK
	 * date input's three boxes, NAME-day, NAME-month and NAME-year
	 * (fields_date_from_parts); the handler sees YYYY-MM-DD either way. */
	FIELD_DATE,
	FIELD_EMAIL,  /* an email address, lower-cased */
	FIELD_CHOICE, /* one of `choices` */
	FIELD_SLUG,   /* lower-case letters, digits and hyphens */
	/* Any JSON object or array, passed to the handler as sent (JSON bodies
	 * only: a form cannot carry one). For structured input such as a batch
	 * of records, which the handler must then check itself, field by field,
	 * naming each bad one (see areas/incidents/incident.c). */
	FIELD_JSON,
	/* A list's page cursor as Haven gave it ("ID.POSITION", see router/page.h); kept as text. */
	FIELD_CURSOR,
};

/* FIELD_DATE: the days it may fall on, against England's today (fields_check_date_bounds). */
enum field_date_bound {
	FIELD_DATE_ANY,              /* any real date (the default) */
	FIELD_DATE_NOT_AFTER_TODAY,  /* today or in the past: "<Label> must be today or in the past" */
	FIELD_DATE_NOT_BEFORE_TODAY, /* today or in the future: "<Label> must be today or in the future" */
};

struct field_spec {
	const char *name;  /* as it appears in the query, form or JSON */
	const char *label; /* as it reads mid-sentence: "the type of agency" */
	enum field_type type;
	bool required;
	bool multiple; /* accepts repeated values (checkboxes); gives an array */
	/* multiple: the list is the whole of it, so sending it replaces what is kept (a case's themes).
	 * The handler always gets an array: a form that sends none means none (its checkboxes all
	 * cleared), but a JSON body must send the list, [] for none, so that leaving it out clears
	 * nothing. Not with `required`, which would refuse the empty list. */
	bool whole_list;
	/* multiple, for a change that keeps what is not sent (a PATCH): a JSON body's [] reaches the
	 * handler as an empty list, so it can tell "none" from "not sent" (without it, [] is left out of
	 * the values, as it always was). A form cannot send an empty list: its handler says what no box
	 * ticked means. Not needed with whole_list, which always gives the handler the list. */
	bool keeps_empty;
	long long min, max; /* 0, 0 means no limit (TEXT/SLUG default max 10000) */
	/* FIELD_CHOICE: a NULL-terminated list, or (choice_stride) a table's first value: read it with
	 * fields_is_choice, not by indexing */
	const char *const *choices;
	/* FIELD_CHOICE: bytes from one choice to the next when `choices` points into a table's rows (the
	 * first row's value member; the last row's is NULL), as a status_tag table's statuses are given
	 * (view/status_tag.h's STATUS_TAG_FIELD_CHOICES); 0 for a plain list. */
	size_t choice_stride;
	bool secret; /* a password or code: never put back on a page shown again */
	/* Offered on its page as a select of records or agencies (not a FIELD_CHOICE): left empty, it
	 * says "Select the agency", as GOV.UK does for a choice, not "Enter". */
	bool in_select;
	/* FIELD_TEXT that the handler reads as a date itself, to name every bad
	 * field at once (a child's identity): a form may send it as a date
	 * input's boxes, as it would a FIELD_DATE; the API sends the text. */
	bool date_input;
	/* FIELD_TEXT that Haven writes into its emails (a person's name: "Hello NAME,"): one line, with no
	 * web or email address in it, so that nobody can make a genuine email from Haven carry a line or
	 * a link of their own. */
	bool in_emails;
	/* FIELD_DATE: today or in the past, or today or in the future (England's today), checked by the
	 * server for a route's body (fields_check_date_bounds) with one message made from the label. A
	 * rule the field cannot say alone (only when the date is changed, not before another field) stays
	 * the handler's. */
	enum field_date_bound when;
};

/* True if `s` is one of FIELD_CHOICE `f`'s choices (a plain list or a table's, choice_stride). */
bool fields_is_choice(const struct field_spec *f, const char *s);

/* True if `f` is asked for on pages with the GOV.UK date input (templates/date-input). */
bool fields_is_date_input(const struct field_spec *f);

/* True if `name` is a secret field of `specs` (may be NULL). */
bool fields_secret(const struct field_spec *specs, const char *name);

/* One raw name=value pair from a query string or form body (both decoded). */
struct field_pair {
	const char *name;
	const char *value;
};

/*
 * Validates decoded string pairs (query string or urlencoded form) against
 * `specs` (may be NULL: then any pair is unknown). Fields named in `ignore`
 * (NULL-terminated, may be NULL) are skipped; the CSRF token is one.
 * Always stores a new object of the valid typed values in *values (but
 * for a list with an entry refused, below), and
 * appends {"field", "message"} objects to the array `errors`. Returns HAVEN_OK
 * when there were no errors, HAVEN_ERR_INVALID otherwise.
 *
 * A `multiple` field's entries are its values that are not blank (a box
 * left empty is none). An error about one entry also has "item", its place
 * among them (from 0). When an entry is refused, the field's list in
 * *values holds every entry as typed, in order, the refused ones as their
 * text, so that the form shown again (the route's redisplay, the only
 * reader of input that failed) keeps them all.
 */
enum haven_status fields_validate_pairs(const struct field_spec *specs, const struct field_pair *pairs,
                                        size_t count, const char *const *ignore, json_t **values,
                                        json_t *errors) HAVEN_MUST_CHECK;

/*
 * Adds what was typed in `pairs` (a query's or a form's, decoded) to `typed`, for a page that shows it
 * again or carries it on (errors_on_page, a check page's answers, a form kept when its session ended):
 * each field's text by its name, a later one in the place of an earlier, but a `multiple` field of
 * `specs` (checkboxes, a list's boxes) as an array of every value in the order sent, so none is lost. A
 * secret field of `specs` is left out (typed again, never shown), and so is text that is not valid
 * UTF-8. The one way form values are carried, so a list is carried whole wherever they go.
 */
void fields_keep_typed(json_t *typed, const struct field_spec *specs, const struct field_pair *pairs,
                       size_t count);

/*
 * Reads the `len` bytes of a JSON request body for fields_validate_json (duplicate names refused, a
 * \u0000 read so that its field is named), or adds why it cannot be read to `errors` and returns NULL: a
 * number too large to hold names the field of `specs` it was given for, anything else is said with its
 * line and column. New reference.
 */
json_t *fields_read_json(const struct field_spec *specs, const char *body, size_t len, json_t *errors);

/* As fields_validate_pairs, for a parsed JSON request body (must be an object); a list's refused entry is
 * named by "item" but not kept (the API answers with the problem, never a page). The body may be read
 * with JSON_ALLOW_NUL: a field holding a \u0000 anywhere in it is refused, naming the field. */
enum haven_status fields_validate_json(const struct field_spec *specs, const json_t *body, json_t **values,
                                       json_t *errors) HAVEN_MUST_CHECK;

/* The string field `name` of a JSON object (validated input, path parameters), or NULL. Borrowed. */
const char *field_text(const json_t *object, const char *name);

/* The integer field `name` of a JSON object, or 0. */
long long field_int(const json_t *object, const char *name);

/*
 * The number of characters in s[0..len) as UTF-8, or -1 if it is not valid
 * UTF-8 (overlong forms, surrogates and values past U+10FFFF are not).
 */
long fields_utf8_length(const char *s, size_t len);

/*
 * Why the text `s` cannot be kept, to follow "<the field> must ", or NULL if
 * it can: a control character other than a line break or a tab (typed text
 * has none), or a hidden character that makes text display other than it is
 * stored or cannot be seen (a right-to-left override, a byte order mark; the
 * list is in fields.c). The one check of every text field, whether a form's,
 * the API's or a file's.
 */
const char *fields_unusable_chars(const char *s);

/*
 * `s` with leading and trailing white space removed (GOV.UK forms do this;
 * Unicode's white space, so a no-break or ideographic space too), text in
 * which nothing can be seen made empty (only white space, the joiners and
 * direction marks names need, soft hyphens or the braille blank: a required
 * field given that is missing, as one given spaces is), and CR LF line
 * breaks made LF, as a new string the caller frees: browsers
 * send a textarea's line breaks as CR LF, and a person (and the character
 * count) sees one character there. CRs just before an LF all go ("\r\r\n"
 * is "\n"), so the text trimmed again is the same (a resend of what Haven
 * stored has the hash it was stored with); CRs alone are kept.
 */
char *fields_trim_text(const char *s);

/* The years a form's date may fall in. */
#define FIELDS_FIRST_YEAR 1900
#define FIELDS_LAST_YEAR 2200

/*
 * True if `s` is a real date written YYYY-MM-DD (core/calendar.h's
 * calendar_parse) in the years FIELDS_FIRST_YEAR to FIELDS_LAST_YEAR.
 */
bool fields_is_date(const char *s);

/* The boxes of a GOV.UK date input, in the order a person fills them. */
enum date_part { DATE_PART_DAY, DATE_PART_MONTH, DATE_PART_YEAR, DATE_PARTS };

/* The names of the boxes, as they end a form field's name ("dob-day") and an error's "parts". */
extern const char *const fields_date_part_names[DATE_PARTS];

/* What is wrong with a date typed in three boxes, if anything. */
enum date_parts_problem {
	DATE_PARTS_OK,       /* a real date: `date` holds it as YYYY-MM-DD */
	DATE_PARTS_EMPTY,    /* nothing typed in any box */
	DATE_PARTS_MISSING,  /* some boxes left empty: `wrong` marks them */
	DATE_PARTS_NOT_REAL, /* all typed, but not a real date: `wrong` marks the boxes at fault */
};

struct date_parts_check {
	enum date_parts_problem problem;
	bool wrong[DATE_PARTS];
	char date[CALENDAR_DATE_SIZE];
};

/*
 * Reads a date typed as day, month and year (any may be NULL: not sent).
 * White space around each is ignored; the day and month are 1 or 2 digits,
 * the year 4, in FIELDS_FIRST_YEAR to FIELDS_LAST_YEAR. A day past the end
 * of its month (31 April) is the day's fault. Parses outside input: any
 * text is safe (tests/fuzz/fuzz_date_parts.c).
 */
void fields_date_from_parts(const char *day, const char *month, const char *year,
                            struct date_parts_check *out);

/*
 * Checks the dates of `values` (as fields_validate_pairs or fields_validate_json made them from
 * `specs`, which may be NULL) against their field's `when`, with `today` England's day (from the
 * caller: the router knows no clock; http/intake.c passes calendar_london_today() for every route's
 * body). A date on the wrong side of today is taken out of `values` and named in `errors`: "<Label>
 * must be today or in the past" (FIELD_DATE_NOT_AFTER_TODAY), "… today or in the future"
 * (FIELD_DATE_NOT_BEFORE_TODAY). Returns HAVEN_OK when none is, HAVEN_ERR_INVALID otherwise.
 */
enum haven_status fields_check_date_bounds(const struct field_spec *specs, json_t *values, int32_t today,
                                           json_t *errors) HAVEN_MUST_CHECK;

/* Room for one box of a date input as fields_date_boxes_of writes it. */
#define FIELDS_DATE_BOX_SIZE 16

/*
 * The boxes of a date input for the value a date field gave its handler:
 * a real date ("2016-04-12": 12, 4, 2016), or the boxes as typed when
 * they make none (FIELD_TEXT with .date_input passes them on as
 * "YEAR-MONTH-DAY"), each cut to the box's size. False, with `boxes`
 * unset, for other text (NULL, a date sent whole that is not one).
 */
bool fields_date_boxes_of(const char *value, char boxes[DATE_PARTS][FIELDS_DATE_BOX_SIZE]);

/*
 * Adds GOV.UK's error to `errors` for the date field `name` (`label` as it
 * reads mid-sentence, "the date of the incident") that a handler checks
 * itself (FIELD_TEXT with .date_input) and found no real date: `typed` is
 * the field's value, the boxes as typed ("YEAR-MONTH-DAY", as the field
 * checks pass them on) or the text sent whole. "… must include a month"
 * marks the empty boxes and links to the first; "… must be a real date" the
 * boxes at fault. Any text is safe.
 */
void fields_add_date_error(json_t *errors, const char *name, const char *label, const char *typed);

/* ---- a list typed in a row of boxes ---- */

/* Room for the id fields_entry_id writes for a field's name of up to 100 bytes. */
#define FIELDS_ENTRY_ID_SIZE 128

/*
 * The id of the box holding entry `item` (from 0) of the list field `name`
 * on a page: the first box's is the field's own name, so a page with one
 * box, or an error about the whole list, links to it; the others are
 * NAME-2, NAME-3, … (as GOV.UK numbers the items of checkboxes). An error
 * about one entry of a list ("item", set by the field checks, or by a
 * handler as errors_add_entry) links to its box by this id.
 */
void fields_entry_id(const char *name, size_t item, char *out, size_t size);

/*
 * The boxes a form shows for the list field `name`, one entry each: at
 * least `count`, more if `entries` (the list as the handler has it, or, on
 * a page shown again after the field checks refused an entry, every entry
 * as typed; NULL for none) holds more, each filled with its entry in order.
 * A new array of {input_id (fields_entry_id), number (from 1), value}: a
 * page shown again with errors gives the box an error is about its
 * "error" (errors_on_page).
 */
json_t *fields_list_boxes(const char *name, const json_t *entries, size_t count);

/* ---- a figures page's reporting period ---- */

/* The "from" and "to" dates of a figures page's period, for its query's field specs. */
#define PERIOD_FIELDS                                                                                        \
	{.name = "from", .label = "the start of the period", .type = FIELD_DATE},                            \
	{                                                                                                    \
		.name = "to", .label = "the end of the period", .type = FIELD_DATE                           \
	}

/* What a period is when the input leaves out one or both of its dates. */
enum period_default {
	/* the partnership's reporting year (1 April to 31 March) holding the date given, else today */
	PERIOD_REPORTING_YEAR,
	/* the `length` calendar months up to today, this one included: from the first of the first month */
	PERIOD_LAST_MONTHS,
	/* the `length` days up to today, today included */
	PERIOD_LAST_DAYS,
};

/* A figures page's rule for its period: the default, and how long it may be. */
struct period_rule {
	enum period_default by;
	int length;            /* PERIOD_LAST_MONTHS and PERIOD_LAST_DAYS: how many */
	int32_t max_days;      /* the longest period in days; 0: any */
	const char *max_words; /* that longest period in words, for the error: "3 years" */
};

/* A period's first and last days, both included, as day numbers and as YYYY-MM-DD. */
struct period {
	int32_t from, to;
	char from_text[CALENDAR_DATE_SIZE], to_text[CALENDAR_DATE_SIZE];
};

/*
 * The one way a figures page reads its period: the validated "from" and
 * "to" of `input` (PERIOD_FIELDS; `input` may be NULL), a date left out
 * taken from `rule` with `today` (England's day, from the caller). A start
 * given alone after the default end makes a one-day period. Always fills
 * *out (a page shows the period asked for, even when refused); true, or
 * false after adding an error on "to" to `errors`: "The end of the period
 * must be the same as or after its start", or "The period must be 3 years or
 * shorter" (rule->max_words). `errors` may be NULL where no error can be
 * (no dates asked for).
 */
bool period_from_input(const json_t *input, const struct period_rule *rule, int32_t today, struct period *out,
                       json_t *errors);

#endif
