/*
 * fuzz_date_parts.c — a date typed in the three boxes of a GOV.UK date input
 * (router/fields.h, fields_date_from_parts), read from every form that asks
 * a person for a date.
 *
 * Input: the day, month and year boxes' text, separated by newlines (to the
 * first NUL; a box not there is one not sent). Beyond not crashing: a date
 * read is a real date in Haven's years whose day, month and year are the
 * numbers typed; a refusal marks at least one box, and "nothing typed"
 * only when every box is blank. The whole input, as the value a handler
 * checks itself (fields_add_date_error, fields_date_boxes_of): exactly one
 * error, on the field, and boxes that fit.
 */
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "fuzz.h"
#include "router/fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char *box[DATE_PARTS] = {NULL, NULL, NULL};
	char *at = text;
	for (int p = 0; p < DATE_PARTS && at; p++) {
		box[p] = at;
		at = strchr(at, '\n');
		if (at)
			*at++ = '\0';
	}
	struct date_parts_check c;
	fields_date_from_parts(box[DATE_PART_DAY], box[DATE_PART_MONTH], box[DATE_PART_YEAR], &c);
	bool any_wrong = c.wrong[DATE_PART_DAY] || c.wrong[DATE_PART_MONTH] || c.wrong[DATE_PART_YEAR];
	switch (c.problem) {
	case DATE_PARTS_OK: {
		FUZZ_ASSERT(!any_wrong && fields_is_date(c.date));
		int32_t day;
		int year, month, mday;
		FUZZ_ASSERT(calendar_parse(c.date, &day));
		calendar_to_ymd(day, &year, &month, &mday);
		FUZZ_ASSERT(mday == atoi(box[DATE_PART_DAY]) && month == atoi(box[DATE_PART_MONTH]) &&
		            year == atoi(box[DATE_PART_YEAR]));
		break;
	}
	case DATE_PARTS_EMPTY: FUZZ_ASSERT(!any_wrong); break;
	case DATE_PARTS_MISSING:
	case DATE_PARTS_NOT_REAL: FUZZ_ASSERT(any_wrong && c.date[0] == '\0'); break;
	}
	char *whole = fuzz_cstr(data, size);
	json_t *errors = json_array();
	fields_add_date_error(errors, "on", "the date", whole);
	FUZZ_ASSERT(json_array_size(errors) == 1 &&
	            strcmp(json_string_value(json_object_get(json_array_get(errors, 0), "field")), "on") ==
	                0);
	char boxes[DATE_PARTS][FIELDS_DATE_BOX_SIZE];
	if (fields_date_boxes_of(whole, boxes))
		for (int p = 0; p < DATE_PARTS; p++)
			FUZZ_ASSERT(strlen(boxes[p]) < FIELDS_DATE_BOX_SIZE);
	json_decref(errors);
	free(whole);
	free(text);
	return 0;
}
