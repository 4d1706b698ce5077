/*
 * store.h (governance) — the few queries the information governance area
 * needs beyond auth/store.h and auth/audit.h: the head of the audit chain
 * (for `haven audit verify`, so an operator can record it elsewhere), the
 * records taken from a likely duplicate and the alerts about users stopped
 * after refused records (for the review beside break-glass access).
 */
#ifndef HAVEN_GOVERNANCE_STORE_H
#define HAVEN_GOVERNANCE_STORE_H

#include <jansson.h>
#include <stddef.h>

#include "core/status.h"

/*
 * The newest audit row of the database at `path`, opened read-only with
 * plain SQLite (no store_open needed; safe while Haven runs): its id in *id
 * and its hash, as lower-case hex, in `hex` (at least 2 * 64 + 1 bytes).
 * *id is 0 and hex "" when the trail is empty. HAVEN_ERR_NOT_FOUND if the
 * file cannot be opened, HAVEN_ERR_DB if it cannot be read.
 */
enum haven_status governance_audit_head(const char *path, long long *id, char *hex,
                                        size_t hex_size) HAVEN_MUST_CHECK;

/*
 * Every child's record an agency took instead of adding a likely duplicate
 * (the audit trail's "child.link" rows, written with the taker's reason by
 * the children register and by requests for support), newest first, up to
 * 500: [{at, user_name, agency_name, child_id, reason}]. New array in *out.
 */
enum haven_status governance_records_taken(json_t **out) HAVEN_MUST_CHECK;

/*
 * Every alert about a user stopped after too many refused records (the
 * audit trail's "access_refused_alert" rows, auth/refusals.h), newest first,
 * up to 500: [{at, user_name, agency_name, reason, client_address}]. New
 * array in *out.
 */
enum haven_status governance_refusal_alerts(json_t **out) HAVEN_MUST_CHECK;

#endif
