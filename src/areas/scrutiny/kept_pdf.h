/*
 * kept_pdf.h (scrutiny) — a published year's annual report PDF, printed
 * once and kept beside the database; see kept_pdf.c.
 */
#ifndef HAVEN_AREAS_SCRUTINY_KEPT_PDF_H
#define HAVEN_AREAS_SCRUTINY_KEPT_PDF_H

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

#endif
