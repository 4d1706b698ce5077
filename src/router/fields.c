/*
 * fields.c — validates query, form and JSON input against a route's field
 * specs (contract in fields.h): each field's type and what is required,
 * unknown or given twice. The characters text may hold and how it is trimmed
 * are fields_text.c's, a date input's boxes and a figures page's period are
 * checked in fields_dates.c, text that goes into Haven's emails in
 * fields_in_emails.c, and what was typed is carried to a page again by
 * fields_typed.c.
 *
 * Both paths (string pairs from forms, typed values from JSON) end in the
 * same per-type checks so a field behaves the same whichever face it came
 * through; JSON only adds that a number must be a number and so on.
 */
#include "router/fields.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/alloc.h"
#include "core/utf8.h"
#include "core/words.h"
#include "router/errors.h"
#include "router/fields_internal.h"

#define DEFAULT_MAX_TEXT 10000

static void add_error(json_t *errors, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_error(json_t *errors, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	errors_vaddf(errors, field, fmt, ap); /* which makes the first letter a capital */
	va_end(ap);
}

long fields_utf8_length(const char *s, size_t len)
{
	long chars = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n;
		unsigned int cp;
		if (c < 0x80) {
			n = 1;
			cp = c;
		} else if ((c & 0xe0) == 0xc0) {
			n = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 4;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (i + n > len)
			return -1;
		for (size_t k = 1; k < n; k++) {
			if (((unsigned char)s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3f);
		}
		/* overlong forms, surrogates and values past U+10FFFF */
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return -1;
		i += n;
		chars++;
	}
	return chars;
}

/* Whether an email address holds a character beyond ASCII: Haven's outbox sends to plain ASCII addresses
 * only (mail area, address_valid), so such an address is refused where it is typed, saying why. */
static bool email_beyond_ascii(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return true;
	return false;
}

/* A plain address: local@domain, no character a mail header could be broken with (the outbox refuses
 * the same ones: mail area, address_valid). */
static bool is_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p) || strchr("<>()[],;:\"\\", *p))
			return false;
	const char *domain = at + 1;
	const char *dot = strrchr(domain, '.');
	return dot && dot != domain && dot[1] != '\0' && !strstr(domain, "..") && domain[0] != '.';
}

/* Whether `s` is one of the choices of `f`: a plain list, or the value member of each of a table's rows. */
bool fields_is_choice(const struct field_spec *f, const char *s)
{
	size_t stride = f->choice_stride ? f->choice_stride : sizeof *f->choices;
	for (const char *row = (const char *)f->choices; row && *(const char *const *)row; row += stride)
		if (strcmp(s, *(const char *const *)row) == 0)
			return true;
	return false;
}

/* A page cursor: an id (1 to 15 digits, not 0) and a position (up to 15 digits), as "ID.POSITION". */
static bool is_cursor(const char *s)
{
	size_t id = strspn(s, "0123456789");
	if (id == 0 || id > 15 || s[0] == '0' || s[id] != '.')
		return false;
	size_t position = strspn(s + id + 1, "0123456789");
	return position > 0 && position <= 15 && s[id + 1 + position] == '\0';
}

void fields_add_missing(json_t *errors, const struct field_spec *f)
{
	if (f->type == FIELD_CHOICE || f->type == FIELD_BOOL || f->in_select)
		add_error(errors, f->name, "Select %s", f->label);
	else
		add_error(errors, f->name, "Enter %s", f->label);
}

/* How many fields it does not accept a request's errors name, one by one; the rest are counted. */
#define UNKNOWN_FIELDS_NAMED 10

/*
 * "colour is not a field this accepts", its name cut as its error's field is (router/errors.h), once
 * however often it is sent. `unknown` holds the names refused so far (as keys: a name that is not valid
 * UTF-8 too); past UNKNOWN_FIELDS_NAMED of them it only counts them, so a body of many small unknown
 * names cannot make an answer many times its size; add_unknown_count says how many more there were.
 */
