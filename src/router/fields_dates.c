/*
 * fields_dates.c — the dates of typed input (contract in fields.h): a date
 * field's value, a GOV.UK date input's three boxes read and checked with
 * GOV.UK's errors (the boxes at fault marked), the boxes filled again from
 * a value, a date's bound against today (today or in the past, or in the
 * future), and a figures page's reporting period from its "from" and "to".
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "router/fields.h"
#include "router/fields_internal.h"

bool fields_is_date(const char *s)
{
	int32_t day;
	int year, month, mday;
	if (!calendar_parse(s, &day))
		return false;
	calendar_to_ymd(day, &year, &month, &mday);
	/* a year outside these is a typing slip (0226 for 2026), not a date on anyone's record */
	return year >= FIELDS_FIRST_YEAR && year <= FIELDS_LAST_YEAR;
}

const char *const fields_date_part_names[DATE_PARTS] = {"day", "month", "year"};

/*
 * One box of a date input as a number: `min_digits` to `max_digits` digits
 * after white space is trimmed, or -1 (not a number, or too long to be one).
 * Empty or NULL is 0 with *empty set.
 */
static int date_box_number(const char *text, size_t min_digits, size_t max_digits, bool *empty)
{
	*empty = false;
	if (!text)
		text = "";
	while (isspace((unsigned char)*text))
		text++;
	size_t len = strlen(text);
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == 0) {
		*empty = true;
		return 0;
	}
	if (len < min_digits || len > max_digits)
		return -1;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)text[i]))
			return -1;
		n = n * 10 + (text[i] - '0');
	}
	return n;
}

void fields_date_from_parts(const char *day, const char *month, const char *year,
                            struct date_parts_check *out)
{
	memset(out, 0, sizeof *out);
	bool empty[DATE_PARTS];
	int d = date_box_number(day, 1, 2, &empty[DATE_PART_DAY]);
	int m = date_box_number(month, 1, 2, &empty[DATE_PART_MONTH]);
	int y = date_box_number(year, 4, 4, &empty[DATE_PART_YEAR]);
	if (empty[DATE_PART_DAY] && empty[DATE_PART_MONTH] && empty[DATE_PART_YEAR]) {
		out->problem = DATE_PARTS_EMPTY;
		return;
	}
	if (empty[DATE_PART_DAY] || empty[DATE_PART_MONTH] || empty[DATE_PART_YEAR]) {
		out->problem = DATE_PARTS_MISSING;
		memcpy(out->wrong, empty, sizeof out->wrong);
		return;
	}
	out->wrong[DATE_PART_DAY] = d < 1 || d > 31;
	out->wrong[DATE_PART_MONTH] = m < 1 || m > 12;
	out->wrong[DATE_PART_YEAR] = y < FIELDS_FIRST_YEAR || y > FIELDS_LAST_YEAR;
	if (!out->wrong[DATE_PART_DAY] && !out->wrong[DATE_PART_MONTH] && !out->wrong[DATE_PART_YEAR]) {
		int real_year, real_month, real_day;
		calendar_to_ymd(calendar_from_ymd(y, m, d), &real_year, &real_month, &real_day);
		/* 31 April comes back as 1 May: the month is real, the day is not */
		out->wrong[DATE_PART_DAY] = real_month != m || real_day != d;
	}
	if (out->wrong[DATE_PART_DAY] || out->wrong[DATE_PART_MONTH] || out->wrong[DATE_PART_YEAR]) {
		out->problem = DATE_PARTS_NOT_REAL;
		return;
	}
	calendar_format(calendar_from_ymd(y, m, d), out->date);
	out->problem = DATE_PARTS_OK;
}

bool fields_is_date_input(const struct field_spec *f)
{
	return !f->multiple && (f->type == FIELD_DATE || (f->type == FIELD_TEXT && f->date_input));
}

/* The date field a date input's box belongs to ("dob-month": dob, month), or NULL. */
const struct field_spec *fields_date_box_of(const struct field_spec *specs, const char *name,
                                            enum date_part *part)
{
	const char *dash = strrchr(name, '-');
	if (!dash)
		return NULL;
	size_t stem = (size_t)(dash - name);
	for (int p = 0; p < DATE_PARTS; p++) {
		if (strcmp(dash + 1, fields_date_part_names[p]) != 0)
			continue;
		for (const struct field_spec *f = specs; f && f->name; f++) {
			if (fields_is_date_input(f) && strlen(f->name) == stem &&
			    strncmp(f->name, name, stem) == 0) {
				*part = (enum date_part)p;
				return f;
			}
		}
	}
	return NULL;
}

