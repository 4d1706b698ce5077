/*
 * fail_with.h — a failure that says why: a function that returns a status
 * and, through a char ** its caller passes, a message of its own words (the
 * store opening or backing up a database, the audit trail's check) formats
 * and hands over that message in one call.
 */
#ifndef HAVEN_CORE_FAIL_WITH_H
#define HAVEN_CORE_FAIL_WITH_H

#include "core/status.h"

/* `st`, having put a malloc'd message made from `fmt` in *why (nothing when `why` is NULL). */
enum haven_status fail_with(char **why, enum haven_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
