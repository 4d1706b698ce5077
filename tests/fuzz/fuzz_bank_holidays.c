/*
 * fuzz_bank_holidays.c — the gov.uk bank-holidays.json reader
 * (calendar_holidays_from_json, areas/calendar/calendar.h) that `haven
 * import bank-holidays` runs on a downloaded file.
 *
 * Input: the file's bytes. Beyond not crashing: a document refused says
 * where and why; an accepted one gives real dates, none twice, each with a
 * title of 1 to 200 characters that is valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "areas/calendar/calendar.h"
#include "fuzz.h"

static int by_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!root)
		return 0;
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	char *err = NULL;
	if (calendar_holidays_from_json(root, &list, &count, &err) != HAVEN_OK) {
		FUZZ_ASSERT(err && err[0]);
		free(err);
		json_decref(root);
		return 0;
	}
	int32_t *days = malloc((count ? count : 1) * sizeof *days);
	FUZZ_ASSERT(days);
	for (size_t i = 0; i < count; i++) {
		char text[CALENDAR_DATE_SIZE];
		int32_t again;
		calendar_format(list[i].day, text);
		FUZZ_ASSERT(calendar_parse(text, &again) && again == list[i].day);
		json_t *title = json_string(list[i].title);
		FUZZ_ASSERT(title && json_string_length(title) > 0);
		json_decref(title);
		days[i] = list[i].day;
	}
	qsort(days, count, sizeof *days, by_day);
	for (size_t i = 1; i < count; i++)
		FUZZ_ASSERT(days[i] != days[i - 1]);
	free(days);
	calendar_holidays_free(list, count);
	json_decref(root);
	return 0;
}