/*
 * The error just added is about the boxes `wrong` of a date input: the page
 * marks those boxes, and the error summary links to the first of them (the
 * day box's id is the field's own, so a handler's error on the field
 * reaches it too).
 */
static void mark_date_boxes(json_t *errors, const bool wrong[DATE_PARTS])
{
	json_t *error = json_array_get(errors, json_array_size(errors) - 1);
	json_t *parts = json_array();
	const char *first = NULL;
	for (int p = 0; p < DATE_PARTS; p++) {
		if (!wrong[p])
			continue;
		json_array_append_new(parts, json_string(fields_date_part_names[p]));
		if (!first)
			first = fields_date_part_names[p];
	}
	json_object_set_new(error, "parts", parts);
	if (first && strcmp(first, "day") != 0) {
		struct buf anchor = BUF_INIT;
		buf_printf(&anchor, "%s-%s", json_string_value(json_object_get(error, "field")), first);
		json_object_set_new(error, "anchor", json_string(buf_cstr(&anchor)));
		buf_free(&anchor);
	}
}

/* Adds GOV.UK's error for a date typed in boxes that is incomplete or not real (`c`), marking the boxes at
 * fault: "… must include a month", "… must include a day and year", "… must be a real date". */
static void add_date_problem(json_t *errors, const char *name, const char *label,
                             const struct date_parts_check *c)
{
	if (c->problem == DATE_PARTS_MISSING) {
		struct buf which = BUF_INIT;
		for (int p = 0; p < DATE_PARTS; p++)
			if (c->wrong[p])
				buf_printf(&which, "%s%s", which.len ? " and " : "a ",
				           fields_date_part_names[p]);
		errors_addf(errors, name, "%s must include %s", label, buf_cstr(&which));
		buf_free(&which);
	} else {
		errors_addf(errors, name, "%s must be a real date", label);
	}
	mark_date_boxes(errors, c->wrong);
}

/* Checks a date typed in the boxes of a date input (`boxes`: {"day": text, ...}), GOV.UK's way. */
void fields_check_date_boxes(const struct field_spec *f, const json_t *boxes, json_t *values, json_t *errors)
{
	struct date_parts_check c;
	fields_date_from_parts(field_text(boxes, "day"), field_text(boxes, "month"),
	                       field_text(boxes, "year"), &c);
	if (f->type == FIELD_TEXT && (c.problem == DATE_PARTS_MISSING || c.problem == DATE_PARTS_NOT_REAL)) {
		/* the handler checks this date with the rest of its record and names what is wrong */
		const char *year = field_text(boxes, "year"), *month = field_text(boxes, "month"),
		           *day = field_text(boxes, "day");
		char as_typed[48];
		snprintf(as_typed, sizeof as_typed, "%.12s-%.12s-%.12s", year ? year : "", month ? month : "",
		         day ? day : "");
		json_t *text = json_string(as_typed);
		json_object_set_new(values, f->name, text ? text : json_string("not a date"));
		return;
	}
	switch (c.problem) {
	case DATE_PARTS_OK: json_object_set_new(values, f->name, json_string(c.date)); return;
	case DATE_PARTS_EMPTY:
		if (f->required) {
			fields_add_missing(errors, f);
			bool all[DATE_PARTS] = {true, true, true};
			mark_date_boxes(errors, all);
		}
		return;
	case DATE_PARTS_MISSING:
	case DATE_PARTS_NOT_REAL: add_date_problem(errors, f->name, f->label, &c); return;
	}
}

enum haven_status fields_check_date_bounds(const struct field_spec *specs, json_t *values, int32_t today,
                                           json_t *errors)
{
	enum haven_status st = HAVEN_OK;
	for (const struct field_spec *f = specs; f && f->name; f++) {
		if (f->type != FIELD_DATE || f->when == FIELD_DATE_ANY)
			continue;
		/* a list of dates has none bounded yet: only a single date is checked */
		const char *text = json_string_value(json_object_get(values, f->name));
		int32_t day;
		if (!text || !calendar_parse(text, &day))
			continue;
		bool after = f->when == FIELD_DATE_NOT_AFTER_TODAY && day > today;
		bool before = f->when == FIELD_DATE_NOT_BEFORE_TODAY && day < today;
		if (!after && !before)
			continue;
		errors_addf(errors, f->name, "%s must be today or in the %s", f->label,
		            after ? "past" : "future");
		json_object_del(values, f->name);
		st = HAVEN_ERR_INVALID;
	}
	return st;
}

