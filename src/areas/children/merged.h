/*
 * merged.h (children) — the one check every area makes before a change
 * about a child: a duplicate record merged into another stands for no one,
 * so nothing new is written to it (notes, documents, corrections, links,
 * assessments, ...). The refusal names the record kept, where the change
 * belongs. An undo of the merge makes the record writable again.
 */
#ifndef HAVEN_AREAS_CHILDREN_MERGED_H
#define HAVEN_AREAS_CHILDREN_MERGED_H

#include <jansson.h>

#include "core/status.h"
#include "router/request.h"

/*
 * If child `id`'s record was merged away, adds to `res` an error on `field`:
 * "This record was merged into record N: " followed by `instead` (what to do
 * with that one, e.g. "add the note to that one"), so the handler answers 422
 * (the page again for a browser) and changes nothing. HAVEN_OK whether or not
 * it refused (the caller tests res->errors), and for a child not on the
 * register (the caller's own lookup says so); a database failure otherwise.
 */
enum haven_status children_refuse_merged(long long id, const char *field, const char *instead,
                                         struct response *res) HAVEN_MUST_CHECK;

/* children_refuse_merged for a handler gathering its errors in an array: the error added to `errors`. */
enum haven_status children_merged_errors(long long id, const char *field, const char *instead,
                                         json_t *errors) HAVEN_MUST_CHECK;

#endif
