/*
 * test_settings_gias.c — tests the GIAS establishment file reader
 * (src/areas/settings/gias.h): columns found by header name in any order,
 * RFC 4180 quoting (commas, doubled quotes and line breaks inside quoted
 * fields, with the line numbers of later rows still right), Windows-1252
 * bytes such as é and ’ converted to UTF-8, a UTF-8 file left as it is, and
 * each way a row or the file can be bad: a line cut short, a quote never
 * closed, a stray quote, a wrong header, a URN that is not six digits, a
 * missing name, an age that is not a number, a URN on two rows. A file read
 * as a stream (gias_parse_file, in 64 KB blocks) reads exactly as the same
 * bytes in memory, with lines, quoted line breaks and characters split
 * between blocks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/settings/gias.h"

/* The ten columns Haven reads, in the real file's order, with two it ignores between them. */
#define HEADER                                                                                               \
	"URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),"          \
	"EstablishmentStatus (name),PhaseOfEducation "                                                       \
	"(name),StatutoryLowAge,StatutoryHighAge,Street,Postcode\r\n"

struct parsed {
	struct gias_file file;
	int rc;
	char why[300];
	long why_line;
};

static void parse(struct parsed *p, const char *text, size_t len)
{
	memset(p, 0, sizeof *p);
	p->rc = gias_parse(text, len, &p->file, p->why, sizeof p->why, &p->why_line);
}

static void parse_str(struct parsed *p, const char *text)
{
	parse(p, text, strlen(text));
}

static void quoting_commas_quotes_and_line_breaks(void **state)
{
	(void)state;
	struct parsed p;
	parse_str(
	    &p, HEADER
	    "990101,890,Blackpool,2001,\"Bishop's Wood, \"\"The Old Mill\"\" Academy\",Academy "
	    "converter,Open,"
	    "Secondary,11,16,\"1 Mill Lane,\r\nUpper Floor\",ZZ99 1AA\r\n"
	    "990102,889,Blackburn with Darwen,2002,\"Two\r\nLine   Name\",Community "
	    "school,Open,Primary,4,11,,"
	    "zz99 2bb\r\n"
	    "\r\n"
	    "990103,888,Lancashire,2003,Plain Primary,Community school,Open,Primary, 4 , 11 ,,ZZ99 3CC");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.file.encoding, "UTF-8");
	assert_int_equal(p.file.count, 3);
	struct gias_row *r = p.file.rows;
	assert_int_equal(r[0].line, 2);
	assert_int_equal(r[0].urn, 990101);
	assert_string_equal(r[0].name, "Bishop's Wood, \"The Old Mill\" Academy");
	assert_int_equal(r[0].la_code, 890);
	assert_string_equal(r[0].la_name, "Blackpool");
	assert_string_equal(r[0].type, "Academy converter");
	assert_string_equal(r[0].status, "Open");
	assert_string_equal(r[0].phase, "Secondary");
	assert_int_equal(r[0].low_age, 11);
	assert_int_equal(r[0].high_age, 16);
	assert_string_equal(r[0].postcode, "ZZ99 1AA");
	assert_string_equal(r[0].reason, "");
	assert_false(r[0].broken);
	/* the first row took two lines; a line break inside a name becomes a space */
	assert_int_equal(r[1].line, 4);
	assert_string_equal(r[1].name, "Two Line Name");
	assert_string_equal(r[1].postcode, "ZZ99 2BB");
	/* a blank line is skipped; unquoted fields are trimmed; no line end at the end of the file */
	assert_int_equal(r[2].line, 7);
	assert_int_equal(r[2].low_age, 4);
	assert_int_equal(r[2].high_age, 11);
	assert_string_equal(r[2].reason, "");
	gias_file_free(&p.file);
}