static void add_unknown(json_t *errors, const char *name, json_t *unknown)
{
	if (json_object_get(unknown, name))
		return;
	json_object_set_new_nocheck(unknown, name, json_true());
	if (json_object_size(unknown) > UNKNOWN_FIELDS_NAMED)
		return;
	if (!*name)
		add_error(errors, "", "The request has a field with no name");
	else if (fields_utf8_length(name, strlen(name)) < 0)
		add_error(errors, "", "The form has a field whose name is not valid text");
	else
		add_error(errors, name, "%.*s is not a field this accepts",
		          (int)utf8_cut_length(name, ERRORS_FIELD_MOST), name);
}

/* "Date of birth was given more than once", once for each field however many times it came. */
static void add_repeated(json_t *errors, json_t *repeated, const struct field_spec *f)
{
	if (json_object_get(repeated, f->name))
		return;
	json_object_set_new(repeated, f->name, json_true());
	add_error(errors, f->name, "%s was given more than once", f->label);
}

static void add_unknown_count(json_t *errors, const json_t *unknown_names)
{
	size_t unknown = json_object_size(unknown_names);
	if (unknown <= UNKNOWN_FIELDS_NAMED)
		return;
	long long more = (long long)(unknown - UNKNOWN_FIELDS_NAMED);
	struct buf count = BUF_INIT;
	words_count(&count, more, "more field", "more fields");
	add_error(errors, "", "There %s %s this does not accept", more == 1 ? "is" : "are", buf_cstr(&count));
	buf_free(&count);
}

const struct field_spec *fields_find_spec(const struct field_spec *specs, const char *name)
{
	for (const struct field_spec *f = specs; f && f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/*
 * Checks one value given as text and returns its typed JSON value, or NULL
 * after adding an error. An empty value of an optional field returns
 * json_null() so callers can leave it out.
 */
static json_t *check_text_value(const struct field_spec *f, const char *raw, json_t *errors)
{
	char *s = fields_trim(raw, f->secret);
	json_t *out = NULL;
	size_t len = strlen(s);
	if (len == 0) {
		if (f->required)
			fields_add_missing(errors, f);
		else
			out = json_null();
		goto done;
	}
	long chars = fields_utf8_length(s, len);
	const char *unusable =
	    chars < 0 ? "only include letters, numbers and punctuation" : fields_unusable_chars(s);
	if (unusable) {
		add_error(errors, f->name, "%s must %s", f->label, unusable);
		goto done;
	}
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_SLUG: {
		long long max = f->max ? f->max : DEFAULT_MAX_TEXT;
		if (f->type == FIELD_SLUG) {
			for (const char *p = s; *p; p++) {
				if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
				      *p == '-')) {
					add_error(
					    errors, f->name,
					    "%s must only include lower-case letters, numbers and hyphens",
					    f->label);
					goto done;
				}
			}
		}
		if (chars > max) {
			add_error(errors, f->name, "%s must be %lld characters or fewer", f->label, max);
			goto done;
		}
		const char *unsendable = f->in_emails ? fields_unsafe_in_emails(s) : NULL;
		if (unsendable) {
			add_error(errors, f->name, "%s must %s", f->label, unsendable);
			goto done;
		}
		if (f->min && fields_shown_length(s) < f->min) {
			add_error(errors, f->name, "%s must be %lld characters or more", f->label, f->min);
			goto done;
		}
		out = json_string(s);
		break;
	}
	case FIELD_INT: {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (*end != '\0' || errno == ERANGE || !(isdigit((unsigned char)s[0]) || s[0] == '-')) {
			add_error(errors, f->name, "%s must be a whole number", f->label);
			goto done;
		}
		if ((f->min || f->max) && (v < f->min || v > f->max)) {
			add_error(errors, f->name, "%s must be between %lld and %lld", f->label, f->min,
			          f->max);
			goto done;
		}
		out = json_integer(v);
		break;
	}
	case FIELD_BOOL: {
		static const char *const yes[] = {"true", "yes", "on", "1", NULL};
		static const char *const no[] = {"false", "no", "0", NULL};
		for (size_t i = 0; yes[i]; i++)
			if (strcmp(s, yes[i]) == 0)
				out = json_true();
		for (size_t i = 0; no[i]; i++)
			if (strcmp(s, no[i]) == 0)
				out = json_false();
		if (!out)
			add_error(errors, f->name, "%s must be yes or no", f->label);
		break;
	}
	case FIELD_DATE:
		if (fields_is_date(s))
			out = json_string(s);
		else
			add_error(errors, f->name, "%s must be a real date, written like 2026-03-27",
			          f->label);
		break;
	case FIELD_EMAIL:
		if (email_beyond_ascii(s)) {
			add_error(
			    errors, f->name,
			    "Enter %s using only the letters a to z, numbers and punctuation: Haven cannot "
			    "send email to an address with other letters",
			    f->label);
		} else if (is_email(s)) {
			for (char *p = s; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			out = json_string(s);
		} else {
			add_error(errors, f->name, "Enter %s in the correct format, like name@example.com",
			          f->label);
		}
		break;
	case FIELD_JSON: add_error(errors, f->name, "%s can only be sent as JSON", f->label); break;
	case FIELD_CURSOR:
		if (is_cursor(s))
			out = json_string(s);
		else
			add_error(errors, f->name,
			          "%s must be a page cursor as Haven gave it in a next or previous link",
			          f->label);
		break;
	case FIELD_CHOICE:
		if (fields_is_choice(f, s))
			out = json_string(s);
		if (!out)
			add_error(errors, f->name, "Select %s from the list", f->label);
		break;
	}
done:
	free(s);
	return out;
}

