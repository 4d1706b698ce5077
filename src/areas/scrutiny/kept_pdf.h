/*
 * kept_pdf.h (scrutiny) — a published year's annual report PDF, printed
 * once and kept beside the database; see kept_pdf.c.
 */
#ifndef HAVEN_AREAS_SCRUTINY_KEPT_PDF_H
#define HAVEN_AREAS_SCRUTINY_KEPT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/*
 * The PDF of year `year`'s standalone HTML document html[0..len), in *out
 * (*out_len bytes, malloc'd): the one kept in `folder` for this very HTML if
 * there is one, else printed by pdf_from_html (its errors) and kept for the
 * next request. A PDF that cannot be kept is still answered (logged).
 */
enum haven_status kept_pdf_from_html(const char *folder, const char *year, const char *html, size_t len,
                                     char **out, size_t *out_len) HAVEN_MUST_CHECK;

/*
 * The two steps of keeping a printed PDF, apart so that a test can interleave two printings at once.
 *
 * kept_pdf_keep: keeps pdf[0..len) at `path` in `folder`, written to a temporary file of its own beside
 * it ("PATH.XXXXXX"), made durable and renamed, so a reader never sees half (a crash included) and two
 * requests at once each keep a whole file; false (logged) if it cannot.
 *
 * kept_pdf_remove_older: removes `year`'s files in `folder` written before `kept` (a name in it, as it
 * is now): the PDFs of HTML the year no longer has, and temporaries a crash left (older than ten minutes,
 * so not one another request is writing now). A PDF written at the same time as `kept` or after it stays,
 * so two requests that each keep one never leave the year with none. A file that will not go stays, to
 * be tried again the next time one is kept; with `kept` gone, nothing is removed.
 */
bool kept_pdf_keep(const char *folder, const char *path, const char *pdf, size_t len);
void kept_pdf_remove_older(const char *folder, const char *year, const char *kept);

#endif
