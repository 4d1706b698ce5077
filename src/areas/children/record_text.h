/*
 * record_text.h — a child's record as the API answers it (GET
 * /api/v1/children/{id}), written straight into its text from the record
 * read into C (children_record, store.h) rather than built as jansson values
 * only to be written out: the audited read's largest cost in allocations.
 * Byte for byte the JSON of show_child's model in area.c; a key added to one
 * is added to the other (tests/http/children-record-text.test.mjs holds the
 * API's keys).
 */
#ifndef HAVEN_AREAS_CHILDREN_RECORD_TEXT_H
#define HAVEN_AREAS_CHILDREN_RECORD_TEXT_H

#include <jansson.h>
#include <stdbool.h>

#include "areas/children/store.h"
#include "core/buf.h"

/*
 * {title, child, corrections, corrected} for `r`, its `corrections` (may be
 * NULL: none) and whether the reader may merge it, appended to `out`; false
 * where the model's JSON would differ (a text that is not valid UTF-8, which
 * jansson keeps as null or leaves out): show_child then builds the model.
 */
bool children_record_text(struct buf *out, const struct child_record *r, const json_t *corrections,
                          bool can_merge);

/* The NHS number `nhs` (may be NULL) as people write it, 3-3-4, into `text`; false if it is not ten bytes. */
bool children_nhs_display(const char *nhs, char text[static 16]);

#endif