/* Stores a checked value: arrays for `multiple` fields, nothing for empty optionals. */
static void store_value(json_t *values, const struct field_spec *f, json_t *value)
{
	if (json_is_null(value)) {
		json_decref(value);
		return;
	}
	if (f->multiple) {
		json_t *list = json_object_get(values, f->name);
		if (!list) {
			list = json_array();
			json_object_set_new(values, f->name, list);
		}
		json_array_append_new(list, value);
	} else {
		json_object_set_new(values, f->name, value);
	}
}

static void check_required(const struct field_spec *specs, json_t *values, json_t *errors,
                           const json_t *seen_with_error)
{
	for (const struct field_spec *f = specs; f && f->name; f++) {
		if (!f->required || json_object_get(values, f->name) ||
		    json_object_get(seen_with_error, f->name))
			continue;
		fields_add_missing(errors, f);
	}
}

/*
 * Gives each whole_list field the handler was not sent an empty list; a JSON
 * body (`json_body`, NULL for a form) that left one out, or sent null, is
 * refused instead.
 */
static void complete_whole_lists(const struct field_spec *specs, json_t *values, json_t *errors,
                                 const json_t *json_body)
{
	for (const struct field_spec *f = specs; f && f->name; f++) {
		if (!f->whole_list || json_object_get(values, f->name))
			continue;
		const json_t *sent = json_body ? json_object_get(json_body, f->name) : NULL;
		if (json_body && (!sent || json_is_null(sent)))
			add_error(errors, f->name, "Send %s as a list: [] for none", f->label);
		else
			json_object_set_new(values, f->name, json_array());
	}
}

static bool ignored(const char *const *ignore, const char *name)
{
	for (size_t i = 0; ignore && ignore[i]; i++)
		if (strcmp(ignore[i], name) == 0)
			return true;
	return false;
}

/*
 * One entry of the list field `f` sent in a form, as typed (`raw`; `value` what it checked as, NULL if
 * refused): a blank one is no entry (a box left empty), and each other is kept in `lists` in the order
 * sent, refused ones as the text typed. The errors it got (from `errors_at` on) say which entry they are
 * about ("item", its place among the entries), so the page shown again links each to its own box.
 */
static void keep_entry(json_t *lists, const struct field_spec *f, const char *raw, const json_t *value,
                       json_t *errors, size_t errors_at)
{
	char *text = fields_trim_text(raw);
	if (*text) {
		json_t *list = json_object_get(lists, f->name);
		if (!list) {
			list = json_pack("{s:[]}", "entries");
			json_object_set_new(lists, f->name, list);
		}
		json_t *entries = json_object_get(list, "entries");
		size_t item = json_array_size(entries);
		for (size_t e = errors_at; e < json_array_size(errors); e++)
			json_object_set_new(json_array_get(errors, e), "item",
			                    json_integer((json_int_t)item));
		if (value) {
			json_array_append(entries, (json_t *)value);
		} else {
			json_t *typed = json_string(text); /* not valid UTF-8: an empty box in its place */
			json_array_append_new(entries, typed ? typed : json_string(""));
			json_object_set_new(list, "refused", json_true());
		}
	}
	free(text);
}