static void columns_in_any_order(void **state)
{
	(void)state;
	struct parsed p;
	parse_str(
	    &p, "Postcode,StatutoryHighAge,Extra,StatutoryLowAge,PhaseOfEducation (name),EstablishmentStatus "
	        "(name),"
	        "TypeOfEstablishment (name),LA (name),LA (code),EstablishmentName,URN\n"
	        "ZZ99 1AA,11,x,4,Primary,Open,Community school,Lancashire,888,Back To Front School,990200\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.file.count, 1);
	assert_int_equal(p.file.rows[0].urn, 990200);
	assert_string_equal(p.file.rows[0].name, "Back To Front School");
	assert_int_equal(p.file.rows[0].la_code, 888);
	assert_int_equal(p.file.rows[0].low_age, 4);
	assert_string_equal(p.file.rows[0].reason, "");
	gias_file_free(&p.file);
}

static void windows_1252_becomes_utf8(void **state)
{
	(void)state;
	struct parsed p;
	/* é is 0xE9, ’ 0x92, – 0x96 and É 0xC9 in Windows-1252: each one byte, and not valid UTF-8 */
	parse_str(&p,
	          HEADER "990104,890,Blackpool,2004,\"St Anne\x92s \x96 \xC9\x63ole Sainte-H\xE9l\xE8ne\","
	                 "Voluntary aided school,Open,Primary,4,11,,ZZ99 4DD\r\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.file.encoding, "Windows-1252");
	assert_string_equal(p.file.rows[0].name,
	                    "St Anne\xE2\x80\x99s \xE2\x80\x93 \xC3\x89\x63ole Sainte-H\xC3\xA9l\xC3\xA8ne");
	gias_file_free(&p.file);

	/* a byte Windows-1252 leaves undefined: the row cannot be read */
	parse_str(&p, HEADER
	          "990105,890,Blackpool,2005,Caf\xE9 \x81 School,Community school,Open,Primary,4,11,,\r\n");
	assert_int_equal(p.rc, 0);
	assert_true(p.file.rows[0].broken);
	assert_non_null(strstr(p.file.rows[0].reason, "EstablishmentName holds the byte 0x81"));
	gias_file_free(&p.file);
}

static void utf8_files_are_read_as_utf8(void **state)
{
	(void)state;
	struct parsed p;
	parse_str(&p, "\xEF\xBB\xBF" HEADER
	              "990106,890,Blackpool,2006,\xC3\x89\x63ole \xE2\x80\x99,Community school,Open,"
	              "Primary,4,11,,\r\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.file.encoding, "UTF-8");
	assert_string_equal(p.file.rows[0].name, "\xC3\x89\x63ole \xE2\x80\x99");
	assert_null(p.file.rows[0].postcode);
	gias_file_free(&p.file);
}

static void a_line_cut_short(void **state)
{
	(void)state;
	struct parsed p;
	/* the download stopped mid-row: fewer fields than the header */
	parse_str(&p, HEADER
	          "990107,888,Lancashire,2007,Whole School,Community school,Open,Primary,4,11,,ZZ99 7AA\r\n"
	          "990108,888,Lancashire,2008,Half Sch");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.file.count, 2);
	assert_false(p.file.rows[0].broken);
	assert_true(p.file.rows[1].broken);
	assert_int_equal(p.file.rows[1].line, 3);
	assert_string_equal(p.file.rows[1].reason,
	                    "the row has 5 fields but the header has 12: the line is cut short");
	gias_file_free(&p.file);

	/* ... or inside a quoted field: the quote is never closed */
	parse_str(&p, HEADER "990109,888,Lancashire,2009,\"Cut, Short");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.file.count, 1);
	assert_true(p.file.rows[0].broken);
	assert_int_equal(p.file.rows[0].line, 2);
	assert_non_null(strstr(p.file.rows[0].reason, "a quoted field is never closed"));
	gias_file_free(&p.file);

	/* too many fields: an unquoted comma */
	parse_str(
	    &p, HEADER
	    "990110,888,Lancashire,2010,Comma, School,Community school,Open,Primary,4,11,,ZZ99 1AA\r\n");
	assert_true(p.file.rows[0].broken);
	assert_string_equal(p.file.rows[0].reason,
	                    "the row has 13 fields but the header has 12 (an unquoted comma?)");
	gias_file_free(&p.file);
}

static void a_stray_quote_spoils_its_row_only(void **state)
{
	(void)state;
	struct parsed p;
	parse_str(&p, HEADER
	          "990111,888,Lancashire,2011,The \"Quoted\" School,Community school,Open,Primary,4,11,,\r\n"
	          "990112,888,Lancashire,2012,\"Closed\"Late,Community school,Open,Primary,4,11,,\r\n"
	          "990113,888,Lancashire,2013,Good School,Community school,Open,Primary,4,11,,\r\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.file.count, 3);
	assert_true(p.file.rows[0].broken);
	assert_int_equal(p.file.rows[0].line, 2);
	assert_non_null(strstr(p.file.rows[0].reason, "the quotes do not pair up"));
	assert_true(p.file.rows[1].broken);
	assert_int_equal(p.file.rows[1].line, 3);
	assert_false(p.file.rows[2].broken);
	assert_int_equal(p.file.rows[2].line, 4);
	assert_string_equal(p.file.rows[2].name, "Good School");
	gias_file_free(&p.file);
}

static void the_file_as_a_whole(void **state)
{
	(void)state;
	struct parsed p;
	parse_str(&p, "URN,EstablishmentName,LA (code),LA (name)\r\n990114,A School,888,Lancashire\r\n");
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.why_line, 1);
	assert_string_equal(
	    p.why, "the header row lacks the columns \"TypeOfEstablishment (name)\", \"PhaseOfEducation "
	           "(name)\", \"EstablishmentStatus (name)\", \"StatutoryLowAge\", \"StatutoryHighAge\", "
	           "\"Postcode\": this is not the GIAS establishment file (edubasealldata)");
	assert_null(p.file.rows);

	parse_str(&p, "");
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.why, "no header row"));

	static const char with_nul[] = HEADER "990115,888\0,Lancashire\r\n";
	parse(&p, with_nul, sizeof with_nul - 1);
	assert_int_equal(p.rc, -1);
	assert_int_equal(p.why_line, 2);
	assert_string_equal(p.why, "not a CSV file (it holds a NUL byte)");

	/* a header alone is a file with no rows */
	parse_str(&p, HEADER);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.file.count, 0);
	gias_file_free(&p.file);
}

