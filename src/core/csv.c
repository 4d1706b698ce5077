/*
 * csv.c — writing CSV with RFC 4180 quoting and the formula guard (see csv.h).
 */
#include "core/csv.h"

#include <string.h>

/* Starts a field: a comma unless it is the row's first. */
static void begin_field(struct csv *csv)
{
	if (csv->in_row)
		buf_append_char(csv->out, ',');
	csv->in_row = true;
}

/* Whether a spreadsheet could read text starting with this byte as a formula. */
static bool starts_formula(const char *text, size_t len)
{
	return len > 0 && text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;
}

void csv_text_len(struct csv *csv, const char *text, size_t len)
{
	begin_field(csv);
	bool quote = false;
	for (size_t i = 0; i < len && !quote; i++)
		quote = text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n';
	if (quote)
		buf_append_char(csv->out, '"');
	if (starts_formula(text, len))
		buf_append_char(csv->out, '\'');
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '"')
			buf_append_char(csv->out, '"');
		buf_append_char(csv->out, text[i]);
	}
	if (quote)
		buf_append_char(csv->out, '"');
}

void csv_text(struct csv *csv, const char *text)
{
	csv_text_len(csv, text, text ? strlen(text) : 0);
}

void csv_empty(struct csv *csv)
{
	begin_field(csv);
}

void csv_integer(struct csv *csv, long long value)
{
	begin_field(csv);
	buf_printf(csv->out, "%lld", value);
}

void csv_number(struct csv *csv, double value, int places)
{
	begin_field(csv);
	buf_printf(csv->out, "%.*f", places < 0 ? 0 : places > 9 ? 9 : places, value);
}

void csv_end_row(struct csv *csv)
{
	buf_append_str(csv->out, "\r\n");
	csv->in_row = false;
}

void csv_header(struct csv *csv, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		csv_text(csv, names[i]);
	csv_end_row(csv);
}