enum haven_status fields_validate_pairs(const struct field_spec *specs, const struct field_pair *pairs,
                                        size_t count, const char *const *ignore, json_t **values,
                                        json_t *errors)
{
	size_t errors_before = json_array_size(errors);
	json_t *seen = json_object();  /* fields given at all, so required checks don't repeat */
	json_t *boxes = json_object(); /* date inputs' boxes by field: {"dob": {"day": "3", ...}} */
	json_t *lists = json_object(); /* list fields' entries as typed: {"children": {"entries": [...]}} */
	*values = json_object();
	json_t *unknown = json_object();  /* names of fields it does not accept, said once each */
	json_t *repeated = json_object(); /* fields given more than once, said once each */
	for (size_t i = 0; i < count; i++) {
		const char *name = pairs[i].name;
		if (ignored(ignore, name))
			continue;
		const struct field_spec *f = fields_find_spec(specs, name);
		enum date_part part;
		const struct field_spec *date = f ? NULL : fields_date_box_of(specs, name, &part);
		if (date) {
			json_t *typed = json_object_get(boxes, date->name);
			if (!typed) {
				typed = json_object();
				json_object_set_new(boxes, date->name, typed);
			}
			const char *box = fields_date_part_names[part];
			bool given_whole = json_object_get(seen, date->name) && json_object_size(typed) == 0;
			if (given_whole || json_object_get(typed, box)) {
				add_repeated(errors, repeated, date);
				json_object_set_new(typed, "refused", json_true());
			} else if (json_object_set_new(typed, box, json_string(pairs[i].value)) != 0) {
				/* not valid UTF-8: no date */
				add_error(errors, date->name, "%s must be a real date", date->label);
				json_object_set_new(typed, "refused", json_true());
			}
			json_object_set_new(seen, date->name, json_true());
			continue;
		}
		if (!f) {
			add_unknown(errors, name, unknown);
			continue;
		}
		if ((!f->multiple && json_object_get(seen, name)) || json_object_get(boxes, name)) {
			add_repeated(errors, repeated, f);
			continue;
		}
		json_object_set_new(seen, name, json_true());
		size_t errors_at_entry = json_array_size(errors);
		json_t *value = check_text_value(f, pairs[i].value, errors);
		if (f->multiple)
			keep_entry(lists, f, pairs[i].value, value, errors, errors_at_entry);
		if (value)
			store_value(*values, f, value);
	}
	const char *name;
	json_t *typed;
	json_object_foreach(boxes, name, typed)
	{
		const struct field_spec *f = fields_find_spec(specs, name);
		if (!json_object_get(typed, "refused"))
			fields_check_date_boxes(f, typed, *values, errors);
	}
	add_unknown_count(errors, unknown);
	check_required(specs, *values, errors, seen);
	complete_whole_lists(specs, *values, errors, NULL);
	json_t *list;
	json_object_foreach(lists, name, list)
	{
		if (json_is_true(json_object_get(list, "refused")))
			json_object_set(*values, name, json_object_get(list, "entries"));
	}
	json_decref(lists);
	json_decref(unknown);
	json_decref(repeated);
	json_decref(boxes);
	json_decref(seen);
	return json_array_size(errors) == errors_before ? HAVEN_OK : HAVEN_ERR_INVALID;
}

/* Converts one JSON value to the text form check_text_value takes, or NULL if its JSON type is wrong. */
static char *json_as_text(const struct field_spec *f, const json_t *v)
{
	char tmp[32];
	switch (f->type) {
	case FIELD_INT:
		if (!json_is_integer(v))
			return NULL;
		snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return xstrdup(tmp);
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return NULL;
		return xstrdup(json_is_true(v) ? "true" : "false");
	default:
		if (!json_is_string(v))
			return NULL;
		return xstrndup(json_string_value(v), json_string_length(v));
	}
}

