/*
 * store.h (feedback) — saving feedback on the service.
 */
#ifndef HAVEN_FEEDBACK_STORE_H
#define HAVEN_FEEDBACK_STORE_H

#include "core/status.h"

/* Saves one piece of feedback (comments may be NULL); returns once it is on disk. */
enum haven_status feedback_save(const char *satisfaction, const char *comments,
                                long long *id) HAVEN_MUST_CHECK;

/* How many pieces of feedback have been saved. */
enum haven_status feedback_count(long long *count) HAVEN_MUST_CHECK;

#endif
