/*
 * police_reference.h — a police force's own reference for a record it sends
 * in a batch (a domestic abuse incident, a missing episode): what one may
 * look like, and how a batch's messages name the record it is about, so both
 * intakes check and speak the same way.
 */
#ifndef HAVEN_APP_POLICE_REFERENCE_H
#define HAVEN_APP_POLICE_REFERENCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Room for the longest reference police_reference_ok accepts. */
#define POLICE_REFERENCE_MAX 50

/* True if `text` is 1 to 50 letters, digits and / - _ . (as forces write them: "LAN/2026/000123"). */
bool police_reference_ok(const char *text);

/*
 * How a batch's messages begin for its record `index` (from 0), a `noun`
 * ("Incident"): "Incident 3 (LAN/2026/1): " when the record's raw
 * "police_reference" is one, else "Incident 3: " (never text that is not a
 * reference, which could be anything). Written into `out` of `size` bytes.
 */
void police_batch_label(const char *noun, const json_t *raw, size_t index, char *out, size_t size);

#endif