static const char *json_type_word(const struct field_spec *f)
{
	switch (f->type) {
	case FIELD_INT: return "a whole number";
	case FIELD_BOOL: return "true or false";
	case FIELD_JSON: return "a JSON object or list";
	default: return "a string";
	}
}

/* True if `v` is or holds a string with a NUL character (\u0000), which C text would end at unseen. */
static bool holds_nul(const json_t *v)
{
	if (json_is_string(v))
		return memchr(json_string_value(v), '\0', json_string_length(v)) != NULL;
	const char *key;
	json_t *member;
	json_object_foreach((json_t *)v, key, member)
	{
		if (holds_nul(member))
			return true;
	}
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		if (holds_nul(item))
			return true;
	}
	return false;
}

/* How many bytes of a number too large to read its error quotes. */
#define NUMBER_QUOTED 24

/*
 * The name of the member whose value ends just before `body[at]` (`{"child": ` before a number), or
 * NULL if it is not one (an item of a list, the body itself): jansson read the body up to there, so it
 * is valid JSON, in which a value after a colon is a member's and the colon follows its name. Free it.
 */
static char *member_named_before(const char *body, size_t at)
{
	static const char json_space[] = " \t\n\r";
	while (at > 0 && body[at - 1] && strchr(json_space, body[at - 1]))
		at--;
	if (at == 0 || body[at - 1] != ':')
		return NULL;
	at--;
	while (at > 0 && body[at - 1] && strchr(json_space, body[at - 1]))
		at--;
	if (at < 2 || body[at - 1] != '"')
		return NULL;
	size_t open = at - 1; /* the quote that opens the name: the first before it not escaped */
	for (;;) {
		if (open == 0)
			return NULL;
		open--;
		size_t backslashes = 0;
		while (open > backslashes && body[open - 1 - backslashes] == '\\')
			backslashes++;
		if (body[open] == '"' && backslashes % 2 == 0)
			break;
	}
	json_t *name = json_loadb(body + open, at - open, JSON_DECODE_ANY, NULL);
	char *out = json_is_string(name) && !memchr(json_string_value(name), '\0', json_string_length(name))
	                ? xstrdup(json_string_value(name))
	                : NULL;
	json_decref(name);
	return out;
}

