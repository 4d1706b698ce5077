/*
 * kept_pdf.c (scrutiny) — a published year's annual report PDF, printed once
 * and kept. WeasyPrint takes seconds and a core for each PDF, two at once at
 * most (pdf.c), and the report of a published year (the year ended, the
 * scrutineer's statement published) does not change, while every agency
 * role may ask for it: the first request prints it and keeps the file, the
 * later ones are answered from the file. Draft years are printed each time
 * (report.c).
 *
 * The file is named by the year and a hash of the HTML it was printed from,
 * "annual-YEAR-HASH.pdf" in the area's folder beside the database
 * (DB.reports, scrutiny_report_folder): if a published year's HTML changes
 * after all (a figure counted again after a correction, a new release's
 * template), that HTML is printed afresh rather than an older PDF served.
 * A file is written under a temporary name of its own, made durable and
 * renamed, so no reader sees half of one, even after a crash. Once one is
 * kept, the year's older files go (an older HTML's PDF, a temporary a crash
 * left behind), so the folder holds one file a published year. Only older:
 * two requests printing the year from different HTML at once (one just
 * before a correction, one just after) must not each remove the other's
 * file, which would leave none. The newest file is never removed, so the
 * folder keeps at least one whole PDF of the year; the other goes when the
 * newer is kept after it, or else the next time one is (two written within
 * the same tick of the file system's clock both stay until then). The
 * folder holds the published report only: nothing personal, and nothing
 * lost with it (it is printed again when missing), so backups leave it out.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "areas/scrutiny/kept_pdf.h"
#include "areas/scrutiny/pdf.h"
#include "core/buf.h"
#include "core/durable.h"
#include "core/log.h"

/* Bytes of the HTML's hash in a kept file's name (BLAKE2b): 128 bits tell documents apart. */
#define HTML_HASH_BYTES 16

/* A temporary this old was left by a crash: one being written lives for the milliseconds of a write. */
#define STALE_TEMPORARY_SECONDS 600

/* "FOLDER/annual-YEAR-HASH.pdf" for the HTML html[0..len). Caller frees. */
static char *kept_path(const char *folder, const char *year, const char *html, size_t len)
{
	unsigned char hash[HTML_HASH_BYTES];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)html, len, NULL, 0);
	char hex[2 * HTML_HASH_BYTES + 1];
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/annual-%s-%s.pdf", folder, year, hex);
	return buf_steal(&b, NULL);
}

/* The whole of the file at `path` into *out (*len bytes, malloc'd); false if it cannot be read. */
static bool read_kept(const char *path, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	if (n != 0 || b.len == 0) {
		buf_free(&b);
		return false;
	}
	*out = buf_steal(&b, len);
	return true;
}

bool kept_pdf_keep(const char *folder, const char *path, const char *pdf, size_t len)
{
	struct buf temporary = BUF_INIT;
	buf_printf(&temporary, "%s.XXXXXX", path);
	char *name = buf_steal(&temporary, NULL);
	int fd = mkostemp(name, O_CLOEXEC);
	bool ok = fd >= 0 && durable_write(fd, pdf, len);
	ok = fd >= 0 && close(fd) == 0 && ok;
	ok = ok && rename(name, path) == 0;
	if (!ok) {
		log_error("report: cannot keep the annual report's PDF: %s", strerror(errno));
		if (fd >= 0)
			unlink(name);
	} else if (!durable_folder(folder)) {
		log_error("report: cannot make the kept annual report's PDF durable: %s", strerror(errno));
	}
	free(name);
	return ok;
}

/* Whether a was last written before b. */
static bool written_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

void kept_pdf_remove_older(const char *folder, const char *year, const char *kept)
{
	DIR *dir = opendir(folder);
	if (!dir)
		return;
	struct stat mine;
	if (fstatat(dirfd(dir), kept, &mine, AT_SYMLINK_NOFOLLOW) != 0) {
		closedir(dir); /* nothing to compare with: nothing is removed */
		return;
	}
	struct buf prefix = BUF_INIT;
	buf_printf(&prefix, "annual-%s-", year);
	time_t stale = time(NULL) - STALE_TEMPORARY_SECONDS;
	const struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		const char *name = entry->d_name;
		struct stat st;
		if (strncmp(name, buf_cstr(&prefix), prefix.len) != 0 || strcmp(name, kept) == 0 ||
		    fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		size_t name_len = strlen(name);
		bool pdf = name_len > 4 && strcmp(name + name_len - 4, ".pdf") == 0;
		/* a PDF kept since this one (another HTML's, printed at the same time) stays */
		if (pdf ? written_before(&st.st_mtim, &mine.st_mtim) : st.st_mtime < stale)
			(void)unlinkat(dirfd(dir), name, 0);
	}
	closedir(dir);
	buf_free(&prefix);
}

enum haven_status kept_pdf_from_html(const char *folder, const char *year, const char *html, size_t len,
                                     char **out, size_t *out_len)
{
	char *path = kept_path(folder, year, html, len);
	enum haven_status st = HAVEN_OK;
	if (!read_kept(path, out, out_len)) {
		st = pdf_from_html(html, len, out, out_len);
		if (st == HAVEN_OK && kept_pdf_keep(folder, path, *out, *out_len))
			kept_pdf_remove_older(folder, year, path + strlen(folder) + 1);
	}
	free(path);
	return st;
}
