/*
 * store.h (agencyadmin) — the records an agency administrator works on, as
 * the access policy knows them (store_sqlite.c).
 */
#ifndef HAVEN_AREAS_AGENCYADMIN_STORE_H
#define HAVEN_AREAS_AGENCYADMIN_STORE_H

#include "auth/records.h"

/* The records this area holds, for the access policy and the audit trail. */
extern const struct record_type agencyadmin_records[];

#endif
