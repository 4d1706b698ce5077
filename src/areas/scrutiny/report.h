/*
 * report.h (scrutiny) — what the annual report's parts share inside the
 * area: its model (report.c), the same as a standalone document (the HTML
 * the command writes and the PDF is made from) and its Easy Read model
 * (easy_read.c).
 */
#ifndef HAVEN_AREAS_SCRUTINY_REPORT_H
#define HAVEN_AREAS_SCRUTINY_REPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/status.h"
#include "router/fields.h"

/*
 * The report's model for year `name` (parsed into `period`): every area's
 * published figures and the scrutineer's statement, new in *out.
 */
enum haven_status scrutiny_report_model(const char *name, const struct period *period,
                                        json_t **out) HAVEN_MUST_CHECK;

/*
 * `model` (a report's, or its Easy Read model when `easy_read`) as a
 * standalone HTML document with its styles and print styles inside, in `out`.
 */
enum haven_status scrutiny_report_document(json_t *model, bool easy_read, struct buf *out) HAVEN_MUST_CHECK;

/* The Easy Read version of report model `report`: the same figures, in short sentences beside pictures. New.
 */
json_t *scrutiny_easy_read_model(const json_t *report);

#endif