/* How deep body[at] is in objects and arrays (1: a member of the top-level object), strings skipped. */
static int depth_at(const char *body, size_t at)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < at && body[i]; i++) {
		char c = body[i];
		if (in_string) {
			if (c == '\\' && i + 1 < at)
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return depth;
}

/*
 * The error for a number jansson cannot hold (past 64 bits, or a real past a double: "child":
 * 99999999999999999999, "limit": 1e400), which ends at body[end]: naming the field it was given for, if
 * it is one of `specs`, else quoting it with its place in the body.
 */
static void add_number_too_large(const struct field_spec *specs, const char *body, size_t end,
                                 const json_error_t *jerr, json_t *errors)
{
	size_t start = end;
	while (start > 0 && body[start - 1] && strchr("0123456789+-.eE", body[start - 1]))
		start--;
	int quoted = (int)(end - start > NUMBER_QUOTED ? NUMBER_QUOTED : end - start);
	const char *more = end - start > NUMBER_QUOTED ? "…" : "";
	/* a field is a member of the body's own object: one of an object inside it is not */
	char *name = depth_at(body, start) == 1 ? member_named_before(body, start) : NULL;
	const struct field_spec *f = name ? fields_find_spec(specs, name) : NULL;
	if (f && f->type == FIELD_INT && (f->min || f->max))
		add_error(errors, f->name, "%s must be between %lld and %lld", f->label, f->min, f->max);
	else if (f)
		add_error(errors, f->name, "%s must be %s: %.*s%s is too large a number", f->label,
		          json_type_word(f), quoted, body + start, more);
	else
		add_error(errors, "",
		          "The body is not valid JSON: the number %.*s%s (line %d, column %d) is too large",
		          quoted, body + start, more, jerr->line, jerr->column);
	free(name);
}

json_t *fields_read_json(const struct field_spec *specs, const char *body, size_t len, json_t *errors)
{
	json_error_t jerr;
	/* a \u0000 is read, so that the field holding it is named when it is refused */
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (doc)
		return doc;
	if (json_error_code(&jerr) == json_error_numeric_overflow && (size_t)jerr.position <= len)
		add_number_too_large(specs, body, (size_t)jerr.position, &jerr, errors);
	else
		add_error(errors, "", "The body is not valid JSON: %s (line %d, column %d)", jerr.text,
		          jerr.line, jerr.column);
	return NULL;
}

enum haven_status fields_validate_json(const struct field_spec *specs, const json_t *body, json_t **values,
                                       json_t *errors)
{
	size_t errors_before = json_array_size(errors);
	json_t *seen = json_object();
	*values = json_object();
	if (!json_is_object(body)) {
		add_error(errors, "", "The request body must be a JSON object");
		json_decref(seen);
		return HAVEN_ERR_INVALID;
	}
	json_t *unknown = json_object(); /* names of fields it does not accept */
	const char *name;
	json_t *v;
	json_object_foreach((json_t *)body, name, v)
	{
		const struct field_spec *f = fields_find_spec(specs, name);
		if (!f) {
			add_unknown(errors, name, unknown);
			continue;
		}
		size_t errors_at_field = json_array_size(errors);
		if (holds_nul(v)) {
			add_error(errors, name, "%s must only include letters, numbers and punctuation",
			          f->label);
			json_object_set_new(seen, name, json_true());
			continue;
		}
		if (json_is_null(v)) {
			if (f->required) {
				fields_add_missing(errors, f);
				json_object_set_new(seen, name, json_true());
			}
			continue;
		}
		if (f->type == FIELD_JSON) {
			if (json_is_object(v) || json_is_array(v))
				json_object_set_new(*values, name, json_deep_copy(v));
			else
				add_error(errors, name, "%s must be a JSON object or list", f->label);
			if (json_array_size(errors) != errors_at_field)
				json_object_set_new(seen, name, json_true());
			continue;
		}
		size_t n = 1;
		if (f->multiple) {
			if (!json_is_array(v)) {
				add_error(errors, name, "%s must be a list", f->label);
				continue;
			}
			n = json_array_size(v);
		}
		size_t entries =
		    0; /* of the list, blank ones not counted (as a form's empty boxes are not) */
		for (size_t i = 0; i < n; i++) {
			const json_t *item = f->multiple ? json_array_get(v, i) : v;
			char *text = json_as_text(f, item);
			if (!text) {
				add_error(errors, name, "%s must be %s", f->label, json_type_word(f));
				if (f->multiple)
					json_object_set_new(
					    json_array_get(errors, json_array_size(errors) - 1), "item",
					    json_integer((json_int_t)entries));
				break;
			}
			size_t errors_at_entry = json_array_size(errors);
			json_t *value = check_text_value(f, text, errors);
			free(text);
			if (!value) {
				for (size_t e = errors_at_entry; f->multiple && e < json_array_size(errors);
				     e++)
					json_object_set_new(json_array_get(errors, e), "item",
					                    json_integer((json_int_t)entries));
				break;
			}
			entries += !json_is_null(value);
			store_value(*values, f, value);
		}
		if (json_array_size(errors) != errors_at_field)
			json_object_set_new(seen, name, json_true());
		else if (f->multiple && f->keeps_empty && !json_object_get(*values, name))
			json_object_set_new(*values, name, json_array()); /* [] sent: none, not "not sent" */
	}
	add_unknown_count(errors, unknown);
	check_required(specs, *values, errors, seen);
	complete_whole_lists(specs, *values, errors, body);
	json_decref(unknown);
	json_decref(seen);
	return json_array_size(errors) == errors_before ? HAVEN_OK : HAVEN_ERR_INVALID;
}

const char *field_text(const json_t *object, const char *name)
{
	return json_string_value(json_object_get(object, name));
}

long long field_int(const json_t *object, const char *name)
{
	return (long long)json_integer_value(json_object_get(object, name));
}