static void each_row_is_checked(void **state)
{
	(void)state;
	static const struct {
		const char *row;
		const char *reason; /* "" for a good row */
		bool broken;
	} cases[] = {
	    {"990120,888,Lancashire,1,Good,Community school,Open,Primary,4,11,,ZZ99 1AA", "", false},
	    {"990121,888,Lancashire,1,No Ages,Children's centre,Open,Not applicable,,,,", "", false},
	    {"99012,888,Lancashire,1,Short URN,Community school,Open,Primary,4,11,,",
	     "URN \"99012\" is not a URN (six digits)", false},
	    {"99O122,888,Lancashire,1,Letter O,Community school,Open,Primary,4,11,,",
	     "URN \"99O122\" is not a URN (six digits)", false},
	    {"012345,888,Lancashire,1,Too Low,Community school,Open,Primary,4,11,,",
	     "URN \"012345\" is not a URN (six digits)", false},
	    {",888,Lancashire,1,No URN,Community school,Open,Primary,4,11,,", "the URN is missing", false},
	    {"990123,888,Lancashire,1,  ,Community school,Open,Primary,4,11,,",
	     "EstablishmentName is missing", false},
	    {"990124,888,Lancashire,1,Aged,Community school,Open,Primary,four,11,,",
	     "StatutoryLowAge \"four\" is not an age (a whole number from 0 to 99)", false},
	    {"990125,888,Lancashire,1,Old,Community school,Open,Primary,4,100,,",
	     "StatutoryHighAge \"100\" is not an age (a whole number from 0 to 99)", false},
	    {"990126,888,Lancashire,1,Backwards,Community school,Open,Primary,11,4,,",
	     "the age range is back to front: StatutoryLowAge 11 is above StatutoryHighAge 4", false},
	    {"990127,888,Lancashire,1,No Type,,Open,Primary,4,11,,", "TypeOfEstablishment (name) is missing",
	     false},
	    {"990128,888,Lancashire,1,Bad Postcode,Community school,Open,Primary,4,11,,NOT A POSTCODE",
	     "Postcode \"NOT A POSTCODE\" is not a UK postcode", false},
	    {"990129,Lancs,Lancashire,1,Bad LA,Community school,Open,Primary,4,11,,",
	     "LA (code) \"Lancs\" is not a local authority code (three digits)", true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024];
		/* the header has Street before Postcode: one more empty field where the row leaves it out */
		snprintf(text, sizeof text, HEADER "%s\r\n", cases[i].row);
		struct parsed p;
		parse_str(&p, text);
		assert_int_equal(p.rc, 0);
		assert_int_equal(p.file.count, 1);
		if (strcmp(p.file.rows[0].reason, cases[i].reason) != 0 ||
		    p.file.rows[0].broken != cases[i].broken)
			fail_msg("row %s: reason \"%s\" (broken %d), expected \"%s\" (broken %d)",
			         cases[i].row, p.file.rows[0].reason, p.file.rows[0].broken, cases[i].reason,
			         cases[i].broken);
		gias_file_free(&p.file);
	}
	struct parsed p;
	parse_str(&p, HEADER "990121,888,Lancashire,1,No Ages,Children's centre,Open,Not applicable,,,,\r\n");
	assert_int_equal(p.file.rows[0].low_age, -1);
	assert_int_equal(p.file.rows[0].high_age, -1);
	gias_file_free(&p.file);
}

