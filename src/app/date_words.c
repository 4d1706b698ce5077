/*
 * date_words.c — a record's date in words under a key of its own (see
 * date_words.h).
 */
#include "app/date_words.h"

#include <stdint.h>

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