bool fields_date_boxes_of(const char *value, char boxes[DATE_PARTS][FIELDS_DATE_BOX_SIZE])
{
	int32_t day;
	int y, m, d;
	if (value && calendar_parse(value, &day)) {
		calendar_to_ymd(day, &y, &m, &d);
		snprintf(boxes[DATE_PART_DAY], FIELDS_DATE_BOX_SIZE, "%d", d);
		snprintf(boxes[DATE_PART_MONTH], FIELDS_DATE_BOX_SIZE, "%d", m);
		snprintf(boxes[DATE_PART_YEAR], FIELDS_DATE_BOX_SIZE, "%d", y);
		return true;
	}
	/* the boxes as fields_check_date_boxes passes them on, "YEAR-MONTH-DAY", each as typed */
	const char *first_dash = value ? strchr(value, '-') : NULL;
	const char *second_dash = first_dash ? strchr(first_dash + 1, '-') : NULL;
	if (!second_dash || strchr(second_dash + 1, '-'))
		return false;
	snprintf(boxes[DATE_PART_YEAR], FIELDS_DATE_BOX_SIZE, "%.*s", (int)(first_dash - value), value);
	snprintf(boxes[DATE_PART_MONTH], FIELDS_DATE_BOX_SIZE, "%.*s", (int)(second_dash - first_dash - 1),
	         first_dash + 1);
	snprintf(boxes[DATE_PART_DAY], FIELDS_DATE_BOX_SIZE, "%s", second_dash + 1);
	return true;
}

void fields_add_date_error(json_t *errors, const char *name, const char *label, const char *typed)
{
	char boxes[DATE_PARTS][FIELDS_DATE_BOX_SIZE];
	struct date_parts_check c = {.problem = DATE_PARTS_NOT_REAL, .wrong = {true, true, true}};
	if (fields_date_boxes_of(typed, boxes))
		fields_date_from_parts(boxes[DATE_PART_DAY], boxes[DATE_PART_MONTH], boxes[DATE_PART_YEAR],
		                       &c);
	if (c.problem == DATE_PARTS_MISSING || c.problem == DATE_PARTS_NOT_REAL)
		add_date_problem(errors, name, label, &c);
	else if (c.problem == DATE_PARTS_EMPTY)
		errors_addf(errors, name, "Enter %s", label);
	else /* a real date after all: the handler found something else wrong with it */
		errors_addf(errors, name, "%s must be a real date", label);
}

/* ---- periods ---- */

/* The period `rule` gives when no date is asked for; `given` is the one date asked for, if any. */
static void default_period(const struct period_rule *rule, const int32_t *given, int32_t today, int32_t *from,
                           int32_t *to)
{
	switch (rule->by) {
	case PERIOD_REPORTING_YEAR: calendar_reporting_year(given ? *given : today, from, to); return;
	case PERIOD_LAST_MONTHS: {
		int year, month, mday;
		calendar_to_ymd(today, &year, &month, &mday);
		*from = calendar_add_months(calendar_from_ymd(year, month, 1), -(rule->length - 1));
		*to = today;
		return;
	}
	case PERIOD_LAST_DAYS:
		*from = today - (rule->length - 1);
		*to = today;
		return;
	}
}

bool period_from_input(const json_t *input, const struct period_rule *rule, int32_t today, struct period *out,
                       json_t *errors)
{
	int32_t from = 0, to = 0, default_from, default_to;
	/* the server has checked both are real dates; one that is not counts as left out */
	const char *from_text = field_text(input, "from"), *to_text = field_text(input, "to");
	bool has_from = from_text && calendar_parse(from_text, &from);
	bool has_to = to_text && calendar_parse(to_text, &to);
	default_period(rule, has_from ? &from : has_to ? &to : NULL, today, &default_from, &default_to);
	if (!has_from)
		from = default_from;
	if (!has_to)
		to = has_from && from > default_to ? from : default_to;
	out->from = from;
	out->to = to;
	calendar_format(from, out->from_text);
	calendar_format(to, out->to_text);
	if (to < from) {
		errors_addf(errors, "to", "The end of the period must be the same as or after its start");
		return false;
	}
	if (rule->max_days && to - from >= rule->max_days) {
		errors_addf(errors, "to", "The period must be %s or shorter", rule->max_words);
		return false;
	}
	return true;
}
