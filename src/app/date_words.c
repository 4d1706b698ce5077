/*
 * date_words.c — a record's date in words under a key of its own (see
 * date_words.h).
 */
#include "app/date_words.h"

#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"

void date_words_set(json_t *record, const char *field, const char *words_field)
{
	const char *date = json_string_value(json_object_get(record, field));
	int32_t day;
	if (date && calendar_parse(date, &day)) {
		char words[CALENDAR_LONG_DATE_SIZE];
		calendar_format_long(day, words);
		json_object_set_new(record, words_field, json_string(words));
	}
}

void date_words_in_text(json_t *record, const char *field)
{
	enum { YYYY_MM_DD = 10 }; /* a date's length as the text holds it */
	const char *text = json_string_value(json_object_get(record, field));
	if (!text)
		return;
	struct buf out = BUF_INIT;
	for (const char *p = text; *p;) {
		int32_t day;
		char date[CALENDAR_DATE_SIZE], words[CALENDAR_LONG_DATE_SIZE];
		if (strnlen(p, YYYY_MM_DD) == YYYY_MM_DD && p[4] == '-' && p[7] == '-') {
			memcpy(date, p, YYYY_MM_DD);
			date[YYYY_MM_DD] = '\0';
			if (calendar_parse(date, &day)) {
				calendar_format_long(day, words);
				buf_append_str(&out, words);
				p += YYYY_MM_DD;
				continue;
			}
		}
		buf_append(&out, p, 1);
		p++;
	}
	json_object_set_new(record, field, json_string(buf_cstr(&out)));
	buf_free(&out);
}
