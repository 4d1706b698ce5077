/*
 * pdf.h (scrutiny) — the annual report's HTML as a PDF, by a child process
 * (WeasyPrint) with a time limit and no network; see pdf.c.
 */
#ifndef HAVEN_AREAS_SCRUTINY_PDF_H
#define HAVEN_AREAS_SCRUTINY_PDF_H

#include <stddef.h>

#include "core/status.h"

/*
 * The PDF of the standalone HTML document html[0..len), in *out (*out_len
 * bytes, malloc'd). HAVEN_ERR_IO (logged, without the document) when
 * the renderer is missing, fails, or runs past its time; HAVEN_ERR_BUSY
 * when as many renderers as may run at once (HAVEN_PDF_RENDERS) ran for all
 * of HAVEN_PDF_WAIT_SECONDS it waited. Thread-safe.
 */
enum haven_status pdf_from_html(const char *html, size_t len, char **out, size_t *out_len) HAVEN_MUST_CHECK;

#endif
