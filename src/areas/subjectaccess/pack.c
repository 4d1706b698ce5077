/*
 * pack.c (subjectaccess) — the pack of everything Haven holds about the
 * child of a request, pages and API: gathered only for an open request
 * whose requester's identity is verified (409 naming identity_verified until
 * it is), from every area's `.subject_access` tables and those of the
 * records merged into the child's, the audit row naming every record read,
 * and said as a person reads it, which the partnership team reviews and
 * redacts before disclosure.
 */
#include "areas/subjectaccess/handlers.h"

#include <stdlib.h>
#include <string.h>

#include "app/date_words.h"
#include "app/subject_access.h"
#include "areas/calendar/london.h"
#include "areas/subjectaccess/store.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "router/fields.h"

/*
 * The pack's cells as a person reads them: the areas' statements give their
 * columns as stored, so dates and times are said in words, as every page
 * says them ("3 March 2026"; an instant as England's clocks showed it:
 * "Thursday 3 December 2026 at 9:15am"), a stored code in words ("no_action"
 * as "No action") and a JSON value as text ("Reasons: Missing from home;
 * Older friends"). Done here once, so no area's statement is rewritten.
 */

/* True if `text` is a stored code: a lower-case word, or words joined by "_" ("support_offered"). */
static bool is_code(const char *text)
{
	if (!(*text >= 'a' && *text <= 'z'))
		return false;
	for (const char *c = text; *c; c++)
		if (*c == '_' ? c[1] == '\0' || c[1] == '_'
		              : !((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			return false;
	return true;
}

/* A code in words into `out`: "requires_improvement" as "Requires improvement". */
static void append_code_words(struct buf *out, const char *code)
{
	for (const char *c = code; *c; c++) {
		char ch = *c == '_' ? ' ' : *c;
		if (c == code)
			ch = (char)(ch - 'a' + 'A');
		buf_append(out, &ch, 1);
	}
}

/* A JSON value as text into `out`: lists' items and objects' "Label: value" pairs joined by "; ". */
static void append_json_words(struct buf *out, const json_t *value)
{
	size_t i;
	const char *key;
	json_t *item;
	char label[128];
	const char *text = json_string_value(value);
	if (text && is_code(text))
		append_code_words(out, text);
	else if (text)
		buf_append_str(out, text);
	else if (json_is_integer(value))
		buf_printf(out, "%lld", (long long)json_integer_value(value));
	else if (json_is_real(value))
		buf_printf(out, "%g", json_real_value(value));
	else if (json_is_boolean(value))
		buf_append_str(out, json_is_true(value) ? "Yes" : "No");
	else if (json_is_array(value))
		json_array_foreach(value, i, item)
		{
			if (i)
				buf_append_str(out, "; ");
			append_json_words(out, item);
		}
	else if (json_is_object(value)) {
		bool first = true;
		json_object_foreach((json_t *)value, key, item)
		{
			subject_access_label(key, label, sizeof label);
			buf_printf(out, "%s%s: ", first ? "" : "; ", label);
			append_json_words(out, item);
			first = false;
		}
	}
}

/*
 * What a column of a pack's table holds, judged from all its values, not one: a column whose every
 * value is an instant, a JSON list or object, or a stored code (one at least with a "_") is said in
 * words; any other column is text someone typed and is shown as held (a name typed "alix", a note
 * reading "{}"), its dates alone in words.
 */
enum column_kind { COLUMN_UNSEEN, COLUMN_INSTANTS, COLUMN_JSON, COLUMN_CODES, COLUMN_WORDS, COLUMN_TEXT };

/* What `value` is; a JSON list or object (not empty) parsed into *parsed (new), else NULL there. */
static enum column_kind value_kind(const char *value, json_t **parsed)
{
	int64_t utc;
	*parsed = NULL;
	if (calendar_parse_instant(value, &utc))
		return COLUMN_INSTANTS;
	if (value[0] == '[' || value[0] == '{') {
		*parsed = json_loads(value, JSON_DECODE_ANY, NULL);
		if (*parsed && (json_array_size(*parsed) > 0 || json_object_size(*parsed) > 0))
			return COLUMN_JSON;
		json_decref(*parsed);
		*parsed = NULL;
	}
	/* a lower-case word alone may be a code ("female") or typed ("alix"): a column of them is a
	 * column of codes only beside a code no one types ("not_known") */
	return !is_code(value) ? COLUMN_TEXT : strchr(value, '_') ? COLUMN_CODES : COLUMN_WORDS;
}

/* What a column is, having held values of kinds `a` and `b`. */
static enum column_kind column_kind_with(enum column_kind a, enum column_kind b)
{
	if (a == COLUMN_UNSEEN || a == b)
		return b;
	if ((a == COLUMN_CODES && b == COLUMN_WORDS) || (a == COLUMN_WORDS && b == COLUMN_CODES))
		return COLUMN_CODES;
	return COLUMN_TEXT;
}

/* A cell of a column of `kind` as a person reads it (above); `parsed`: its value as JSON, or NULL. */
static void cell_in_words(json_t *cell, enum column_kind kind, const json_t *parsed)
{
	const char *value = field_text(cell, "value");
	if (!value)
		return;
	if (kind == COLUMN_INSTANTS) {
		int64_t utc;
		char words[CALENDAR_WHEN_SIZE];
		if (calendar_parse_instant(value, &utc)) {
			calendar_format_when(utc, words);
			json_object_set_new(cell, "value", json_string(words));
		}
		return;
	}
	if (kind == COLUMN_JSON || kind == COLUMN_CODES) {
		struct buf words = BUF_INIT;
		if (kind == COLUMN_JSON && parsed)
			append_json_words(&words, parsed);
		else
			append_code_words(&words, value);
		json_object_set_new(cell, "value", json_string(buf_cstr(&words)));
		buf_free(&words);
	}
	date_words_in_text(cell, "value");
}

/* A section's cells in words, each column judged first; a JSON cell is parsed once, kept between the two. */
static void section_in_words(json_t *section)
{
	json_t *rows = json_object_get(section, "rows"), *row, *cell;
	size_t columns = json_array_size(json_object_get(section, "columns")), j, k;
	enum column_kind *kinds = xcalloc(columns ? columns : 1, sizeof *kinds);
	size_t cells = json_array_size(rows) * columns;
	json_t **parsed = xcalloc(cells ? cells : 1, sizeof *parsed);
	json_array_foreach(rows, j, row)
	{
		json_array_foreach(json_object_get(row, "cells"), k, cell)
		{
			const char *value = field_text(cell, "value");
			if (k >= columns || !value)
				continue;
			kinds[k] = column_kind_with(kinds[k], value_kind(value, &parsed[j * columns + k]));
		}
	}
	json_array_foreach(rows, j, row)
	{
		json_array_foreach(json_object_get(row, "cells"), k, cell)
		{
			bool judged = k < columns;
			cell_in_words(cell, judged ? kinds[k] : COLUMN_TEXT,
			              judged ? parsed[j * columns + k] : NULL);
		}
	}
	for (size_t c = 0; c < cells; c++)
		json_decref(parsed[c]);
	free(parsed);
	free(kinds);
}

static void cells_in_words(json_t *sections)
{
	size_t i;
	json_t *section;
	json_array_foreach(sections, i, section) section_in_words(section);
}

enum haven_status subject_access_show_pack(struct request *req, struct response *res)
{
	json_t *request = NULL;
	enum haven_status st = subject_access_shown(field_int(req->params, "id"), &request);
	if (st != HAVEN_OK)
		return st;
	bool open = json_is_true(json_object_get(request, "open"));
	bool verified = json_is_true(json_object_get(request, "identity_verified"));
	json_t *model =
	    json_pack("{s:s, s:o}", "title", "Everything Haven holds about this child", "request", request);
	/*
	 * The pack is gathered only to answer an open request (a closed one was answered already), and only
	 * to a requester whose identity was checked: everything held about a child is not given to whoever
	 * asks in their name.
	 */
	if (open && !verified) {
		json_object_set_new(model, "unverified", json_true());
		response_conflict(
		    res, "identity_verified",
		    "The requester's identity is not verified: record how it was checked on the "
		    "request's page before the pack is gathered");
	} else if (open) {
		json_t *sections = json_array(), *records = NULL;
		json_object_set_new(model, "sections", sections);
		long long asked_about = field_int(request, "child_id"), kept = asked_about;
		st = subject_access_pack(asked_about, sections, &kept, &records);
		/* the audit row names every record read, the merged duplicates' too */
		response_audit_records(res, "child", records, "id");
		json_decref(records);
		if (st != HAVEN_OK) {
			json_decref(model);
			return st;
		}
		if (kept != asked_about)
			json_object_set_new(model, "merged_into", json_integer(kept));
		cells_in_words(sections);
	}
	response_set_model(res, model);
	return HAVEN_OK;
}