static void a_urn_on_two_rows(void **state)
{
	(void)state;
	struct parsed p;
	parse_str(&p, HEADER "990130,888,Lancashire,1,First,Community school,Open,Primary,4,11,,\r\n"
	                     "990131,888,Lancashire,1,Other,Community school,Open,Primary,4,11,,\r\n"
	                     "990130,888,Lancashire,1,Again,Community school,Open,Primary,4,11,,\r\n");
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.file.rows[0].reason, "");
	assert_string_equal(p.file.rows[1].reason, "");
	assert_string_equal(p.file.rows[2].reason, "URN 990130 is also on line 2");
	gias_file_free(&p.file);
}

static void kinds_of_agency(void **state)
{
	(void)state;
	static const struct {
		const char *type, *phase, *kind;
	} cases[] = {
	    {"Further education", "16 plus", "college"},
	    {"Sixth form centres", "16 plus", "college"},
	    {"Academy 16-19 converter", "16 plus", "college"},
	    {"Free schools 16 to 19", "16 plus", "college"},
	    {"Local authority nursery school", "Nursery", "early_years"},
	    {"Children's centre", "Not applicable", "early_years"},
	    {"Other independent school", "Nursery", "early_years"},
	    {"Community school", "Primary", "school"},
	    {"Academy converter", "Secondary", "school"},
	    {"Pupil referral unit", "Not applicable", "school"},
	    {NULL, NULL, "school"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(gias_agency_type(cases[i].type, cases[i].phase), cases[i].kind);
}

/*
 * Both readings of `text`: from memory, and from a file a block at a time;
 * they must agree row by row, and read thousands of rows as `encoding`.
 */
static void assert_stream_reads_the_same(const char *text, size_t len, const char *encoding)
{
	struct parsed mem, file;
	parse(&mem, text, len);
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	rewind(f);
	memset(&file, 0, sizeof file);
	file.rc = gias_parse_file(f, &file.file, file.why, sizeof file.why, &file.why_line);
	fclose(f);
	assert_int_equal(file.rc, mem.rc);
	assert_string_equal(file.why, mem.why);
	assert_int_equal(file.why_line, mem.why_line);
	assert_int_equal(file.file.count, mem.file.count);
	assert_int_equal(mem.rc, 0);
	assert_true(mem.file.count > 2000);
	assert_string_equal(mem.file.encoding, encoding);
	assert_string_equal(file.file.encoding, encoding);
	for (size_t i = 0; i < mem.file.count; i++) {
		struct gias_row *a = &mem.file.rows[i], *b = &file.file.rows[i];
		assert_int_equal(b->line, a->line);
		assert_int_equal(b->urn, a->urn);
		assert_string_equal(b->name ? b->name : "", a->name ? a->name : "");
		assert_string_equal(b->reason, a->reason);
	}
	gias_file_free(&mem.file);
	gias_file_free(&file.file);
}

/*
 * A GIAS file of about 300 KB: rows of several lengths, so lines, quoted
 * line breaks and multi-byte characters fall across the 64 KB blocks in
 * many places; a row longer than a block, its name 25,000 three-byte ’s;
 * a broken row. `shift` pads the first row, moving every block boundary.
 */
static size_t block_test_file(char *text, size_t cap, int shift)
{
	static const char *const names[] = {"Caf\xc3\xa9 Primary", "\"Two\r\nLine Academy\"", "Plain School",
	                                    "\"Bishop's Wood, \"\"Mill\"\"\"", "St Mary\xe2\x80\x99s"};
	size_t len = (size_t)snprintf(text, cap, "%s", HEADER);
	for (int i = 0; len < 300000; i++) {
		if (i == 1500) {
			len += (size_t)snprintf(text + len, cap - len, "991500,889,Blackburn with Darwen,1,");
			for (int k = 0; k < 25000; k++, len += 3)
				memcpy(text + len, "\xe2\x80\x99",
				       3); /* too long a name: rejected, not fatal */
			len += (size_t)snprintf(text + len, cap - len,
			                        ",Community school,Open,Primary,4,11,,ZZ99 1AA\r\n");
			continue;
		}
		len += (size_t)snprintf(
		    text + len, cap - len,
		    "%d,889,Blackburn with Darwen,%d,%s%.*s,Community school,Open,Primary,4,11,,%s\r\n",
		    990000 + i, i, names[i % 5], i ? i % 7 : shift, "abcdefg",
		    i == 2000 ? "\"cut" : "ZZ99 1AA");
	}
	return len;
}

static void a_file_read_in_blocks_reads_as_in_memory(void **state)
{
	(void)state;
	size_t cap = 500000;
	char *text = malloc(cap), *other = malloc(cap + 3);
	assert_non_null(text);
	assert_non_null(other);
	for (int shift = 0; shift < 3; shift++) {
		size_t len = block_test_file(text, cap, shift);
		assert_stream_reads_the_same(text, len, "UTF-8");

		/* With a UTF-8 byte order mark. */
		memcpy(other, "\xEF\xBB\xBF", 3);
		memcpy(other + 3, text, len);
		assert_stream_reads_the_same(other, len + 3, "UTF-8");

		/* The same as Windows-1252: é and ’ as the single bytes 0xe9 and 0x92. */
		size_t n = 0;
		for (size_t i = 0; i < len; i++) {
			if ((unsigned char)text[i] == 0xc3) {
				other[n++] = (char)0xe9;
				i++;
			} else if ((unsigned char)text[i] == 0xe2) {
				other[n++] = (char)0x92;
				i += 2;
			} else {
				other[n++] = text[i];
			}
		}
		assert_stream_reads_the_same(other, n, "Windows-1252");
	}
	free(other);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(quoting_commas_quotes_and_line_breaks),
	    cmocka_unit_test(columns_in_any_order),
	    cmocka_unit_test(windows_1252_becomes_utf8),
	    cmocka_unit_test(utf8_files_are_read_as_utf8),
	    cmocka_unit_test(a_line_cut_short),
	    cmocka_unit_test(a_stray_quote_spoils_its_row_only),
	    cmocka_unit_test(the_file_as_a_whole),
	    cmocka_unit_test(each_row_is_checked),
	    cmocka_unit_test(a_urn_on_two_rows),
	    cmocka_unit_test(kinds_of_agency),
	    cmocka_unit_test(a_file_read_in_blocks_reads_as_in_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
