/*
 * test_kept_pdf.c — tests keeping a published year's annual report PDF
 * (src/areas/scrutiny/kept_pdf.h) when two requests print the year from
 * different HTML at once (one just before a correction, one just after):
 * whichever order their steps interleave in, the year is left with a whole
 * PDF that serves, the newer one, and the older goes.
 *
 * The worst order is both files kept before either request removes the
 * year's others. The first file is dated a second earlier, as the request
 * that kept it first would have it (the file system's clock may give two
 * writes in one tick the same time, and then both would stay).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "areas/scrutiny/kept_pdf.h"

#define YEAR "2019-20"
#define OLDER "annual-" YEAR "-older.pdf"
#define NEWER "annual-" YEAR "-newer.pdf"

/* A new empty folder's name, in `folder`. */
static void make_folder(char folder[32])
{
	snprintf(folder, 32, "/tmp/haven-kept-XXXXXX");
	assert_non_null(mkdtemp(folder));
}

/* Keeps `text` as `name` in `folder`, dated `age_seconds` ago. */
static void keep(const char *folder, const char *name, const char *text, int age_seconds)
{
	char path[96];
	snprintf(path, sizeof path, "%s/%s", folder, name);
	assert_true(kept_pdf_keep(folder, path, text, strlen(text)));
	if (age_seconds) {
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		struct timespec when[2] = {st.st_atim, st.st_mtim};
		when[0].tv_sec -= age_seconds;
		when[1].tv_sec -= age_seconds;
		assert_int_equal(utimensat(AT_FDCWD, path, when, 0), 0);
	}
}

/* The file `name` in `folder` holds `text` (false if it is not there). */
static bool holds(const char *folder, const char *name, const char *text)
{
	char path[96], back[64] = {0};
	snprintf(path, sizeof path, "%s/%s", folder, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t n = fread(back, 1, sizeof back - 1, f);
	fclose(f);
	return n == strlen(text) && memcmp(back, text, n) == 0;
}

/* The number of files in `folder`. */
static int files_in(const char *folder)
{
	DIR *dir = opendir(folder);
	assert_non_null(dir);
	int n = 0;
	const struct dirent *e;
	while ((e = readdir(dir)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(dir);
	return n;
}

/* Removes the folder and what is left in it. */
static void remove_folder(const char *folder)
{
	char path[96];
	snprintf(path, sizeof path, "%s/%s", folder, OLDER);
	unlink(path);
	snprintf(path, sizeof path, "%s/%s", folder, NEWER);
	unlink(path);
	assert_int_equal(rmdir(folder), 0);
}

/* Both files kept, the older a second before, then each request removes the year's older files in turn. */
static void two_printings(bool newer_removes_first)
{
	char folder[32];
	make_folder(folder);
	keep(folder, OLDER, "%PDF-older", 1);
	keep(folder, NEWER, "%PDF-newer", 0);
	/* the older's request leaves the newer (not older than its own); the newer's removes the older,
	 * and once it has, the older's request finds its own file gone and removes nothing */
	const char *first = newer_removes_first ? NEWER : OLDER,
	           *second = newer_removes_first ? OLDER : NEWER;
	kept_pdf_remove_older(folder, YEAR, first);
	kept_pdf_remove_older(folder, YEAR, second);
	assert_true(holds(folder, NEWER, "%PDF-newer"));
	assert_int_equal(files_in(folder), 1);
	remove_folder(folder);
}

static void the_older_removing_first_leaves_the_newer(void **state)
{
	(void)state;
	two_printings(false);
}

static void the_newer_removing_first_leaves_the_newer(void **state)
{
	(void)state;
	two_printings(true);
}

static void two_kept_in_one_tick_both_stay(void **state)
{
	(void)state;
	char folder[32];
	make_folder(folder);
	keep(folder, OLDER, "%PDF-older", 0);
	keep(folder, NEWER, "%PDF-newer", 0);
	/* the same time on both: neither is older than the other, so neither goes */
	char older[96], newer[96];
	snprintf(older, sizeof older, "%s/%s", folder, OLDER);
	snprintf(newer, sizeof newer, "%s/%s", folder, NEWER);
	struct stat st;
	assert_int_equal(stat(newer, &st), 0);
	struct timespec when[2] = {st.st_atim, st.st_mtim};
	assert_int_equal(utimensat(AT_FDCWD, older, when, 0), 0);
	kept_pdf_remove_older(folder, YEAR, OLDER);
	kept_pdf_remove_older(folder, YEAR, NEWER);
	assert_true(holds(folder, OLDER, "%PDF-older"));
	assert_true(holds(folder, NEWER, "%PDF-newer"));
	remove_folder(folder);
}

static void another_years_files_stay(void **state)
{
	(void)state;
	char folder[32];
	make_folder(folder);
	keep(folder, "annual-2018-19-any.pdf", "%PDF-last-year", 5);
	keep(folder, NEWER, "%PDF-newer", 0);
	kept_pdf_remove_older(folder, YEAR, NEWER);
	assert_true(holds(folder, "annual-2018-19-any.pdf", "%PDF-last-year"));
	char path[96];
	snprintf(path, sizeof path, "%s/annual-2018-19-any.pdf", folder);
	unlink(path);
	remove_folder(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_older_removing_first_leaves_the_newer),
	    cmocka_unit_test(the_newer_removing_first_leaves_the_newer),
	    cmocka_unit_test(two_kept_in_one_tick_both_stay),
	    cmocka_unit_test(another_years_files_stay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
