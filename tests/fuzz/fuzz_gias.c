/*
 * fuzz_gias.c — the GIAS establishment file reader (areas/settings/gias.h)
 * that `haven import settings` runs on the DfE's CSV file.
 *
 * Input: the file's bytes. Beyond not crashing: a file refused as a whole
 * says why; every string of every row is valid UTF-8 (it goes into the
 * database and onto pages); rows come in the order of their lines, after
 * the header; and a row without a reason has a six-digit URN and a name.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "areas/settings/gias.h"
#include "fuzz.h"

static void check_text(const char *what, const char *s)
{
	if (!s)
		return;
	json_t *j = json_string(s); /* jansson refuses what is not UTF-8 */
	if (!j)
		fprintf(stderr, "the row's %s is not UTF-8: \"%s\"\n", what, s);
	FUZZ_ASSERT(j != NULL);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gias_file file = {0};
	char why[200];
	long why_line = 0;
	if (gias_parse((const char *)data, size, &file, why, sizeof why, &why_line) != 0) {
		FUZZ_ASSERT(memchr(why, '\0', sizeof why) && why[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(file.encoding != NULL);
	long last_line = 1;
	for (size_t i = 0; i < file.count; i++) {
		const struct gias_row *r = &file.rows[i];
		/* >=: a bare CR ends a record too (libcsv), so one line may hold two */
		if (r->line < last_line)
			fprintf(stderr, "row %zu is on line %ld, after line %ld\n", i, r->line, last_line);
		FUZZ_ASSERT(r->line >= last_line);
		last_line = r->line;
		FUZZ_ASSERT(memchr(r->reason, '\0', sizeof r->reason));
		check_text("reason", r->reason);
		check_text("name", r->name);
		check_text("la_name", r->la_name);
		check_text("type", r->type);
		check_text("phase", r->phase);
		check_text("status", r->status);
		check_text("postcode", r->postcode);
		if (r->reason[0] == '\0') {
			FUZZ_ASSERT(!r->broken);
			FUZZ_ASSERT(r->urn >= 100000 && r->urn <= 999999);
			FUZZ_ASSERT(r->name && r->name[0]);
			FUZZ_ASSERT(r->low_age >= -1 && r->low_age <= 99 && r->high_age >= -1 &&
			            r->high_age <= 99);
		}
		FUZZ_ASSERT(gias_agency_type(r->type, r->phase) != NULL);
	}
	gias_file_free(&file);
	return 0;
}
